/**
 * Inline mode: `@bot 问题` in any chat lists up to 10 answers as articles
 * (title: figure + short passage; message: the full answer card). Short
 * queries get a hint article. Buttons under inline messages are deep links,
 * because callback presses there carry no chat to answer in.
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import { detectScript } from '../../engine/script.ts';
import type { Answer, Candidate } from '../../engine/types.ts';
import { checkQuestion } from '../answering.ts';
import type { BotContext } from '../context.ts';
import { converterFor, escapeHtml, isUnsure, renderAnswer, renderCandidate, truncate } from '../render.ts';
import { itemCandidate, renderComparison } from '../render-comparison.ts';
import { comparisonTitle } from '../../engine/compare-labels.ts';
import { texts } from '../texts.ts';
import { generationTag } from '../generation.ts';
import { SECTIONS_DEEP_LINK, sectionDeepLink } from './start.ts';

/** Most inline results returned for one query. */
export const INLINE_LIMIT = 10;
/** Seconds Telegram may cache answers (the same query gives the same answer until the data changes). */
export const INLINE_CACHE_SECONDS = 300;
/** Seconds Telegram may cache the hint for empty or short queries. */
export const HINT_CACHE_SECONDS = 3600;
/** 「查看出处」 buttons in one row under an inline comparison. */
const INLINE_SOURCE_BUTTONS_PER_ROW = 3;
/** Queries shorter than this (in characters) get the hint. */
export const MIN_INLINE_QUERY = 2;

export const inline = new Composer<BotContext>();

function article(
  id: string,
  title: string,
  description: string,
  html: string,
  keyboard?: InlineKeyboard,
): InlineQueryResultArticle {
  return {
    type: 'article',
    id,
    title: truncate(title, 64),
    description: truncate(description, 120),
    input_message_content: { message_text: html, parse_mode: 'HTML', link_preview_options: { is_disabled: true } },
    ...(keyboard ? { reply_markup: keyboard } : {}),
  };
}

function candidateArticle(ctx: BotContext, answer: Answer, candidate: Candidate): InlineQueryResultArticle {
  const convert = converterFor(answer.script);
  const traditional = answer.script === 'traditional';
  const figure = candidate.figure === null ? texts.inlineRelated : candidate.figure.text;
  // The best answer the engine is not sure of says so in its title and its message.
  const unsure = candidate === answer.best && isUnsure(answer);
  const title = unsure ? `${texts.unsureTitle}：${figure}` : figure;
  const keyboard = new InlineKeyboard().url(
    convert(texts.openSectionPrivately),
    `https://t.me/${ctx.me.username}?start=${sectionDeepLink(candidate.passageId, traditional, generationTag(ctx.engine))}`,
  );
  const section = candidate.section === '' ? texts.lead : candidate.section;
  return article(
    `p${candidate.passageId.toString(36)}`,
    convert(`${title} · ${truncate(candidate.passage, 30)}`),
    convert(`《${candidate.document}》 · ${section}`),
    unsure ? renderAnswer(answer, { row: candidate.row ?? null }) : renderCandidate(candidate, convert, undefined, candidate.row ?? null),
    keyboard,
  );
}

/**
 * A comparison as one article: the whole card when it fits one message, else
 * without the sentences, else its first items with a note of how many more;
 * 「查看出处」 buttons open each item's section in a private chat.
 */
function comparisonArticle(ctx: BotContext, answer: Answer): InlineQueryResultArticle {
  const convert = converterFor(answer.script);
  let parts = renderComparison(answer);
  if (parts.length > 1) parts = renderComparison(answer, { compact: true });
  const part = parts[0]!;
  const hidden = parts.slice(1).reduce((n, p) => n + p.items.length, 0);
  const html = hidden === 0 ? part.html : `${part.html.replace(/\n\n（1\/\d+）$/u, '')}\n\n${escapeHtml(convert(texts.moreItemsPrivately(hidden)))}`;
  const keyboard = new InlineKeyboard();
  const tag = generationTag(ctx.engine);
  let buttons = 0;
  part.items.forEach((i) => {
    const shown = itemCandidate(answer.items[i]!);
    if (!shown) return;
    if (buttons > 0 && buttons % INLINE_SOURCE_BUTTONS_PER_ROW === 0) keyboard.row();
    buttons++;
    keyboard.url(convert(texts.viewSource(i + 1)), `https://t.me/${ctx.me.username}?start=${sectionDeepLink(shown.passageId, answer.script === 'traditional', tag)}`);
  });
  const figures = answer.items
    .filter((i) => i.answer?.figure)
    .map((i) => `${i.entity ?? i.period ?? ''} ${i.answer!.figure!.text}`.trim())
    .join('，');
  return article(`c${answer.items.length}`, convert(comparisonTitle(answer)), convert(figures), html, keyboard);
}

inline.on('inline_query', async (ctx) => {
  const query = ctx.inlineQuery.query.trim();
  const script = query === '' ? 'simplified' : detectScript(query);
  const convert = converterFor(script);
  const check = await checkQuestion(query, ctx.engine);
  if (!check.ok || Array.from(query).length < MIN_INLINE_QUERY) {
    const hint = article(
      'hint',
      convert(texts.inlineHintTitle),
      convert(texts.inlineHintDescription),
      escapeHtml(convert(texts.inlineHintMessage(ctx.me.username))),
    );
    await ctx.answerInlineQuery([hint], { cache_time: HINT_CACHE_SECONDS, is_personal: false });
    return;
  }
  const answer = await ctx.engine.ask(check.question, { limit: INLINE_LIMIT });
  if (answer.kind !== 'single' && answer.found) {
    await ctx.answerInlineQuery([comparisonArticle(ctx, answer)], { cache_time: INLINE_CACHE_SECONDS, is_personal: false });
    return;
  }
  if (!answer.found || answer.best === null) {
    // Not an article: an article can be posted into the chat, and "not found" is no message for others.
    // The button above the (empty) results says so and opens the table of contents in a private chat.
    await ctx.answerInlineQuery([], {
      cache_time: INLINE_CACHE_SECONDS,
      is_personal: false,
      button: { text: convert(texts.inlineNotFound), start_parameter: SECTIONS_DEEP_LINK },
    });
    return;
  }
  const seen = new Set<number>();
  const results = [answer.best, ...answer.alternatives]
    .filter((c) => !seen.has(c.passageId) && seen.add(c.passageId))
    .slice(0, INLINE_LIMIT)
    .map((c) => candidateArticle(ctx, answer, c));
  await ctx.answerInlineQuery(results, { cache_time: INLINE_CACHE_SECONDS, is_personal: false });
});
