/** When someone adds the bot to a group, it says once how to ask there (privacy mode rules). */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { htmlOptions } from '../answering.ts';
import { escapeHtml } from '../render.ts';
import { texts } from '../texts.ts';

export const membership = new Composer<BotContext>();

membership.on('my_chat_member', async (ctx) => {
  const update = ctx.myChatMember;
  const wasOut = ['left', 'kicked'].includes(update.old_chat_member.status);
  const isIn = ['member', 'administrator'].includes(update.new_chat_member.status);
  if (!wasOut || !isIn || (update.chat.type !== 'group' && update.chat.type !== 'supergroup')) return;
  await ctx.api.sendMessage(update.chat.id, escapeHtml(texts.groupWelcome(ctx.me.username)), htmlOptions);
});
