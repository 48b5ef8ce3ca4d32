/**
 * Reads the line structure of a text file or extracted PDF pages into units.
 *
 * - Glyph doubling is undone block by block (blocks are separated by blank lines).
 * - A line is joined to the next only when it is a wrap: it runs to the
 *   width at which the document's paragraphs are wrapped, or the next line
 *   plainly continues it (a comma or an opening mark at the end, a number
 *   cut in two, a closing mark pushed to the next line). Short lines,
 *   numbered lines (一、 （一） 1. ① -) and list items stay on their own.
 * - A paragraph cut by a column or page break (a blank line after a wrapped
 *   line that ends no sentence) is continued by the next block.
 * - Rows of cells (tabs, runs of spaces, |) become table rows, with the
 *   caption (表1 …) and unit note (单位：万元) above them.
 * - A short heading-like line that states no quantity is a heading, never
 *   glued to the body; headings wrapped onto two or three lines are joined.
 */
import { extractFigures } from '../figures.ts';
import { fold } from '../script.ts';
import { endsSentence, hasClauseBreak, hasSentenceEnd } from '../sentences.ts';
import { displayWidth, dropStraySpaces, normaliseChars, undoubleBlock } from './glyphs.ts';
import {
  bulletOf,
  bylineAuthor,
  dateLine,
  headingLike,
  headingShape,
  isCaption,
  isIssuer,
  isLabelLine,
  isUnitNote,
  NUMBERED_HEADING,
  PAGE_NUMBER,
  signatureOf,
  startsItem,
  startsListItem,
  statesQuantity,
  unitNote,
} from './line-kinds.ts';
import { isRuleRow, isValueCell, readTable, rowSentence, splitCells } from './tables.ts';
import type { CleanStats, Unit } from './units.ts';

/** One line of the source, doubling undone. */
interface Line {
  /** The cleaned text (stray spaces dropped). */
  text: string;
  /** The text as undoubled, before stray spaces are dropped (see `spaced`). */
  raw: string;
  /** The cells, when the line reads as a table row. */
  cells: string[] | null;
  /** A rule row (|---|---|) under a table header. */
  rule: boolean;
  page: number;
  /** A blank line came before it. */
  blankBefore: boolean;
  indented: boolean;
  doubled: boolean;
  /** Index of its block (lines between blank lines). */
  block: number;
  /** Characters and display columns. */
  chars: number;
  cols: number;
  /** The widest line of its block, in characters and columns (each measure on its own). */
  widest: WrapWidth;
  /** The width its block is wrapped at, when the block shows one. */
  wrap?: WrapWidth;
  /** Whether it is the first line of its block. */
  first: boolean;
  /** What its form says, read once: a date or byline line, a caption or unit note, a numbered or list item, a label line (时间：…). */
  standalone: boolean;
  caption: boolean;
  item: boolean;
  label: boolean;
}

/** A width at which paragraphs are wrapped, in characters and in display columns. */
interface WrapWidth {
  chars: number;
  cols: number;
}

/** Widest a hard wrap is believed to be, in characters: longer lines were written unwrapped. */
const MAX_WRAP_CHARS = 60;
/** How far a wrapped line may fall short of (or run past) the wrap width: hanging marks, indents. */
const WRAP_SLACK = 0.15;
const WRAP_SLACK_CHARS = 3;
/** How far a line that wraps may fall short of the width (pushed opening marks, digits, an indent). */
const WRAP_SHORT = 0.15;
const WRAP_SHORT_CHARS = 3;
/** How far the first line of a block may fall short of the width: by its indent. */
const FIRST_LINE_SHORT = 0.3;
/** Share of a block's inner lines that must run to one width for the block to show a wrap width. */
const WRAPPED_SHARE = 0.6;
/** Longest heading wrapped onto several lines, in characters. */
const MAX_HEADING_CHARS = 40;
/** Longest line that may be a numbered heading when the wrap width is not known, in characters. */
const NUMBERED_HEADING_CHARS = 16;

/** Splits raw text (or pages) into lines that remember page, block, blank lines and indentation. */
function toLines(pages: readonly string[], stats: CleanStats): Line[] {
  const raw: Pick<Line, 'page' | 'blankBefore' | 'indented' | 'block' | 'first'>[] = [];
  // (`raw` holds where each line stands; its text is in `texts`.)
  const texts: string[] = [];
  let block = -1;
  pages.forEach((pageText, pageIndex) => {
    const rows = normaliseChars(pageText).split('\n');
    // Drop page numbers at the top or bottom of a page.
    const nonEmpty = rows.map((l, i) => (l.trim() ? i : -1)).filter((i) => i >= 0);
    const edges = new Set(pages.length > 1 ? [nonEmpty[0], nonEmpty[nonEmpty.length - 1]] : []);
    let blank = raw.length > 0;
    rows.forEach((row, i) => {
      const trimmedEnd = row.replace(/\s+$/, '');
      if (!trimmedEnd.trim()) {
        blank = true;
        return;
      }
      if (edges.has(i) && PAGE_NUMBER.test(trimmedEnd)) return;
      const indent = /^[ \t\u3000]*/.exec(trimmedEnd)![0];
      const first = blank || block < 0;
      if (first) block++;
      const indented = indent.includes('\u3000') || indent.length >= 2;
      raw.push({ page: pageIndex + 1, blankBefore: blank, indented, block, first: first || indented });
      texts.push(trimmedEnd.slice(indent.length));
      blank = false;
    });
  });
  // Undo doubling block by block, then read cells before stray spaces are dropped.
  const lines: Line[] = [];
  for (let start = 0; start < raw.length; ) {
    let end = start;
    while (end < raw.length && raw[end]!.block === raw[start]!.block) end++;
    const undoubled = undoubleBlock(texts.slice(start, end));
    for (let i = start; i < end; i++) {
      const rawText = undoubled.texts[i - start]!;
      const doubled = undoubled.doubled[i - start]!;
      if (doubled) stats.doubledLines++;
      const rule = isRuleRow(rawText);
      // A caption ("表2　2023年…") may have a wide space after its number: it is no row.
      const cells = rule || isCaption(rawText) ? null : splitCells(rawText);
      const text = isCaption(rawText) ? captionText(rawText) : dropStraySpaces(rawText).trim();
      if (text.length < rawText.trim().length && !cells) stats.strayRemoved++;
      lines.push({
        ...raw[i]!,
        text,
        raw: rawText,
        cells,
        rule,
        doubled,
        chars: text.length,
        cols: displayWidth(text),
        widest: { chars: 0, cols: 0 },
        // A byline's names may be told apart only by their spaces (县长　周明远).
        standalone: dateLine(text) !== null || bylineAuthor(text) !== null || bylineAuthor(spacedText(rawText)) !== null || signatureOf(text) !== null,
        caption: isCaption(text) || isUnitNote(text),
        item: startsItem(text),
        label: isLabelLine(text),
      });
    }
    const widest = { chars: 0, cols: 0 };
    for (let i = start; i < end; i++) {
      const line = lines[i]!;
      if (line.cells) continue;
      widest.chars = Math.max(widest.chars, line.chars);
      widest.cols = Math.max(widest.cols, line.cols);
    }
    for (let i = start; i < end; i++) lines[i]!.widest = widest;
    start = end;
  }
  // A line of cells with no other row beside it is text with wide spaces (本报记者　周雨桐　通讯员　孙立新).
  lines.forEach((line, i) => {
    if (!line.cells) return;
    const width = line.cells.length;
    const row = (other: Line | undefined): boolean => other?.cells != null && Math.abs(other.cells.length - width) <= 1;
    if (!row(lines[i - 1]) && !row(lines[i + 1]) && !(lines[i + 1]?.rule ?? false)) line.cells = null;
  });
  return lines;
}

/**
 * A line's text with the spaces between words ("数字赋能 产业焕新", "陈晓 周宁";
 * in a doubled line, a space that survives undoubling was drawn twice),
 * kept as one; spaces next to digits and marks are extraction's noise and
 * go. For headings and bylines, where the spaces part names.
 */
function spaced(line: Line): string {
  return line.cells ? line.text : spacedText(line.raw);
}

function spacedText(raw: string): string {
  return raw
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/ (?=[^\p{Script=Han}A-Za-z])|(?<=[^\p{Script=Han}A-Za-z]) /gu, '');
}

/** A caption keeps one space between its number and its title ("表2 2023年…", not "表22023年…"). */
function captionText(raw: string): string {
  const m = /^((?:附|续)?[表图圖]\s*[\d一二三四五六七八九十.．-]+)\s*(.*)$/u.exec(raw.trim());
  if (!m) return dropStraySpaces(raw).trim();
  const label = m[1]!.replace(/\s+/g, '');
  const rest = dropStraySpaces(m[2]!).trim();
  return rest ? `${label} ${rest}` : label;
}

/**
 * The widths at which the document's paragraphs are wrapped (each block
 * that shows one keeps its own in `wrap`): the width most inner lines of a
 * block run to (their median: marks hanging past the margin make a few
 * lines longer), in blocks whose lines read as prose (they hold clause
 * marks; a list of items of one length does not).
 */
function wrapWidths(lines: Line[]): WrapWidth[] {
  const widths: WrapWidth[] = [];
  for (let start = 0; start < lines.length; ) {
    let end = start;
    while (end < lines.length && lines[end]!.block === lines[start]!.block) end++;
    const inner = lines.slice(start, end - 1).filter((l) => !l.cells && !l.rule);
    const block = lines.slice(start, end);
    start = end;
    if (inner.length < 2) continue;
    const chars = median(inner.map((l) => l.chars));
    const cols = median(inner.map((l) => l.cols));
    if (chars > MAX_WRAP_CHARS) continue;
    const at = inner.filter((l) => near(l.chars, chars) || near(l.cols, cols));
    const prose = inner.filter((l) => hasClauseBreak(l.text) || endsSentence(l.text));
    // Lines that mostly end their sentences are items of one length (目标：增长6%；), not wraps of prose.
    const ended = inner.filter((l) => endsSentence(l.text));
    if (at.length >= 2 && at.length >= WRAPPED_SHARE * inner.length && prose.length * 2 > inner.length && ended.length * 2 <= inner.length) {
      const width = { chars, cols };
      for (const line of block) line.wrap = width;
      if (!widths.some((w) => near(w.chars, chars) && near(w.cols, cols))) widths.push(width);
    }
  }
  return widths;
}

/** The lower median (of two lines, the shorter: a mark hanging past the margin lengthens a line). */
function median(values: number[]): number {
  const sorted = values.sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

function near(value: number, width: number): boolean {
  return Math.abs(value - width) <= Math.max(WRAP_SLACK_CHARS, WRAP_SLACK * width);
}

/**
 * Whether a line runs to a wrap width: true, false, or null when the
 * document shows none, or none that the line's block runs to (a lead set
 * narrower than the body, in a block too short to show its own width).
 */
function runsFull(line: Line, widths: readonly WrapWidth[]): boolean | null {
  if (line.wrap) return reaches(line, line.wrap);
  // The block's widest line must run to the width itself (marks may hang past it).
  const runsTo = (value: number, width: number): boolean => value >= width - 1 && value <= width + Math.max(WRAP_SLACK_CHARS, WRAP_SLACK * width);
  if (!widths.some((w) => runsTo(line.widest.chars, w.chars) || runsTo(line.widest.cols, w.cols))) return null;
  return widths.some((w) => reaches(line, w));
}

/**
 * Whether a line reaches a wrap width: no more than a little past it (marks
 * hang in the margin), and short of it by no more than a line loses to an
 * opening mark pushed to the next line, wide digits or an indent.
 */
function reaches(line: Line, w: WrapWidth): boolean {
  // The first line of a paragraph may be indented by blank space that extraction drops.
  const short = line.first ? FIRST_LINE_SHORT : WRAP_SHORT;
  const within = (value: number, width: number): boolean =>
    value <= width + Math.max(WRAP_SLACK_CHARS, WRAP_SLACK * width) && value >= width - Math.max(WRAP_SHORT_CHARS, short * width);
  return within(line.chars, w.chars) || within(line.cols, w.cols);
}

/** How many characters on each side of a line break a figure cut by it is looked for in. */
const FIGURE_REACH = 12;

/** Marks that never start a line in typesetting: a line that starts with one continues the line before. */
const CLOSING_START = /^[。，、；：！？”’）》」』%‰…,.;:!?)]/;
/** Marks that never end a line in typesetting, and clause marks: the line goes on. */
const OPEN_END = /[，、“‘（《「『(,]$/;

/** Whether line `b` plainly continues line `a`: a mark that cannot end or start a line, or a number or word cut in two. */
function continues(a: string, b: string): boolean {
  if (OPEN_END.test(a) || CLOSING_START.test(b)) return true;
  // "2400" / "余家", "2400余" / "家", "1.8" / "万人", "33." / "3亿元", "9" / "个月": a figure across the break.
  if (/\d[^，。；、]{0,3}$/.test(a)) {
    const tail = a.slice(-FIGURE_REACH);
    const joint = fold(tail + b.slice(0, FIGURE_REACH));
    if (extractFigures(joint).some((f) => f.start < tail.length && f.end > tail.length)) return true;
  }
  // "GD" / "P".
  return /[A-Za-z]$/.test(a) && /^[A-Za-z]/.test(b);
}

/** What the document shows of its wrapping. */
interface Wrapping {
  /** The wrap widths its paragraphs show. */
  widths: WrapWidth[];
  /** Whether it has lines longer than any wrap: it was written one paragraph per line. */
  unwrapped: boolean;
  /** Blocks whose inner lines are of ragged lengths (lines of their own, not a wrapped paragraph). */
  ragged: Set<number>;
}

/** Share of a block's widest line below which an inner line is short (the block is ragged). */
const SHORT_SHARE = 0.7;

function wrapping(lines: Line[]): Wrapping {
  const ragged = new Set<number>();
  for (let start = 0; start < lines.length; ) {
    let end = start;
    while (end < lines.length && lines[end]!.block === lines[start]!.block) end++;
    // The widest line as measured on the whole block (table rows included), not spread into a call:
    // a block may have a hundred thousand lines.
    let chars = 0;
    let cols = 0;
    for (let i = start; i < end; i++) {
      chars = Math.max(chars, lines[i]!.chars);
      cols = Math.max(cols, lines[i]!.cols);
    }
    for (let i = start; i < end - 1; i++) {
      if (lines[i]!.chars <= SHORT_SHARE * chars && lines[i]!.cols <= SHORT_SHARE * cols) {
        ragged.add(lines[i]!.block);
        break;
      }
    }
    start = end;
  }
  const widths = wrapWidths(lines);
  const unwrapped = lines.some((l) => l.chars > MAX_WRAP_CHARS);
  // A document written one paragraph per line shows no width that its other blocks run to.
  return { widths: unwrapped ? [] : widths, unwrapped, ragged };
}

/** Marks inside a sentence that a wrapped line of prose has (a colon may be a title's: 兰溪：…). */
const WRAP_MARK = /[，、；,;]/;
/** A line without the number it starts with (一、 1、), whose 、 is no clause mark. */
function withoutNumber(text: string): string {
  return text.replace(/^(?:[一二三四五六七八九十]+|\d{1,2})[、.．]/, '');
}

/** A line that opens or goes on a list of clauses: it ends with a colon or a semicolon. */
const LIST_GOES_ON = /[：:；;]$/;
/** An item of such a list: it ends with a semicolon, or the full stop that ends the list. */
const LIST_ITEM_END = /[；;。]$/;

/** Marks that prose has and a list item rarely does. */
const PROSE_MARK = /[，、；：。！？,;:!?]/;

/** Whether line `b` goes on the paragraph that line `a` ends, in the same block. */
function joins(a: Line, b: Line, wrap: Wrapping): boolean {
  if (b.indented || a.doubled !== b.doubled || b.caption) return false;
  // A date or byline line stands alone.
  if (a.standalone || b.standalone) return false;
  const goesOn = continues(a.text, b.text);
  if (b.item) return goesOn;
  if (goesOn) return true;
  // A list that a colon opens and semicolons go on (预期目标是：/增长6%左右；/…) is one sentence, one line an item.
  if (!a.item && LIST_GOES_ON.test(a.text) && LIST_ITEM_END.test(b.text)) return true;
  // A label line (时间：…) starts an item of its own, unless the line before ran to the margin.
  if ((b.label || a.label) && runsFull(a, wrap.widths) !== true) return false;
  // Two lines without a mark, in a block that shows no wrap of its own, are items of a list
  // however long they are (prose has commas).
  if (!a.wrap && !PROSE_MARK.test(a.text) && !PROSE_MARK.test(b.text)) return false;
  const full = runsFull(a, wrap.widths);
  if (full !== null) return full;
  if (wrap.unwrapped) return false;
  // No wrap width known: a line that ends a sentence is a wrap only in a block of even lines;
  // one that ends none when it holds clause marks (an item of a list holds none), or when it is
  // as long as the block's lines and the next line is prose (ends or holds a clause).
  if (endsSentence(a.text)) return !wrap.ragged.has(a.block);
  return WRAP_MARK.test(withoutNumber(a.text)) || (!wrap.ragged.has(a.block) && hasClauseBreak(b.text));
}

/** Options of {@link textUnits}. */
export interface TextUnitOptions {
  /**
   * Which short lines may be headings: any heading-like line (text files and
   * PDFs), or only numbered ones (一、 （一）: Markdown paragraphs, whose
   * headings are marked). Default 'all'.
   */
  headings?: 'all' | 'numbered';
}

/**
 * Reads lines (of a text file, or one string per PDF page) into units.
 * Page numbers printed at the top or bottom of PDF pages are dropped.
 */
export function textUnits(pages: readonly string[], stats: CleanStats, options: TextUnitOptions = {}): Unit[] {
  const lines = toLines(pages, stats);
  const wrap = wrapping(lines);
  const { widths } = wrap;
  const headings = options.headings ?? 'all';
  const units: Unit[] = [];
  let piece: Line[] | null = null;
  // The paragraph a column break may have cut: the last unit, when it is a paragraph whose last line ran full.
  let open: { unit: Unit; lines: Line[] } | null = null;

  const flush = (): { unit: Unit; lines: Line[] } | null => {
    if (!piece) return null;
    const unit = classify(piece, units, widths, headings);
    units.push(unit);
    const last = piece[piece.length - 1]!;
    // A paragraph that ends no sentence on a full line (or, with no width known, any paragraph of
    // sentences that ends none) may have been cut by a column or page break; so may a paragraph
    // of several sentences whose last one has no end (a column that ends early).
    const cutShort = piece.length > 1 && hasSentenceEnd(unit.text);
    const cut = unit.kind === 'para' && !endsSentence(unit.text) && (runsFull(last, widths) !== false || cutShort) ? { unit, lines: piece } : null;
    piece = null;
    return cut;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.rule) continue;
    if (line.cells) {
      open = flush();
      const taken = readRows(lines, i, units, stats);
      if (taken > 0) {
        open = null;
        i += taken - 1;
        continue;
      }
    }
    if (piece && !line.blankBefore && joins(piece[piece.length - 1]!, line, wrap)) {
      piece.push(line);
      continue;
    }
    if (piece) open = flush();
    if (line.blankBefore && open && units[units.length - 1] === open.unit && canContinue(open, line, lines[i + 1])) {
      // A column or page break cut this sentence: continue the paragraph.
      units.pop();
      piece = [...open.lines, line];
      stats.columnBreaks++;
      open = null;
      continue;
    }
    open = null;
    piece = [line];
  }
  flush();
  return joinHeadings(units);
}

/** Whether `line`, after a blank line, continues the paragraph a column break cut. */
function canContinue(open: { unit: Unit; lines: Line[] }, line: Line, next: Line | undefined): boolean {
  const last = open.lines[open.lines.length - 1]!;
  if (line.doubled !== open.unit.doubled || line.indented || line.cells) return false;
  if (continues(last.text, line.text)) return true;
  if (line.item || line.label || last.label || line.caption || line.standalone) return false;
  // A heading line of its own starts something new.
  const alone = next === undefined || next.block !== line.block;
  return !(alone && headingLike(line.text) && !hasClauseBreak(line.text));
}

/**
 * Reads the table that starts at `lines[at]` (rows of cells, one block or
 * several), takes the caption and unit note above it out of `units`, and
 * appends its rows. Returns the number of lines taken (0: not a table).
 */
function readRows(lines: readonly Line[], at: number, units: Unit[], stats: CleanStats): number {
  const cells: string[][] = [];
  let end = at;
  while (end < lines.length && (lines[end]!.cells || lines[end]!.rule)) {
    const row = lines[end]!.cells;
    // After a blank line (a page break inside the table), only more rows of values as wide go on.
    if (end > at && lines[end]!.blankBefore && (!row || row.length !== cells[0]!.length || !row.slice(1).some(isValueCell))) break;
    if (row) cells.push(row);
    end++;
  }
  // A line much narrower than the rows below it (3　公司主要会计数据, a numbered heading set off by a
  // wide space) is text above the table, not its first row: the table starts further down.
  const width = cells.reduce((n, row) => Math.max(n, row.length), 0);
  if (cells.length > 2 && cells[0]!.length < width - 1) return 0;
  const { caption, unit } = takeCaption(units);
  const rows = readTable({ lines: cells, caption, unit });
  if (!rows) return 0;
  const first = lines[at]!;
  for (const row of rows) units.push({ kind: 'row', text: rowSentence(row), doubled: first.doubled, page: first.page, row });
  stats.tableRows += rows.length;
  return end - at;
}

/**
 * The caption (表1 …) and unit note (单位：万元) right above a table, from the
 * last units; the caption unit is marked as one.
 */
export function takeCaption(units: readonly Unit[]): { caption: string | null; unit: string | null } {
  let caption: string | null = null;
  let unit: string | null = null;
  for (let k = units.length - 1; k >= Math.max(0, units.length - 2); k--) {
    const above = units[k]!;
    if (above.kind === 'row') break;
    if (unit === null && isUnitNote(above.text)) {
      unit = unitNote(above.text);
    } else if (caption === null && (above.kind === 'caption' || isCaption(above.text))) {
      caption = above.text;
      unit ??= unitNote(above.text);
      above.kind = 'caption';
    } else {
      break;
    }
  }
  return { caption, unit };
}

/** Decides what a piece of joined lines is. */
function classify(piece: readonly Line[], units: readonly Unit[], widths: readonly WrapWidth[], headings: 'all' | 'numbered'): Unit {
  const first = piece[0]!;
  const joined = piece.map((l) => l.text).join('');
  const base = { doubled: first.doubled, page: first.page };
  const byline = piece.length <= 2 && piece.some((l) => l.standalone) ? piece.map(spaced).join('') : '';
  const author = byline === '' ? null : bylineAuthor(byline);
  if (author) return { ...base, kind: 'byline', text: byline, author };
  if (isCaption(joined) || isUnitNote(joined)) return { ...base, kind: 'caption', text: joined };
  if (piece.length > 1) return { ...base, kind: startsItem(joined) ? 'item' : 'para', text: joined };
  if (dateLine(joined)) return { ...base, kind: 'date', text: joined };
  const signed = signatureOf(joined);
  if (signed) return { ...base, kind: 'issuer', text: signed.issuer, date: signed.date };
  const bullet = bulletOf(joined);
  if (bullet) return { ...base, kind: 'item', text: joined.slice(bullet.length) };
  if (startsListItem(joined)) return { ...base, kind: 'item', text: joined };
  const prev = units[units.length - 1];
  // Label lines in a row (时间：… 地点：…) are items, not headings.
  if (isLabelLine(joined) && prev !== undefined && (prev.kind === 'date' || isLabelLine(prev.text))) return { ...base, kind: 'item', text: joined };
  const closed = !prev || prev.kind !== 'para' || endsSentence(prev.text);
  const shape = headingShape(joined);
  if (shape !== null && closed && !statesQuantity(joined)) {
    if (NUMBERED_HEADING.test(joined)) {
      // Short, or short beside its block's lines (a text written one paragraph per line), or a
      // line of its own after a blank line with no clause in it (二、2024年经济社会发展的目标任务).
      const short = joined.length <= NUMBERED_HEADING_CHARS || first.chars <= SHORT_SHARE * first.widest.chars;
      const apart = first.blankBefore && !hasClauseBreak(joined.replace(NUMBERED_HEADING, ''));
      if (shape === 'open' || widths.length > 0 || short || apart) return { ...base, kind: 'heading', text: joined };
    } else if (isIssuer(joined)) {
      return { ...base, kind: 'issuer', text: joined };
    } else if (headings === 'all') {
      return { ...base, kind: 'heading', text: spaced(first) };
    }
  }
  return { ...base, kind: startsItem(joined) || (!hasClauseBreak(joined) && !endsSentence(joined)) ? 'item' : 'para', text: joined };
}

/**
 * Headings wrapped onto two or three lines become one: an 'open' first line
 * ("一、2023" / "年工作回顾"), or short heading lines in a row. A numbered
 * heading starts a heading of its own. Which of the top lines are the
 * document's title is decided later.
 */
function joinHeadings(units: Unit[]): Unit[] {
  const out: Unit[] = [];
  let run = 0;
  let body = false;
  for (const unit of units) {
    body ||= unit.kind === 'para' || unit.kind === 'item' || unit.kind === 'row';
    const prev = out[out.length - 1];
    if (unit.kind === 'heading' && prev?.kind === 'heading' && run < 3 && !NUMBERED_HEADING.test(unit.text)) {
      // At the top, closed lines may be the title and the first heading: assemble.ts tells them apart.
      if (headingShape(prev.text) === 'open' || ((body || NUMBERED_HEADING.test(prev.text)) && oneHeading(prev.text, unit.text))) {
        prev.text = prev.text + unit.text;
        run++;
        continue;
      }
    }
    // An 'open' heading line that nothing closes is text.
    if (prev?.kind === 'heading' && headingShape(prev.text) === 'open') prev.kind = 'item';
    run = unit.kind === 'heading' ? 1 : 0;
    out.push(unit);
  }
  return out;
}

/** Whether two heading lines can be one heading wrapped: short enough together, no sentence inside. */
function oneHeading(a: string, b: string): boolean {
  return headingShape(a + b) !== null || ((a + b).length <= MAX_HEADING_CHARS && !hasSentenceEnd(a + b));
}
