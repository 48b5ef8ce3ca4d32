/** Channels where the bot is an admin: posts starting with /ask or #问 get an answer as a reply. */
import { Composer } from 'grammy';
import { askPayload, editAnswer, replyWithAnswer } from '../answering.ts';
import type { BotContext } from '../context.ts';
import { texts } from '../texts.ts';

export const channel = new Composer<BotContext>();

channel.on('channel_post:text', async (ctx) => {
  const question = askPayload(ctx.channelPost.text, ctx.me);
  if (question === undefined) return;
  await replyWithAnswer(ctx, ctx.channelPost, question, { emptyText: texts.usageAsk });
});

channel.on('edited_channel_post:text', async (ctx) => {
  const question = askPayload(ctx.editedChannelPost.text, ctx.me);
  if (question === undefined) return;
  await editAnswer(ctx, ctx.editedChannelPost, question);
});
