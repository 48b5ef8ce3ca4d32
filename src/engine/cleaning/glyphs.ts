/**
 * Character-level repairs of extracted text: odd characters and widths,
 * fake-bold glyph doubling ("全全力力" → "全力"), and stray spaces that
 * extraction puts inside numbers and words ("11 .. 88" → "1.8").
 */

const LATIN_OR_DIGIT = /[A-Za-z0-9]/;
const LATIN = /[A-Za-z]/;
const HAN = /\p{Script=Han}/u;

/**
 * Normalises characters that extraction varies: line ends, zero-width and
 * odd spaces (tabs are kept: they separate table cells), full-width digits,
 * letters and %.
 */
export function normaliseChars(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\u00A0\u2002-\u200A\u202F\u205F]/g, ' ')
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF05]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/(\d)[．](?=\d)/g, '$1.');
}

/** Removes spaces that extraction put between Chinese text, digits and punctuation (kept between Latin words). */
export function dropStraySpaces(text: string): string {
  return text.replace(/[ \t\u3000]+/g, (spaces, offset: number, whole: string) => {
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + spaces.length] ?? '';
    if (!before || !after) return '';
    const keep = (LATIN.test(before) && LATIN_OR_DIGIT.test(after)) || (LATIN_OR_DIGIT.test(before) && LATIN.test(after));
    return keep ? ' ' : '';
  });
}

/** Width on the page: Chinese characters and full-width marks take two columns, ASCII one. */
export function displayWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) w += text.charCodeAt(i) < 0x2000 ? 1 : 2;
  return w;
}

/** How many Chinese characters a text has. */
export function countHan(text: string): number {
  let n = 0;
  for (const ch of text) if (HAN.test(ch)) n++;
  return n;
}

interface PairParse {
  /** Per line: the text read pair by pair. */
  texts: string[];
  /** Per line: count of characters that came in pairs. */
  paired: number[];
  /** Per line: count of characters that did not. */
  single: number[];
}

/**
 * Reads a block pair by pair, across line breaks (a wrap may split a pair).
 * A lone space between pairs is extraction noise; a doubled space is a real
 * one. A tab (a table-cell gap) is kept as it is.
 */
function readPairs(lines: readonly string[]): PairParse {
  const chars: string[] = [];
  const owner: number[] = [];
  lines.forEach((line, index) => {
    for (const ch of line) {
      chars.push(ch);
      owner.push(index);
    }
  });
  const texts = lines.map(() => '');
  const paired = lines.map(() => 0);
  const single = lines.map(() => 0);
  let i = 0;
  while (i < chars.length) {
    const ch = chars[i]!;
    const line = owner[i]!;
    if (ch === ' ') {
      if (chars[i + 1] === ' ') {
        texts[line] += ' ';
        i += 2;
      } else {
        i += 1;
      }
      continue;
    }
    if (ch === '\t') {
      texts[line] += ch;
      i += 1;
      continue;
    }
    if (chars[i + 1] === ch) {
      texts[line] += ch;
      paired[line]! += 2;
      i += 2;
    } else {
      texts[line] += ch;
      single[line]! += 1;
      i += 1;
    }
  }
  return { texts, paired, single };
}

/** Share of a block's characters that must come in pairs for it to count as doubled. */
const DOUBLED_SHARE = 0.85;
/** Fewest paired characters that make a block doubled. */
const DOUBLED_MIN_PAIRED = 4;

function isDoubled(paired: number, single: number): boolean {
  return paired >= DOUBLED_MIN_PAIRED && paired >= DOUBLED_SHARE * (paired + single);
}

/** A block of lines with glyph doubling undone. */
export interface Undoubled {
  texts: string[];
  doubled: boolean[];
}

/** Undoes glyph doubling in one block, deciding for the whole block, then line by line. */
export function undoubleBlock(lines: readonly string[]): Undoubled {
  const whole = readPairs(lines);
  const paired = whole.paired.reduce((a, b) => a + b, 0);
  const single = whole.single.reduce((a, b) => a + b, 0);
  if (isDoubled(paired, single) || (lines.length === 1 && paired >= 2 && single === 0)) {
    return { texts: whole.texts, doubled: lines.map(() => true) };
  }
  // Mixed block: decide each line on its own (a doubled heading above a plain paragraph).
  const texts: string[] = [];
  const doubled: boolean[] = [];
  for (const line of lines) {
    const one = readPairs([line]);
    const yes = isDoubled(one.paired[0]!, one.single[0]!);
    texts.push(yes ? one.texts[0]! : line);
    doubled.push(yes);
  }
  return { texts, doubled };
}
