/**
 * The one definition of sentence and clause structure in Chinese text, used
 * by cleaning (does a line end a sentence?), indexing (where are a
 * paragraph's sentences?), rendering (the section view shows the same
 * sentences) and answering (which clause holds a figure?).
 *
 * - A sentence ends at 。！？； (and ASCII !?;), together with the closing
 *   quotes and brackets right after it (“好。”). A sentence end inside a book
 *   title (《报告。》) ends nothing.
 * - A clause ends at a comma, a colon or a sentence end (，,；;。！？：:).
 * - No sentence is longer than {@link MAX_SENTENCE_LENGTH} characters: a
 *   longer run (a PDF page without 。, a long list) is cut at clause breaks.
 */

/** Characters that end a sentence. */
const SENTENCE_END = new Set(['。', '！', '？', '!', '?', '；', ';']);
/** Characters that also end a paragraph (or line) though not a sentence: a colon before a list, an ellipsis. */
const PARAGRAPH_END = new Set([...SENTENCE_END, '…', '：', ':']);
/** Closing quotes and brackets that stay with the sentence end before them. */
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '】', '》', '"', "'"]);
/** Characters that end a clause. */
const CLAUSE_END = new Set(['，', ',', '；', ';', '。', '！', '？', '：', ':']);
/** Characters where an over-long sentence may be cut when it has no clause break (weakest last). */
const WEAK_BREAKS = ['、', ' ', '\u3000'];
/** Quote marks of every kind, which search treats as transparent (“双创”园区 ~ 双创园区). */
export const QUOTE_MARKS = '“”‘’《》「」『』"\'';
const QUOTES = new RegExp(`[${QUOTE_MARKS}]`, 'g');

/**
 * The longest sentence the index keeps, in UTF-16 units. Report sentences
 * run to about 200 characters; a longer "sentence" is text that lost its
 * punctuation (a PDF table or list flattened into one line) and is cut at
 * clause breaks so that no passage is a whole page.
 */
export const MAX_SENTENCE_LENGTH = 300;


/** True when `text` contains a sentence end. */
export function hasSentenceEnd(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (SENTENCE_END.has(text[i]!)) return true;
  return false;
}

/** True when `text` contains a clause break. */
export function hasClauseBreak(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (breaksClause(text, i)) return true;
  return false;
}

const DIGIT = /\d/;

/** Whether the character at `i` breaks a clause (，,；;。！？：:); a comma between digits (4,192亿元) separates thousands. */
export function breaksClause(text: string, i: number): boolean {
  const ch = text[i]!;
  if (!CLAUSE_END.has(ch)) return false;
  return !((ch === ',' || ch === '.') && DIGIT.test(text[i - 1] ?? '') && DIGIT.test(text[i + 1] ?? ''));
}

/**
 * True when `text` ends where a paragraph may end: a sentence end, a colon
 * (before a list) or an ellipsis, possibly followed by closing quotes.
 */
export function endsSentence(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && CLOSERS.has(text[i]!)) i--;
  return i >= 0 && PARAGRAPH_END.has(text[i]!);
}

/** Where the clause holding offset `at` starts: just after the clause break before it, or 0. */
export function clauseStart(text: string, at: number): number {
  let start = Math.min(at, text.length);
  while (start > 0 && !breaksClause(text, start - 1)) start--;
  return start;
}

/** Where the clause holding offset `at` ends: at the next clause break (exclusive), or the text's end. */
export function clauseEnd(text: string, at: number): number {
  let end = Math.max(0, at);
  while (end < text.length && !breaksClause(text, end)) end++;
  return end;
}

/** The clauses of a text, without their breaks (as `text.split` on every clause break). */
export function splitClauses(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (!breaksClause(text, i)) continue;
    out.push(text.slice(start, i));
    start = i + 1;
  }
  out.push(text.slice(start));
  return out;
}

/** Text without quote marks, so “双创”园区 reads as 双创园区 (offsets are not kept). */
export function withoutQuotes(text: string): string {
  return text.replace(QUOTES, '');
}

const WHITESPACE = /\s/;
/** Longest book title (《…》) read as one name; a lone 《 further away is a stray mark. */
const MAX_TITLE_LENGTH = 60;

function isSpace(ch: string): boolean {
  return WHITESPACE.test(ch);
}

/**
 * Where the sentences of a paragraph are: start and end offsets, flat
 * ([s0, e0, s1, e1, …]), surrounding whitespace left out. See the module
 * comment for what ends a sentence; `maxLength` caps each one.
 */
export function sentenceBounds(paragraph: string, maxLength = MAX_SENTENCE_LENGTH): number[] {
  const out: number[] = [];
  const push = (start: number, end: number): void => {
    while (start < end && isSpace(paragraph[start]!)) start++;
    while (end > start && isSpace(paragraph[end - 1]!)) end--;
    if (end <= start) return;
    if (end - start > maxLength) cutLong(paragraph, start, end, maxLength, out);
    else out.push(start, end);
  };
  let start = 0;
  for (let i = 0; i < paragraph.length; i++) {
    const ch = paragraph[i]!;
    if (ch === '《') {
      // A book title (《报告。》) is one name, whatever punctuation it holds.
      const close = paragraph.indexOf('》', i + 1);
      if (close > 0 && close - i <= MAX_TITLE_LENGTH) i = close;
      continue;
    }
    if (!SENTENCE_END.has(ch)) continue;
    let end = i + 1;
    while (end < paragraph.length && (CLOSERS.has(paragraph[end]!) || SENTENCE_END.has(paragraph[end]!))) end++;
    push(start, end);
    start = end;
    i = end - 1;
  }
  push(start, paragraph.length);
  return out;
}

/**
 * Cuts the over-long sentence [start, end) into pieces of at most `max`
 * units, each ending at the last clause break that fits (else at 、 or a
 * space, else anywhere but inside a surrogate pair), and appends their bounds.
 */
function cutLong(text: string, start: number, end: number, max: number, out: number[]): void {
  while (end - start > max) {
    const limit = start + max;
    let cut = -1;
    for (let i = limit - 1; i > start && cut < 0; i--) if (breaksClause(text, i)) cut = i + 1;
    for (const weak of WEAK_BREAKS) {
      if (cut >= 0) break;
      for (let i = limit - 1; i > start; i--) {
        if (text[i] === weak) {
          cut = i + 1;
          break;
        }
      }
    }
    if (cut < 0) {
      cut = limit;
      // Never split a surrogate pair.
      if (/[\uDC00-\uDFFF]/.test(text[cut] ?? '')) cut--;
    }
    let pieceEnd = cut;
    while (pieceEnd > start && isSpace(text[pieceEnd - 1]!)) pieceEnd--;
    if (pieceEnd > start) out.push(start, pieceEnd);
    start = cut;
    while (start < end && isSpace(text[start]!)) start++;
  }
  if (end > start) out.push(start, end);
}

/** The sentences of a paragraph, as `sentenceBounds` finds them. */
export function splitSentences(paragraph: string, maxLength = MAX_SENTENCE_LENGTH): string[] {
  const bounds = sentenceBounds(paragraph, maxLength);
  const out: string[] = [];
  for (let i = 0; i < bounds.length; i += 2) out.push(paragraph.slice(bounds[i], bounds[i + 1]));
  return out;
}
