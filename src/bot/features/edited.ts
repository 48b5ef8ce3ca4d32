/** An edited question: the bot edits its earlier reply with the new answer. */
import { Composer } from 'grammy';
import { askPayload, editAnswer, groupQuestion, privateQuestion } from '../answering.ts';
import type { BotContext } from '../context.ts';

export const edited = new Composer<BotContext>();

edited.on('edited_message:text', async (ctx) => {
  const message = ctx.editedMessage;
  const text = message.text;
  const ask = askPayload(text, ctx.me);
  let question: string | undefined;
  if (ask !== undefined) question = ask;
  else if (message.chat.type === 'private') question = privateQuestion(message, ctx.me);
  else question = groupQuestion(message, ctx.me);
  if (question === undefined) return;
  await editAnswer(ctx, message, question);
});
