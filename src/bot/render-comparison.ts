/**
 * A comparison or series as Telegram HTML for a phone screen: a title, then
 * one short block per item (its label and figure in bold, a few words of the
 * sentence around the figure, one source line), the differences with their
 * basis and the gaps. Split between items into messages of at most 4096
 * characters after escaping (marked （1/2）); each part knows which items it
 * shows, so it carries their 「查看出处」 buttons.
 */
import { changeBasis, changeText, comparisonTitle, gapSummary, gapText, itemLabel, labelParts, omittedText, sharedLabel } from '../engine/compare-labels.ts';
import type { Answer, Candidate, ComparisonItem } from '../engine/types.ts';
import { fitPlain } from './fit.ts';
import { type Convert, MAX_MESSAGE_LENGTH, converterFor, escapeHtml, highlight, sourceLine } from './render.ts';
import { texts } from './texts.ts';

/** Longest part of an item's sentence shown, in characters after escaping (the whole sentence is a button away). */
export const ITEM_PASSAGE = 80;
/** Room kept in each part for its （1/3） mark. */
const PART_MARK_ROOM = 12;
/** Longest question shown above a comparison. */
const MAX_SHOWN_QUESTION = 200;

/** One message of a comparison, and the items it shows (indexes into `answer.items`). */
export interface ComparisonPart {
  html: string;
  items: number[];
}

/** Options of {@link renderComparison}. */
export interface RenderComparisonOptions {
  /** Show the question above the title (for answers not sent as a reply to it). */
  showQuestion?: boolean;
  /** Leave out the sentences: the figures and sources alone (an inline article, which must be one message). */
  compact?: boolean;
  /** Longest message. Default 4096. */
  limit?: number;
}

/** The candidate an item shows: its figure, or the figure it leaves out of the comparison. */
export function itemCandidate(item: ComparisonItem): Candidate | null {
  return item.answer ?? item.gap?.figure ?? null;
}

function itemBlock(answer: Answer, index: number, convert: Convert, compact: boolean): string {
  const item = answer.items[index]!;
  const label = escapeHtml(convert(itemLabel(item, labelParts(answer))));
  const head = `${index + 1}. ${label}：`;
  const shown = itemCandidate(item);
  if (!item.answer) {
    const gap = escapeHtml(convert(gapText(item.gap!)));
    return shown && !compact ? `${head}${gap}\n${sourceLine(shown, convert)}` : `${head}${gap}`;
  }
  const figure = item.answer.figure?.text ?? null;
  const lines = [`${head}<b>${escapeHtml(convert(figure ?? texts.noFigure))}</b>`];
  if (!compact) lines.push(highlight(item.answer.passage, figure, convert, ITEM_PASSAGE));
  lines.push(sourceLine(item.answer, convert));
  return lines.join('\n');
}

/** The differences, each with its figure in bold and its basis (文档原文, 据两份文档计算). */
function changeBlock(answer: Answer, convert: Convert): string {
  return (answer.changes ?? [])
    .map((change) => {
      const sentence = escapeHtml(convert(changeText(change, answer)));
      const figure = escapeHtml(convert(change.figure));
      const at = sentence.lastIndexOf(figure);
      const bold = at < 0 ? sentence : `${sentence.slice(0, at)}<b>${figure}</b>${sentence.slice(at + figure.length)}`;
      return `${escapeHtml(convert(texts.difference))}${bold}（${escapeHtml(convert(changeBasis(change)))}）`;
    })
    .join('\n');
}

/** A comparison nothing answers: what was asked and that no document gives it. */
function notFound(answer: Answer, convert: Convert): string {
  const parts = labelParts(answer);
  const asked = [...new Set(answer.items.map((i) => itemLabel(i, parts)).filter(Boolean))].join('、');
  const shared = sharedLabel(answer, parts);
  const what = asked ? texts.comparisonNotFound(shared ? `${shared} ${asked}` : asked) : texts.notFound;
  return `🤷 ${escapeHtml(convert(what))}\n\n${escapeHtml(convert(texts.notFoundHint))}`;
}

/**
 * The messages of a comparison or series, in the answer's script, each at
 * most `limit` characters; items are never cut between two messages.
 */
export function renderComparison(answer: Answer, options: RenderComparisonOptions = {}): ComparisonPart[] {
  const convert = converterFor(answer.script);
  const limit = options.limit ?? MAX_MESSAGE_LENGTH;
  const question = options.showQuestion ? `❓ <i>${escapeHtml(fitPlain(answer.question.trim(), MAX_SHOWN_QUESTION))}</i>\n\n` : '';
  if (!answer.found) return [{ html: question + notFound(answer, convert), items: [] }];
  const header = `${question}📊 <b>${escapeHtml(convert(comparisonTitle(answer)))}</b>`;
  const footer = [
    changeBlock(answer, convert),
    gapSummary(answer) ? `⚠️ ${escapeHtml(convert(gapSummary(answer)))}` : '',
    answer.omitted ? `ℹ️ ${escapeHtml(convert(omittedText(answer.omitted)))}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const blocks: { html: string; item: number | null }[] = answer.items.map((_, i) => ({ html: itemBlock(answer, i, convert, options.compact ?? false), item: i }));
  if (footer) blocks.push({ html: footer, item: null });
  const room = limit - PART_MARK_ROOM;
  const parts: ComparisonPart[] = [{ html: header, items: [] }];
  for (const block of blocks) {
    const current = parts[parts.length - 1]!;
    const html = fitPlainHtml(block.html, room);
    if (current.html.length + 2 + html.length > room && current.html !== '') parts.push({ html: html, items: [] });
    else current.html += `\n\n${html}`;
    if (block.item !== null) parts[parts.length - 1]!.items.push(block.item);
  }
  if (parts.length === 1) return parts;
  return parts.map((p, i) => ({ ...p, html: `${p.html}\n\n（${i + 1}/${parts.length}）` }));
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&amp;': '&' };

/** A block longer than a whole message (it cannot be: titles and sentences are shortened) is cut as plain text. */
function fitPlainHtml(html: string, room: number): string {
  if (html.length <= room) return html;
  const plain = html.replace(/<[^>]+>/g, '').replace(/&(?:lt|gt|quot|amp);/g, (e) => ENTITIES[e]!);
  return escapeHtml(fitPlain(plain, room));
}
