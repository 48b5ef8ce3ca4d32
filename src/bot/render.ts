/**
 * Rendering of answers and sections as Telegram HTML: every piece of user or
 * document text is escaped, the figure is bold, long texts are split under
 * Telegram's 4096-character limit at sentence boundaries, and replies to a
 * traditional-Chinese question are converted to traditional.
 */
import { LOW_CONFIDENCE } from '../engine/ranking.ts';
import { converterFor, type Convert } from '../engine/script.ts';
import { sentenceBounds } from '../engine/sentences.ts';
import type { Answer, Candidate, CleanDocument, Script, Section, SourceRef, TableRow } from '../engine/types.ts';
import { ELLIPSIS, fitPlain, windowAround } from './fit.ts';
import { texts } from './texts.ts';

/** Telegram's maximum message length. */
export const MAX_MESSAGE_LENGTH = 4096;

// The bot's features take the converter from here; the command line uses the same function.
export { converterFor, type Convert };

const identity: Convert = (text) => text;

/** Escapes text for Telegram's HTML parse mode. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'));
}

/** Shortens text to at most `max` characters (code points), adding an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

/**
 * Longest document or section title shown, in characters: a title is a
 * name, and one that lost its line breaks must not crowd out the answer.
 */
export const MAX_TITLE_LENGTH = 100;

/** A document or section title, shortened to {@link MAX_TITLE_LENGTH}. */
export function shortTitle(title: string): string {
  return truncate(title, MAX_TITLE_LENGTH);
}

/** The source line: document · section (page). */
export function sourceLine(ref: SourceRef, convert: Convert = identity): string {
  const section = ref.section === '' ? texts.lead : shortTitle(ref.section);
  const page = ref.page === null ? '' : `（${texts.page(ref.page)}）`;
  return `📄 ${escapeHtml(convert(`${texts.source}：《${shortTitle(ref.document)}》 · ${section}${page}`))}`;
}

/** Conversions may change a text's length a little; fitting is retried this many times with less room. */
const FIT_ATTEMPTS = 4;

/**
 * The passage with the first occurrence of the figure in bold, as HTML of at
 * most `limit` characters: a passage too long for that is shortened around
 * the figure (or, without one, from its start), with "…" for what was cut.
 */
export function highlight(passage: string, figure: string | null, convert: Convert = identity, limit = Infinity): string {
  const at = figure === null || figure === '' ? -1 : passage.indexOf(figure);
  const focusEnd = at === -1 || figure === null ? 0 : at + figure.length;
  const render = (start: number, end: number): string => {
    const lead = start > 0 ? ELLIPSIS : '';
    const tail = end < passage.length ? ELLIPSIS : '';
    if (at === -1 || figure === null) return `${lead}${escapeHtml(convert(passage.slice(start, end)))}${tail}`;
    // Pieces are converted separately so the bold range survives the conversion.
    const before = escapeHtml(convert(passage.slice(start, at)));
    const after = escapeHtml(convert(passage.slice(focusEnd, end)));
    return `${lead}${before}<b>${escapeHtml(convert(figure))}</b>${after}${tail}`;
  };
  const full = render(0, passage.length);
  if (full.length <= limit) return full;
  let room = limit - (at === -1 ? 0 : '<b></b>'.length);
  for (let attempt = 0; attempt < FIT_ATTEMPTS && room > 0; attempt++) {
    const window = windowAround(passage, Math.max(0, at), focusEnd, room);
    const html = render(window.start, window.end);
    if (html.length <= limit) return html;
    room -= html.length - limit;
  }
  return escapeHtml(fitPlain(convert(figure ?? passage), limit));
}

/**
 * A table row under its header, as HTML: the caption (with the table's
 * unit), the row label, then one "header：value" line per column, the cell
 * of the figure in bold. Null when it does not fit in `limit` characters.
 */
export function renderRow(row: TableRow, figure: string | null, convert: Convert = identity, limit = MAX_MESSAGE_LENGTH): string | null {
  const lines: string[] = [];
  const unit = row.unit !== null && !(row.caption ?? '').includes(row.unit) ? `（${texts.unit}：${row.unit}）` : '';
  if (row.caption !== null || unit !== '') lines.push(`<i>${escapeHtml(convert(`${row.caption ?? ''}${unit}`))}</i>`);
  const [label = '', ...cells] = row.cells;
  const labelHeader = row.header[0] ?? '';
  lines.push(`<b>${escapeHtml(convert(labelHeader === '' ? label : `${labelHeader}：${label}`))}</b>`);
  // The cell the figure was read from: the figure starts with it ("85.2万人" from "85.2").
  const figureCell = figure === null ? -1 : cells.findIndex((cell) => cell !== '' && /\d/.test(cell) && figure.startsWith(cell));
  cells.forEach((cell, i) => {
    const value = escapeHtml(convert(cell === '' ? '—' : cell));
    const header = escapeHtml(convert(row.header[i + 1] ?? ''));
    const shown = i === figureCell ? `<b>${value}</b>` : value;
    lines.push(header === '' ? shown : `${header}：${shown}`);
  });
  const html = lines.join('\n');
  return html.length <= limit ? html : null;
}

/**
 * One candidate: figure (bold) or a "no figure" note, the passage (or, for
 * a table row, the row under its header), the source; at most `limit` characters.
 */
export function renderCandidate(candidate: Candidate, convert: Convert = identity, limit = MAX_MESSAGE_LENGTH, row: TableRow | null = null): string {
  const head =
    candidate.figure === null ? `📖 ${escapeHtml(convert(texts.noFigure))}` : `<b>${escapeHtml(convert(candidate.figure.text))}</b>`;
  const source = sourceLine(candidate, convert);
  const frame = `${head}\n<blockquote></blockquote>\n${source}`.length;
  const figure = candidate.figure?.text ?? null;
  const passage = (row === null ? null : renderRow(row, figure, convert, limit - frame)) ?? highlight(candidate.passage, figure, convert, limit - frame);
  return `${head}\n<blockquote>${passage}</blockquote>\n${source}`;
}

/** Whether an answer's confidence is too low to state it as the answer (see LOW_CONFIDENCE). */
export function isUnsure(answer: Answer): boolean {
  return answer.found && answer.confidence < LOW_CONFIDENCE;
}

/** Options of {@link renderAnswer}. */
export interface RenderAnswerOptions {
  /** Show the question above the answer (for answers not sent as a reply to it). */
  showQuestion?: boolean;
  /** The table row the best candidate is read from (shown under its header), or null for text. */
  row?: TableRow | null;
}

/** Longest question shown above an answer, escaped. */
const MAX_SHOWN_QUESTION = 200;

/** The answer card for a whole answer, in the answer's script; at most 4096 characters. */
export function renderAnswer(answer: Answer, options: RenderAnswerOptions = {}): string {
  const convert = converterFor(answer.script);
  const question = options.showQuestion
    ? `❓ <i>${escapeHtml(fitPlain(answer.question.trim(), MAX_SHOWN_QUESTION))}</i>\n\n`
    : '';
  if (!answer.found || answer.best === null) {
    return `${question}🤷 ${escapeHtml(convert(texts.notFound))}\n\n${escapeHtml(convert(texts.notFoundHint))}`;
  }
  // An answer the engine is not sure of is offered as possibly related, not stated.
  const lead = isUnsure(answer) ? `🤔 ${escapeHtml(convert(texts.unsure))}\n` : '';
  return question + lead + renderCandidate(answer.best, convert, MAX_MESSAGE_LENGTH - question.length - lead.length, options.row ?? null);
}

/** A list of further candidates, numbered from `start`; each gets an equal share of the 4096 characters. */
export function renderMore(candidates: readonly Candidate[], convert: Convert, start = 1): string {
  const title = escapeHtml(convert(texts.moreTitle));
  const share = Math.floor((MAX_MESSAGE_LENGTH - title.length - 2) / Math.max(1, candidates.length)) - 2;
  const items = candidates.map((c, i) => {
    const figure = c.figure === null ? '' : ` <b>${escapeHtml(convert(c.figure.text))}</b>`;
    const head = `<b>${start + i}.</b>${figure}`;
    const source = sourceLine(c, convert);
    const passage = highlight(c.passage, c.figure?.text ?? null, convert, share - head.length - source.length - 2);
    return `${head}\n${passage}\n${source}`;
  });
  return `${title}\n\n${items.join('\n\n')}`;
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
  const header = `<b>${escapeHtml(convert(`《${shortTitle(document.title)}》`))}</b>\n<b>${escapeHtml(convert(shortTitle(title)))}</b>`;
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
