/**
 * Questions: any text in a private chat; `/ask 问题` anywhere; in groups a
 * mention of the bot or a reply to one of its messages. Other group chatter
 * and commands for other bots are ignored (grammY's command filter already
 * skips `/ask@otherbot`).
 */
import { Composer } from 'grammy';
import { askPayload, groupQuestion, privateQuestion, replyWithAnswer } from '../answering.ts';
import type { BotContext } from '../context.ts';
import { texts } from '../texts.ts';

export const ask = new Composer<BotContext>();

ask.command('ask', (ctx) => replyWithAnswer(ctx, ctx.msg, ctx.match, { emptyText: texts.usageAsk }));

const privateChat = ask.chatType('private');
privateChat.on('message:text', async (ctx, next) => {
  const question = privateQuestion(ctx.msg, ctx.me);
  if (question === undefined) return next();
  await replyWithAnswer(ctx, ctx.msg, question);
});

ask.chatType(['group', 'supergroup']).on('message:text', async (ctx, next) => {
  const question = groupQuestion(ctx.msg, ctx.me);
  if (question === undefined) {
    // "#问 …" works in groups as in channels.
    const payload = askPayload(ctx.msg.text, ctx.me);
    if (payload === undefined || ctx.msg.text.startsWith('/')) return next();
    return replyWithAnswer(ctx, ctx.msg, payload, { emptyText: texts.usageAsk });
  }
  await replyWithAnswer(ctx, ctx.msg, question);
});
