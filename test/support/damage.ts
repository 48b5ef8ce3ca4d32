/**
 * A deterministic simulator of the damage that PDF text extraction does to
 * Chinese documents: fake-bold glyph doubling, hard line wraps, column breaks
 * that show up as blank lines mid-sentence, stray spaces inside numbers,
 * two-line headings, a doubled byline and an undoubled lead paragraph.
 *
 * Every random choice comes from a seeded PRNG, so a seed always yields the
 * same text. Used by the cleaner's property tests, by the fixture generator
 * (scripts/make-fixtures.ts) and by the benchmark's synthetic corpus.
 *
 * Conventions: a "clean" text holds one paragraph per line ("\n" between
 * paragraphs, blank lines allowed). A "damaged" text holds wrapped lines,
 * with a blank line between paragraphs, as the seed document does.
 */

/** A source of uniformly distributed numbers in [0, 1). */
export type Rng = () => number;

/**
 * Creates a mulberry32 pseudo-random generator. The same seed always gives
 * the same sequence, on every platform.
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns an integer in [min, max] (both inclusive). */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Returns true with probability `rate`. */
export function chance(rng: Rng, rate: number): boolean {
  return rate > 0 && rng() < rate;
}

/** Characters after which a paragraph may really end. */
export const TERMINAL_PUNCTUATION = '。！？!?”」』…';

/** Characters that Chinese typesetting keeps off the start of a line. */
const CLOSING_PUNCTUATION = '。，、；：！？”’）》」』〉】…%‰';

/** Characters that Chinese typesetting keeps off the end of a line. */
const OPENING_PUNCTUATION = '“‘（《「『〈【';

/** Characters that make up the digits of a number. */
const NUMBER_CHARS = /[0-9.．０-９]/;

/**
 * Doubles every character except line breaks, the way extraction reads a
 * fake-bold glyph drawn twice: "2024年" → "22002244年年".
 */
export function doubleGlyphs(text: string): string {
  let out = '';
  for (const ch of text) out += ch === '\n' ? ch : ch + ch;
  return out;
}

/** A fixed line width, or a range from which one width is drawn per call. */
export type Width = number | { min: number; max: number };

/** Options of {@link wrapLines}. */
export interface WrapOptions {
  /** Random source; needed when `width` is a range or `orphanPunctuationRate` is set. */
  rng?: Rng;
  /**
   * Probability that a closing punctuation mark (。，、 …) which falls at a
   * line start stays there, as some PDFs show a lone "。" starting a line.
   * Otherwise it is pulled onto the end of the previous line, as typesetting
   * does. Default 0.
   */
  orphanPunctuationRate?: number;
  /** How many characters narrower the first line of each paragraph is (indent). Default 0. */
  firstLineIndent?: number;
}

/**
 * Hard-wraps each paragraph (one per input line) into lines of `width`
 * characters, cutting words and numbers wherever the line ends, and puts a
 * blank line between paragraphs. With a width range, one width is drawn for
 * the whole call (a PDF column has one width). Wrapping already doubled text
 * with an odd width splits doubled pairs across lines.
 */
export function wrapLines(text: string, width: Width, options: WrapOptions = {}): string {
  const rng = options.rng ?? mulberry32(1);
  const w = typeof width === 'number' ? width : randomInt(rng, width.min, width.max);
  if (!Number.isInteger(w) || w < 2) throw new RangeError(`damage: line width must be an integer ≥ 2, got ${w}`);
  const orphanRate = options.orphanPunctuationRate ?? 0;
  const indent = options.firstLineIndent ?? 0;
  const paragraphs = text.split('\n').filter((p) => p.trim() !== '');
  return paragraphs.map((p) => wrapParagraph(p, w, Math.max(2, w - indent), rng, orphanRate).join('\n')).join('\n\n');
}

function wrapParagraph(paragraph: string, width: number, firstWidth: number, rng: Rng, orphanRate: number): string[] {
  const chars = Array.from(paragraph);
  const lines: string[] = [];
  let i = 0;
  while (i < chars.length) {
    const limit = lines.length === 0 ? firstWidth : width;
    let end = Math.min(chars.length, i + limit);
    if (end < chars.length) {
      // Keep an opening mark off the line end (push it to the next line).
      if (end - 1 > i && OPENING_PUNCTUATION.includes(chars[end - 1]!)) end -= 1;
      // A closing mark at the next line start hangs at this line's end, unless it is left orphaned.
      else if (CLOSING_PUNCTUATION.includes(chars[end]!) && !chance(rng, orphanRate)) {
        end += 1;
        if (end < chars.length && CLOSING_PUNCTUATION.includes(chars[end]!)) end += 1;
      }
    }
    lines.push(chars.slice(i, end).join(''));
    i = end;
  }
  return lines;
}

/**
 * Turns some line breaks inside paragraphs into blank lines, as a column or
 * page break does in the middle of a sentence ("建成区\n\n面积"). A break is
 * only made where the line does not end a sentence (so a careful reader can
 * still tell it from a paragraph end), and never after a paragraph's first
 * line (which could otherwise pass for a second heading line).
 */
export function insertColumnBreaks(text: string, rng: Rng, rate: number): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    out.push(line);
    const prev = lines[i - 1];
    const next = lines[i + 1];
    if (next === undefined || line.trim() === '' || next.trim() === '' || prev === undefined || prev.trim() === '') continue;
    const last = Array.from(line.trimEnd()).pop() ?? '';
    if (TERMINAL_PUNCTUATION.includes(last) || last === '：' || last === ':') continue;
    if (chance(rng, rate)) out.push('');
  }
  return out.join('\n');
}

/** Options of {@link insertNoiseSpaces}. */
export interface NoiseOptions {
  /** Probability of a stray space between two Han characters as well (words). Default 0. */
  wordRate?: number;
}

/**
 * Inserts stray spaces inside numbers, as extraction does when glyph
 * positions jitter ("11..88万万" → "11 .. 88万万"). On a doubled line spaces go
 * only between doubled pairs; on a plain line between any two characters.
 * `rate` is the probability per position inside a number.
 */
export function insertNoiseSpaces(text: string, rng: Rng, rate: number, options: NoiseOptions = {}): string {
  const wordRate = options.wordRate ?? 0;
  return text
    .split('\n')
    .map((line) => {
      const chars = Array.from(line);
      // A doubled line may start or end with half a pair split off by the line break.
      const offset = pairOffset(chars);
      const step = offset < 0 ? 1 : 2;
      let out = offset === 1 ? chars[0]! : '';
      for (let i = offset === 1 ? 1 : 0; i < chars.length; i += step) {
        if (i > 0) {
          const left = chars[i - 1]!;
          const right = chars[i]!;
          const inNumber = NUMBER_CHARS.test(left) && NUMBER_CHARS.test(right);
          const inWord = isHan(left) && isHan(right);
          if ((inNumber && chance(rng, rate)) || (inWord && chance(rng, wordRate))) out += ' ';
        }
        out += chars.slice(i, i + step).join('');
      }
      return out;
    })
    .join('\n');
}

/**
 * Splits doubled pairs across line breaks: at some line boundaries inside a
 * paragraph, the last glyph of a line moves to the start of the next line
 * ("亿亿元元\n，，" → "亿亿元\n元，，"). `rate` is the probability per boundary.
 */
export function splitPairs(text: string, rng: Rng, rate: number): string {
  const lines = text.split('\n').map((l) => Array.from(l));
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1]!;
    if (line.length < 4 || next.length === 0 || line[line.length - 1] === ' ') continue;
    if (chance(rng, rate)) next.unshift(line.pop()!);
  }
  return lines.map((l) => l.join('')).join('\n');
}

/** Where the doubled pairs of a line start (0 or 1), or -1 when the line is not doubled. */
function pairOffset(chars: string[]): number {
  const pairedFrom = (start: number): boolean => {
    if (chars.length - start < 2) return false;
    for (let i = start; i + 1 < chars.length; i += 2) if (chars[i] !== chars[i + 1]) return false;
    return true;
  };
  if (pairedFrom(0)) return 0;
  if (pairedFrom(1)) return 1;
  return -1;
}

function isHan(ch: string): boolean {
  return /\p{Script=Han}/u.test(ch);
}

/** One section of a document to be damaged. */
export interface DamageSection {
  /**
   * The heading, or none for an untitled opening section. An array is a
   * heading printed on two (or more) lines, separated by blank lines.
   */
  title?: string | string[];
  /** Clean paragraphs, in order. */
  paragraphs: string[];
  /**
   * Items written one a line after the paragraphs (a list: each a short line
   * without end punctuation, never wrapped), each its own paragraph.
   */
  items?: string[];
  /** A table after the items: a caption line, then rows of cells separated by tabs. */
  table?: DamageTable;
}

/** A table as a document prints it. */
export interface DamageTable {
  /** The caption line ("表1 2023年各区主要指标"). */
  caption: string;
  /** Column headers, the row-label column first. */
  header: string[];
  /** Rows of cells, the row label first. */
  rows: string[][];
}

/** A clean document to be rendered the way a damaged PDF extraction looks. */
export interface DamageDocumentInput {
  /** Document title printed first (one or more lines); optional, as in the seed. */
  title?: string | string[];
  /** Sections in reading order. */
  sections: DamageSection[];
  /** The author's name, printed as a doubled byline "(文/NAME)" after the last section. */
  byline?: string;
  /** An undoubled, hard-wrapped lead paragraph (or several, one per line). */
  lead?: string;
}

/** Options of {@link damageDocument}. All rates are probabilities in [0, 1]. */
export interface DamageOptions {
  /** Seed of the PRNG. Default 1. */
  seed?: number;
  /** Double every glyph of the body (fake bold). Default true; the lead is never doubled. */
  double?: boolean;
  /** Line width of the body, in characters before doubling. Default { min: 18, max: 24 }. */
  width?: Width;
  /** Line width of the lead. Default { min: 13, max: 17 }. */
  leadWidth?: Width;
  /** Indent of each paragraph's first line, in characters. Default 2. */
  firstLineIndent?: number;
  /** Probability of a column break at a line boundary inside a paragraph. Default 0.04. */
  columnBreakRate?: number;
  /** Probability of a stray space at a position inside a number. Default 0.05. */
  noiseSpaceRate?: number;
  /** Probability that a closing mark is left starting a line. Default 0.1. */
  orphanPunctuationRate?: number;
  /** Probability that a doubled pair is split across a line break inside a paragraph. Default 0. */
  splitPairRate?: number;
  /** Probability that a single-string heading of 8+ characters is split over two lines. Default 0.5. */
  splitHeadingRate?: number;
  /** Where the lead goes: after the title (before the first section), or last. Default 'end', as in the seed. */
  leadPosition?: 'start' | 'end';
  /** Add the stray spaces at the start and end that extraction leaves. Default true. */
  edgeSpaces?: boolean;
}

/**
 * Renders a whole clean document the way the seed looks after extraction:
 * headings (some on two lines with a blank line between), wrapped doubled
 * paragraphs with column breaks and noise spaces, a doubled byline
 * "((文文//XX))" after the body, and an undoubled hard-wrapped lead.
 */
export function damageDocument(input: DamageDocumentInput, options: DamageOptions = {}): string {
  const rng = mulberry32(options.seed ?? 1);
  const double = options.double ?? true;
  const width = pickWidth(rng, options.width ?? { min: 18, max: 24 });
  const leadWidth = pickWidth(rng, options.leadWidth ?? { min: 13, max: 17 });
  const indent = options.firstLineIndent ?? 2;
  const columnBreakRate = options.columnBreakRate ?? 0.04;
  const noiseRate = options.noiseSpaceRate ?? 0.05;
  const orphanRate = options.orphanPunctuationRate ?? 0.1;
  const splitRate = options.splitHeadingRate ?? 0.5;
  const bold = (s: string): string => (double ? doubleGlyphs(s) : s);

  const headingBlocks = (title: string | string[]): string[] => {
    let lines = typeof title === 'string' ? [title] : title;
    const only = lines[0];
    if (lines.length === 1 && only !== undefined) {
      const chars = Array.from(only);
      if (chars.length >= 8 && chance(rng, splitRate)) {
        const cut = randomInt(rng, Math.floor(chars.length / 2) - 1, Math.ceil(chars.length / 2) + 1);
        lines = [chars.slice(0, cut).join(''), chars.slice(cut).join('')];
      }
    }
    return lines.map((l) => bold(l));
  };

  const blocks: string[] = [];
  const lead = input.lead === undefined ? undefined : renderLead(input.lead, leadWidth, rng, orphanRate);
  if (input.title !== undefined) blocks.push(...headingBlocks(input.title));
  if (lead !== undefined && options.leadPosition === 'start') blocks.push(lead);
  for (const section of input.sections) {
    if (section.title !== undefined) blocks.push(...headingBlocks(section.title));
    const wrapped = wrapLines(section.paragraphs.join('\n'), width, { rng, orphanPunctuationRate: orphanRate, firstLineIndent: indent });
    let body = bold(wrapped);
    if (double && (options.splitPairRate ?? 0) > 0) body = splitPairs(body, rng, options.splitPairRate ?? 0);
    body = insertColumnBreaks(body, rng, columnBreakRate);
    body = insertNoiseSpaces(body, rng, noiseRate);
    blocks.push(body);
    // Lists and tables are printed line by line: never wrapped, never cut by a column break.
    if (section.items !== undefined && section.items.length > 0) blocks.push(bold(section.items.join('\n')));
    if (section.table !== undefined) {
      const lines = [section.table.caption, ...[section.table.header, ...section.table.rows].map((cells) => cells.join('\t'))];
      blocks.push(bold(lines.join('\n')));
    }
  }
  if (input.byline !== undefined) blocks.push(bold(`(文/${input.byline})`));
  if (lead !== undefined && options.leadPosition !== 'start') blocks.push(lead);
  const text = blocks.join('\n\n');
  return (options.edgeSpaces ?? true) ? ` ${text}\n ` : text;
}

function pickWidth(rng: Rng, width: Width): number {
  return typeof width === 'number' ? width : randomInt(rng, width.min, width.max);
}

function renderLead(lead: string, width: number, rng: Rng, orphanRate: number): string {
  // The lead of the seed is wrapped without indent; its paragraphs are separated by blank lines.
  return wrapLines(lead, width, { rng, orphanPunctuationRate: orphanRate });
}

/**
 * The clean paragraphs a perfect cleaner recovers from {@link damageDocument}'s
 * output, in order, without headings, byline or title: every section's
 * paragraphs, items, table caption and rows (each row as `tableRow` reads
 * it), and the lead's paragraphs where the lead was placed.
 */
export function expectedParagraphs(
  input: DamageDocumentInput,
  leadPosition: 'start' | 'end' = 'end',
  tableRow: (table: DamageTable, row: string[]) => string = (_table, row) => row.join(' '),
): string[] {
  const body = input.sections.flatMap((s) => [
    ...s.paragraphs,
    ...(s.items ?? []),
    ...(s.table === undefined ? [] : [s.table.caption, ...s.table.rows.map((row) => tableRow(s.table!, row))]),
  ]);
  const lead = input.lead === undefined ? [] : input.lead.split('\n').filter((p) => p.trim() !== '');
  return leadPosition === 'start' ? [...lead, ...body] : [...body, ...lead];
}
