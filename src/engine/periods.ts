/**
 * Time in Chinese reports and questions: years (2024年, 二〇二四年, Minguo
 * 113年), relative years (去年, 今年, 前年, 明年, 过去一年) and periods within a
 * year (一季度, 上半年, 前三季度, 1—5月, 5月份, 全年), each period a span of
 * months. A comparison base (比上年, 较1—4月, 上年同期) is marked so it never
 * sets the period a figure belongs to.
 *
 * Everything here reads folded text (see `fold`): offsets are those of the
 * text as written, since folding keeps length.
 */
import { arabicYears } from './tokenize.ts';

/** Months m … n of one year (1 ≤ from ≤ to ≤ 12). */
export interface MonthSpan {
  from: number;
  to: number;
}

/** The whole year. */
export const FULL_YEAR: Readonly<MonthSpan> = Object.freeze({ from: 1, to: 12 });

/** One expression of time in a text. */
export interface TimeMention {
  start: number;
  end: number;
  /** The year as written (2024, Minguo 113 → 2024), or null. */
  year: number | null;
  /** Several years at once (2021—2023年), or null. */
  years: [from: number, to: number] | null;
  /** A year relative to the speaker's: −2 前年, −1 去年/过去一年, 0 今年, 1 明年; null when absolute or absent. */
  relative: number | null;
  /** The months spoken of, or null when only a year is named. */
  span: MonthSpan | null;
  /** A named holiday or season spoken of (春节, 国庆, 暑期), or null. */
  occasion: string | null;
  /** A comparison base (比上年, 较1—4月, 上年同期, 与2023年相比), not the period a figure belongs to. */
  comparison: boolean;
}

/** A time as a question or a context has it: year (or several years) and months, each possibly unknown. */
export interface Period {
  year: number | null;
  /** Several years at once (a 2021—2023 total), which no single year matches. */
  years: [from: number, to: number] | null;
  span: MonthSpan | null;
  /** A named holiday or season (春节, 国庆), or null. */
  occasion?: string | null;
}

const CN_NUMBER = '[一二两俩三四五六七八九十]{1,3}';
const MONTH_NUMBER = `(?:1[0-2]|0?[1-9]|十[一二]?|[一二两三四五六七八九])`;
const RANGE_SEP = '\\s*(?:[-—–~～]{1,2}|至|到)\\s*';

const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 5, 05, 五, 十一 → a number; NaN when it is none. */
function smallNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '十') return 10;
  if (text.startsWith('十')) return 10 + (CN_DIGIT[text[1]!] ?? Number.NaN);
  if (text.endsWith('十')) return 10 * (CN_DIGIT[text[0]!] ?? Number.NaN);
  if (text.length === 3 && text[1] === '十') return 10 * (CN_DIGIT[text[0]!] ?? Number.NaN) + (CN_DIGIT[text[2]!] ?? Number.NaN);
  return text.length === 1 ? (CN_DIGIT[text] ?? Number.NaN) : Number.NaN;
}

function span(from: number, to: number): MonthSpan | null {
  return Number.isInteger(from) && Number.isInteger(to) && from >= 1 && to <= 12 && from <= to ? { from, to } : null;
}

/** What a pattern found: where, and what it says. */
interface Part {
  start: number;
  end: number;
  year?: number;
  years?: [number, number];
  relative?: number;
  date?: boolean;
  occasion?: string;
  span?: MonthSpan;
}

/**
 * The patterns, most specific first; a later pattern never takes characters
 * an earlier one matched. Each returns the parts it reads from one match.
 */
const PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => Omit<Part, 'start' | 'end'> | null }[] = [
  // 2021—2023年, 2021年至2023年: several years, no single one.
  { re: /(?<![\d.])((?:19|20)\d{2})(?:年)?\s*(?:[-—–~～]{1,2}|至|到)\s*((?:19|20)\d{2})年/g, read: (m) => ({ years: [Number(m[1]), Number(m[2])] as [number, number] }) },
  // A date (2025年3月26日) is when something was written or happened, not a period a figure is of.
  { re: new RegExp(`(?<![\\d.])(?:19|20)\\d{2}\\s*年\\s*${MONTH_NUMBER}月\\s*(?:\\d{1,2}|[一二三]?十?[一二三四五六七八九十])[日号]`, 'g'), read: () => ({ date: true }) },
  // 2022年末: the year, at its end.
  { re: /(?<![\d.])((?:19|20)\d{2})\s*年(?:度)?(末|底)?/g, read: (m) => ({ year: Number(m[1]), ...(m[2] ? { span: { ...FULL_YEAR } } : {}) }) },
  // Minguo years (113年 = 2024), as Taiwan writes them.
  { re: /(?:民国)?(?<![\d.])(1[0-2]\d)年(?:度)?/g, read: (m) => ({ year: Number(m[1]) + 1911 }) },
  { re: /(?:前(三|3)季度|前三个季度)/g, read: () => ({ span: { from: 1, to: 9 } }) },
  { re: /(?:第)?([一二三四1-4])季度|第([一二三四1-4])季(?!节)|首季度?|(?<![a-z])q([1-4])(?![\d])/g, read: quarter },
  { re: /上半年/g, read: () => ({ span: { from: 1, to: 6 } }) },
  { re: /下半年/g, read: () => ({ span: { from: 7, to: 12 } }) },
  { re: /全年|年末|年底|全年度/g, read: () => ({ span: { ...FULL_YEAR } }) },
  { re: new RegExp(`(${MONTH_NUMBER})(?:月份?)?${RANGE_SEP}(${MONTH_NUMBER})月(?:份)?`, 'g'), read: (m) => monthRange(m[1]!, m[2]!) },
  { re: new RegExp(`(?:前|头|首)(${CN_NUMBER}|\\d{1,2})个?月`, 'g'), read: (m) => monthRange('1', m[1]!) },
  // A single month (5月份, 12月), but not a date (5月15日) nor a duration (5个月).
  { re: new RegExp(`(?<![\\d个])(${MONTH_NUMBER})月(?:份)?(?![\\d一二三四五六七八九十]+[日号])`, 'g'), read: (m) => monthRange(m[1]!, m[1]!) },
  // Holidays and seasons are periods of their own (春节假期 is not 清明假期).
  { re: /春节|元旦|清明|劳动节|五一|端午|中秋|国庆|暑期|寒假|暑假/g, read: (m) => ({ occasion: m[0] === '劳动节' ? '五一' : m[0] === '暑假' ? '暑期' : m[0] }) },
  { re: /今年|本年度?/g, read: () => ({ relative: 0 }) },
  { re: /去年|上年度?|上一年|过去一年|前一年/g, read: () => ({ relative: -1 }) },
  { re: /前年/g, read: () => ({ relative: -2 }) },
  { re: /明年|来年|下一年/g, read: () => ({ relative: 1 }) },
];

function quarter(m: RegExpExecArray): Omit<Part, 'start' | 'end'> | null {
  const raw = m[1] ?? m[2] ?? m[3];
  const q = raw ? smallNumber(raw) : 1;
  const s = span(3 * q - 2, 3 * q);
  return s ? { span: s } : null;
}

function monthRange(from: string, to: string): Omit<Part, 'start' | 'end'> | null {
  const s = span(smallNumber(from), smallNumber(to));
  return s ? { span: s } : null;
}

/** Characters without which no time expression is written. */
const TIME_CHARS = /[年月季度今去前明本上下全头首q]/;

/** Words right before a time expression that make it a comparison base. */
const COMPARISON_BEFORE = /(?:比|较|同比|环比|与|相比|高于|低于|快于|慢于|超过|好于|对比)\s*$/;
/** Words right after it that do (上年同期, 2023年同期水平). */
const COMPARISON_AFTER = /^(?:同期|相比|水平|相比较)/;

/**
 * Every time expression in folded text, left to right. A year followed by a
 * period (2024年1—5月, 今年一季度, 去年全年) is one mention.
 */
export function timeMentions(folded: string): TimeMention[] {
  // Every pattern needs one of these characters; most sentences of a report have none but 年.
  if (!TIME_CHARS.test(folded)) return [];
  const text = arabicYears(folded);
  const taken = new Uint8Array(text.length);
  const parts: Part[] = [];
  for (const { re, read } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      let free = true;
      for (let i = start; i < end && free; i++) free = taken[i] === 0;
      if (!free) continue;
      const found = read(m);
      if (!found) continue;
      taken.fill(1, start, end);
      parts.push({ start, end, ...found });
    }
  }
  // Dates are read only so that their year and month are not taken for periods.
  parts.splice(0, parts.length, ...parts.filter((p) => !p.date));
  parts.sort((a, b) => a.start - b.start);
  const out: TimeMention[] = [];
  for (const part of parts) {
    const prev = out[out.length - 1];
    // "2024年一季度", "今年上半年": a year and the period right after it are one mention.
    if (prev && (part.span || part.occasion) && !prev.span && !prev.occasion && prev.end === part.start && (prev.year !== null || prev.relative !== null)) {
      prev.span = part.span ?? null;
      prev.occasion = part.occasion ?? null;
      prev.end = part.end;
      continue;
    }
    out.push({
      start: part.start,
      end: part.end,
      year: part.year ?? null,
      years: part.years ?? null,
      relative: part.relative ?? null,
      span: part.span ?? null,
      occasion: part.occasion ?? null,
      comparison: false,
    });
  }
  for (const mention of out) {
    const before = text.slice(Math.max(0, mention.start - 4), mention.start);
    const after = text.slice(mention.end, mention.end + 4);
    mention.comparison = COMPARISON_BEFORE.test(before) || COMPARISON_AFTER.test(after);
  }
  return out;
}

/** A mention as a period, its relative year resolved against `reference` (the speaker's year). */
export function periodOf(mention: TimeMention, reference: number | null): Period {
  const year = mention.year ?? (mention.relative !== null && reference !== null ? reference + mention.relative : null);
  return { year, years: mention.years, span: mention.span, occasion: mention.occasion };
}

/** Whether two spans are the same months. */
export function sameSpan(a: MonthSpan, b: MonthSpan): boolean {
  return a.from === b.from && a.to === b.to;
}

/** Words that mark a figure as a target or plan rather than a result. */
export const PLAN_MARK = /目标|预期|力争|争取|计划|确保|预计|打算|准备|拟|将(?:达到|实现|新增|建成|突破|完成)/;
