/** Sending rendered views in order, the first one as a reply. */
import type { BotContext } from './context.ts';
import { htmlOptions, replyTo } from './answering.ts';
import type { View } from './browse.ts';

/** Sends views one after another (order matters for a split section). */
export async function sendViews(ctx: BotContext, chatId: number, views: readonly View[], replyToId?: number): Promise<void> {
  for (const [i, view] of views.entries()) {
    await ctx.api.sendMessage(chatId, view.html, {
      ...htmlOptions,
      ...(i === 0 ? replyTo(replyToId) : {}),
      ...(view.keyboard ? { reply_markup: view.keyboard } : {}),
    });
  }
}
