/**
 * Recognising questions that need several figures — across places (苏州和无锡,
 * 各市, 哪个开发区…最多, 排名), across periods (2021年和2022年, 近三年, 历年)
 * or a difference (比去年多了多少, 苏州比无锡多多少) — and reading them into a
 * plan: the entities and periods to ask about one by one, the order of a
 * ranking, and the question's own words left for each single-slot question.
 * A question that names one entity and one period is no comparison: it is
 * answered as asked.
 */
import type { CorpusModel } from './document-model.ts';
import { type EntityMention, type EntityName, isAbbreviationOf, kindMatches, provinceOf } from './entities.ts';
import { type MonthSpan, type TimeMention, periodOf, timeMentions } from './periods.ts';
import { fold } from './script.ts';
import { arabicYears, fullYears } from './tokenize.ts';

/** How a multi-figure answer is laid out: named entities or periods, or every period the documents state. */
export type ComparisonKind = 'comparison' | 'series';

/** One period of a comparison: a year, and the months asked for (null: the whole year). */
export interface PeriodSlot {
  /** The year, or null when the question names months only (一季度和上半年). */
  year: number | null;
  span: MonthSpan | null;
}

/** What a comparison question asks for. */
export interface ComparisonPlan {
  kind: ComparisonKind;
  /** The entities, as named or (collective) every document entity of the asked kind; empty when it names none. */
  entities: EntityName[];
  /** Whether the entities are every one of a kind (各市, 哪个开发区) rather than named one by one. */
  collective: boolean;
  /** The periods to ask for; null when they are every period the documents state (历年, 比去年 without a year). */
  periods: PeriodSlot[] | null;
  /** When the periods are found in the documents: the months each must be of (历年一季度), or null for whole years. */
  span: MonthSpan | null;
  /** A ranking asked for (最多, 最快, 排名): highest or lowest first. */
  order: 'desc' | 'asc' | null;
  /** A difference asked for: between periods (比去年多了多少) or between two entities (苏州比无锡多多少). */
  change: 'period' | 'entity' | null;
  /**
   * With a change between periods and no current period named, the base: a
   * year named (与2023年相比), or how many years before the latest the
   * documents state (比去年 → 1).
   */
  base: { period: PeriodSlot } | { offset: number } | null;
  /**
   * The periods are the last N years (近三年) and nothing asks for each of
   * them: the documents may state one figure for the whole span (近三年返乡
   * 创业的年轻人有二百六十余人), which then answers.
   */
  mayBeTotal: boolean;
  /** The question without its entities, times and comparison words: what each single-slot question asks. */
  core: string;
}

/** Words that join the entities or periods of a comparison (苏州和无锡, 2023年与2024年, 苏州、无锡). */
const JOINER = /^(?:和|与|及|以及|跟|同|还有|或|或者|对比|vs|、|,|，|\/|\s)*$/u;
/** Words asking for every period the documents state. */
const SERIES = /历年来?|历来|每一?年|逐年|各年度?|近年来|这几年|近几年|多年来|这些年|年度变化|变化趋势|走势|趋势|变化情况/gu;
/** 近三年, 最近5年, 过去三年, 这两年: the last N whole years before the question is asked. */
const LAST_YEARS = /(?:近|最近|过去|这)([两二三四五六七八九十]|\d{1,2})年(?:来|以来)?/gu;
/** A ranking, highest first (最高, 排名, 哪个多, 谁增长快). */
const RANK_DESC = /最(?:快|高|多|大|强|好|优|领先|靠前)|排名|排行|排序|名次|谁第一|第一名|(?<=(?:哪一?个|谁)[^，。？?]{0,10})更?(?:多|高|大|快)(?=$|[？?。！!，,]|呢|啊|吧|一些|一点)/gu;
/** A ranking, lowest first. */
const RANK_ASC = /最(?:慢|低|少|小|弱|差|后|靠后)|倒数|垫底/gu;
/** Words that ask for each of several figures (各多少, 分别是多少), left out of the single-slot questions. */
const EACH = /各自|分别|依次|各(?=是|为|有|多少|几|达|占|完成|实现|增长|下降)|都(?=是|有|多少)/gu;
/** Words that ask which one: the ranking's subject, not the indicator. */
const WHICH = /哪一?个|哪些|哪里|哪儿|谁的|谁/gu;
/** Kinds asked for collectively that the corpus writes differently (哪个城市 → 市). */
const KIND_ALIASES: Record<string, string> = { 城市: '市', 地级市: '市', 县区: '', 区县: '', 县市: '', 市县: '', 县市区: '', 地方: '', 地区: '', 地: '', 园区: '园区' };
/** Longest kind looked for after 各/哪个 (经济技术开发区 is 7 characters, 高新技术产业开发区 9). */
const MAX_KIND_LENGTH = 9;
/** What stands before a kind when every entity of it is meant (各市, 哪个开发区, 这三个市). */
const COLLECTIVE_BEFORE = /(?:各个|各|每个|每一个|所有|全部|哪一个|哪个|哪些|哪|(?:这|那)?(?:几|[两二三四五六七八九十]|\d{1,2})个)$/u;
/** A difference asked for: 多了多少, 少多少, 增加了多少家, 相差多少, 差距. */
const CHANGE = /(?:多|少|增加|减少|新增|净增|高|低|差|相差|差距|差了)(?:了|出)?(?:多少|几)(?![倍成])|差距(?:多大|是多少|有多少)?|相差(?:多少)?/u;
/** Growth asked as a rate (增长了多少, 提高了几个百分点): the documents state it; a single question. */
const RATE_CHANGE = /(?:增长|增速|增幅|涨幅|降幅|下降|上涨|下跌|提高|降低|上升|回落|涨|跌)(?:了)?(?:多少|几)(?![家个亿万元人吨])|百分点|个点|百分之|%|增速|增幅|涨幅|降幅/u;
/** A total or an average over several years (近三年累计, 年均增长): one figure, not a series. */
const TOTAL = /累计|年均|平均|合计|总计|一共|总共|共计/u;
/** A collective kind (哪个市) asks for figures only with words like these (not 属于哪个市). */
const ASKS_FIGURES = /多少|几|最|排|名次|各|分别|对比|比较/u;
/** Numbers in Chinese for 近三年. */
const SMALL: Record<string, number> = { 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** The most single-slot questions (entity × period) a comparison asks; entities beyond them are counted as left out. */
export const MAX_SLOTS = 40;

/** A question folded as entities and times are read from it (simplified, half-width, lower case, years in digits). */
export function normaliseQuestion(text: string): string {
  // 2023、2024年: a bare year joined to a year with 年 is a year too.
  return fullYears(arabicYears(fold(text.normalize('NFKC')).toLowerCase())).replace(/(?<!\d)((?:19|20)\d{2})(?=\s*(?:和|与|及|、|,|，)\s*(?:19|20)\d{2}年)/gu, '$1年');
}

/** A count of the places named (苏州、无锡、南通三市): it frames the comparison, it is no word of the indicator. */
const PLACE_COUNT = /[两二三四五六七八九十几\d]{1,2}个?(?:城市|地方|市|县|区|省|园区|开发区|地)(?=[^\p{Script=Han}]|的|\p{Script=Han})/gu;
/** Who has the most (谁的GDP最高, 哪家最多): every entity of the documents. */
const WHO = /谁|哪家|哪一家|哪里|哪儿|哪个地方/u;

interface Span {
  start: number;
  end: number;
}

/** Every match of a global pattern as spans. */
function spans(pattern: RegExp, text: string): Span[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** The mentions of a question; a province written before its own city (江苏苏州) is part of the city's mention. */
function entityMentions(model: CorpusModel, text: string): EntityMention[] {
  const all = model.lexicon.mentions(text);
  const out: EntityMention[] = [];
  for (let i = 0; i < all.length; i++) {
    const m = all[i]!;
    const next = all[i + 1];
    if (next && next.start === m.end && provinceOf(next.core) === m.core) {
      out.push({ ...next, start: m.start });
      i++;
    } else {
      out.push(m);
    }
  }
  return out;
}

/** Words before a comparison base (比去年, 较上年, 与2023年相比) that go with it. */
const BASE_BEFORE = /(?:比|较|与|同|跟|相比)$/u;
/** Words after it (2023年相比, 上年同期). */
const BASE_AFTER = /^(?:相比|同期|比)/u;

/** A comparison base's span with the words that introduce it. */
function baseSpan(text: string, t: TimeMention): Span {
  const before = BASE_BEFORE.exec(text.slice(Math.max(0, t.start - 2), t.start));
  const after = BASE_AFTER.exec(text.slice(t.end, t.end + 2));
  return { start: t.start - (before?.[0].length ?? 0), end: t.end + (after?.[0].length ?? 0) };
}

/**
 * Whether the text between consecutive spans only joins them. Nothing between
 * two names joins them only when the question asks for each (`bare`: 苏州无锡…
 * 各多少, not 宁波舟山港) and they are of one level (not 滁州光伏产业园, a place
 * and a body within it).
 */
function joined(text: string, items: readonly Span[], bare = false): boolean {
  for (let i = 0; i + 1 < items.length; i++) {
    const between = text.slice(items[i]!.end, items[i + 1]!.start);
    if (between === '' && !(bare && sameLevel(items[i]!, items[i + 1]!))) return false;
    if (!JOINER.test(between) && !/^比|^较|^相比/u.test(between)) return false;
  }
  return true;
}

/** Whether two entity mentions (or two times) are of one level: the same kind, or both cities or both provinces of the gazetteer. */
function sameLevel(a: Span, b: Span): boolean {
  if (!('core' in a) || !('core' in b)) return true;
  const x = a as EntityMention;
  const y = b as EntityMention;
  if (x.kind !== '' && x.kind === y.kind) return true;
  const city = (m: EntityMention): boolean => provinceOf(m.core) !== null;
  return x.known && y.known && x.kind === '' && y.kind === '' && city(x) === city(y);
}

/** A kind asked for collectively (各市, 哪个开发区, 哪个综保区, 所有园区), with its span; null when none. */
function collectiveKind(model: CorpusModel, text: string): { kind: string; span: Span } | null {
  const kinds = [...new Set([...Object.keys(KIND_ALIASES), ...model.lexicon.kinds])];
  for (let at = 1; at < text.length; at++) {
    const before = COLLECTIVE_BEFORE.exec(text.slice(Math.max(0, at - 3), at));
    if (!before) continue;
    const kind = kindAt(text, at, kinds);
    if (kind === null) continue;
    return { kind: KIND_ALIASES[kind] ?? kind, span: { start: at - before[0].length, end: at + kind.length } };
  }
  return null;
}

/** The longest kind written at `at`, in full or short (综保区 for 综合保税区); null when none. */
function kindAt(text: string, at: number, kinds: readonly string[]): string | null {
  for (let length = Math.min(MAX_KIND_LENGTH, text.length - at); length >= 1; length--) {
    const written = text.slice(at, at + length);
    if (kinds.some((k) => k === written || (length >= 2 && isAbbreviationOf(written, k)))) return written;
  }
  return null;
}

/** Every document entity of a kind ('' for any), once each, in the order of the documents. */
function entitiesOfKind(model: CorpusModel, kind: string): EntityName[] {
  const seen = new Map<string, EntityName>();
  for (const d of model.documents) {
    const e = d.entity;
    if (!e || seen.has(e.core)) continue;
    // The kind asked may be the documents' written short (开发区 for 经济技术开发区), not the other way round (新区 is no 高新区).
    if (kind === '' || (e.kind !== '' && kindMatches(kind, e.kind))) seen.set(e.core, e);
  }
  if (seen.size >= 2) return [...seen.values()];
  // 各园区, 哪个区 where the documents name their zones otherwise: every entity of the family.
  const family = new Map<string, EntityName>();
  for (const { entity: e } of model.documents) if (e && !family.has(e.core) && sameFamily(kind, e.kind)) family.set(e.core, e);
  return family.size >= 2 ? [...family.values()] : [...seen.values()];
}


/**
 * Whether a kind is of the family a reader names by its last character
 * (园区 or 区 for 经济技术开发区 and 综合保税区 alike), used when no entity
 * has the kind as written.
 */
function sameFamily(asked: string, kind: string): boolean {
  return kind.length > 0 && asked.length > 0 && asked[asked.length - 1] === kind[kind.length - 1];
}

/** The years of 近N年 against the year the question is asked in: the N whole years before it. */
function lastYears(text: string, reference: number): { years: number[]; span: Span } | null {
  LAST_YEARS.lastIndex = 0;
  const m = LAST_YEARS.exec(text);
  if (!m) return null;
  const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : (SMALL[m[1]!] ?? 0);
  if (n < 2 || n > 15) return null;
  return { years: Array.from({ length: n }, (_, i) => reference - n + i), span: { start: m.index, end: m.index + m[0].length } };
}

/**
 * The periods named (not as a comparison base), each year filled in from a
 * neighbour that names one (2024年一季度和上半年); a span of years
 * (2021—2023年) gives each of its years.
 */
function namedPeriods(own: readonly TimeMention[], reference: number): PeriodSlot[] {
  const periods = own.map((t) => periodOf(t, reference));
  const out: PeriodSlot[] = [];
  periods.forEach((p, i) => {
    if (p.years) {
      for (let y = p.years[0]; y <= p.years[1] && out.length < MAX_SLOTS; y++) out.push({ year: y, span: p.span });
      return;
    }
    const year = p.year ?? periods.slice(0, i).reverse().find((q) => q.year !== null)?.year ?? periods.slice(i + 1).find((q) => q.year !== null)?.year ?? null;
    out.push({ year, span: p.span });
  });
  // 2024年和2025年一季度: the one period of months named goes with every year.
  const spans = new Set(out.filter((p) => p.span).map((p) => `${p.span!.from}-${p.span!.to}`));
  if (spans.size === 1) {
    const span = out.find((p) => p.span)!.span;
    for (const p of out) p.span ??= span;
  }
  const seen = new Set<string>();
  return out.filter((p) => {
    const key = `${p.year}|${p.span?.from}-${p.span?.to}`;
    return !seen.has(key) && seen.add(key);
  });
}

/**
 * The base of a change between periods: the period after 比/较. 上年 is the
 * year before the current period; 去年 and 前年 are the speaker's (去年粮食
 * 比前年多了多少: 2024 against 2023), unless that is not before the current
 * period (2024年比去年: 2023). Without a current period, the base lies
 * `offset` years before the latest one the documents state.
 */
function basePeriod(text: string, times: readonly TimeMention[], current: PeriodSlot | null, reference: number): { offset: number; period: PeriodSlot | null } | null {
  const base = times.find((t) => t.comparison);
  if (!base) return null;
  if (base.year !== null) return { offset: 0, period: { year: base.year, span: base.span ?? current?.span ?? null } };
  const offset = base.relative !== null && base.relative < 0 ? -base.relative : 1;
  if (current?.year == null) return { offset, period: null };
  const speakers = text.slice(base.start, base.end).startsWith('上') ? null : periodOf(base, reference).year;
  const year = speakers !== null && speakers < current.year ? speakers : current.year - offset;
  return { offset, period: { year, span: base.span ?? current.span } };
}

/**
 * Reads a comparison or series question into a plan; null when it asks for
 * one figure (one entity and one period, or none).
 */
export function planComparison(question: string, model: CorpusModel, now: Date = new Date()): ComparisonPlan | null {
  const text = normaliseQuestion(question);
  const reference = now.getFullYear();
  const removed: Span[] = [];
  const mentions = entityMentions(model, text);
  const times = timeMentions(text);
  const collective = collectiveKind(model, text) ?? (WHO.test(text) && (/最/u.test(text)) ? { kind: '', span: { start: 0, end: 0 } } : null);
  const series = spans(SERIES, text);
  const lastYearsAsked = lastYears(text, reference);
  const desc = spans(RANK_DESC, text);
  const asc = spans(RANK_ASC, text);
  const order = asc.length > 0 ? 'asc' : desc.length > 0 ? 'desc' : null;
  EACH.lastIndex = 0;
  const each = EACH.test(text);
  EACH.lastIndex = 0;
  // A span of years (2021—2023年) is several periods only when each year is asked for (各年, 分别); else it is one total.
  const multiYears = times.some((t) => !t.comparison && t.years !== null) && (series.length > 0 || each);
  const ownTimes = times.filter((t) => !t.comparison && (t.years === null || multiYears));
  const named = namedPeriods(ownTimes, reference);

  const changeMatch = CHANGE.exec(text);
  const severalEntities = mentions.length >= 2 && joined(text, mentions, each || order !== null || changeMatch !== null);
  const severalPeriods = ownTimes.length >= 2 && named.length >= 2 && joined(text, ownTimes);
  // A rate of change (比上年提高了几个百分点) is stated by the documents: one figure, unless two entities' rates are compared.
  const rate = RATE_CHANGE.test(text);
  const base = basePeriod(text, times, named[0] ?? null, reference);
  let change: ComparisonPlan['change'] = null;
  if (changeMatch) {
    if (severalEntities && mentions.length === 2 && !base) change = 'entity';
    else if (rate) change = null;
    else if (base) change = 'period';
    else if (severalPeriods && named.length === 2) change = 'period';
  }
  const last = TOTAL.test(text) ? null : lastYearsAsked;
  const isSeries = series.length > 0 || last !== null || multiYears;
  const asksCollective = collective !== null && (ASKS_FIGURES.test(text) || order !== null);
  if (!change && !isSeries && !asksCollective && !severalEntities && !severalPeriods) return null;
  // A ranking of one entity in one period is no ranking (最高 in 历史最高水平 …).
  if (!change && !isSeries && !severalEntities && !severalPeriods && entitiesOfKind(model, collective!.kind).length < 2) return null;

  const asked = severalEntities || change === 'entity' ? mentions : mentions.slice(0, 1);
  let entities: EntityName[] = asked.map((m) => ({ name: m.name, core: m.core, kind: m.kind }));
  if (asksCollective && !severalEntities) {
    entities = entitiesOfKind(model, collective.kind);
    removed.push(collective.span);
  }
  // A mention no slot takes stays in the words each slot asks with (新 of 新认定 is no 新疆).
  for (const m of asked) removed.push(m);
  for (const t of times) {
    if (t.comparison) removed.push(baseSpan(text, t));
    else if (ownTimes.includes(t)) removed.push(t);
  }
  removed.push(...series, ...desc, ...asc, ...spans(EACH, text), ...spans(WHICH, text));
  if (severalEntities) removed.push(...spans(PLACE_COUNT, text).filter((c) => c.start >= mentions[mentions.length - 1]!.end && c.start - mentions[mentions.length - 1]!.end <= 1));
  if (last) removed.push(last.span);

  let periods: PeriodSlot[] | null;
  let span: MonthSpan | null = null;
  let changeBase: ComparisonPlan['base'] = null;
  if (change === 'period') {
    const current = named[0] ?? null;
    if (base?.period && current && current.year !== null) periods = [base.period, current];
    else if (named.length === 2 && !base) periods = [...named].sort(byTime);
    else {
      periods = null;
      span = current?.span ?? base?.period?.span ?? null;
      changeBase = base?.period ? { period: base.period } : { offset: base?.offset ?? 1 };
    }
  } else if (last) {
    periods = last.years.map((year) => ({ year, span: named[0]?.span ?? null }));
  } else if (multiYears) {
    periods = named;
  } else if (series.length > 0) {
    periods = null;
    span = named[0]?.span ?? null;
  } else {
    periods = named.length > 0 ? named : [];
  }
  // Named years (2021—2023年分别) are a comparison; every year stated, or the last N, a series.
  const kind: ComparisonKind = (series.length > 0 || last !== null) && change === null ? 'series' : 'comparison';
  return {
    kind,
    entities,
    collective: asksCollective && !severalEntities,
    periods: periods?.slice(0, MAX_SLOTS) ?? null,
    span,
    order,
    change,
    base: changeBase,
    mayBeTotal: last !== null && series.length === 0 && !each,
    core: coreOf(text, removed, changeMatch && change ? changeMatch[0] : null),
  };
}

/** Periods in time order. */
export function byTime(a: PeriodSlot, b: PeriodSlot): number {
  return (a.year ?? 0) - (b.year ?? 0) || (a.span?.from ?? 0) - (b.span?.from ?? 0) || (a.span?.to ?? 12) - (b.span?.to ?? 12);
}

/** Characters left between removed parts that only joined them (和, 比, 、) or framed the comparison. */
const LEFTOVER = /^(?:和|与|及|以及|跟|同|或|比|较|相比|对比|的|在|、|,|，|\s)+$/u;

/**
 * The question's own words for each single-slot question: the text without
 * entities, times and comparison words, and a difference asked for read as
 * the level it is computed from (企业比去年多了多少家 → 企业多少家).
 */
function coreOf(text: string, removed: readonly Span[], changeWords: string | null): string {
  const mask = new Uint8Array(text.length);
  for (const s of removed) mask.fill(1, s.start, s.end);
  let out = '';
  let piece = '';
  const flush = (): void => {
    if (!LEFTOVER.test(piece)) out += piece;
    piece = '';
  };
  for (let i = 0; i < text.length; i++) {
    if (mask[i]) {
      flush();
      out += ' ';
    } else {
      piece += text[i];
    }
  }
  flush();
  let core = out.replace(/\s+/g, ' ').trim();
  if (changeWords) core = core.replace(changeWords.trim(), '多少').replace(/^(?:比|较)\s*/u, '');
  core = core.replace(/\s+/g, '').replace(/^(?:的|在|比|较|和|与)+/u, '').replace(/(?:的)+$/u, '');
  if (!/多少|几|是什么|怎样|如何/u.test(core)) core += '多少';
  return core;
}

/** Months as readers write them: 一季度, 上半年, 前三季度, 1—5月, 全年. */
function spanLabel(s: MonthSpan): string {
  if (s.from === 1 && s.to === 12) return '全年';
  if (s.from === 1 && s.to === 6) return '上半年';
  if (s.from === 7 && s.to === 12) return '下半年';
  if (s.from === 1 && s.to === 9) return '前三季度';
  if (s.to - s.from === 2 && s.from % 3 === 1) return `${'一二三四'[(s.from - 1) / 3]}季度`;
  return s.from === s.to ? `${s.from}月` : `${s.from}—${s.to}月`;
}

/** The text of a period for a single-slot question (2024年, 2024年一季度). */
export function periodText(period: PeriodSlot): string {
  const months = period.span && !(period.span.from === 1 && period.span.to === 12) ? spanLabel(period.span) : '';
  return `${period.year === null ? '' : `${period.year}年`}${months}`;
}

/** A period as items name it: 2024, 2024Q1, 2024H1, 2024M1-5 (the months alone when no year is known). */
export function periodKey(period: PeriodSlot): string {
  const year = period.year === null ? '' : String(period.year);
  const s = period.span;
  if (!s || (s.from === 1 && s.to === 12)) return year;
  if (s.to - s.from === 2 && s.from % 3 === 1) return `${year}Q${(s.from + 2) / 3}`;
  if (s.from === 1 && s.to === 6) return `${year}H1`;
  if (s.from === 7 && s.to === 12) return `${year}H2`;
  return s.from === s.to ? `${year}M${s.from}` : `${year}M${s.from}-${s.to}`;
}

/** A period key as readers write it: 2024 → 2024年, 2024Q1 → 2024年一季度, 2024M1-5 → 2024年1—5月. */
export function periodLabel(key: string): string {
  const m = /^(\d{4})?(?:Q([1-4])|H([12])|M(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(key);
  if (!m) return key;
  const year = m[1] ? `${m[1]}年` : '';
  let span: MonthSpan | null = null;
  if (m[2]) span = { from: 3 * Number(m[2]) - 2, to: 3 * Number(m[2]) };
  else if (m[3]) span = m[3] === '1' ? { from: 1, to: 6 } : { from: 7, to: 12 };
  else if (m[4]) span = { from: Number(m[4]), to: Number(m[5] ?? m[4]) };
  return `${year}${span ? spanLabel(span) : ''}`;
}
