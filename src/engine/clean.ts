/**
 * Repairs text extracted from Chinese PDFs and gives it structure.
 *
 * What extraction breaks, and how it is undone here, in general terms:
 * - fake-bold fonts draw every glyph twice, so every character comes doubled
 *   ("全全力力"): a block whose characters pair up is read pair by pair, which
 *   also keeps genuine reduplication ("欣欣欣欣" → "欣欣");
 * - stray spaces appear inside numbers and words ("11 .. 88"): spaces between
 *   Chinese characters, digits and punctuation are dropped;
 * - lines are hard-wrapped mid-word and blank lines from column breaks cut
 *   sentences: lines are joined, and a block that does not end a sentence is
 *   continued by the next one;
 * - headings (also on two lines) become section titles, a byline becomes the
 *   author, and an undoubled paragraph before or after a doubled body is kept
 *   as its own lead section.
 */
import type { CleanDocument, Script, Section } from './types.ts';
import { detectScript } from './script.ts';
import { endsSentence, hasSentenceEnd } from './sentences.ts';
import { arabicYears } from './tokenize.ts';

/** Identity of a source being cleaned. */
export interface SourceMeta {
  /** Document id, usually the file name without extension. */
  id: string;
  /** File name inside `sources/`. */
  file: string;
}

interface Line {
  text: string;
  page: number;
  blankBefore: boolean;
  indented: boolean;
}

interface Unit {
  type: 'heading' | 'byline' | 'para';
  text: string;
  doubled: boolean;
  page: number;
  /** The author, for bylines. */
  author?: string;
}

const HAN = /\p{Script=Han}/u;
const LATIN_OR_DIGIT = /[A-Za-z0-9]/;
const LATIN = /[A-Za-z]/;

const BYLINE =
  /^[（(【\[]?\s*(?:本报)?(?:文|文图|图文|文\s*\/\s*图|记者|本报记者|特约记者|通讯员|撰稿|作者|撰文|编辑|责任编辑|执笔)\s*[\/／:：|｜]?\s*([\p{Script=Han}·•\s、，,A-Za-z]{2,24}?)\s*[）)】\]]?$/u;
const ROLE_WORDS = /\s*(?:本报|特约)?(?:记者|通讯员|实习生|摄影|编辑|责任编辑|校对)\s*/u;
const NUMBERED_HEADING =
  /^(?:第[一二三四五六七八九十百零〇两\d]+[章节部分篇]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])/;
const PAGE_NUMBER = /^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4})?[-—–\s]*$/;

/** Normalises characters that extraction varies: line ends, odd spaces, full-width digits and letters. */
function normaliseChars(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\u00A0\t\u2002-\u200A\u202F\u205F]/g, ' ')
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF05]/g, (ch) =>
      String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
    )
    .replace(/(\d)[．](?=\d)/g, '$1.');
}

/** Removes spaces that extraction put between Chinese text, digits and punctuation. */
export function dropStraySpaces(text: string): string {
  return text.replace(/[ \u3000]+/g, (_spaces, offset: number, whole: string) => {
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + _spaces.length] ?? '';
    if (!before || !after) return '';
    const keep =
      (LATIN.test(before) && LATIN_OR_DIGIT.test(after)) ||
      (LATIN_OR_DIGIT.test(before) && LATIN.test(after));
    return keep ? ' ' : '';
  });
}

/**
 * Joins wrapped lines with nothing between them. Latin text in Chinese
 * reports is mostly acronyms cut mid-word ("GD" / "P"), so no space either.
 */
function joinLines(lines: string[]): string {
  return lines.join('');
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
 * A lone space between pairs is extraction noise; a doubled space is a real one.
 */
function readPairs(lines: string[]): PairParse {
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

const DOUBLED_SHARE = 0.85;

function isDoubled(paired: number, single: number): boolean {
  return paired >= 4 && paired >= DOUBLED_SHARE * (paired + single);
}

interface BlockResult {
  texts: string[];
  doubled: boolean[];
}

/** Undoes glyph doubling in one block, deciding for the whole block, then line by line. */
function undoubleBlock(lines: string[]): BlockResult {
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

/** Splits raw text (or pages) into lines that remember page, blank lines and indentation. */
function toLines(pages: string[]): Line[] {
  const lines: Line[] = [];
  pages.forEach((pageText, pageIndex) => {
    const raw = normaliseChars(pageText).split('\n');
    // Drop page numbers at the top or bottom of a page.
    const nonEmpty = raw.map((l, i) => (l.trim() ? i : -1)).filter((i) => i >= 0);
    const edges = new Set(pages.length > 1 ? [nonEmpty[0], nonEmpty[nonEmpty.length - 1]] : []);
    let blank = lines.length > 0;
    raw.forEach((rawLine, i) => {
      const trimmedEnd = rawLine.replace(/\s+$/, '');
      if (!trimmedEnd.trim()) {
        blank = true;
        return;
      }
      if (edges.has(i) && PAGE_NUMBER.test(trimmedEnd)) return;
      const indentMatch = /^[ \u3000]*/.exec(trimmedEnd)![0];
      const indented = indentMatch.includes('\u3000') || indentMatch.length >= 2;
      lines.push({
        text: trimmedEnd.slice(indentMatch.length),
        page: pageIndex + 1,
        blankBefore: blank,
        indented,
      });
      blank = false;
    });
  });
  return lines;
}

/** Width on the page: Chinese characters and full-width marks take two columns, ASCII one. */
function displayWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) w += text.charCodeAt(i) < 0x2000 ? 1 : 2;
  return w;
}

function countHan(text: string): number {
  let n = 0;
  for (const ch of text) if (HAN.test(ch)) n++;
  return n;
}

/** True when a line could be a heading on its own: short, Chinese, no sentence inside. */
function headingLike(text: string): boolean {
  return headingShape(text) === 'closed';
}

/**
 * Whether a line could be (part of) a heading: 'closed' when it could stand
 * alone, 'open' when it could only be the first line of a heading wrapped
 * onto two lines (it stops at a comma or inside a number: "一、2023" / "年工作回顾"),
 * null when it is no heading at all.
 */
function headingShape(text: string): 'closed' | 'open' | null {
  if (text.length < 2 || text.length > 40) return null;
  const numbered = NUMBERED_HEADING.test(text);
  if (countHan(text) < (numbered ? 1 : 2)) return null;
  if (hasSentenceEnd(text)) return null;
  if (/[：:（(“‘《\-—]$/.test(text)) return null;
  // Headings rarely carry clauses; a long line with commas is a wrapped sentence.
  if (/[，,]/.test(text.slice(0, -1)) && text.length > 20) return null;
  if (/[，、,\d.]$/.test(text)) return 'open';
  return 'closed';
}

function bylineAuthor(text: string): string | null {
  const m = BYLINE.exec(text);
  if (!m) return null;
  const hasMarker = /^[（(【\[]/.test(text) || /[\/／:：]/.test(text) || /记者|通讯员|作者|撰稿|编辑|执笔/.test(text);
  if (!hasMarker) return null;
  // "本报记者 王磊 通讯员 李晓娜": the author is the first role's names.
  const names = m[1]!.split(ROLE_WORDS)[0]!.trim();
  const author = names.replace(/\s+/g, '、').replace(/[，,]/g, '、').replace(/、+$/, '');
  return author.length >= 2 ? author : null;
}

interface Stats {
  doubledLines: number;
  columnBreaks: number;
  strayRemoved: number;
}

/** Turns lines into headings, bylines and paragraphs. */
function toUnits(lines: Line[], stats: Stats): Unit[] {
  // Group into blocks separated by blank lines, undouble each.
  const blocks: { lines: Line[]; texts: string[]; doubled: boolean[] }[] = [];
  for (const line of lines) {
    if (line.blankBefore || blocks.length === 0) blocks.push({ lines: [], texts: [], doubled: [] });
    blocks[blocks.length - 1]!.lines.push(line);
  }
  for (const block of blocks) {
    const result = undoubleBlock(block.lines.map((l) => l.text));
    block.doubled = result.doubled;
    block.texts = result.texts.map((t) => {
      const cleaned = dropStraySpaces(t).trim();
      if (cleaned.length < t.trim().length) stats.strayRemoved++;
      return cleaned;
    });
    stats.doubledLines += result.doubled.filter(Boolean).length;
  }

  const units: Unit[] = [];
  const last = (): Unit | undefined => units[units.length - 1];
  const closed = (u: Unit | undefined): boolean =>
    !u || u.type !== 'para' || endsSentence(u.text);

  let headingNext = false;
  blocks.forEach((block, blockIndex) => {
    // A loop, not Math.max(...): a block can have hundreds of thousands of lines, more than a call takes.
    let width = 0;
    let chars = 0;
    for (const text of block.texts) {
      width = Math.max(width, displayWidth(text));
      chars = Math.max(chars, text.length);
    }
    const texts = block.texts;
    // A short block of heading-like lines after a finished paragraph is a (wrapped) heading.
    const allHeadingLike =
      texts.every(headingLike) &&
      (texts.length === 1 || (texts.length <= 3 && joinLines(texts).length <= 32 && !/[，,]/.test(joinLines(texts))));
    const author = texts.length <= 2 ? bylineAuthor(joinLines(texts)) : null;
    if (author) {
      units.push({ type: 'byline', text: joinLines(texts), doubled: block.doubled[0]!, page: block.lines[0]!.page, author });
      return;
    }
    // A heading's first line may stop at a comma or inside a number; it is a heading only
    // when a closing heading line follows ("一、2023" / "年工作回顾").
    const next = blocks[blockIndex + 1];
    const openHeading =
      texts.length === 1 &&
      headingShape(texts[0]!) === 'open' &&
      next !== undefined &&
      next.texts.length === 1 &&
      headingShape(next.texts[0]!) === 'closed' &&
      blocks[blockIndex + 2] !== undefined;
    if ((allHeadingLike || openHeading || (headingNext && texts.length === 1 && headingLike(texts[0]!))) && (closed(last()) || headingNext)) {
      units.push({ type: 'heading', text: joinLines(texts), doubled: block.doubled[0]!, page: block.lines[0]!.page });
      headingNext = openHeading;
      return;
    }
    headingNext = false;
    // Text written one paragraph per line (most lines end a sentence) is not hard-wrapped.
    // Hard-wrapped lines all run to the column width but the last; lines of ragged
    // length mean the text was written one paragraph (or title) per line.
    // Short by the page (display width) and by count, so digits do not fool either measure.
    const short = (t: string, share: number): boolean => displayWidth(t) <= width * share && t.length <= chars * share;
    const inner = texts.slice(0, -1);
    const lineMode = inner.length > 0 && inner.some((t) => short(t, 0.7));
    let current: string[] = [];
    let currentDoubled = block.doubled[0]!;
    let currentPage = block.lines[0]!.page;
    let first = true;
    const flush = (): void => {
      if (current.length === 0) return;
      const text = joinLines(current);
      const prev = last();
      if (
        first &&
        prev?.type === 'para' &&
        !endsSentence(prev.text) &&
        prev.doubled === currentDoubled
      ) {
        // A column break cut this sentence: continue the previous paragraph.
        prev.text = joinLines([prev.text, text]);
        stats.columnBreaks++;
      } else {
        units.push({ type: 'para', text, doubled: currentDoubled, page: currentPage });
      }
      first = false;
      current = [];
    };
    texts.forEach((text, i) => {
      const line = block.lines[i]!;
      const doubled = block.doubled[i]!;
      if (current.length > 0) {
        const prevText = current[current.length - 1]!;
        const shortEnd = endsSentence(prevText) && short(prevText, 0.6);
        const numbered =
          NUMBERED_HEADING.test(text) && headingLike(text) && endsSentence(prevText) && displayWidth(text) <= width * 0.75;
        if (line.indented || shortEnd || numbered || doubled !== currentDoubled || (lineMode && endsSentence(prevText))) flush();
      }
      if (current.length === 0) {
        currentDoubled = doubled;
        currentPage = line.page;
        // A short line of its own inside a block is a heading too: a numbered one (一、综合),
        // or any title line in text written one paragraph per line.
        const headingLine =
          headingLike(text) &&
          i < texts.length - 1 &&
          closed(last()) &&
          (i === 0 || endsSentence(texts[i - 1]!)) &&
          (lineMode || (NUMBERED_HEADING.test(text) && displayWidth(text) <= Math.max(16, width * 0.75)));
        if (headingLine) {
          units.push({ type: 'heading', text, doubled, page: line.page });
          first = false;
          return;
        }
      }
      current.push(text);
    });
    flush();
  });
  return mergeHeadings(units);
}

/** Consecutive heading lines (a heading wrapped onto two or three lines) become one title. */
function mergeHeadings(units: Unit[]): Unit[] {
  const out: Unit[] = [];
  let run = 0;
  for (const unit of units) {
    const prev = out[out.length - 1];
    // A numbered heading (一、综合) starts a section of its own, even right after the title.
    if (unit.type === 'heading' && prev?.type === 'heading' && run < 3 && !NUMBERED_HEADING.test(unit.text)) {
      prev.text = joinLines([prev.text, unit.text]);
      run++;
      continue;
    }
    run = unit.type === 'heading' ? 1 : 0;
    out.push(unit);
  }
  // A trailing heading with nothing after it is text, not a title.
  const tail = out[out.length - 1];
  if (tail?.type === 'heading') tail.type = 'para';
  return out;
}

function yearOf(raw: string): number | null {
  const text = arabicYears(raw);
  const m = /(?:^|[^\d])((?:19|20)\d{2})(?:[^\d]|$)/.exec(text) ?? /(?:^|[^\d.,])(1\d{2})年/.exec(text);
  return m ? Number(m[1]) : null;
}

/**
 * Cleans one extracted source into a document with sections.
 *
 * @param raw The whole text, or one string per PDF page (page numbers are kept).
 * @param meta The document's id and file name.
 */
export function cleanSource(raw: string | string[], meta: SourceMeta): CleanDocument {
  const pages = typeof raw === 'string' ? [raw] : raw;
  const stats: Stats = { doubledLines: 0, columnBreaks: 0, strayRemoved: 0 };
  const units = toUnits(toLines(pages), stats);

  const paras = units.filter((u) => u.type === 'para');
  const doubledChars = paras.filter((u) => u.doubled).reduce((n, u) => n + u.text.length, 0);
  const totalChars = paras.reduce((n, u) => n + u.text.length, 0);
  const bodyDoubled = totalChars > 0 && doubledChars > totalChars / 2;
  const firstDoubled = paras.findIndex((u) => u.doubled);
  const lastDoubled = paras.length - 1 - [...paras].reverse().findIndex((u) => u.doubled);

  const sections: Section[] = [];
  const authors: string[] = [];
  let current: Section | undefined;
  let afterByline = false;
  let paraIndex = -1;
  const hasPages = pages.length > 1;
  const open = (title: string, kind: Section['kind']): Section => {
    current = { title, kind, paragraphs: [] };
    if (hasPages) current.pages = [];
    sections.push(current);
    return current;
  };
  for (const unit of units) {
    if (unit.type === 'heading') {
      open(unit.text, 'section');
      afterByline = false;
      continue;
    }
    if (unit.type === 'byline') {
      if (unit.author && !authors.includes(unit.author)) authors.push(unit.author);
      afterByline = true;
      continue;
    }
    paraIndex++;
    // An undoubled paragraph before or after a doubled body is the article's lead.
    const outsideBody =
      bodyDoubled && !unit.doubled && (paraIndex < firstDoubled || paraIndex > lastDoubled);
    let target = current;
    if (!target || afterByline || (outsideBody && target.kind !== 'lead')) {
      target = open('', 'lead');
    } else if (!outsideBody && target.kind === 'lead' && bodyDoubled && unit.doubled && paraIndex === firstDoubled && target.paragraphs.length > 0) {
      target = open('', 'section');
    }
    afterByline = false;
    target.paragraphs.push(unit.text);
    target.pages?.push(unit.page);
  }

  // A heading followed directly by another (the title above 一、综合) names the document, not a section.
  for (let i = sections.length - 1; i >= 0; i--) if (sections[i]!.paragraphs.length === 0) sections.splice(i, 1);
  const firstHeading = units.find((u) => u.type === 'heading');
  const title = firstHeading?.text ?? meta.id;
  const allText = sections.map((s) => s.paragraphs.join('')).join('');
  const script: Script = detectScript(allText.slice(0, 4000));
  const warnings: string[] = [];
  if (stats.doubledLines) warnings.push(`doubled glyphs repaired on ${stats.doubledLines} lines`);
  if (stats.columnBreaks) warnings.push(`${stats.columnBreaks} column breaks joined`);
  if (stats.strayRemoved) warnings.push(`stray spaces removed on ${stats.strayRemoved} lines`);
  if (sections.length === 0) warnings.push('no text found');

  return {
    id: meta.id,
    file: meta.file,
    title,
    author: authors.length ? authors.join('、') : null,
    year: yearOf(title) ?? yearOf(meta.id) ?? yearOf(meta.file),
    script,
    sections,
    warnings,
  };
}
