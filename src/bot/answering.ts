/**
 * The one path from a question to a reply, shared by private chats, groups,
 * channels, edits and buttons: check the question, ask the engine, render the
 * card with its buttons, and send it (or edit the earlier reply).
 */
import { GrammyError, InlineKeyboard } from 'grammy';
import type { Message, MessageEntity } from 'grammy/types';
import { detectScript } from '../engine/script.ts';
import type { Answer, Candidate, Script, TableRow } from '../engine/types.ts';
import { encodeAction, encodeMore } from './callback-data.ts';
import type { AnswerEngine, BotContext } from './context.ts';
import { exampleQuestions } from './examples.ts';
import { generationTag } from './generation.ts';
import { converterFor, escapeHtml, renderAnswer } from './render.ts';
import { type ComparisonPart, itemCandidate, renderComparison } from './render-comparison.ts';
import { texts } from './texts.ts';

/** Longest question we try to answer, in characters. */
export const MAX_QUESTION_LENGTH = 500;

/** How many alternatives to ask the engine for (first page of "more" and inline). */
export const ANSWER_LIMIT = 10;

/** The outcome of checking a question before asking the engine. */
export type QuestionCheck = { ok: true; question: string } | { ok: false; html: string; script: Script };

/** Options for sending HTML replies: no link previews, HTML parse mode. */
export const htmlOptions = {
  parse_mode: 'HTML' as const,
  link_preview_options: { is_disabled: true },
};

/** Reply parameters that survive a deleted question. */
export function replyTo(messageId: number | undefined) {
  return messageId === undefined ? {} : { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } };
}

/** Whether an error is Telegram's "message is not modified" (an edit with identical content). */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.description.includes('message is not modified');
}

async function exampleLine(engine: AnswerEngine, convert: (s: string) => string): Promise<string> {
  const example = (await exampleQuestions(engine))[0]?.question ?? texts.exampleFallback;
  return escapeHtml(convert(example));
}

/** Rejects empty, over-long and word-less questions with a clear message. */
export async function checkQuestion(raw: string, engine: AnswerEngine, emptyText: string = texts.emptyQuestion): Promise<QuestionCheck> {
  // Zero-width characters and variation selectors are invisible; they do not make a question.
  const question = raw.replace(/[\u200b-\u200d\u2060\ufeff]/g, '').trim();
  const script = question === '' ? 'simplified' : detectScript(question);
  const convert = converterFor(script);
  if (question === '') {
    return { ok: false, script, html: `${escapeHtml(convert(emptyText))}\n${await exampleLine(engine, convert)}` };
  }
  if (Array.from(question).length > MAX_QUESTION_LENGTH) {
    return { ok: false, script, html: escapeHtml(convert(texts.tooLong(MAX_QUESTION_LENGTH))) };
  }
  if (!/[\p{L}\p{N}]/u.test(question)) {
    return { ok: false, script, html: escapeHtml(convert(texts.noWords)) };
  }
  return { ok: true, question };
}

/** The buttons under an answer card; `tag` is the generation tag of the engine that answered. */
export function answerKeyboard(answer: Answer, tag: string): InlineKeyboard | undefined {
  const convert = converterFor(answer.script);
  const keyboard = new InlineKeyboard();
  if (!answer.found || answer.best === null) {
    return keyboard.text(convert(texts.sectionsButton), encodeAction({ kind: 'documents', page: 0, inPlace: false }, answer.script, tag));
  }
  const more = encodeMore(
    answer.alternatives.map((c) => c.passageId),
    answer.script,
    tag,
  );
  if (more !== undefined) keyboard.text(convert(texts.moreButton), more);
  keyboard.text(convert(texts.sectionButton), encodeAction({ kind: 'passage-section', passageId: answer.best.passageId }, answer.script, tag));
  return keyboard;
}

/** A rendered reply: HTML text plus optional buttons. */
export interface Rendered {
  html: string;
  keyboard?: InlineKeyboard | undefined;
}

/** How many 「查看出处」 buttons stand in one row. */
const SOURCE_BUTTONS_PER_ROW = 3;

/**
 * The buttons under one part of a comparison: 「查看出处 N」 for each item it
 * shows (the item's sentence in its section, by passage id and generation tag,
 * as 「查看本节」 does), and under the last part the source of a stated
 * difference that no item shows.
 */
export function comparisonKeyboard(answer: Answer, part: ComparisonPart, tag: string, last: boolean): InlineKeyboard | undefined {
  const convert = converterFor(answer.script);
  const keyboard = new InlineKeyboard();
  let inRow = 0;
  const add = (label: string, passageId: number): void => {
    if (inRow === SOURCE_BUTTONS_PER_ROW) {
      keyboard.row();
      inRow = 0;
    }
    keyboard.text(convert(label), encodeAction({ kind: 'passage-section', passageId }, answer.script, tag));
    inRow++;
  };
  for (const i of part.items) {
    const shown = itemCandidate(answer.items[i]!);
    if (shown) add(texts.viewSource(i + 1), shown.passageId);
  }
  if (last) {
    const shownIds = new Set(answer.items.map((i) => itemCandidate(i)?.passageId));
    for (const change of answer.changes ?? []) if (change.source && !shownIds.has(change.source.passageId)) add(texts.changeSourceButton, change.source.passageId);
  }
  return inRow === 0 ? undefined : keyboard;
}

/** A comparison or series as messages with their buttons (one message with the contents button when nothing answers). */
export function comparisonReply(answer: Answer, tag: string, options: { showQuestion?: boolean } = {}): Rendered[] {
  const parts = renderComparison(answer, { showQuestion: options.showQuestion ?? false });
  if (!answer.found) return [{ html: parts[0]!.html, keyboard: answerKeyboard(answer, tag) }];
  return parts.map((part, i) => ({ html: part.html, keyboard: comparisonKeyboard(answer, part, tag, i === parts.length - 1) }));
}

/** Checks and answers a question; returns the messages to send: one, or several for a long comparison. */
export async function renderReply(ctx: BotContext, raw: string, options: { emptyText?: string; showQuestion?: boolean } = {}): Promise<Rendered[]> {
  const check = await checkQuestion(raw, ctx.engine, options.emptyText);
  if (!check.ok) return [{ html: check.html }];
  const answer = await ctx.engine.ask(check.question, { limit: ANSWER_LIMIT });
  const tag = generationTag(ctx.engine);
  if (answer.kind !== 'single') return comparisonReply(answer, tag, options);
  const row = answer.best?.row ?? null;
  return [{ html: renderAnswer(answer, { showQuestion: options.showQuestion ?? false, row }), keyboard: answerKeyboard(answer, tag) }];
}

/** Sends rendered messages in order, each a reply to `replyToId`; returns the first one sent. */
async function sendRendered(ctx: BotContext, chatId: number, replies: readonly Rendered[], replyToId?: number): Promise<Message.TextMessage> {
  let first: Message.TextMessage | undefined;
  for (const reply of replies) {
    const sent = await ctx.api.sendMessage(chatId, reply.html, {
      ...htmlOptions,
      ...replyTo(replyToId),
      ...(reply.keyboard ? { reply_markup: reply.keyboard } : {}),
    });
    first ??= sent;
  }
  return first!;
}

/**
 * Answers `raw` as a reply to the message `question` (in its chat) and
 * remembers the (first) reply so an edit of the question can edit it.
 */
export async function replyWithAnswer(
  ctx: BotContext,
  question: Pick<Message, 'message_id' | 'chat'>,
  raw: string,
  options: { emptyText?: string } = {},
): Promise<void> {
  const chatId = question.chat.id;
  // No "typing…" action: an answer takes milliseconds, and the extra call would double the
  // Bot API requests per question (they count against Telegram's rate limits).
  const sent = await sendRendered(ctx, chatId, await renderReply(ctx, raw, options), question.message_id);
  await ctx.services.replies.set(chatId, question.message_id, sent.message_id);
}

/** Sends the messages of a reply that is not an answer to a message (a button's example question). */
export async function sendReply(ctx: BotContext, chatId: number, replies: readonly Rendered[]): Promise<void> {
  await sendRendered(ctx, chatId, replies);
}

/**
 * Answers an edited question by editing the earlier reply (or replying anew);
 * the further messages of a long comparison follow as new replies.
 */
export async function editAnswer(ctx: BotContext, question: Pick<Message, 'message_id' | 'chat'>, raw: string): Promise<void> {
  const chatId = question.chat.id;
  const replyId = await ctx.services.replies.get(chatId, question.message_id);
  if (replyId === undefined) return replyWithAnswer(ctx, question, raw);
  const [first, ...rest] = await renderReply(ctx, raw);
  // The reply may have been deleted: answer anew rather than stay silent.
  if ((await editInPlace(ctx, chatId, replyId, first!)) === 'gone') return replyWithAnswer(ctx, question, raw);
  if (rest.length > 0) await sendRendered(ctx, chatId, rest, question.message_id);
}

/**
 * Replaces the text and buttons of a bot message. An edit that changes
 * nothing is fine; 'gone' means the message cannot be edited any more.
 */
export async function editInPlace(
  ctx: BotContext,
  chatId: number,
  messageId: number,
  content: { html: string; keyboard?: InlineKeyboard | undefined },
): Promise<'edited' | 'unchanged' | 'gone'> {
  try {
    await ctx.api.editMessageText(chatId, messageId, content.html, {
      ...htmlOptions,
      reply_markup: content.keyboard ?? new InlineKeyboard(),
    });
    return 'edited';
  } catch (error) {
    if (isNotModified(error)) return 'unchanged';
    if (error instanceof GrammyError && error.error_code === 400) return 'gone';
    throw error;
  }
}

function entityText(text: string, entity: MessageEntity): string {
  return text.slice(entity.offset, entity.offset + entity.length);
}

/**
 * The question in a group or supergroup message, or undefined when the
 * message is not addressed to this bot: it mentions the bot, or replies to
 * one of the bot's messages. Commands are handled by the command features.
 */
export function groupQuestion(message: Message, me: { id: number; username: string }): string | undefined {
  const text = message.text;
  if (text === undefined) return undefined;
  const entities = message.entities ?? [];
  if (entities.some((e) => e.type === 'bot_command' && e.offset === 0)) return undefined;
  const question = withoutMentions(message, me);
  if (question !== undefined) return question;
  if (message.reply_to_message?.from?.id === me.id) return text;
  return undefined;
}

/**
 * The text of a message with every mention of this bot taken out (and the
 * separator after a leading one), or undefined when it does not mention the
 * bot. A bare `@bot` leaves an empty question, which asks for one.
 */
export function withoutMentions(message: Pick<Message, 'text' | 'entities'>, me: { id: number; username: string }): string | undefined {
  const text = message.text;
  if (text === undefined) return undefined;
  const username = `@${me.username}`.toLowerCase();
  const mentions = (message.entities ?? []).filter(
    (e) =>
      (e.type === 'mention' && entityText(text, e).toLowerCase() === username) ||
      (e.type === 'text_mention' && e.user.id === me.id),
  );
  if (mentions.length === 0) return undefined;
  let question = '';
  let at = 0;
  for (const m of [...mentions].sort((a, b) => a.offset - b.offset)) {
    question += text.slice(at, m.offset);
    at = m.offset + m.length;
  }
  const rest = question + text.slice(at);
  // `@bot ？` or `@bot，` asks nothing yet: an empty question, which is answered with a request for one.
  return /^[\p{P}\s]*$/u.test(rest) ? '' : rest.replace(/^[\s,，:：]+/, '');
}

/** The question of a private message: its text without mentions of the bot; undefined for commands. */
export function privateQuestion(message: Pick<Message, 'text' | 'entities'>, me: { id: number; username: string }): string | undefined {
  const text = message.text;
  if (text === undefined || text.startsWith('/')) return undefined;
  return withoutMentions(message, me) ?? text;
}

/** Strips a leading `/ask`, `/ask@bot` or `#问` from a text; undefined when absent. */
export function askPayload(text: string, me: { username: string }): string | undefined {
  const m = /^(?:\/ask(?:@([A-Za-z0-9_]+))?|#问)(?=\s|$)/u.exec(text.trimStart());
  if (m === null) return undefined;
  if (m[1] !== undefined && m[1].toLowerCase() !== me.username.toLowerCase()) return undefined;
  return text.trimStart().slice(m[0].length);
}

/**
 * Recovers the question a bot message answered, from the message it replied
 * to (Telegram includes it in callback queries). Used to re-rank "more"
 * results with figures; undefined when the question is not available.
 */
export function questionOf(message: Message | undefined, me: { id: number; username: string }): string | undefined {
  const original = message?.reply_to_message;
  const text = original?.text;
  if (original === undefined || text === undefined || original.from?.is_bot === true) return undefined;
  const payload = askPayload(text, me);
  if (payload !== undefined) return payload.trim();
  if (original.chat.type === 'channel') return undefined;
  if (original.chat.type === 'private') return privateQuestion(original, me);
  return groupQuestion(original, me)?.trim() ?? text;
}
