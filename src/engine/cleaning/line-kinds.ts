/**
 * What a line of a document is, by its form: a numbered heading or list
 * item, a heading, a byline or issuer, a date, a table caption or unit note.
 * Only the form is read here; where a line stands is decided by the layout.
 */
import { extractFigures } from '../figures.ts';
import { fold } from '../script.ts';
import { hasSentenceEnd } from '../sentences.ts';
import { countHan } from './glyphs.ts';

/** 第一章, 一、, （一）: the numbering of headings. */
export const NUMBERED_HEADING = /^(?:第[一二三四五六七八九十百零〇两\d]+[章节部分篇]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])/;

/**
 * The mark that starts a list item: - • · ● ▪ ■ ◆ ★ ① 1. 1、 (1) a) 一是.
 * A digit right after "1." is a decimal, not a list ("1.5%").
 */
const LIST_MARKER =
  /^(?:[-•·●○▪■□◆◇★☆*+](?=\s|\p{Script=Han}|[“《（(])|[①-⑳⑴-⒇]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|[a-zA-Z][.)](?=\s)|[一二三四五六七八九十]是)/u;

/** True when a line starts with a list or heading number (一、 （一） 1. ① - …). */
export function startsItem(text: string): boolean {
  return NUMBERED_HEADING.test(text) || LIST_MARKER.test(text);
}

/** True when a line starts with the mark of a list item (- • ① 1. (1) 一是), not a heading number. */
export function startsListItem(text: string): boolean {
  return LIST_MARKER.test(text) && !NUMBERED_HEADING.test(text);
}

/** "时间：2024年6月12日", "地点：会议室": a short label and a colon, then its value. */
const LABEL_LINE = /^\p{Script=Han}{2,6}[：:](?!$)/u;

/** True when a line is a label with its value (时间：…, 地点：…), an item of its own. */
export function isLabelLine(text: string): boolean {
  return LABEL_LINE.test(text);
}

/** The list mark at the start of a line ("- ", "• ", "① "), or '' ("1." and 一、 are kept: they are part of the text). */
export function bulletOf(text: string): string {
  const m = /^[-•·●○▪■□◆◇★☆*+]\s*/u.exec(text);
  return m && LIST_MARKER.test(text) ? m[0] : '';
}

/** Longest heading, in characters. */
const MAX_HEADING = 40;
/** Longer headings with commas are wrapped sentences. */
const MAX_HEADING_WITH_COMMA = 20;

/**
 * Whether a line could be (part of) a heading: 'closed' when it could stand
 * alone, 'open' when it could only be the first line of a heading wrapped
 * onto two lines (it stops at a comma or inside a number: "一、2023" / "年工作回顾"),
 * null when it is no heading at all.
 */
export function headingShape(text: string): 'closed' | 'open' | null {
  if (text.length < 2 || text.length > MAX_HEADING) return null;
  const numbered = NUMBERED_HEADING.test(text);
  if (countHan(text) < (numbered ? 1 : 2)) return null;
  if (hasSentenceEnd(text)) return null;
  if (/[：:（(《\-—]$/.test(text)) return null;
  if (/[，,]/.test(text.slice(0, -1)) && text.length > MAX_HEADING_WITH_COMMA) return null;
  if (/[，、,\d.“‘]$/.test(text)) return 'open';
  // An opening quote not yet closed: the heading goes on ("一、从“跟" / "跑”到“并跑”").
  if (count(text, '“') > count(text, '”')) return 'open';
  return 'closed';
}

function count(text: string, ch: string): number {
  return text.split(ch).length - 1;
}

/** True when a line could be a heading on its own: short, Chinese, no sentence inside. */
export function headingLike(text: string): boolean {
  return headingShape(text) === 'closed';
}

/** Kinds of figure a heading may hold: a year, date or period (七、2024年工作目标, 上半年), an ordinal, a bare number. */
const HEADING_FIGURES = new Set(['year', 'date', 'ordinal', 'group', 'number', 'duration']);

/** True when a line states a quantity (1260人, 830万元): a list item or a row, not a heading. */
export function statesQuantity(text: string): boolean {
  return extractFigures(fold(text)).some((f) => !HEADING_FIGURES.has(f.kind));
}

/** Who delivers a report (县长 周明远, 代县长 陈立新): the byline of a government work report. */
const SPEAKER = /代?(?:省长|市长|县长|区长|州长|旗长|镇长|乡长)/u;
const BYLINE = new RegExp(
  String.raw`^[（(【\[]?\s*(?:本报)?(?:文|文图|图文|文\s*\/\s*图|记者|本报记者|特约记者|通讯员|撰稿|作者|撰文|编辑|责任编辑|执笔|${SPEAKER.source})\s*[\/／:：|｜]?\s*([\p{Script=Han}·•\s、，,A-Za-z]{2,24}?)\s*[）)】\]]?$`,
  'u',
);
/** A speaker's office after its place and before the name, a space between (云陵县代县长  林晓岚). */
const PLACE_SPEAKER = new RegExp(String.raw`^[（(]?\s*\p{Script=Han}{2,14}?${SPEAKER.source}\s+([\p{Script=Han}·]{2,4})\s*[）)]?$`, 'u');
/** Longest byline, in characters. */
const MAX_BYLINE = 48;
const ROLE_WORDS = /\s*(?:本报|特约)?(?:记者|通讯员|实习生|摄影|编辑|责任编辑|校对)\s*/u;

/** The author named by a byline such as "(文/张超)" or "本报记者 王磊 通讯员 李晓娜", or null. */
export function bylineAuthor(text: string): string | null {
  if (text.length > MAX_BYLINE) return null;
  const folded = fold(text);
  // 枫陵市市长  许文涛, 云枫县人民政府县长  周启明: the office with its place, then the name.
  const office = PLACE_SPEAKER.exec(folded.trim());
  if (office) return text.trim().slice(-office[1]!.length);
  const m = BYLINE.exec(folded);
  if (!m) return null;
  const hasMarker =
    /^[（(【\[]/.test(folded) || /[\/／:：]/.test(folded) || /记者|通讯员|作者|撰稿|编辑|执笔/.test(folded) || new RegExp(`^${SPEAKER.source}\\s`, 'u').test(folded);
  if (!hasMarker) return null;
  // The names as written (folding keeps offsets): the first role's names.
  const at = m.index + m[0].indexOf(m[1]!);
  const names = text.slice(at, at + m[1]!.length).split(ROLE_WORDS)[0]!.trim();
  const author = names.replace(/\s+/g, '、').replace(/[，,]/g, '、').replace(/、+$/, '');
  return author.length >= 2 ? author : null;
}

/**
 * The endings of the names of public bodies and companies (统计局, 人民政府,
 * 管委会, 研究院 …): a short line of its own that ends so, under a title or
 * above a date, is the issuer of the document.
 */
const BODY_ENDING = /(?:局|处|署|厅|部|委|委员会|管委会|办公室|办|政府|中心|院|所|会|公司|集团|银行|协会|学会|科|站|社|队)$/u;
/** "发布单位：…", "来源：…": the label an issuer line may start with. */
const ISSUER_LABEL = /^(?:(?:发布|发文|主办|编制)?(?:单位|机构|部门)|来源)[:：]/u;
/** Longest issuer line, in characters. */
const MAX_ISSUER = 24;

/** True when a line is the name of the public body or company that issues the document (青禾县统计局). */
export function isIssuer(text: string): boolean {
  const folded = fold(text).replace(ISSUER_LABEL, '').trim();
  // One body (its name may be spaced out: 青禾县 统计局), or a few side by side (…统计局　国家统计局…调查队).
  const parts = folded.split(/\s+/u);
  return isBody(folded.replace(/\s+/gu, '')) || (parts.length <= MAX_BODIES && parts.every(isBody));
}

/** Most bodies an issuer line names side by side. */
const MAX_BODIES = 3;

function isBody(name: string): boolean {
  return name.length >= 3 && name.length <= MAX_ISSUER && countHan(name) === name.length && BODY_ENDING.test(name);
}

/** 2024年3月15日, 二〇二四年三月十五日, 中華民國113年4月20日, 2024-03-15, 2024/3/15, 2024.3.15, with brackets or 发布时间： before. */
const DATE =
  /^[（(【\[]?\s*(?:(?:发布|发稿|更新|印发|成文)?(?:时间|日期)\s*[:：]\s*)?((?:(?:中华)?民国|公元)?\s*(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4}|1\d{2})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})\s*(?:[\d:：]{4,8})?\s*(?:[（(]?(?:星期|周|週|礼拜|禮拜)[一二三四五六日天][）)]?)?\s*[）)】\]]?$/u;

/** Longest line that is only a date, in characters. */
const MAX_DATE_LINE = 32;

/** The date a line states when the line is only a date ("2024年3月15日", "（2024-03-15）"), as written; else null. */
export function dateLine(text: string): string | null {
  if (text.length > MAX_DATE_LINE || !/[年\-/.]/.test(text)) return null;
  const m = DATE.exec(fold(text).trim());
  if (!m) return null;
  const at = text.indexOf(text.trim()) + m.index + m[0].indexOf(m[1]!);
  return text.slice(at, at + m[1]!.length);
}

/**
 * A signature line: an issuer and a date on one line ("芜湖市统计局  2024-03-21",
 * "芜湖市统计局　发布时间：2024年1月29日"); null when the line is not one.
 */
export function signatureOf(text: string): { issuer: string; date: string } | null {
  if (text.length > MAX_ISSUER + MAX_DATE_LINE + ISSUER_LABEL_ROOM) return null;
  // 发布日期：2024-01-18    来源：柏港综合保税区管理委员会: the date first, the issuer after its label.
  const source = /^(.*?\S)\s*((?:(?:发布|发文|主办|编制)?(?:单位|机构|部门)|来源)[:：].+)$/u.exec(text.trim());
  if (source) {
    const date = dateLine(source[1]!);
    if (date !== null && isIssuer(source[2]!)) return { issuer: source[2]!.replace(/^[^:：]+[:：]\s*/u, ''), date };
  }
  // （石港高新区管委会  2023年12月28日）: a signature in brackets.
  const bare = text.trim().replace(/^[（(]\s*(.*?)\s*[）)]$/u, '$1');
  if (bare !== text.trim()) return signatureOf(bare);
  const folded = fold(text);
  // The date starts at its year (Arabic, Chinese digits or Minguo), after an optional label.
  const at = folded.search(/(?:(?:发布|发稿|更新|印发|成文)?(?:时间|日期)\s*[:：]\s*)?(?:(?:中华)?民国|公元)?(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4}|1\d{2})\s*[年\-/.]/u);
  if (at <= 0) return null;
  const issuer = text.slice(0, at).trim();
  const date = dateLine(text.slice(at)) ?? MONTH_DATE.exec(text.slice(at).trim())?.[0] ?? null;
  return date !== null && isIssuer(issuer) ? { issuer, date } : null;
}

/** A year and month after an issuer (臺東縣政府交通及觀光發展處　中華民國114年4月): the date of a signature, not of a line alone. */
const MONTH_DATE = /^(?:(?:中[华華])?民[国國]|公元)?\s*(?:(?:19|20)\d{2}|1\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月$/u;

/** Room for an issuer's label (来源：) on a signature line. */
const ISSUER_LABEL_ROOM = 8;

/** 表1, 表 2, 附表3, 表一, 图2: the start of a table or figure caption. */
const CAPTION = /^(?:附|续)?[表图]\s*(?:\d{1,3}(?:[-.．]\d{1,2})?|[一二三四五六七八九十]{1,3})(?=\s|[：:\p{Script=Han}（(]|$)/u;

/** True when a line is a table or figure caption ("表2 2023年各区主要指标"). */
export function isCaption(text: string): boolean {
  return /[表图圖]/.test(text.slice(0, 3)) && CAPTION.test(fold(text));
}

/** "单位：万元", "（单位：亿元、%）", "计量单位：万人". */
// The unit ends at a space or a mark (单位：元　币种：人民币).
const UNIT_NOTE = /[（(]?\s*(?:计量)?单位\s*[:：]\s*([^）)\s，,；;:：]{1,16}?)\s*(?:(?:[\s，,；;]|币种)[^）)]*)?[）)]?\s*$/u;

/** The unit a table's unit note states ("单位：万元" → "万元"), or null. */
export function unitNote(text: string): string | null {
  if (!text.includes('位')) return null;
  const m = UNIT_NOTE.exec(fold(text));
  if (!m) return null;
  const at = m.index + m[0].indexOf(m[1]!);
  return text.slice(at, at + m[1]!.length).trim();
}

/** True when the whole line is a unit note. */
export function isUnitNote(text: string): boolean {
  if (!text.includes('位')) return false;
  const m = UNIT_NOTE.exec(fold(text));
  return m !== null && m.index <= 1;
}

/** Page numbers printed at the top or bottom of a page: "12", "- 3 -", "第 4 页", "5/20". */
export const PAGE_NUMBER = /^[-—–\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／]\s*\d{1,4})?[-—–\s]*$/;
