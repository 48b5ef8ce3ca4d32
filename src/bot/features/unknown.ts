/** Unknown commands in a private chat get a pointer to /help; in groups they are ignored. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { htmlOptions, replyTo } from '../answering.ts';
import { escapeHtml } from '../render.ts';
import { texts } from '../texts.ts';

export const unknown = new Composer<BotContext>();

unknown.chatType('private').on('message:text', async (ctx) => {
  if (!ctx.msg.text.startsWith('/')) return;
  await ctx.reply(escapeHtml(texts.unknownCommand), { ...htmlOptions, ...replyTo(ctx.msg.message_id) });
});
