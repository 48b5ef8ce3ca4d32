/**
 * Finds figures in a sentence: Arabic and Chinese numerals with magnitudes
 * (万, 亿), qualifiers (余, 多, 超, 近, 约, 以上), units and what kind of
 * quantity they measure. Dates and ordinals are found too, so the ranker can
 * skip them unless a question asks for a date.
 */

/** What a figure measures. */
export type FigureKind =
  | 'count'
  | 'money'
  | 'area'
  | 'length'
  | 'weight'
  | 'volume'
  | 'energy'
  | 'percent'
  | 'points'
  | 'permille'
  | 'duration'
  | 'frequency'
  | 'ratio'
  | 'multiple'
  | 'group'
  | 'grade'
  | 'fraction'
  | 'year'
  | 'date'
  | 'ordinal'
  | 'number';

/** A figure found in a text, with its position. */
export interface FigureMatch {
  /** The figure as written, qualifiers included ("超4亿元", "2400余家"). */
  text: string;
  /** Numeric value with magnitudes applied (2400, 3.33e9), or null. */
  value: number | null;
  /** Base unit ("家", "元", "%", "平方米"), or null. */
  unit: string | null;
  /** The unit as written after the number, magnitude included ("亿元", "万平方米"). */
  unitAsWritten: string | null;
  kind: FigureKind;
  /** Start and end offsets in the text. */
  start: number;
  end: number;
}

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 半: 0.5,
};
const CN_SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_BIG_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/**
 * Parses a Chinese numeral such as 十六, 三千, 两万五千, 一百零五, 三亿四千五百万
 * or 一万亿; null when it is not one.
 */
export function parseChineseNumber(text: string): number | null {
  if (!text) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let sawAny = false;
  // The last big unit applied: a smaller one after it (亿…万) adds a part, a larger one (万亿) multiplies.
  let lastBig = Infinity;
  for (const ch of text) {
    if (ch in CN_DIGITS) {
      digit = CN_DIGITS[ch]!;
      sawAny = true;
    } else if (ch in CN_SMALL_UNITS) {
      section += (digit ?? 1) * CN_SMALL_UNITS[ch]!;
      digit = null;
      sawAny = true;
    } else if (ch in CN_BIG_UNITS) {
      const big = CN_BIG_UNITS[ch]!;
      section += digit ?? 0;
      if (big < lastBig) total += (section || (sawAny ? 0 : 1)) * big;
      else total = (total + section) * big;
      lastBig = big;
      section = 0;
      digit = null;
    } else {
      return null;
    }
  }
  if (!sawAny) return null;
  return total + section + (digit ?? 0);
}

/** Decimals written in Chinese digits after 点 (三 of 十二点三): 0.3; 0 when none. */
function decimalsValue(digits: string | undefined): number {
  if (!digits) return 0;
  return Number(`0.${[...digits].map((d) => CN_DIGITS[d] ?? 0).join('')}`);
}

const MAGNITUDE: Record<string, number> = { 万亿: 1e12, 兆: 1e12, 亿: 1e8, 千万: 1e7, 百万: 1e6, 万: 1e4, 千: 1e3, 百: 1e2 };

/** A unit: what it measures and the base unit it is reported in. */
export interface UnitDef {
  unit: string;
  kind: FigureKind;
  base?: string;
  factor?: number;
}

/** Kinds of figures that state a change as a rate rather than an amount (增长8.6%, 增加约一半, 翻了一番). */
export const RATE_KINDS: ReadonlySet<string> = new Set(['percent', 'points', 'permille', 'fraction', 'multiple']);

/** Units, longest first so 平方公里 wins over 公里 and 个月 over 个. */
export const UNITS: UnitDef[] = (
  [
    ['个百分点', 'points', '百分点'],
    ['百分点', 'points'],
    ['平方公里', 'area'],
    ['平方千米', 'area', '平方公里'],
    ['平方米', 'area'],
    ['平米', 'area', '平方米'],
    ['㎡', 'area', '平方米'],
    ['m²', 'area', '平方米'],
    ['km²', 'area', '平方公里'],
    ['公顷', 'area'],
    ['亩', 'area'],
    ['立方米', 'volume'],
    ['千瓦时', 'energy'],
    ['GWh', 'energy'],
    ['gwh', 'energy', 'GWh'],
    ['kWh', 'energy', '千瓦时'],
    ['kwh', 'energy', '千瓦时'],
    ['兆瓦', 'energy'],
    ['千瓦', 'energy'],
    ['标准箱', 'volume'],
    ['标箱', 'volume'],
    ['公里', 'length'],
    ['千米', 'length', '公里'],
    ['厘米', 'length'],
    ['毫米', 'length'],
    ['米', 'length'],
    ['公斤', 'weight'],
    ['千克', 'weight', '公斤'],
    ['吨', 'weight'],
    ['人民币', 'money', '元'],
    ['美元', 'money'],
    ['欧元', 'money'],
    ['港元', 'money'],
    ['港币', 'money', '港元'],
    ['澳门元', 'money'],
    ['澳门币', 'money', '澳门元'],
    ['新台币', 'money'],
    ['台币', 'money', '新台币'],
    ['日元', 'money'],
    ['英镑', 'money'],
    ['元', 'money'],
    ['个工作日', 'duration', '工作日'],
    ['工作日', 'duration'],
    ['个月', 'duration', '月'],
    ['个季度', 'duration', '季度'],
    ['季度', 'duration'],
    ['个小时', 'duration', '小时'],
    ['小时', 'duration'],
    ['分钟', 'duration'],
    ['星期', 'duration', '周'],
    ['周', 'duration'],
    ['天', 'duration'],
    ['人次', 'count'],
    ['户次', 'count'],
    ['架次', 'count'],
    ['倍', 'multiple'],
    ['A级', 'grade'],
    ['a级', 'grade', 'A级'],
    ['毛钱', 'money', '毛'],
    ['块钱', 'money', '元'],
    ['元钱', 'money', '元'],
  ] as [string, FigureKind, string?][]
).map(([unit, kind, base]) => ({ unit, kind, base: base ?? unit }));

/** Measure words that count things. */
export const MEASURE_WORDS = '家个名位人条所项座台辆套间张户次件批种只头株处栋幢层架艘枚篇部本册场届支队组团款棵口道块片列单期份箱斤趟班例宗笔起轮晚票'
  .split('')
  .filter((c, i, a) => a.indexOf(c) === i);

const NUM_AR = String.raw`\d+(?:[.,]\d+)*`;
const NUM_CN = '(?:[零〇一二两三四五六七八九十百千]+(?:[万亿][零〇一二两三四五六七八九十百千]*)?|半(?=年|个|天|小时))';
const NUM = `(?:${NUM_AR}|${NUM_CN})`;
const RANGE_SEP = '[-—–~～至到]';
const PREFIX_Q = '(?:超过|超|近|约|逾|将近|接近|不足|不到|大约)';
const SUFFIX_Q = '(?:以上|左右|上下|以内|以下)';

const UNIT_ALT = UNITS.map((u) => u.unit).join('|');
const MEASURE_ALT = MEASURE_WORDS.join('');

const FIGURE_RE = new RegExp(
  [
    `(?<prefix>${PREFIX_Q})?`,
    // A minus sign (增长-3.5%), not a hyphen between numbers (1-10月).
    `(?<neg>(?<![\\dA-Za-z.%])[-−](?=\\d))?`,
    `(?<num>${NUM}(?:${RANGE_SEP}${NUM})?)`,
    // 3亿4500万元, 1亿2千万, 2万5千人: a larger magnitude, then the rest of the number.
    // Taiwan's 兆 is 万亿 (25兆4,836亿元) — before 亿 or money only: 兆瓦 is a unit.
    `(?:(?<big>万亿|亿|万)(?<rest>零?${NUM_AR}(?:千|百)?)(?=[余多万亿]|${UNIT_ALT}|[${MEASURE_ALT}%‰])|(?<big2>兆)(?<rest2>${NUM_AR})(?=亿))?`,
    `(?<q0>(?:余|多)(?=万|亿))?`,
    // 19,341百万 (Hong Kong and Macao write millions so).
    `(?<mag>万亿|兆(?=美?元)|亿|千万|百万|万|千(?!米|克|瓦)|百(?!分))?`,
    `(?<q1>余|多)?`,
    `(?:(?<unit>${UNIT_ALT}|年|月份|月|日|号)|(?<measure>[${MEASURE_ALT}])(?<q2>多)?(?<after>月|小时)?|(?<pct>%|‰|％))?`,
    `(?<suffix>${SUFFIX_Q})?`,
  ].join(''),
  'gu',
);

const FREQUENCY_RE = new RegExp(`每(?:隔)?(?<n>${NUM})?(?:个)?(?:周|月|季度|年|天|日|小时|星期|两周)`, 'gu');
/** 4对1, 2:1, 4∶1 (U+2236), and structures of several parts such as 6.1∶38.2∶55.7. */
const RATIO_RE = new RegExp(`(?<a>${NUM})(?<sep>对|:|：|∶|比)(?<b>${NUM})(?<more>(?:\\k<sep>${NUM})*)(?![%‰\\d])`, 'gu');
/** 百分之三点二: a percent in words, its decimals after 点. */
const PERCENT_WORD_RE = new RegExp(`(?<prefix>${PREFIX_Q})?(?<kind>百分之|千分之)(?<num>${NUM})(?:点(?<decimals>[零〇一二三四五六七八九]+))?`, 'gu');
const FRACTION_RE = new RegExp(
  `(?<prefix>${PREFIX_Q})?(?:(?<den>[一二三四五六七八九十]+|\\d+)分之(?<num>[一二三四五六七八九十]+|\\d+)|(?<half>一半|半数|过半|多半)|(?<!第)(?<tenths>[一二三四五六七八九])成(?<hundredths>[一二三四五六七八九](?![成十百千万亿]))?(?!不变))(?<suffix>${SUFFIX_Q})?`,
  'gu',
);
const COMPOUND_MONEY_RE = new RegExp(`(?<yuan>${NUM})元(?<jiao>${NUM})[角毛](?:(?<fen>${NUM})分)?`, 'gu');
const GROUP_RE = /(?<num>[一二三四五六七八九十]+|(?<!\d)\d{1,2})大(?![学会概约多])/gu;
/** A numeral of any figure (NUM, or the 半 of 一半/半数). */
const NUMERAL = /[\d零〇一二两三四五六七八九十百千半]/;
/** What RATIO_RE and COMPOUND_MONEY_RE cannot match without. */
const RATIO_MARK = /[对:：∶比]/;
const COMPOUND_MONEY_MARK = /元[^]*[角毛]/;

/**
 * The first match of a global pattern, from the start; `pattern.exec(text)`
 * gives the next ones. (`matchAll` copies the pattern on every call, which
 * costs more than the match on a short sentence; no pattern here matches
 * the empty string, so both find the same matches.)
 */
function firstMatch(pattern: RegExp, text: string): RegExpExecArray | null {
  pattern.lastIndex = 0;
  return pattern.exec(text);
}

function numberValue(text: string): number | null {
  if (/^\d/.test(text)) {
    const n = Number(text.replace(/,/g, ''));
    return Number.isFinite(n) ? n : null;
  }
  return parseChineseNumber(text);
}

const RANGE_SEP_RE = new RegExp(RANGE_SEP);
const YEAR_RANGE_RE = new RegExp(`^${NUM_AR}${RANGE_SEP}\\d{4}$`);

function firstNumber(range: string): number | null {
  const parts = range.split(RANGE_SEP_RE);
  return numberValue(parts[0]!);
}

function isChinese(num: string): boolean {
  return !/\d/.test(num);
}

/** Finds every figure in `text`, left to right, without overlaps. */
export function extractFigures(text: string): FigureMatch[] {
  const found: FigureMatch[] = [];
  // Each pattern needs characters many sentences lack: skip its pass without them. Every
  // figure but a frequency (每年) has a numeral (一半 and 半数 have 半).
  const numeral = NUMERAL.test(text);
  const fraction = numeral && text.includes('分之');

  if (text.includes('每')) for (let m = firstMatch(FREQUENCY_RE, text); m; m = FREQUENCY_RE.exec(text)) {
    const n = m.groups!.n;
    found.push({
      text: m[0],
      value: n ? numberValue(n) : 1,
      unit: m[0].replace(/^每(?:隔)?[\d零〇一二两三四五六七八九十百千.]*(?:个)?/, ''),
      unitAsWritten: null,
      kind: 'frequency',
      start: m.index!,
      end: m.index! + m[0].length,
    });
  }
  if (numeral && RATIO_MARK.test(text)) for (let m = firstMatch(RATIO_RE, text); m; m = RATIO_RE.exec(text)) {
    found.push({
      text: m[0],
      // A ratio of three or more parts (an industrial structure) has no one value.
      value: m.groups!.more ? null : ratioValue(m.groups!.a!, m.groups!.b!),
      unit: null,
      unitAsWritten: null,
      kind: 'ratio',
      start: m.index!,
      end: m.index! + m[0].length,
    });
  }
  if (fraction) for (let m = firstMatch(PERCENT_WORD_RE, text); m; m = PERCENT_WORD_RE.exec(text)) {
    const permille = m.groups!.kind === '千分之';
    const whole = numberValue(m.groups!.num!);
    found.push({
      text: m[0],
      value: whole === null ? null : whole + decimalsValue(m.groups!.decimals),
      unit: permille ? '‰' : '%',
      unitAsWritten: permille ? '‰' : '%',
      kind: permille ? 'permille' : 'percent',
      start: m.index!,
      end: m.index! + m[0].length,
    });
  }
  if (fraction || (numeral && (text.includes('半') || text.includes('成')))) for (let m = firstMatch(FRACTION_RE, text); m; m = FRACTION_RE.exec(text)) {
    const g = m.groups!;
    const value = g.half
      ? 0.5
      : g.tenths
        ? (CN_DIGITS[g.tenths]! * 10 + (g.hundredths ? CN_DIGITS[g.hundredths]! : 0)) / 100
        : (numberValue(g.num!) ?? 0) / (numberValue(g.den!) || 1);
    found.push({ text: m[0], value: Number(value.toFixed(4)), unit: null, unitAsWritten: null, kind: 'fraction', start: m.index!, end: m.index! + m[0].length });
  }
  if (numeral && COMPOUND_MONEY_MARK.test(text)) for (let m = firstMatch(COMPOUND_MONEY_RE, text); m; m = COMPOUND_MONEY_RE.exec(text)) {
    const yuan = numberValue(m.groups!.yuan!) ?? 0;
    const jiao = numberValue(m.groups!.jiao!) ?? 0;
    const fen = m.groups!.fen ? (numberValue(m.groups!.fen) ?? 0) : 0;
    found.push({
      text: m[0],
      value: Number((yuan + jiao / 10 + fen / 100).toFixed(2)),
      unit: '元',
      unitAsWritten: '元',
      kind: 'money',
      start: m.index!,
      end: m.index! + m[0].length,
    });
  }
  if (numeral && text.includes('大')) for (let m = firstMatch(GROUP_RE, text); m; m = GROUP_RE.exec(text)) {
    found.push({
      text: m[0],
      value: numberValue(m.groups!.num!),
      unit: '大',
      unitAsWritten: '大',
      kind: 'group',
      start: m.index!,
      end: m.index! + m[0].length,
    });
  }

  if (numeral) for (let m = firstMatch(FIGURE_RE, text); m; m = FIGURE_RE.exec(text)) {
    const g = m.groups!;
    const start = m.index!;
    const num = g.num!;
    if (!num) continue;
    // Digits glued to Latin letters are names (G20, 5G), not figures.
    if (/[A-Za-z]/.test(text[start - 1] ?? '') || /^[A-Za-z]/.test(text.slice(start + m[0].length))) {
      if (!g.unit && !g.measure && !g.pct) continue;
    }
    const chinese = isChinese(num);
    const hasUnit = Boolean(g.unit || g.measure || g.pct);
    // A Chinese numeral without a unit is a word (一体化, 十分), not a figure; nor are
    // idioms and articles such as 三位一体, 一批, 一个.
    if (chinese && !hasUnit && !g.mag && !g.q1 && !/[万亿]/.test(num)) continue;
    if (chinese && /^(?:一|半)$/.test(num) && !g.q1 && !g.q2 && (g.measure || (g.unit && num === '一'))) continue;
    // "6+1" and "4+1" are names of programmes, not quantities.
    if (!hasUnit && !g.mag && (text[start - 1] === '+' || text[start + m[0].length] === '+')) continue;
    // "今（15）日": a number in brackets with no unit is a date or a note mark.
    if (!hasUnit && !g.mag && /[（(]/.test(text[start - 1] ?? '') && /[）)]/.test(text[start + m[0].length] ?? '')) continue;
    if (chinese && text.startsWith('一体', start + m[0].length)) continue;
    const ordinal = text[start - 1] === '第';
    const base = firstNumber(num);
    const magnitude = g.mag ? MAGNITUDE[g.mag]! : 1;
    // The magnitude the figure is written in: the first one of 3亿4500万元.
    const leading = g.big ?? g.big2 ?? g.mag ?? '';
    let kind: FigureKind = 'number';
    let unit: string | null = null;
    let unitAsWritten: string | null = null;
    if (g.pct) {
      kind = g.pct === '‰' ? 'permille' : 'percent';
      unit = g.pct === '‰' ? '‰' : '%';
      unitAsWritten = unit;
    } else if (g.measure) {
      if (g.measure === '个' && g.after) {
        kind = 'duration';
        unit = g.after;
      } else {
        kind = 'count';
        unit = g.measure;
      }
      unitAsWritten = leading + g.measure + (g.q2 ?? '') + (g.after ?? '');
    } else if (g.unit) {
      const u = g.unit;
      if (u === '年') {
        const n = base ?? 0;
        if (!g.mag && !chinese && /^\d{4}$/.test(num) && n >= 1900 && n <= 2100) kind = 'year';
        // 二〇二四年: digits written one by one are a year, not a count of years.
        else if (chinese && /^[〇零一二三四五六七八九]{4}$/.test(num)) kind = 'year';
        // Taiwan's Minguo years (112年 = 2023) are years too.
        else if (!g.mag && !chinese && /^1\d\d$/.test(num)) kind = 'year';
        else if (YEAR_RANGE_RE.test(num)) kind = 'year';
        else kind = 'duration';
        unit = '年';
      } else if (u === '月份' || u === '月' || u === '日' || u === '号') {
        kind = 'date';
        unit = u;
      } else {
        const def = UNITS.find((d) => d.unit === u)!;
        kind = def.kind;
        unit = def.base ?? u;
      }
      unitAsWritten = leading + u;
    } else if (leading) {
      unitAsWritten = leading;
    }
    if (ordinal) kind = 'ordinal';
    const value =
      kind === 'year' && chinese
        ? Number([...num].map((c) => CN_DIGITS[c] ?? 0).join(''))
        : base === null
          ? null
          : Number(((g.neg ? -1 : 1) * numericValue(num, base, magnitude, g)).toPrecision(12));
    // An ordinal is read with its 第 (第三位), as it is asked (排第几).
    const from = ordinal ? start - 1 : start;
    found.push({ text: text.slice(from, start + m[0].length), value, unit, unitAsWritten, kind, start: from, end: start + m[0].length });
  }

  // Resolve overlaps: special patterns (frequency, ratio, 百分之, 九大) win over plain numbers.
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: FigureMatch[] = [];
  for (const f of found) {
    const clash = out.find((o) => f.start < o.end && o.start < f.end);
    if (!clash) {
      out.push(f);
      continue;
    }
    if (priority(f) > priority(clash)) out[out.indexOf(clash)] = f;
  }
  out.sort((a, b) => a.start - b.start);
  // "10%至15%", "3亿元—5亿元": two figures of one kind joined by 至/到/— are one range.
  for (let i = out.length - 2; i >= 0; i--) {
    const a = out[i]!;
    let b = out[i + 1]!;
    // "3亿元-5亿元": a minus sign right after a figure is the hyphen of a range.
    if (a.end === b.start && /^[-−]/.test(b.text)) {
      b = { ...b, text: b.text.slice(1), start: b.start + 1, value: b.value === null ? null : -b.value };
      out[i + 1] = b;
    }
    if (!RANGE_JOIN.test(text.slice(a.end, b.start))) continue;
    if (a.kind === b.kind && a.kind !== 'year' && a.kind !== 'date') {
      out.splice(i, 2, { ...a, text: text.slice(a.start, b.end), end: b.end });
    } else if (a.kind === 'number' && a.unitAsWritten !== null && b.unitAsWritten?.startsWith(a.unitAsWritten)) {
      // "1.2万-1.5万元": the unit is written once, after the second number.
      out.splice(i, 2, { ...b, text: text.slice(a.start, b.end), value: a.value, start: a.start });
    }
  }
  return out.filter((f) => isQuantity(text, f));
}

/**
 * The value of a figure's number: 3亿4500万 = 3·10⁸ + 4500·10⁴; a Chinese
 * numeral with a magnitude after it (三亿四千五百万) is read as one numeral.
 */
function numericValue(num: string, base: number, magnitude: number, g: Record<string, string | undefined>): number {
  if (g.big2 && g.rest2) return base * MAGNITUDE[g.big2]! + Number(g.rest2.replace(/,/g, '')) * magnitude;
  if (g.big && g.rest) {
    const rest = g.rest.replace(/^零/, '').replace(/,/g, '');
    const restMagnitude = rest.endsWith('千') ? 1e3 : rest.endsWith('百') ? 1e2 : 1;
    const restNumber = Number(rest.replace(/[千百]$/, ''));
    return base * MAGNITUDE[g.big]! + restNumber * restMagnitude * magnitude;
  }
  if (isChinese(num) && g.mag && /[万亿]/.test(num) && !RANGE_SEP_RE.test(num)) return parseChineseNumber(num + g.mag) ?? base * magnitude;
  return base * magnitude;
}

/** Operators of a formula (…÷…×100%): the numbers next to them are not quantities. */
const FORMULA_OPERATOR = /[×÷＊*=＝]/;
/** What a caption or note number follows: 表2, 图3, 附表1, 注1. */
const LABEL_BEFORE = /[表图注]\s*$/;
/** Where a list number (1. 2、) may stand: at the start, or after a break. */
const LIST_POSITION = /(?:^|[\s。；;：:，,（(])$/;

/**
 * False for numbers that are not quantities: parts of a formula (×100%),
 * caption and note numbers (表2, 注1), list numbers (1. 2、) and ordinal
 * groups (第一大, 一大批).
 */
function isQuantity(text: string, f: FigureMatch): boolean {
  const before = text.slice(Math.max(0, f.start - 3), f.start);
  const after = text.slice(f.end, f.end + 2);
  if (FORMULA_OPERATOR.test(before.trimEnd().slice(-1)) || FORMULA_OPERATOR.test(after.trimStart().slice(0, 1))) return false;
  if (f.kind === 'group') return text[f.start - 1] !== '第' && f.value !== 1;
  if (f.kind !== 'number' || f.unitAsWritten !== null || !/^\d+$/.test(f.text)) return true;
  if (LABEL_BEFORE.test(before)) return false;
  return !(/^[.．、)）](?!\d)/.test(after) && LIST_POSITION.test(before));
}

const RANGE_JOIN = /^(?:至|到|-|—|–|~|～)$/;

function priority(f: FigureMatch): number {
  switch (f.kind) {
    case 'frequency':
    case 'ratio':
      return 3;
    case 'group':
      return 1;
    case 'number':
      return 0;
    default:
      return 2;
  }
}

function ratioValue(a: string, b: string): number | null {
  const x = numberValue(a);
  const y = numberValue(b);
  return x !== null && y !== null && y !== 0 ? x / y : null;
}
