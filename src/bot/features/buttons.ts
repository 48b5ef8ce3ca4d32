/**
 * Inline buttons: more related passages (paged by the ids in the button),
 * the full section of a passage, section and document lists, and the /start
 * examples. Everything needed is in callback_data or in the message the
 * button is on, so any instance can handle a press.
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { Candidate } from '../../engine/types.ts';
import { ANSWER_LIMIT, editInPlace, htmlOptions, questionOf, renderReply, replyTo, sendReply } from '../answering.ts';
import { decodeAction, encodeAction, encodeMore, isPositional, type Action } from '../callback-data.ts';
import { generationTag } from '../generation.ts';
import type { BotContext } from '../context.ts';
import { documentsView, documentView, passageSectionViews, sectionViews, type View } from '../browse.ts';
import { questionFromPassage } from '../examples.ts';
import { converterFor, renderMore } from '../render.ts';
import { sendViews } from '../send.ts';
import { texts } from '../texts.ts';
import type { Script } from '../../engine/types.ts';
import { sectionDeepLink } from './start.ts';

/** Alternatives shown per press of "more". */
export const MORE_PAGE_SIZE = 3;

export const buttons = new Composer<BotContext>();

buttons.on('callback_query:data', async (ctx) => {
  const decoded = decodeAction(ctx.callbackQuery.data);
  if (decoded === undefined) {
    await ctx.answerCallbackQuery({ text: texts.stale });
    return;
  }
  const { action, script, tag } = decoded;
  const convert = converterFor(script);
  // Made under other documents: its passage and section ids may now point elsewhere.
  if (isPositional(action) && tag !== generationTag(ctx.engine)) {
    await ctx.answerCallbackQuery({ text: convert(texts.stale) });
    return;
  }
  const message = ctx.callbackQuery.message;
  if (message === undefined) {
    // Pressed under an inline-mode message: there is no chat to write to, so open a private chat.
    const passageId = action.kind === 'passage-section' || action.kind === 'example' ? action.passageId : undefined;
    await ctx.answerCallbackQuery(
      passageId === undefined
        ? { text: convert(texts.stale) }
        : { url: `https://t.me/${ctx.me.username}?start=${sectionDeepLink(passageId, script === 'traditional', tag)}` },
    );
    return;
  }
  const ok = await handle(ctx, action, script, message.chat.id, message.message_id);
  await ctx.answerCallbackQuery(ok ? {} : { text: convert(texts.stale) });
});

async function handle(ctx: BotContext, action: Action, script: Script, chatId: number, messageId: number): Promise<boolean> {
  switch (action.kind) {
    case 'noop':
      return true;
    case 'more':
      return more(ctx, action.passageIds, script, chatId, messageId);
    case 'passage-section': {
      const views = passageSectionViews(ctx.engine, action.passageId, script);
      if (views === undefined) return false;
      await sendViews(ctx, chatId, views, messageId);
      return true;
    }
    case 'section': {
      const views = sectionViews(ctx.engine, action.doc, action.section, script);
      if (views === undefined) return false;
      await sendViews(ctx, chatId, views, messageId);
      return true;
    }
    case 'documents':
    case 'document': {
      const view =
        action.kind === 'documents'
          ? documentsView(ctx.engine, action.page, script)
          : documentView(ctx.engine, action.doc, action.page, script);
      if (view === undefined) return false;
      if (action.inPlace) await replaceWith(ctx, chatId, messageId, view);
      else await sendViews(ctx, chatId, [view], messageId);
      return true;
    }
    case 'example': {
      const passage = ctx.engine.passage(action.passageId);
      const question = passage === undefined ? undefined : questionFromPassage(passage.passage);
      if (question === undefined) return false;
      await sendReply(ctx, chatId, await renderReply(ctx, question, { showQuestion: true }));
      return true;
    }
  }
}

/** Pages a list in place; an unchanged page is not an error. */
async function replaceWith(ctx: BotContext, chatId: number, messageId: number, view: View): Promise<void> {
  // The list may be too old to edit: send the page as a new message instead.
  if ((await editInPlace(ctx, chatId, messageId, view)) === 'gone') await sendViews(ctx, chatId, [view]);
}

/**
 * Shows the next alternatives. Their ids come from the button; when the
 * question is available (the card replies to it), it is asked again so the
 * alternatives show their figures too.
 */
async function more(ctx: BotContext, ids: number[], script: Script, chatId: number, messageId: number): Promise<boolean> {
  const question = questionOf(ctx.callbackQuery?.message, ctx.me);
  const ranked = new Map<number, Candidate>();
  if (question !== undefined && question !== '') {
    const answer = await ctx.engine.ask(question, { limit: Math.max(ANSWER_LIMIT, ids.length + 1) * 3 });
    for (const c of answer.alternatives) ranked.set(c.passageId, c);
  }
  const candidates = ids
    .map((id) => ranked.get(id) ?? ctx.engine.passage(id))
    .filter((c): c is Candidate => c !== undefined);
  if (candidates.length === 0) return false;
  const shown = candidates.slice(0, MORE_PAGE_SIZE);
  const rest = candidates.slice(MORE_PAGE_SIZE).map((c) => c.passageId);
  const convert = converterFor(script);
  const keyboard = new InlineKeyboard();
  const tag = generationTag(ctx.engine);
  shown.forEach((c, i) => keyboard.text(convert(texts.viewNumbered(i + 1)), encodeAction({ kind: 'passage-section', passageId: c.passageId }, script, tag)));
  const next = encodeMore(rest, script, tag);
  if (next !== undefined) keyboard.row().text(convert(texts.moreButton), next);
  // Reply to the question itself when known, so the next page can recover it too.
  const questionId = ctx.callbackQuery?.message?.reply_to_message?.message_id ?? messageId;
  await ctx.api.sendMessage(chatId, renderMore(shown, convert), { ...htmlOptions, ...replyTo(questionId), reply_markup: keyboard });
  return true;
}
