/**
 * Builds a document from its units: the title (the title lines at the top,
 * never the first section heading or a caption), the byline or issuer, the
 * date and period stated near the top, and the sections.
 */
import { fold } from '../script.ts';
import type { Section, TableRow } from '../types.ts';
import { dateLine, NUMBERED_HEADING } from './line-kinds.ts';
import type { Unit } from './units.ts';

/** What the top of a document says about it. */
export interface DocumentMeta {
  title: string | null;
  subtitle: string | null;
  titleFrom: 'title' | 'heading' | null;
  author: string | null;
  byline: string | null;
  date: string | null;
  period: string | null;
}

/** Sections and metadata of a document. */
export interface Assembled {
  meta: DocumentMeta;
  sections: Section[];
}

/** How far (as a share) a heading's length may be from the document's typical heading and still be one. */
const HEADING_LENGTH_SLACK = 0.2;
/** Most lines a title has. */
const MAX_TITLE_LINES = 3;

/** A year, written in Arabic digits, in Chinese digits or as a Minguo year, with 年. */
const YEAR = String.raw`(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4}|1\d{2})\s*年度?`;
const MONTHS = String.raw`(?:[1-9]|1[0-2]|[一二三四五六七八九十]|十[一二])`;
/** The part of a year a document reports on: 一季度, 第三季, 上半年, 1—6月, 前三季度, 全年, 12月份. */
const PART = String.raw`(?:前?第?[一二三四1-4]季度?|[上下]半年|前?${MONTHS}\s*(?:[—\-–~～至到]\s*${MONTHS})?\s*月份?|全年)`;
const PERIOD = new RegExp(`${YEAR}(?:${PART})?|${PART}`, 'u');
/** A full date inside a line: 2024年1月16日. */
const DATE_IN_TEXT = new RegExp(String.raw`(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年${MONTHS}月[\d一二三四五六七八九十]{1,3}日`, 'u');

/** The first match of `pattern` in `text`, as written (folding keeps offsets). */
function findAsWritten(pattern: RegExp, text: string): string | null {
  const m = pattern.exec(fold(text));
  return m ? text.slice(m.index, m.index + m[0].length).trim() : null;
}

/**
 * Nouns that name a kind of document and end its title (…工作总结,
 * …统计公报, …数据): a top line that ends with one closes the title.
 */
const DOCUMENT_KIND_END = /(?:报告|公报|通报|总结|综述|分析|纪要|规划|方案|意见|通知|办法|决定|简报|年鉴|白皮书|调查|数据|情况|条例|细则|声明|公告|快报|月报|年报|专报)$/u;

/** How many of the top lines the title takes at least: through the last that names a kind of document. */
function titleThrough(top: readonly Unit[]): number {
  for (let j = top.length - 1; j >= 0; j--) if (DOCUMENT_KIND_END.test(fold(top[j]!.text))) return j + 1;
  return 0;
}

/** True when a text states a year (the mark of a report's title: 2023年, 二〇二二年, 112年). */
function statesYear(text: string): boolean {
  return new RegExp(YEAR, 'u').test(fold(text));
}

const BODY = new Set<Unit['kind']>(['para', 'item', 'row']);

/** A line under a title that goes on with it: "——2024年1月16日在…会议上", "（2023年）". */
const SUBTITLE = /^[—–\-（(]/u;
/** A subtitle set off by a dash, or saying where the report was delivered (（2024年1月12日在…大会第三次会议上）). */
const DASH_SUBTITLE = /^[—–-]|^[（(]?\s*(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}日在.{2,40}(?:会议|大会)上\s*[）)]?$/u;

/**
 * Which of the headings at the top are the title. A title names the kind of
 * document it is (…统计公报, …工作总结) or states its year; the heading lines
 * after such a line (but a subtitle "——…") are the first section's heading.
 * Top lines that do neither are the first section's heading, and name the
 * document only for want of a title. With a year but no kind, the document's
 * other headings tell: the first heading is about as long as they are.
 * Above numbered sections (一、 …) every top line is the title.
 */
function splitTitle(top: readonly Unit[], later: readonly Unit[]): { title: number; merged: boolean } {
  const k = top.length;
  if (k === 0) return { title: 0, merged: false };
  if (later.length > 0 && later.filter((u) => NUMBERED_HEADING.test(u.text)).length * 2 > later.length) return { title: k, merged: false };
  const least = titleThrough(top);
  if (least > 0) {
    let j = least;
    while (j < k && (SUBTITLE.test(top[j]!.text) || DASH_SUBTITLE.test(top[j]!.text))) j++;
    return { title: j, merged: false };
  }
  if (!top.some((u) => statesYear(u.text))) return { title: 0, merged: true };
  const lengths = later.map((u) => u.text.length).sort((a, b) => a - b);
  if (lengths.length > 0) {
    const typical = lengths[Math.floor(lengths.length / 2)]!;
    const fits = (units: readonly Unit[]): boolean =>
      Math.abs(units.reduce((n, u) => n + u.text.length, 0) - typical) <= HEADING_LENGTH_SLACK * typical;
    for (let j = 1; j < k && j <= MAX_TITLE_LINES; j++) if (fits(top.slice(j))) return { title: j, merged: false };
  }
  return { title: k, merged: false };
}

/**
 * Builds sections and metadata from units. Paragraphs, list items and rows
 * go into the section of the heading before them; an undoubled paragraph
 * before or after a doubled body (a newspaper's lead) and the text after a
 * byline form untitled lead sections.
 */
export function assemble(units: Unit[], hasPages: boolean): Assembled {
  const meta: DocumentMeta = { title: null, subtitle: null, titleFrom: null, author: null, byline: null, date: null, period: null };
  // A heading with nothing after it is text.
  const last = units[units.length - 1];
  if (last?.kind === 'heading') last.kind = 'para';
  const firstBody = units.findIndex((u) => BODY.has(u.kind));
  const topEnd = firstBody < 0 ? units.length : firstBody;
  const topHeadings: Unit[] = [];
  // A byline, issuer or date line under the top headings ends the title.
  let signedAfter = -1;
  for (const unit of units.slice(0, topEnd)) {
    if (unit.kind === 'heading' && NUMBERED_HEADING.test(unit.text)) break;
    if (unit.kind === 'heading') topHeadings.push(unit);
    else if (signedAfter < 0 && topHeadings.length > 0 && (unit.kind === 'byline' || unit.kind === 'issuer' || unit.kind === 'date')) signedAfter = topHeadings.length;
  }
  const later = units.slice(topEnd).filter((u) => u.kind === 'heading');
  const { title, merged } = signedAfter > 0 ? { title: signedAfter, merged: false } : splitTitle(topHeadings, later);
  const titleUnits = topHeadings.slice(0, title);
  // A line under the title that starts with a dash ("——2024年1月16日在…会议上") is its subtitle.
  const main = titleUnits.filter((u, i) => i === 0 || !DASH_SUBTITLE.test(u.text));
  const sub = titleUnits.filter((u) => !main.includes(u));
  if (sub.length > 0) meta.subtitle = sub.map((u) => u.text).join('');
  if (main.length > 0) {
    meta.title = main.map((u) => u.text).join('');
    meta.titleFrom = 'title';
  }
  // The rest of the top headings is the first section's heading.
  const firstHeading = topHeadings.slice(merged ? 0 : title);
  if (firstHeading.length > 1) firstHeading[0]!.text = firstHeading.map((u) => u.text).join('');
  if (merged) {
    meta.title = firstHeading[0]!.text;
    meta.titleFrom = 'heading';
  }
  const skip = new Set<Unit>([...titleUnits, ...firstHeading.slice(1)]);

  // Byline, issuer and date: in the top units, or signed at the very end.
  const authors: string[] = [];
  for (const unit of units.slice(0, topEnd)) {
    if (unit.kind === 'issuer' && meta.byline === null) {
      meta.byline = unit.text;
      meta.date ??= unit.date ?? null;
      skip.add(unit);
    } else if (unit.kind === 'date' && meta.date === null) {
      meta.date = dateLine(unit.text) ?? unit.text;
      skip.add(unit);
    }
  }
  const [signer, signed] = units.slice(-2);
  if (signer?.kind === 'issuer' && signed?.kind === 'date') {
    meta.byline ??= signer.text;
    meta.date ??= dateLine(signed.text) ?? signed.text;
    skip.add(signer).add(signed);
  }
  meta.date ??= findAsWritten(DATE_IN_TEXT, `${meta.title ?? ''}${meta.subtitle ?? ''}`);

  const sections = buildSections(units, skip, authors, hasPages);
  if (authors.length > 0) {
    meta.author = authors.join('、');
    meta.byline ??= units.find((u) => u.kind === 'byline' && u.author)?.text ?? null;
  } else if (meta.byline !== null) {
    meta.author = meta.byline;
  }
  meta.period = findPeriod(meta.title, sections);
  return { meta, sections };
}

/** The period stated in the title, else in the first sentence of the text (with its year), as written. */
function findPeriod(title: string | null, sections: readonly Section[]): string | null {
  if (title !== null) {
    const inTitle = findAsWritten(PERIOD, title);
    if (inTitle) return inTitle;
  }
  const first = sections[0]?.paragraphs[0];
  if (first === undefined) return null;
  const sentence = first.split(/[。！？；]/)[0]!;
  const found = findAsWritten(new RegExp(`${YEAR}(?:${PART})?`, 'u'), sentence.slice(0, 40));
  return found;
}

function buildSections(units: readonly Unit[], skip: ReadonlySet<Unit>, authors: string[], hasPages: boolean): Section[] {
  const paras = units.filter((u) => BODY.has(u.kind) && !skip.has(u));
  const doubledChars = paras.filter((u) => u.doubled).reduce((n, u) => n + u.text.length, 0);
  const totalChars = paras.reduce((n, u) => n + u.text.length, 0);
  const bodyDoubled = totalChars > 0 && doubledChars > totalChars / 2;
  const firstDoubled = paras.findIndex((u) => u.doubled);
  const lastDoubled = paras.length - 1 - [...paras].reverse().findIndex((u) => u.doubled);

  const sections: Section[] = [];
  let current: Section | undefined;
  let afterByline = false;
  let paraIndex = -1;
  const open = (title: string, kind: Section['kind']): Section => {
    current = { title, kind, paragraphs: [] };
    if (hasPages) current.pages = [];
    sections.push(current);
    return current;
  };
  for (const unit of units) {
    if (skip.has(unit)) continue;
    if (unit.kind === 'heading') {
      open(unit.text, 'section');
      afterByline = false;
      continue;
    }
    if (unit.kind === 'byline') {
      if (unit.author && !authors.includes(unit.author)) authors.push(unit.author);
      afterByline = true;
      continue;
    }
    const body = BODY.has(unit.kind);
    if (body) paraIndex++;
    // An undoubled paragraph before or after a doubled body is the article's lead.
    const outsideBody = body && bodyDoubled && !unit.doubled && (paraIndex < firstDoubled || paraIndex > lastDoubled);
    let target = current;
    if (!target || afterByline || (outsideBody && target.kind !== 'lead')) {
      target = open('', 'lead');
    } else if (body && !outsideBody && target.kind === 'lead' && bodyDoubled && unit.doubled && paraIndex === firstDoubled && target.paragraphs.length > 0) {
      target = open('', 'section');
    }
    afterByline = false;
    target.paragraphs.push(unit.text);
    target.pages?.push(unit.page);
    if (unit.row) addRow(target, unit.row);
    else if (target.rows) target.rows.push(null);
  }
  // A heading with no text under it names nothing.
  for (let i = sections.length - 1; i >= 0; i--) if (sections[i]!.paragraphs.length === 0) sections.splice(i, 1);
  return sections;
}

/** Records a table row beside its paragraph (the rows array is made on the first row of a section). */
function addRow(section: Section, row: TableRow): void {
  if (!section.rows) section.rows = section.paragraphs.slice(0, -1).map(() => null);
  section.rows.push(row);
}
