/**
 * Stickers, photos, voice and other non-text messages: a short hint in
 * private chats, silence in groups (they are not addressed to the bot).
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { exampleQuestions } from '../examples.ts';
import { htmlOptions, replyTo } from '../answering.ts';
import { escapeHtml } from '../render.ts';
import { texts } from '../texts.ts';

export const media = new Composer<BotContext>();

media.chatType('private').on('message', async (ctx, next) => {
  if (ctx.msg.text !== undefined) return next();
  const example = (await exampleQuestions(ctx.engine))[0]?.question ?? texts.exampleFallback;
  await ctx.reply(`${escapeHtml(texts.unsupportedMedia)}\n${escapeHtml(example)}`, {
    ...htmlOptions,
    ...replyTo(ctx.msg.message_id),
  });
});
