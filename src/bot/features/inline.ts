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
import { converterFor, escapeHtml, renderCandidate, truncate } from '../render.ts';
import { texts } from '../texts.ts';
import { generationTag } from '../generation.ts';
import { SECTIONS_DEEP_LINK, sectionDeepLink } from './start.ts';

/** Most inline results returned for one query. */
export const INLINE_LIMIT = 10;
/** Seconds Telegram may cache answers (the same query gives the same answer until the data changes). */
export const INLINE_CACHE_SECONDS = 300;
/** Seconds Telegram may cache the hint for empty or short queries. */
export const HINT_CACHE_SECONDS = 3600;
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
  const title = candidate.figure === null ? texts.inlineRelated : candidate.figure.text;
  const keyboard = new InlineKeyboard().url(
    convert(texts.openSectionPrivately),
    `https://t.me/${ctx.me.username}?start=${sectionDeepLink(candidate.passageId, traditional, generationTag(ctx.engine))}`,
  );
  const section = candidate.section === '' ? texts.lead : candidate.section;
  return article(
    `p${candidate.passageId.toString(36)}`,
    convert(`${title} · ${truncate(candidate.passage, 30)}`),
    convert(`《${candidate.document}》 · ${section}`),
    renderCandidate(candidate, convert, undefined, candidate.row ?? null),
    keyboard,
  );
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
