/**
 * Question analysis into slots: the entity asked about (汇川经开区, 粤), the
 * time (year and period, 去年 resolved against the day it is asked), whether
 * a target is asked for (目标), the indicator (the content words left, with
 * short forms and paraphrases read as the documents write them), and the kind
 * of figure wanted (count, money, %…).
 */
import type { Script } from './types.ts';
import type { FigureKind } from './figures.ts';
import { MEASURE_WORDS, UNITS } from './figures.ts';
import { EntityLexicon, type EntityMention } from './entities.ts';
import type { TermVocabulary } from './document-model.ts';
import { PLAN_MARK, type Period, periodOf, timeMentions } from './periods.ts';
import { detectScript, fold } from './script.ts';
import { arabicYears, fullYears, tokensOfFolded } from './tokenize.ts';

/** What kind of figure a question asks for. */
export interface Expectation {
  /** Acceptable kinds, best first. */
  kinds: FigureKind[];
  /** A measure word or unit the question names ("家", "亿元"), if any. */
  unit: string | null;
}

/** The analysed question. */
export interface Question {
  /** The question as asked. */
  original: string;
  /** The script it was asked in. */
  script: Script;
  /** Content segments after removing question words, folded to simplified. */
  segments: string[];
  /** What the question asks about, word by word, with the other ways documents write each. */
  concepts: Concept[];
  /** Search terms (bigrams, numbers) of the concepts' own words, deduplicated. */
  terms: Term[];
  /** Tokens of the concepts' other wordings (公司 → 企业, GDP → 地区生产总值), deduplicated. */
  synonymTerms: string[];
  /** What figure is asked for; null when the question asks for no number. */
  expect: Expectation | null;
  /** The year the question asks about (named, or 去年/今年 resolved against the day it is asked), if any. */
  year: number | null;
  /** The time asked about (year and months), or null when it names none. */
  period: Period | null;
  /** Whether it asks for a target or plan (今年目标, 计划增长多少) rather than a result. */
  plan: boolean;
  /** The entities it names (汇川经开区, 粤, 双创园区); a candidate must be about them. */
  entities: EntityMention[];
  /** Short forms of its indicator (社零, 规上) with the corpus terms they may stand for. */
  shortForms: { short: string; long: string[] }[];
  /** Numbers in the question that are not years (e.g. 1-10月份). */
  numbers: string[];
  /** The question folded (simplified, half-width, lower case), for literal comparisons. */
  folded: string;
  /** Whether it asks for a total (一共, 总共, 累计, 总数). */
  total: boolean;
  /** Tokens of the words asked about: before the question word (企业总数有多少 → 总数) and after it (多少家银行 → 银行). */
  focus: string[];
  /** Tokens of the thing counted (多少家银行 → 银行); a document that never names it cannot answer. */
  head: string[];
}

/** Question words and politeness, longest first; removed before searching. */
const STOP_PHRASES = [
  '请问一下', '请问', '请告诉我', '告诉我', '我想知道', '想知道', '想了解', '请帮我查', '帮我查', '查一下', '一下',
  '麻烦', '你好', '您好', '谢谢',
  '一共有', '总共有', '一共', '总共', '共有', '大概', '大约', '约为',
  '多少钱', '多少', '多大', '多长时间', '多长', '多久', '多远', '多高', '多重', '几对几', '几比几', '哪几大', '几大', '几倍',
  '是什么', '什么样', '什么', '是多少', '为多少', '有哪些', '是哪些', '哪些', '哪个', '哪家', '哪里', '哪儿', '哪一年', '哪年', '何时',
  '怎么样', '怎样', '如何', '为什么', '为何', '有没有', '是否', '能否', '可以', '呢', '吗', '吧', '啊', '呀', '么',
  '叫什么名字', '什么名字', '名字', '是谁', '叫什么', '现在', '目前', '如今', '当前',
  '与上年相比', '人数', '数量', '个数', '家数', '总数', '达到',
  // Plans are a slot of their own (question.plan), not words a target sentence repeats.
  '预期目标', '目标', '计划', '准备', '打算', '力争', '争取', '预计', '规划',
  '情况', '了', '的', '是', '有', '在', '为', '达到了', '一次', '时间', '时候',
];

const STOP_RE = new RegExp(
  STOP_PHRASES.sort((a, b) => b.length - a.length).join('|') + `|[?？!！。，,、;；:：\\s]+`,
  'g',
);

/**
 * Paraphrases a reader takes for the same thing (交多少税 → 税收): a small
 * thesaurus of the everyday words people type for what reports write.
 */
const PARAPHRASES: readonly [RegExp, readonly string[]][] = [
  [/交(?:了)?(?:多少)?(?:钱的?)?税|纳(?:了)?(?:多少)?税|缴(?:了)?(?:多少)?税|多少税/, ['税收', '纳税']],
  [/卖(?:了|出)?(?:多少)?(?:钱)?/, ['销售额', '销售收入', '营业收入']],
  [/赚(?:了)?(?:多少)?(?:钱)?|挣(?:了)?/, ['利润', '净利润', '收入']],
  [/gdp/, ['地区生产总值', '国内生产总值', '生产总值']],
  // 经济增长/经济增速/经济总量 is how people say GDP growth or size.
  [/经济(?=增长|增速|总量|规模)/, ['地区生产总值', '国内生产总值', '生产总值']],
  [/cpi|物价/, ['居民消费价格']],
  [/ppi/, ['工业生产者出厂价格']],
  [/外资/, ['实际使用外资', '利用外资']],
  [/财政收入/, ['一般公共预算收入']],
  [/涨(?:了)?|升(?:了)?/, ['增长', '上涨', '上升', '增加']],
  [/跌(?:了)?|降(?:了)?/, ['下降', '下跌', '减少', '回落']],
  // A growth asked may be a fall written (增长多少 → 下降1.8%).
  [/增长|增速|增幅/, ['下降', '回落']],
  [/农民/, ['农村居民']],
  [/老百姓/, ['居民']],
  // R&D intensity is R&D spending's share of GDP.
  [/强度/, ['占地区生产总值的比重', '比重']],
  [/进驻/, ['入驻']],
  [/入驻/, ['进驻']],
  [/外贸/, ['进出口']],
  [/营收/, ['营业收入']],
  [/公司/, ['企业']],
  [/企业/, ['公司']],
  [/员工/, ['职工']],
  [/职工/, ['员工']],
  [/增速/, ['增长']],
  [/按年/, ['同比']],
  [/同比/, ['按年']],
  [/成长/, ['增长']],
  [/耗时|用时|花了/, ['用时']],
];

/** Single characters that join words rather than carry meaning; bigrams never span them. */
const FUNCTION_CHARS = new Set('的了从到和与由按用要在是有把被对向给为将等及或而并以于其这那也都就还又再跟同让使所之着过比较她他它我你们第'.split(''));

/** Words that frame a question rather than name its subject; they count little. */
const WEAK_WORDS = new Set([
  '上年', '去年', '同比', '比上', '较上', '全年', '今年', '本年', '当年', '以来', '年度', '累计', '一共', '总共',
  '以前', '过去', '原来', '之前', '最近', '近年', '如今', '已经', '截至', '一直', '总量', '一年',
]);

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** A search term of a question with how much it counts. */
export interface Term {
  token: string;
  /** 1 for a bigram inside a word, lower for one that spans words or for numbers. */
  weight: number;
  /**
   * Whether the term must count even when no document has it (a real word
   * such as 北京). Non-strict terms that no document has are dropped as
   * artefacts of bigrams spanning two words.
   */
  strict: boolean;
}

/**
 * One thing the question asks about: a word of it (地区生产总值, 社零, gdp)
 * with its tokens, and the other ways documents write it — a paraphrase
 * (gdp → 地区生产总值), a synonym (公司 → 企业) or the corpus term a short form
 * stands for (社零 → 社会消费品零售总额). A passage covers the concept with
 * its own words or any one alternative.
 */
export interface Concept {
  text: string;
  terms: Term[];
  /** Each alternative's tokens. */
  alternatives: string[][];
  /** How much the concept counts when only its alternatives are found: less for a change verb (跌 → 下降) than for what is measured. */
  weight?: number;
}

/** The words of a text, by the word segmenter. */
function wordsOf(text: string): string[] {
  const words: string[] = [];
  for (const { segment } of segmenter.segment(text)) words.push(segment);
  return words;
}

/**
 * The concepts of one content segment (given as its words): each word of two
 * or more characters, each run of single characters the segmenter could not
 * read as a word (双|创, 社|零), each number or Latin word, and — weighted low —
 * the pair of characters where two words meet (新增|企业 → 增企), since the
 * documents may join them as one word.
 */
/** How much the pair where two words meet counts (新增|企业 → 增企): the documents may or may not join them. */
const JOINT_WEIGHT = 0.3;

function segmentConcepts(segmentWords: string[]): Concept[] {
  const words = segmentWords.filter((w) => w.trim());
  const concepts: Concept[] = [];
  let prev: string | null = null;
  let run: Concept | null = null;
  for (const word of words) {
    if (!/^\p{Script=Han}+$/u.test(word)) {
      for (const t of tokensOfFolded(word)) concepts.push({ text: t, terms: [{ token: t, weight: 1, strict: !/^\d/.test(t) }], alternatives: [] });
      prev = null;
      run = null;
      continue;
    }
    if (word.length === 1 && FUNCTION_CHARS.has(word)) {
      prev = null;
      run = null;
      continue;
    }
    if (word.length === 1 && run && prev?.length === 1) {
      // Two single characters may be a word the segmenter does not know (双/创) — or not (值/增):
      // they count fully when some document has them, and are dropped when none does.
      run.terms.push({ token: run.text[run.text.length - 1]! + word, weight: 1, strict: false });
      run.text += word;
      prev = word;
      continue;
    }
    if (prev !== null) concepts.push({ text: prev[prev.length - 1]! + word[0]!, terms: [{ token: prev[prev.length - 1]! + word[0]!, weight: JOINT_WEIGHT, strict: false }], alternatives: [] });
    const weak = WEAK_WORDS.has(word);
    const terms: Term[] = [];
    for (let i = 0; i + 1 < word.length; i++) terms.push({ token: word.slice(i, i + 2), weight: weak ? 0.3 : 1, strict: !weak });
    const concept: Concept = { text: word, terms, alternatives: [] };
    concepts.push(concept);
    run = word.length === 1 ? concept : null;
    prev = word;
  }
  return concepts.filter((c) => c.terms.length > 0 || c.alternatives.length > 0);
}

/** Adds other wordings to the concepts a span of the question overlaps, or makes a concept of them. */
function addAlternatives(concepts: Concept[], asked: string, span: string, alternatives: string[], weight = 1): void {
  const tokens = alternatives.map((a) => tokensOfFolded(a)).filter((t) => t.length > 0);
  if (tokens.length === 0) return;
  const at = asked.indexOf(span);
  const overlapping = concepts.filter((c) => {
    const from = asked.indexOf(c.text);
    return from >= 0 && at >= 0 && from < at + span.length && at < from + c.text.length;
  });
  if (overlapping.length === 0) concepts.push({ text: span, terms: [], alternatives: tokens, weight });
  for (let c of overlapping) {
    c = splitRun(concepts, c, asked.indexOf(c.text), at, span.length);
    for (const t of tokens) if (!c.alternatives.some((a) => a.join() === t.join())) c.alternatives.push(t);
    if (c.terms.every((t) => t.weight < 1)) c.weight = Math.min(c.weight ?? 1, weight);
  }
}

/**
 * A run of single characters the segmenter could not read (社|零|涨) that a
 * span covers only in part is split there, so that the span's wordings (涨 →
 * 增长) stand for the span alone and not for the whole run: returns the
 * concept of the covered part (the concept itself when it is no such run).
 */
function splitRun(concepts: Concept[], concept: Concept, from: number, at: number, length: number): Concept {
  // A run has three or more characters; two are the pair where two words meet (区|企), no run.
  const isRun = concept.text.length > 2 && concept.terms.every((t) => !t.strict);
  const lo = Math.max(from, at) - from;
  const hi = Math.min(from + concept.text.length, at + length) - from;
  if (!isRun || hi - lo >= concept.text.length) return concept;
  const pieces = [concept.text.slice(0, lo), concept.text.slice(lo, hi), concept.text.slice(hi)];
  // A run's bigrams count fully (a verb's weight, 社零涨了多少, belongs to the covered part only).
  const parts = pieces.map((text, i) => ({
    text,
    terms: concept.terms.filter((t) => text.includes(t.token)).map((t) => (i === 1 ? t : { ...t, weight: 1 })),
    alternatives: [] as string[][],
  }));
  concepts.splice(concepts.indexOf(concept), 1, ...parts.filter((p, i) => i === 1 || p.terms.length > 0));
  return parts[1]!;
}

/** 多少公里, 几亩, 多少吨: a unit named right after the question word. */
const UNIT_AFTER = new RegExp(`(?:多少|几)(?:万|亿)?(${UNITS.filter((u) => !['count', 'duration', 'multiple'].includes(u.kind)).map((u) => u.unit).join('|')})`);

const MEASURE_AFTER = new RegExp(`(?:多少|几)(人次|万人|亿元|万元|美元|元|[${MEASURE_WORDS.join('')}])`);

/** Detects the kind of figure asked for, from the (folded) question. */
function expectation(q: string): Expectation | null {
  const has = (re: RegExp): boolean => re.test(q);
  const asksNumber = has(/多少|几|多大|多高|多长|多久|多远|多重|百分之|比例|比重|占比|增速|增幅|涨幅|降幅|率|规模|数量|金额|面积|人数|总量|总额|额是|额为/);
  if (has(/哪一?年|什么时候|何时|什么时间|哪个月|几月/)) return { kinds: ['year', 'date'], unit: null };
  if (has(/排(?:名|在)?第?几|第几(?:名|位)|居第?几/)) return { kinds: ['ordinal'], unit: null };
  // Questions for names and lists want a passage, not a number.
  if (has(/哪几|哪些|是谁|叫什么|什么名字|有什么|哪家|哪个|哪一个|哪里|哪儿|哪位/)) return null;
  if (has(/几a级|几星级|几级/)) return { kinds: ['grade'], unit: null };
  if (has(/百分点/)) return { kinds: ['points', 'percent'], unit: '百分点' };
  if (has(/几对几|几比几|比例.*(?:对|比)几/)) return { kinds: ['ratio'], unit: null };
  // "技术工人和管理人员的比例": the proportion of two things is a ratio (3:1).
  if (has(/(?:和|与|同|跟).{1,10}?(?:的)?(?:比例|之比)/)) return { kinds: ['ratio', 'percent'], unit: null };
  if (has(/(?:多久|多长时间|几周|几天|几个月|什么频率|频率|每隔)/) && has(/一次|频率|每隔|一回/)) {
    return { kinds: ['frequency', 'duration'], unit: null };
  }
  if (has(/几倍|多少倍|翻了几/)) return { kinds: ['multiple'], unit: '倍' };
  if (has(/几大/)) return { kinds: ['group', 'count'], unit: null };
  const durationUnit = /(?:几|多少)个?(月|工作日|小时|季度|星期)|(?:几|多少)(天|年|周)/.exec(q);
  if (durationUnit) return { kinds: ['duration'], unit: durationUnit[1] ?? durationUnit[2] ?? null };
  const namedUnit = UNIT_AFTER.exec(q);
  if (namedUnit) {
    const def = UNITS.find((u) => u.unit === namedUnit[1]);
    if (def) return { kinds: [def.kind], unit: def.base ?? def.unit };
  }
  const measure = MEASURE_AFTER.exec(q);
  if (measure) {
    const unit = measure[1]!;
    if (/元/.test(unit)) return { kinds: ['money'], unit };
    if (unit === '万人' || unit === '人次') return { kinds: ['count'], unit: '人' };
    return { kinds: ['count'], unit };
  }
  if (has(/多久|多长时间|多少时间|多少天|几天|几个月|多少个月|几年|多少年|几周|多少周|几小时|多少小时|工期|周期|耗时|用时/)) {
    return { kinds: ['duration'], unit: null };
  }
  // A change of a rate is measured in percentage points.
  if (has(/率|强度|比重|占比|比例/) && has(/(?:提高|下降|增加|减少|回落|上升|降低)(?:了)?(?:多少|几)/)) {
    return { kinds: ['points', 'percent'], unit: null };
  }
  if (has(/千分之|‰|出生率|死亡率|自然增长率/)) return { kinds: ['permille', 'percent'], unit: null };
  if (has(/(?:增长|增加|提高|下降|减少|回落|上升)(?:了)?(?:多少|几)(?:亿|万)?元/)) return { kinds: ['money'], unit: null };
  if (has(/(?:增长|增加|提高|下降|减少|上升)(?:了)?(?:多少|几)(?:万)?人/)) return { kinds: ['count'], unit: '人' };
  // "增长了多少", "增长目标" without a currency: a growth rate.
  if (has(/增长|成长|增速|增幅|涨幅|降幅|下降|回落|升幅|跌幅|上升|下跌|跌了|升了|涨了|降了|变化|变动|增减|涨|跌/) && !has(/元|钱|金额|多少人|多少家|多少个/)) {
    return { kinds: ['percent', 'points', 'permille'], unit: null };
  }
  if (has(/百分之|百分比|%|占比|比重|强度|增速|增幅|涨幅|降幅|增长率|率|比例|(?:增长|下降|提高|降低|回落|上升)(?:了)?(?:多少|几)/)) {
    return { kinds: ['percent', 'fraction', 'points', 'permille'], unit: null };
  }
  // "占多少", "占全省多少": a share, written as 三分之一, 一半 or a percentage.
  if (has(/占(?:\p{Script=Han}{0,4})?(?:多少|几成|百分之几)/u)) return { kinds: ['percent', 'fraction'], unit: null };
  if (has(/容量|装机|功率|发电量|用电量/)) return { kinds: ['energy'], unit: null };
  // "按投资额的多少": a share of an amount.
  if (has(/(?:额|总量|总额|收入|产值|总值|利润)的(?:多少|百分之几|千分之几|几)/)) return { kinds: ['percent', 'permille'], unit: null };
  if (has(/多大|面积|多少平方|多少亩|多少公顷|占地/)) return { kinds: ['area'], unit: null };
  // A target without a unit asked (今年GDP目标, 财政收入预期目标) is mostly a growth rate, or an amount or count.
  if (has(/目标|预期|计划/) && !has(/多少|几|元|钱|总量|规模/)) return { kinds: ['percent', 'money', 'count', 'points', 'number'], unit: null };
  if (has(/多少钱|金额|多少元|多少亿|多少万元|投资额|资金|救助金|补助金|补贴|奖金|费用|经费|款项|收入|产值|生产总值|gdp|营收|税收|外资|进出口|出口额|进口额|多少税|纳税|交税|利润|销售额|进出口额|出口额|进口额|贸易额|总额|额是|额为|支出|预算|投资|消费|财政/)) {
    return { kinds: ['money'], unit: null };
  }
  if (has(/多少人|人数|几人|多少名|人次|运量|客流|就业|人口|常住|游客|学生|职工|员工|村民|居民|粉丝|会员|用户|群众/)) {
    // 旅客人次增加了多少: the change of a count, stated as a number or as a rate.
    if (has(/(?:增加|减少|提高)(?:了)?(?:多少|几)[？?]?$/)) return { kinds: ['count', 'number', 'percent'], unit: '人' };
    return { kinds: ['count', 'number'], unit: '人' };
  }
  if (has(/多少企业|多少家|几家|多少公司|多少所|多少座|多少个|几个|多少项|多少条/)) return { kinds: ['count'], unit: null };
  if (has(/多长|多远|长度|里程|距离/)) return { kinds: ['length'], unit: null };
  if (has(/多重|重量|产量|吨/)) return { kinds: ['weight', 'count'], unit: null };
  // 多少 before a noun (多少村民, 多少期培训) counts things.
  if (new RegExp(`(?:多少|几)\\p{Script=Han}{2}`, 'u').test(q) && !has(/多少钱/)) return { kinds: ['count', 'number'], unit: null };
  // A question that asks for nothing in words (溪川经开区实际利用外资) wants the figure.
  if (asksNumber || !ASKS_OTHER.test(q)) return { kinds: [], unit: null };
  return null;
}

/** Question words that ask for something other than a figure (a name, a way, a yes or no). */
const ASKS_OTHER = /什么|哪|谁|怎么|如何|为何|为什么|吗|是否|有没有|能否|情况|介绍/;

const QUESTION_WORD = /多少|几|是什么|什么|多大|多久|多长|多高|多远|哪/;
const FILLER_TAIL = /(?:现在|目前|一共|共|总共|大约|大概|已经|已|要|有|是|为|了|达到|达|约|的)+$/;

/** The content word right before the question word, as tokens. */
function focusTokens(folded: string): string[] {
  const at = folded.search(QUESTION_WORD);
  if (at <= 0) return [];
  const before = folded.slice(0, at).replace(FILLER_TAIL, '');
  const words = [...segmenter.segment(before)].map((w) => w.segment).filter((w) => /^\p{Script=Han}{2,}$/u.test(w));
  const last = words[words.length - 1];
  return last ? tokensOfFolded(last) : [];
}

const COUNTED = new RegExp(`(?:多少|几)(?![对比倍大])(?:个)?[${MEASURE_WORDS.join('')}]?(\\p{Script=Han}{2,})`, 'u');

/** The noun right after 多少/几 and its measure word (多少家银行 → 银行), as tokens. */
function headTokens(folded: string): string[] {
  const m = COUNTED.exec(folded);
  if (!m) return [];
  // The segmenter does not know every word (电/商): a lone character takes its neighbour.
  const first = [...segmenter.segment(m[1]!)].map((w) => w.segment)[0] ?? '';
  return tokensOfFolded(first.length >= 2 ? first : m[1]!.slice(0, 2));
}

/** Cantonese question forms (幾多, 幾錢, 咗, 係) written the Mandarin way, on folded text. */
function normaliseAsking(folded: string): string {
  return folded
    .replace(/几多钱|几钱/g, '多少钱')
    .replace(/几多/g, '多少')
    .replace(/咗/g, '了')
    .replace(/系(?=多少|什么|边个|几)/g, '是');
}

/** What analysing a question may use of the corpus and of the moment it is asked. */
export interface AnalyzeOptions {
  /** The corpus's entity names (the gazetteer alone when omitted). */
  lexicon?: EntityLexicon;
  /** When the question is asked: 去年 and 今年 are read against its year. Default: now. */
  now?: Date;
  /** Offsets where a one-character short name is not a name (the documents use the pair it starts: 新|改建). */
  notNames?: ReadonlySet<number>;
}

const GAZETTEER_ONLY = new EntityLexicon([]);
/** Colloquial verbs of change (涨了, 跌了): their alternatives count as a verb does. */
const CHANGE_VERB = /^[涨跌升降]/;
/** How much the verb right before 了多少 counts, against 1 for a word of what is asked. */
const VERB_WEIGHT = 0.3;
/** The longest short form read (经开区, 社零, 规上 are two or three characters). */
const MAX_SHORT_FORM = 4;

/** 多少/几 with the measure word or unit it asks in (多少家, 几个, 多少万吨, 多少平方公里). */
const ASKED_MEASURE = new RegExp(
  `(?:多少|几)(?![大对比倍])(?:[万亿]?(?:${UNITS.filter((u) => /^\p{Script=Han}+$/u.test(u.unit)).map((u) => u.unit).join('|')}|[${MEASURE_WORDS.join('')}]))?`,
  'gu',
);

/** Blanks the given spans of a text with spaces (so offsets and segment breaks stay). */
function blank(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const { start, end } of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}

/** Analyses a question into its slots. */
export function analyzeQuestion(question: string, options: AnalyzeOptions = {}): Question {
  const script = detectScript(question);
  const asked = normaliseAsking(fullYears(arabicYears(fold(question.normalize('NFKC')).toLowerCase())));
  const expect = expectation(asked);
  const reference = (options.now ?? new Date()).getFullYear();
  const times = timeMentions(asked).filter((m) => !m.comparison);
  const period = times.length ? merge(times.map((m) => periodOf(m, reference))) : null;
  const entities = (options.lexicon ?? GAZETTEER_ONLY).mentions(asked, options.notNames);
  // The entity and the time are slots of their own, not words a passage must contain.
  let folded = blank(asked, [...times, ...entities]);
  // "一家企业", "一个项目": the numeral is an article here, not content.
  folded = folded.replace(new RegExp(`一[${MEASURE_WORDS.join('')}](?=\\p{Script=Han})`, 'gu'), ' ');
  // Measure words and units right after 多少/几 are part of the question form, not content
  // (the expectation reads them): 多少亩高标准农田 asks about 高标准农田.
  folded = folded.replace(ASKED_MEASURE, ' ');
  const segments = folded
    .replace(STOP_RE, ' ')
    .split(/\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const numbers = [...folded.matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]);
  const head = headTokens(asked);
  const focus = [...new Set([...focusTokens(asked), ...head])];
  // The segmenter is slow (ICU's dictionary): each segment is split into words once.
  const segmentWords = segments.map(wordsOf);
  const concepts = segmentWords.flatMap(segmentConcepts);
  // The verb of 组建了多少个…, 引进了几家: documents say it other ways (成立, 签约); the thing asked is what counts.
  for (const c of concepts) if (new RegExp(`${c.text}(?:了|过)(?:多少|几)`).test(asked)) for (const t of c.terms) t.weight = Math.min(t.weight, VERB_WEIGHT);
  // Words on both sides of a removed question word often stand together in the text (新增|企业).
  for (let i = 0; i + 1 < segments.length; i++) {
    const token = segments[i]!.slice(-1) + segments[i + 1]![0]!;
    if (/^\p{Script=Han}{2}$/u.test(token)) concepts.push({ text: token, terms: [{ token, weight: 0.3, strict: false }], alternatives: [] });
  }
  for (const [pattern, alternatives] of PARAPHRASES) {
    const m = pattern.exec(asked);
    const weight = CHANGE_VERB.test(m?.[0] ?? '') ? VERB_WEIGHT : 1;
    if (m) addAlternatives(concepts, asked, m[0], alternatives.filter((alt) => !segments.some((s) => s.includes(alt))), weight);
  }
  const { terms, synonymTerms } = flatten(concepts);
  return {
    original: question,
    script,
    segments,
    concepts,
    terms,
    synonymTerms,
    expect,
    year: period?.year ?? null,
    period,
    plan: PLAN_MARK.test(asked) || /要(?:达到|实现|突破|完成|新增|新建)/.test(asked),
    entities,
    shortForms: [],
    numbers,
    focus,
    head,
    folded: asked,
    // A stock (有多少家, 总数) rather than what was added in the year (新增了几家).
    total: /一共|总共|累计|总数|总计|合计|共有|现有|目前有|有多少|有几/.test(asked) && !/新增|净增|新建|新引进|新认定|新签约|新登记|新注册/.test(asked),
  };
}

/** The concepts' own terms and their other wordings' tokens, each once. */
function flatten(concepts: readonly Concept[]): { terms: Term[]; synonymTerms: string[] } {
  const byToken = new Map<string, Term>();
  for (const term of concepts.flatMap((c) => c.terms)) {
    const seen = byToken.get(term.token);
    if (!seen || seen.weight < term.weight) byToken.set(term.token, term);
  }
  const synonymTerms = [...new Set(concepts.flatMap((c) => c.alternatives.flat()))].filter((t) => !byToken.has(t));
  return { terms: [...byToken.values()], synonymTerms };
}

/**
 * Reads the runs of characters the segmenter could not read as a word (社零,
 * 规上, 固投 of 固|投|增|速, 泽汇) once the documents' word frequencies are
 * known: the longest piece from each point that a corpus term expands
 * becomes another wording of it (社零 → 社会消费品零售总额); a run no term
 * expands and no document has, standing first, is a name no document has —
 * an entity the passages must name. Returns whether the question changed.
 */
export function readUnknownRuns(question: Question, terms: TermVocabulary, df: (token: string) => number): boolean {
  let changed = false;
  const runs = question.concepts.filter((c) => c.terms.length > 0 && c.terms.every((t) => t.weight === 1 && !t.strict));
  for (const concept of runs) {
    let expanded = false;
    for (let at = 0; at + 1 < concept.text.length; ) {
      let taken = 1;
      for (let len = Math.min(MAX_SHORT_FORM, concept.text.length - at); len >= 2; len--) {
        const short = concept.text.slice(at, at + len);
        const long = terms.expand(short);
        if (long.length === 0) continue;
        question.shortForms.push({ short, long });
        addAlternatives(question.concepts, question.folded, short, long);
        taken = len;
        expanded = changed = true;
        break;
      }
      at += taken;
    }
    // The run may go on into a word the segmenter split here (黛|川|签|约): the name is the part before
    // the first pair the documents use.
    const known = [...concept.text].findIndex((_, i) => i + 1 < concept.text.length && df(concept.text.slice(i, i + 2)) > 0);
    const name = known < 0 ? concept.text : concept.text.slice(0, known);
    if (!expanded && question.entities.length === 0 && name.length >= 2 && name.length <= MAX_NAME && firstConcept(question) === concept) {
      const start = question.folded.indexOf(name);
      question.entities.push({ name, core: name, kind: '', start, end: start + name.length, known: false, province: null });
      concept.text = concept.text.slice(name.length);
      concept.terms = concept.terms.filter((t) => concept.text.includes(t.token));
      if (concept.terms.length === 0) question.concepts.splice(question.concepts.indexOf(concept), 1);
      changed = true;
    }
  }
  changed = readShortJoints(question, terms) || changed;
  if (changed) Object.assign(question, flatten(question.concepts));
  return changed;
}

/**
 * A short form the segmenter cut in two, its last character taken into the
 * next word (规|上涨 of 规上涨了多少): the pair where a lone character meets
 * that word, when it stands in order in a term the documents use (规模以上),
 * is a word of the question with that term as a wording (as a run of lone
 * characters is, 社|零).
 */
function readShortJoints(question: Question, terms: TermVocabulary): boolean {
  let changed = false;
  for (const concept of question.concepts) {
    const [term] = concept.terms;
    if (concept.terms.length !== 1 || term!.weight >= 1 || term!.strict || concept.text.length !== 2) continue;
    // The word it cut must be one the question's thesaurus rewrites (上涨 → 增长): a short form joined to a
    // verb of change; 末|存款 of 2月末存款 is no such cut.
    const next = question.concepts.find((c) => c !== concept && c.text.startsWith(concept.text[1]!) && c.text.length >= 2);
    if (!next || next.alternatives.length === 0 || !followsLoneCharacter(question, concept.text)) continue;
    const long = terms.expand(concept.text);
    if (long.length === 0) continue;
    question.shortForms.push({ short: concept.text, long });
    for (const tokens of long.map((l) => tokensOfFolded(l))) if (tokens.length > 0) concept.alternatives.push(tokens);
    term!.weight = 1;
    changed = true;
  }
  return changed;
}

/** Whether a pair is a lone character of a segment (a word of one character) and the first character of the word after it. */
function followsLoneCharacter(question: Question, pair: string): boolean {
  return question.segments.some((segment) => {
    const words = wordsOf(segment);
    return words.some((w, i) => w === pair[0] && words[i + 1]?.[0] === pair[1] && words[i + 1]!.length >= 2);
  });
}

/** The longest unknown run read as a name (two- and three-character names). */
const MAX_NAME = 3;

/** The concept of the question's first content word (its own words, not a join of two). */
function firstConcept(question: Question): Concept | undefined {
  let first: Concept | undefined;
  let at = Infinity;
  for (const c of question.concepts) {
    if (c.terms.length === 0 || c.terms.some((t) => t.weight < 1)) continue;
    const where = question.folded.indexOf(c.text);
    if (where >= 0 && where < at) {
      at = where;
      first = c;
    }
  }
  return first;
}

/** The time a question asks about: the first year it names, and the first period. */
function merge(periods: Period[]): Period {
  return {
    year: periods.find((p) => p.year !== null)?.year ?? null,
    years: periods.find((p) => p.years !== null)?.years ?? null,
    span: periods.find((p) => p.span !== null)?.span ?? null,
    occasion: periods.find((p) => p.occasion)?.occasion ?? null,
  };
}

/** A word of the question right before another (城镇 before 居民, 人均 before gdp), with the joints the documents may write them with. */
export interface ModifierPair {
  modifier: Concept;
  head: Concept;
  /** The bigrams where the modifier meets the head or one of its other wordings (镇居; 均地 of 人均地区生产总值). */
  joints: string[];
}

/** A concept that is a word of the question (not the joint of two words, weighted low). */
function isWordConcept(c: Concept): boolean {
  return c.terms.length > 0 && c.terms.every((t) => t.weight >= 1);
}

/** Adjacent word concepts of a question, the first a Chinese word of two or more characters. */
export function modifierPairs(question: Question): ModifierPair[] {
  const words = question.concepts.filter(isWordConcept);
  const out: ModifierPair[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    const [modifier, head] = [words[i]!, words[i + 1]!];
    if (!/^\p{Script=Han}{2,}$/u.test(modifier.text) || !question.folded.includes(modifier.text + head.text)) continue;
    const last = modifier.text[modifier.text.length - 1]!;
    const firsts = new Set([head.text[0]!, ...head.alternatives.map((a) => a[0]?.[0] ?? '')]);
    const joints = [...firsts].filter((c) => /\p{Script=Han}/u.test(c)).map((c) => last + c);
    if (joints.length > 0) out.push({ modifier, head, joints });
  }
  return out;
}

