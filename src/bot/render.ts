/**
 * Rendering of answers and sections as Telegram HTML: every piece of user or
 * document text is escaped, the figure is bold, long texts are split under
 * Telegram's 4096-character limit at sentence boundaries, and replies to a
 * traditional-Chinese question are converted to traditional.
 */
import { toTraditional } from '../engine/script.ts';
import { sentenceBounds } from '../engine/sentences.ts';
import type { Answer, Candidate, CleanDocument, Script, Section, SourceRef } from '../engine/types.ts';
import { texts } from './texts.ts';

/** Telegram's maximum message length. */
export const MAX_MESSAGE_LENGTH = 4096;

/** Converts plain UI or document text into the reply's script. */
export type Convert = (text: string) => string;

const identity: Convert = (text) => text;

/** The converter for replies in `script`. */
export function converterFor(script: Script): Convert {
  return script === 'traditional' ? toTraditional : identity;
}

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'));
}

/** Shortens text to at most `max` characters (code points), adding an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/** The source line: document · section (page). */
export function sourceLine(ref: SourceRef, convert: Convert = identity): string {
  const section = ref.section === '' ? texts.lead : ref.section;
  const page = ref.page === null ? '' : `（${texts.page(ref.page)}）`;
  return `📄 ${escapeHtml(convert(`${texts.source}：《${ref.document}》 · ${section}${page}`))}`;
}

/** The passage with the first occurrence of the figure in bold. */
export function highlight(passage: string, figure: string | null, convert: Convert = identity): string {
  const at = figure === null || figure === '' ? -1 : passage.indexOf(figure);
  if (at === -1 || figure === null) return escapeHtml(convert(passage));
  const before = passage.slice(0, at);
  const after = passage.slice(at + figure.length);
  // Pieces are converted separately so the bold range survives the conversion.
  return `${escapeHtml(convert(before))}<b>${escapeHtml(convert(figure))}</b>${escapeHtml(convert(after))}`;
}

/** One candidate: figure (bold) or a "no figure" note, the passage, the source. */
export function renderCandidate(candidate: Candidate, convert: Convert = identity): string {
  const head =
    candidate.figure === null ? `📖 ${escapeHtml(convert(texts.noFigure))}` : `<b>${escapeHtml(convert(candidate.figure.text))}</b>`;
  return `${head}\n<blockquote>${highlight(candidate.passage, candidate.figure?.text ?? null, convert)}</blockquote>\n${sourceLine(candidate, convert)}`;
}

/** Options of {@link renderAnswer}. */
export interface RenderAnswerOptions {
  /** Show the question above the answer (for answers not sent as a reply to it). */
  showQuestion?: boolean;
}

/** The answer card for a whole answer, in the answer's script. */
export function renderAnswer(answer: Answer, options: RenderAnswerOptions = {}): string {
  const convert = converterFor(answer.script);
  const question = options.showQuestion
    ? `❓ <i>${escapeHtml(truncate(answer.question.trim(), 200))}</i>\n\n`
    : '';
  if (!answer.found || answer.best === null) {
    return `${question}🤷 ${escapeHtml(convert(texts.notFound))}\n\n${escapeHtml(convert(texts.notFoundHint))}`;
  }
  return question + renderCandidate(answer.best, convert);
}

/** A list of further candidates, numbered from `start`. */
export function renderMore(candidates: readonly Candidate[], convert: Convert, start = 1): string {
  const items = candidates.map((c, i) => {
    const figure = c.figure === null ? '' : ` <b>${escapeHtml(convert(c.figure.text))}</b>`;
    return `<b>${start + i}.</b>${figure}\n${highlight(c.passage, c.figure?.text ?? null, convert)}\n${sourceLine(c, convert)}`;
  });
  return `${escapeHtml(convert(texts.moreTitle))}\n\n${items.join('\n\n')}`;
}

/**
 * A paragraph in pieces, one per sentence as the index has them (see
 * sentences.ts), with the spaces between sentences kept in the pieces, so the
 * pieces put together give the paragraph back.
 */
function sentencePieces(paragraph: string): string[] {
  const bounds = sentenceBounds(paragraph);
  const pieces: string[] = [];
  for (let i = 0; i < bounds.length; i += 2) {
    const start = i === 0 ? 0 : bounds[i]!;
    const end = i + 2 < bounds.length ? bounds[i + 2]! : paragraph.length;
    pieces.push(paragraph.slice(start, end));
  }
  return pieces;
}

/** Text in bold, the spaces around it left plain. */
function boldText(text: string): string {
  const [, before = '', core = '', after = ''] = /^(\s*)([^]*?)(\s*)$/.exec(text) ?? [];
  return core === '' ? escapeHtml(text) : `${escapeHtml(before)}<b>${escapeHtml(core)}</b>${escapeHtml(after)}`;
}

/** Cuts a too-long plain text into pieces whose escaped form fits in `limit`. */
function hardSplit(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of text) {
    const cost = escapeHtml(ch).length;
    if (size + cost > limit && current !== '') {
      pieces.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += cost;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/** Options of {@link renderSection}. */
export interface RenderSectionOptions {
  /** Script of the reply. Default simplified. */
  script?: Script;
  /** A sentence to show in bold (the passage the user came from). */
  highlight?: string;
  /** Maximum length of each message. Default 4096. */
  limit?: number;
}

/**
 * A whole section as one or more HTML messages, each within the limit, split
 * only between the sentences the index has (a sentence longer than a message
 * is cut by length).
 */
export function renderSection(document: CleanDocument, section: Section, options: RenderSectionOptions = {}): string[] {
  const convert = converterFor(options.script ?? 'simplified');
  const limit = options.limit ?? MAX_MESSAGE_LENGTH;
  const reserve = 16; // room for the "(2/3)" marker
  const title = section.title === '' ? texts.lead : section.title;
  const header = `<b>${escapeHtml(convert(`《${document.title}》`))}</b>\n<b>${escapeHtml(convert(title))}</b>`;
  const budget = limit - reserve;
  const target = options.highlight?.trim();

  const chunks: string[] = [];
  let current = header;
  for (const paragraph of section.paragraphs) {
    let first = true;
    for (const sentence of sentencePieces(paragraph)) {
      const bold = target !== undefined && target !== '' && sentence.trim() === target;
      for (const piece of hardSplit(convert(sentence), budget - 8)) {
        const html = bold ? boldText(piece) : escapeHtml(piece);
        const sep = current === '' ? '' : first ? '\n\n' : '';
        if (current.length + sep.length + html.length > budget) {
          chunks.push(current);
          current = html;
        } else {
          current += sep + html;
        }
        first = false;
      }
    }
  }
  if (current !== '') chunks.push(current);
  if (chunks.length === 1) return chunks;
  return chunks.map((chunk, i) => `${chunk}\n\n（${i + 1}/${chunks.length}）`);
}

/** Plain text of an HTML message (for logs and the terminal chat fallback). */
export function stripHtml(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
