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
  /** A year relative to the speaker's: −3 大前年, −2 前年, −1 去年/过去一年, 0 今年, 1 明年; null when absolute or absent. */
  relative: number | null;
  /** The last N whole years before the speaker's (过去五年, 近三年, 五年来): N, or null. */
  lastYears: number | null;
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
/** A count of years or months: 两, 五, 十, 3, 10. */
const SMALL_COUNT = '[两二三四五六七八九十]|\\d{1,2}';
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
  lastYears?: number;
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
  // 2017到2021这五年 is one span, its count of years no second one.
  { re: new RegExp(`(?<![\\d.])((?:19|20)\\d{2})(?:年)?${RANGE_SEP}((?:19|20)\\d{2})(?:年|(?=这|期间|间))(?:这?(?:${SMALL_COUNT})年(?:间|来)?)?`, 'g'), read: (m) => ({ years: [Number(m[1]), Number(m[2])] as [number, number] }) },
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
  // Years relative to the speaker's, before 年末 could take their 年 (去年底 is the end of last year).
  { re: /(?:今年|本年度?)(末|底)?/g, read: (m) => relativeYear(0, m[1]) },
  { re: /(?:去年|上年度?|上一年|过去一年|前一年)(末|底)?/g, read: (m) => relativeYear(-1, m[1]) },
  { re: /大前年(末|底)?/g, read: (m) => relativeYear(-3, m[1]) },
  { re: /前年(末|底)?/g, read: (m) => relativeYear(-2, m[1]) },
  { re: /(?:明年|来年|下一年)(末|底)?/g, read: (m) => relativeYear(1, m[1]) },
  { re: /全年|年末|年底|全年度/g, read: () => ({ span: { ...FULL_YEAR } }) },
  { re: new RegExp(`(${MONTH_NUMBER})(?:月份?)?${RANGE_SEP}(${MONTH_NUMBER})月(?:份)?`, 'g'), read: (m) => monthRange(m[1]!, m[2]!) },
  { re: new RegExp(`(?:前|头|首)(${CN_NUMBER}|\\d{1,2})个?月`, 'g'), read: (m) => monthRange('1', m[1]!) },
  // 截至十一月止的三个月 (Hong Kong and Macao releases): the months ending with the one named.
  { re: new RegExp(`(${MONTH_NUMBER})月(?:底|末)?止?的(${SMALL_COUNT})个月`, 'g'), read: (m) => monthsEnding(smallNumber(m[1]!), smallNumber(m[2]!)) },
  // A single month (5月份, 12月), but not a date (5月15日) nor a duration (5个月).
  { re: new RegExp(`(?<![\\d个])(${MONTH_NUMBER})月(?:份)?(?![\\d一二三四五六七八九十]+[日号])`, 'g'), read: (m) => monthRange(m[1]!, m[1]!) },
  // Holidays and seasons are periods of their own (春节假期 is not 清明假期).
  { re: /春节|元旦|清明|劳动节|五一|端午|中秋|国庆|暑期|寒假|暑假/g, read: (m) => ({ occasion: m[0] === '劳动节' ? '五一' : m[0] === '暑假' ? '暑期' : m[0] }) },
  // A five-year plan's years (“十三五”时期 = 2016—2020, counted from 十一五 = 2006—2010), or its last
  // (“十四五”末 = 2025). A bare 十四五 names the plan (十四五开局之年, 十四五规划目标), no period.
  { re: /十([一二三四五六七八九])五[”"]?(时期|期间|以来|末)/g, read: (m) => fiveYearPlan(smallNumber(m[1]!), m[2] === '末') },
  // 过去五年, 近三年, 五年来: the whole years before the speaker's — unless they only rank a
  // figure (为近3年最高, 创近五年新高).
  { re: new RegExp(`(?:(?:过去|近|最近|这)(${SMALL_COUNT})年(?:来|以来|间|中)?|(?<![\\d十])(${SMALL_COUNT})年(?:来|以来))(?!(?:来|以来)?(?:最|新高|新低|同期))`, 'g'), read: (m) => lastYears(m[1] ?? m[2]!) },
];

/** A year relative to the speaker's; at its end (去年末) it speaks of the whole year. */
function relativeYear(relative: number, end: string | undefined): Omit<Part, 'start' | 'end'> {
  return end ? { relative, span: { ...FULL_YEAR } } : { relative };
}

function fiveYearPlan(k: number, last: boolean): Omit<Part, 'start' | 'end'> | null {
  if (!Number.isInteger(k)) return null;
  return last ? { year: 2005 + 5 * k } : { years: [2001 + 5 * k, 2005 + 5 * k] };
}

function lastYears(count: string): Omit<Part, 'start' | 'end'> | null {
  const n = smallNumber(count);
  // 一年来 is the past year, which 去年 reads; more than ten is no period a report reviews.
  return Number.isInteger(n) && n >= 2 && n <= 10 ? { lastYears: n } : null;
}

function quarter(m: RegExpExecArray): Omit<Part, 'start' | 'end'> | null {
  const raw = m[1] ?? m[2] ?? m[3];
  const q = raw ? smallNumber(raw) : 1;
  const s = span(3 * q - 2, 3 * q);
  return s ? { span: s } : null;
}

/** The `count` months ending with month `to` (三个月 to 11月: 9—11月); none reaching into the year before. */
function monthsEnding(to: number, count: number): Omit<Part, 'start' | 'end'> | null {
  const months = span(to - count + 1, to);
  return months ? { span: months } : null;
}

function monthRange(from: string, to: string): Omit<Part, 'start' | 'end'> | null {
  const s = span(smallNumber(from), smallNumber(to));
  return s ? { span: s } : null;
}

/** Characters without which no time expression is written. */
const TIME_CHARS = /[年月季度今去前明本上下全头首q五]/;

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
      lastYears: part.lastYears ?? null,
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
  const years = mention.years ?? (mention.lastYears !== null && reference !== null ? ([reference - mention.lastYears, reference - 1] as [number, number]) : null);
  return { year, years, span: mention.span, occasion: mention.occasion };
}

/** Whether two spans are the same months. */
export function sameSpan(a: MonthSpan, b: MonthSpan): boolean {
  return a.from === b.from && a.to === b.to;
}

/** Words that mark a figure as a target or plan rather than a result. */
export const PLAN_MARK = /目标|预期|力争|争取|计划|确保|预计|打算|准备|拟|将(?:达到|实现|新增|建成|突破|完成)/;

/** Words a section title of plans uses besides PLAN_MARK (2025年工作安排, 主要任务, 工作思路). */
const SECTION_PLAN_MARK = /展望|安排|打算|部署|任务|思路/;

/** Words before a plan mark that make it a result (完成年度目标, 超额完成计划, 好于预期). */
const RESULT_BEFORE_PLAN = /(?:完成|实现|超额|超过|超出|超|达到|高于|低于|好于)[^，,；;。]{0,4}$/;

/** Words after a plan noun that make it a result (目标任务圆满完成, 主要任务完成情况). */
const RESULT_AFTER_PLAN = /^[^，,；;。]{0,6}(?:完成|实现|达成|超额)/;

/** Plan marks that are nouns: 目标完成 reports a result, where 力争完成 or 计划完成 plans one. */
const PLAN_NOUN = /^(?:目标|预期|任务)$/;

/** What after any plan mark reports on the plan (计划执行情况, 年度计划完成情况). */
const REPORT_AFTER_PLAN = /^[^，,；;。]{0,6}(?:完成|实现|达成|执行|落实)情况/;

/** Whether a text announces plans (目标, 力争 …) rather than reporting results (完成年度目标, 目标任务圆满完成). */
export function announcesPlan(text: string, mark: RegExp = PLAN_MARK): boolean {
  const m = mark.exec(text);
  if (m === null || RESULT_BEFORE_PLAN.test(text.slice(0, m.index))) return false;
  const after = text.slice(m.index + m[0].length);
  return !(PLAN_NOUN.test(m[0]) ? RESULT_AFTER_PLAN : REPORT_AFTER_PLAN).test(after);
}

/** Whether a section title is one of plans (2025年主要目标, 工作安排) rather than of results (经济运行好于预期, 主要任务完成情况). */
export function titleAnnouncesPlan(title: string): boolean {
  return announcesPlan(title) || announcesPlan(title, SECTION_PLAN_MARK);
}

/** What follows a plan mark that opens a list of targets (目标是：, 目标为, 力争实现以下目标：, 预期目标如下). */
const LIST_OPENING = /^[^，,；;。\d]{0,8}(?:是|为|：|:|如下)/;

/**
 * Whether a sentence opens a list of plans the next sentences of its
 * paragraph state (今年主要预期目标是：). A sentence naming a plan in passing
 * (计划总投资50亿元, 距离千亿目标仅一步之遥) speaks only for itself.
 */
export function introducesPlans(sentence: string): boolean {
  const m = PLAN_MARK.exec(sentence);
  return m !== null && announcesPlan(sentence) && LIST_OPENING.test(sentence.slice(m.index + m[0].length));
}
