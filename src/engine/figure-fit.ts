/**
 * How one figure of a sentence relates to the question: does its kind and
 * unit fit what is asked, do the question's words stand in its clause, is it
 * the old value of a 由…到…, a breakdown after 其中, an average, a total.
 * Each function gives one named feature of the ranking model (features.ts).
 */
import { type FigureKind, type FigureMatch, RATE_KINDS } from './figures.ts';
import { type Keywords, type WeightedConcept, conceptShare } from './keywords.ts';
import type { Question } from './question.ts';
import { clauseEnd, clauseStart, hasClauseBreak, splitClauses, withoutQuotes } from './sentences.ts';

const COUNT_FAMILY = new Set<FigureKind>(['count']);
/** Kinds that answer only a question that asks for them (哪一年, 第几, 几大). */
const NEVER_ANSWERS = new Set<FigureKind>(['date', 'ordinal', 'year', 'group']);

/** How well kinds and units agree, from a perfect fit down (the scale of the `fit` feature). */
const FIT = {
  /** The kind the question asks for first. */
  first: 1,
  /** Another kind it accepts. */
  other: 0.85,
  /** The question accepts any figure: one with a unit. */
  anyWithUnit: 0.7,
  /** The question accepts any figure: a bare number. */
  anyBare: 0.4,
  /** A count asked with 名 written with 个 (30个青年骨干). */
  bareForCount: 0.2,
  /** The measure word differs (人 asked, 名 written). */
  personMeasure: 0.95,
  /** Another measure word. */
  otherMeasure: 0.6,
  /** Another magnitude of the same currency (万元 vs 亿元). */
  sameCurrency: 0.9,
  /** Another unit of the same kind. */
  otherUnit: 0.8,
} as const;

/** How well a figure's kind and unit fit what the question asks for, 0 (not at all) to 1. */
export function fit(question: Question, figure: FigureMatch): number {
  const expect = question.expect;
  if (!expect) return 0;
  if (NEVER_ANSWERS.has(figure.kind) && !expect.kinds.includes(figure.kind)) return 0;
  if (expect.kinds.length === 0) return figure.kind === 'number' ? FIT.anyBare : FIT.anyWithUnit;
  const at = expect.kinds.indexOf(figure.kind);
  if (at < 0) return figure.kind === 'number' && expect.kinds.includes('count') ? FIT.bareForCount : 0;
  let score = at === 0 ? FIT.first : FIT.other;
  if (expect.unit && COUNT_FAMILY.has(figure.kind)) {
    const unitMatches = figure.unit === expect.unit || figure.unitAsWritten?.includes(expect.unit);
    if (!unitMatches) score *= expect.unit === '人' && figure.unit === '名' ? FIT.personMeasure : FIT.otherMeasure;
  } else if (expect.unit && !RATE_KINDS.has(figure.kind) && figure.unitAsWritten && !figure.unitAsWritten.includes(expect.unit)) {
    score *= expect.unit.endsWith('元') && figure.unit?.endsWith('元') ? FIT.sameCurrency : FIT.otherUnit;
  }
  return score;
}

/** Whether a figure is part of the question itself (10亿元以上项目, 近三年): a condition, not the answer. */
export function inQuestion(question: Question, figure: FigureMatch): boolean {
  return question.folded.includes(figure.text) || question.numbers.some((n) => figure.text.startsWith(n) || figure.text.includes(`${n}${figure.unitAsWritten ?? ''}`));
}

/** End positions of the question's keywords in a folded sentence. */
export function keywordPositions(folded: string, tokens: readonly string[]): number[] {
  const out: number[] = [];
  for (const t of tokens) for (let at = folded.indexOf(t); at >= 0; at = folded.indexOf(t, at + 1)) out.push(at + t.length);
  return out;
}

/** How many characters away a keyword may be and still count half (the scale of `closeness`). */
const CLOSENESS_HALF = 4;

/** Distance in characters between the figure and the nearest keyword, as a 0..1 closeness. */
export function closeness(positions: readonly number[], figure: FigureMatch): number {
  let best = 0;
  for (const end of positions) {
    const distance = end <= figure.start ? figure.start - end : Math.max(0, end - figure.end - 2);
    best = Math.max(best, 1 / (1 + distance / CLOSENESS_HALF));
  }
  return best;
}

const wordSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN_CHAR = /\p{Script=Han}/u;

/**
 * Words of the clauses segmented while ranking one question's candidates
 * (cleared for each question by `clearClauseWords`).
 */
const clauseWords = new Map<string, string[]>();

/** Forgets the clauses segmented for the previous question. */
export function clearClauseWords(): void {
  clauseWords.clear();
}

function wordsOf(clause: string): string[] {
  let words = clauseWords.get(clause);
  if (words === undefined) {
    words = [];
    for (const { segment } of wordSegmenter.segment(clause)) words.push(segment);
    clauseWords.set(clause, words);
  }
  return words;
}

/**
 * Whether `token` stands in `clause` as (part of) its own word, not only
 * inside a longer word the question did not use: 出口 in 其中出口完成 counts,
 * 出口 in 完成进出口 does not.
 */
function standsAlone(clause: string, token: string, question: string): boolean {
  // An occurrence after a non-Chinese character, or after the same character as in the
  // question, stands as the question has it; only the rest needs the word segmenter.
  for (let at = clause.indexOf(token); at >= 0; at = clause.indexOf(token, at + 1)) {
    const before = clause[at - 1];
    if (!before || !HAN_CHAR.test(before) || question.includes(before + token)) return true;
  }
  let inside = false;
  for (const segment of wordsOf(clause)) {
    const at = segment.indexOf(token);
    if (at < 0) continue;
    inside = true;
    if (at === 0 || question.includes(segment)) return true;
  }
  // Not inside any one word: it spans a word boundary (创园 in 双创|园区).
  return !inside;
}

/** How concepts count towards the clause feature, by where they stand. */
const CLAUSE = {
  /** The word asked about (总数, 交付) counts this many times another concept. */
  focus: 3,
  /** In the clause before the figure's (fully when the figure's own clause only says how it changed). */
  previousClause: 0.6,
  /** In the figure's clause, but inside a longer word the question did not use. */
  insideWord: 0.3,
} as const;

/** Weighted share of the question's concepts in the figure's clause (and, less, the clause before). */
export function clauseCoverage(sentence: string, figure: FigureMatch, concepts: readonly WeightedConcept[], question: Question): number {
  const start = clauseStart(sentence, figure.start);
  const end = clauseEnd(sentence, figure.end);
  const holds = (text: string) => concepts.some((c) => conceptShare(c, text) > 0);
  const prevStart = start > 0 ? subjectStart(sentence, start - 1, holds) : start;
  const own = withoutQuotes(sentence.slice(start, end));
  const prev = withoutQuotes(sentence.slice(prevStart, Math.max(prevStart, clauseEnd(sentence, prevStart))));
  // A clause that only says how (，总数达到262家) is about what the clause before names: that counts fully.
  const prevShare = start > 0 && saysOnlyHow(sentence.slice(start, figure.start), holds) ? 1 : CLAUSE.previousClause;
  let matched = 0;
  let possible = 0;
  for (const c of concepts) {
    const w = c.focus ? CLAUSE.focus * c.weight : c.weight;
    possible += w;
    const inOwn = conceptShare(c, own, (t) => (standsAlone(own, t, question.folded) ? 1 : CLAUSE.insideWord));
    matched += w * Math.max(inOwn, prevShare * conceptShare(c, prev));
  }
  return possible > 0 ? matched / possible : 0;
}

const FROM_MARK = /由|从|过去|原来|原先|以前/;
const TO_MARK = /(?:压缩|缩短|减少|降低|下降|提高|提升|增加|增长|扩大|降|减|缩|增|达)(?:到|至)/;
/** How far before a figure a 由/从 may stand. */
const FROM_REACH = 12;

/** In "由过去的9个月压缩到3至4个月" the first figure is the old value; the question asks for the current one. */
export function isOldValue(sentence: string, figure: FigureMatch, all: readonly FigureMatch[]): boolean {
  const previous = all.filter((f) => f.end <= figure.start).pop();
  const before = sentence.slice(Math.max(previous?.end ?? 0, figure.start - FROM_REACH), figure.start);
  if (!FROM_MARK.test(splitClauses(before).pop() ?? '')) return false;
  return all.some((other) => {
    if (other.start < figure.end || other.kind !== figure.kind) return false;
    const between = sentence.slice(figure.end, other.start);
    return TO_MARK.test(between) && !hasClauseBreak(between);
  });
}

/** How far back the question's own phrase before a figure is looked for. */
const PHRASE_REACH = 12;

/** Length of the text right before a figure that the question has word for word (封装测试企业|9家). */
export function phraseBefore(sentence: string, figure: FigureMatch, question: string): number {
  const start = Math.max(clauseStart(sentence, figure.start), figure.start - PHRASE_REACH);
  const before = withoutQuotes(sentence.slice(start, figure.start));
  for (let n = before.length; n >= 2; n--) if (question.includes(before.slice(-n))) return n;
  return 0;
}

const TOTAL_MARK = /累计|共计|总数|总量|总计|合计|共有|已有|现有|拥有|达到|达/;
/** How far before a figure a total's mark (累计, 共有) may stand. */
const TOTAL_REACH = 6;

/** Whether a total's mark (累计, 共有, 达到) stands right before the figure. */
export function totalMarked(sentence: string, figure: FigureMatch): boolean {
  return TOTAL_MARK.test(sentence.slice(Math.max(0, figure.start - TOTAL_REACH), figure.start));
}

/** How far before a figure 人均/平均 may stand. */
const AVERAGE_REACH = 12;
/** An average, per head or per unit of land, household, day, year… (人均, 平均, 亩均, 户均, 日均, 年均). */
export const AVERAGE_MARK = /[人平亩户地床日月年场]均/;

/**
 * Whether the figure is an average (人均, 平均, 亩均…) right before it, or a figure
 * per unit of what is asked (单位地区生产总值能耗 when GDP is asked): a ratio
 * of the asked thing, not the thing.
 */
export function averaged(sentence: string, figure: FigureMatch, asked: ReadonlySet<string>): boolean {
  const near = sentence.slice(Math.max(0, figure.start - AVERAGE_REACH), figure.start);
  if (AVERAGE_MARK.test(near)) return true;
  const clause = sentence.slice(clauseStart(sentence, figure.start), figure.start);
  for (let at = clause.indexOf('单位'); at >= 0; at = clause.indexOf('单位', at + 1)) {
    if (asked.has(clause.slice(at + 2, at + 4))) return true;
  }
  return false;
}

/**
 * Whether the figure is a part after 其中 ("…增长9.4%，其中工业投资增长16.8%") that the
 * question does not name. A part is named when its words hold an asked term the
 * whole before 其中 lacks (其中国际旅客38.2万人次 asked as 国际旅客多少).
 */
export function isBreakdown(sentence: string, figure: FigureMatch, question: Question): boolean {
  if (question.folded.includes('其中')) return false;
  const before = sentence.slice(0, figure.start);
  if (withCounterpart(sentence, figure, question)) return true;
  const breakdown = /其中([^，,；;。]*)$/.exec(before);
  if (breakdown === null) return false;
  const part = breakdown[1]!;
  const whole = before.slice(0, breakdown.index);
  if (question.numbers.some((n) => part.includes(n))) return false;
  return !question.terms.some((t) => t.weight >= 1 && part.includes(t.token) && !whole.includes(t.token));
}

/** A clause opening with a counterpart (对日韩…, 向东盟…, 从美国…), not 对外: the part with that counterpart. */
const COUNTERPART = /^(?:对|向|从)(?!外)[^，,；;。]{2,16}$/;

/**
 * Whether the figure's clause is the part of the asked thing with a
 * counterpart (对日韩进出口1256.8亿元 when 进出口 is asked), which the question
 * does not name.
 */
function withCounterpart(sentence: string, figure: FigureMatch, question: Question): boolean {
  if (/对(?!外)|向|从/.test(question.folded)) return false;
  const clause = sentence.slice(clauseStart(sentence, figure.start), figure.start);
  const asked = question.terms.filter((t) => t.weight >= 1).map((t) => clause.indexOf(t.token)).filter((at) => at > 0);
  return asked.length > 0 && COUNTERPART.test(clause.slice(0, Math.min(...asked)));
}

/** What a figure states: a change (增长5.4%), a share (占…比重63.6%) or a level (18260.4亿元). */
export type Role = 'change' | 'share' | 'level';

const CHANGE_BEFORE = /(?:(?:增长|成长|增减|变动|增加|提高|提升|下降|减少|回落|降低|上升|下跌|扩大|缩小|缩减|加快|放缓|回升|增|降|涨|跌|多|少)(?:了)?(?:约|近|超过?|达到?|为)?|(?:高于|低于|快于|慢于|高出|低出|超出|领先)[^，,；;。]{0,10})$/;
const SHARE_BEFORE = /(?:占[^，,；;。]{0,16}?|比重|占比|份额|比例)(?:为|达到?|是|约|超过?)?$/;
/** What joins the figures of a list (增长5.4%、3.1%): the next one states the same. */
const LIST_JOIN = /^(?:[、和及与]|，|,)?$/;

/** What a figure of a sentence states, from the words right before it (or the figure it is listed with). */
export function figureRole(sentence: string, figure: FigureMatch, all: readonly FigureMatch[]): Role {
  const previous = all.filter((f) => f.end <= figure.start).pop();
  const before = sentence.slice(Math.max(previous?.end ?? 0, clauseStart(sentence, figure.start)), figure.start);
  if (SHARE_BEFORE.test(before)) return 'share';
  if (CHANGE_BEFORE.test(before)) return 'change';
  if (previous && LIST_JOIN.test(sentence.slice(previous.end, figure.start))) return figureRole(sentence, previous, all);
  return 'level';
}

/** What a question asks for: a change (增长多少, 涨了, 多了多少), a share (占比, 比重), or a level. */
export function questionRole(question: Question): Role {
  const q = question.folded;
  if (/比重|占比|份额|比例|占[^，,]{0,10}(?:多少|几|百分之)/.test(q)) return 'share';
  // 增加值 (value added) is an amount, not an increase.
  if (/增长|成长|增速|增幅|增加(?!值)|增减|变动|涨|跌|下降|降了|提高|回落|变化|多了|少了|减少|比上年|比去年|升了|升幅|降幅|上升|[高低快慢多少](?:出|了)?(?:多少|几)/.test(q)) return 'change';
  return 'level';
}

/** Words that say how a figure changed or against what, not what it is of. */
const CHANGE_WORDS = /同比|环比|按[年月季]|[比较](?:上年|[〇零一二三四五六七八九]{4}年|\d{4}年)(?:同[季期月])?(?:的)?|按(?:可比|不变)价(?:格)?计算|增长|成长|增减|下降|提高|回落|增加(?!值)|减少|上升|下跌|降低/g;

/** Whether a text holds any of the asked bigrams. */
function holdsAny(text: string, asked: ReadonlySet<string>): boolean {
  for (let i = 0; i + 1 < text.length; i++) if (asked.has(text.slice(i, i + 2))) return true;
  return false;
}

/** A clause before a figure this short, holding none of the asked words, says only how it changed (同比增长): its subject is in the clause before. */
const PREDICATE_ONLY = 6;
/** A clause with no more than this left once its change words are gone says only how or against what (较上年同季增减, 按可比价格计算). */
const FRAME_ONLY = 2;
/** How many such clauses may stand between a figure and its subject (…生产总值…，按可比价格计算，比上年增长4.7%). */
const PREDICATE_HOPS = 2;

/** A figure in a clause of change: the value compared against. */
const BASE_VALUE = /[\d,.]+(?:[万亿千百]+)?(?:元|人次|人|户|吨)?/g;

/** Whether a clause (up to a figure) only says how or against what something changed (同比增长, 总数达到), holding nothing asked. */
function saysOnlyHow(clause: string, holds: (text: string) => boolean): boolean {
  // The base's own value (较二〇二三年同月的3,871亿元上升) says against what, too.
  const bare = clause.replace(CHANGE_WORDS, '').replace(BASE_VALUE, '');
  return !holds(bare) && (clause.length <= PREDICATE_ONLY || bare.length <= FRAME_ONLY);
}

/**
 * Whether a sentence opens by saying only how something changed, naming
 * nothing (按不变价格计算同比增长5.8%): in one-item-per-line notes its subject
 * is the line before.
 */
export function opensWithoutSubject(sentence: string, firstFigure: number): boolean {
  const before = sentence.slice(0, firstFigure);
  return firstFigure > 0 && splitClauses(before).every((clause) => saysOnlyHow(clause, () => false));
}

/**
 * Start of the clause that says what the text up to `at` is about: the clause
 * of `at`, or, while that clause only says how something changed and holds
 * nothing asked (`holds`), the clause before it.
 */
function subjectStart(sentence: string, at: number, holds: (text: string) => boolean): number {
  let start = clauseStart(sentence, at);
  let end = at;
  for (let hop = 0; hop < PREDICATE_HOPS && start > 0; hop++) {
    if (!saysOnlyHow(sentence.slice(start, end), holds)) break;
    end = start - 1;
    start = clauseStart(sentence, start - 1);
  }
  return start;
}

/**
 * How much of what the figure's clause says before it the question asks
 * about: the share of the clause's Chinese bigrams that are the question's
 * own tokens or those of its wordings, each bigram weighed by how rare it is
 * in the document (`weight`), so framing words (全年, 完成, 同比) count little
 * and a modifier the question lacks (保税物流进出口) much. A clause that only
 * says how the figure changed (，同比增长9.7%) is read with the clause before.
 */
export function clausePrecision(sentence: string, figure: FigureMatch, asked: ReadonlySet<string>, weight: (bigram: string) => number): number {
  const start = subjectStart(sentence, figure.start, (text) => holdsAny(text, asked));
  // The clauses read past say only how or against what; their framing words do not count against.
  const subjectEnd = Math.min(figure.start, clauseEnd(sentence, start));
  const skipped = subjectEnd < clauseStart(sentence, figure.start) ? sentence.slice(subjectEnd, figure.start).replace(CHANGE_WORDS, '') : sentence.slice(subjectEnd, figure.start);
  const before = withoutQuotes(sentence.slice(start, subjectEnd) + skipped);
  let all = 0;
  let known = 0;
  for (let i = 0; i + 1 < before.length; i++) {
    if (!HAN_CHAR.test(before[i]!) || !HAN_CHAR.test(before[i + 1]!)) continue;
    const bigram = before.slice(i, i + 2);
    const w = weight(bigram);
    all += w;
    if (asked.has(bigram)) known += w;
  }
  return all > 0 ? known / all : 0;
}

/** Adjacent words of each question (城镇|居民, 预算|收入), read once per question. */
const questionPairs = new WeakMap<Question, [string, string][]>();

function wordPairs(question: Question): [string, string][] {
  let pairs = questionPairs.get(question);
  if (pairs === undefined) {
    pairs = [];
    for (const segment of question.segments) {
      const words = [...wordSegmenter.segment(segment)].map((w) => w.segment);
      for (let i = 0; i + 1 < words.length; i++) {
        const [a, b] = [words[i]!, words[i + 1]!];
        if (a.length >= 2 && b.length >= 2 && HAN_WORD.test(a) && HAN_WORD.test(b)) pairs.push([a, b]);
      }
    }
    questionPairs.set(question, pairs);
  }
  return pairs;
}

const HAN_WORD = /^\p{Script=Han}+$/u;

/**
 * Whether the text joins `anchor` to a two-character word other than `asked`
 * on the same side (农村|居民 where 城镇|居民 is asked), a word the question
 * does not use in any wording.
 */
function joinsOther(text: string, anchor: string, asked: string, side: 'left' | 'right', question: Question): boolean {
  for (let at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) {
    if (side === 'left' && at < 2) continue;
    const other = side === 'left' ? text.slice(at - 2, at) : text.slice(at + anchor.length, at + anchor.length + 2);
    if (other.length !== 2 || !HAN_WORD.test(other) || other === asked) continue;
    if (!question.folded.includes(other) && !question.synonymTerms.includes(other)) return true;
  }
  return false;
}

/**
 * Whether the figure is of a sibling of what is asked: its clause joins a word
 * of the question to another word where the question has a two-character
 * word the clause lacks (城镇居民 asked, 农村居民 or 全体居民 written;
 * 预算收入 asked, 预算支出 written; 工业增加值 asked, 工业投资 written).
 */
export function siblingUnasked(sentence: string, figure: FigureMatch, question: Question): boolean {
  const holds = (text: string) => question.terms.some((t) => t.weight >= 1 && text.includes(t.token));
  const clause = sentence.slice(subjectStart(sentence, figure.start, holds), figure.start);
  for (const [left, right] of wordPairs(question)) {
    if (left.length === 2 && !clause.includes(left) && joinsOther(clause, right, left, 'left', question)) return true;
    if (right.length === 2 && !clause.includes(right) && joinsOther(clause, left, right, 'right', question)) return true;
  }
  return false;
}

/**
 * Whether the figure's clause has a word the question narrows but not the
 * word that narrows it, where the documents write the two joined (居民 without
 * 城镇, 生产总值 without 人均): the figure is of the broader thing.
 */
export function modifierMissing(sentence: string, figure: FigureMatch, question: Question, keywords: Keywords): boolean {
  if (keywords.modifiers.length === 0) return false;
  const holds = (text: string) => question.terms.some((t) => t.weight >= 1 && text.includes(t.token));
  const clause = sentence.slice(subjectStart(sentence, figure.start, holds), figure.start);
  return keywords.modifiers.some(
    (m) => conceptShare(keywords.concepts[m.head]!, clause) >= PRESENT && standingShare(keywords.concepts[m.modifier]!, clause, question) < PRESENT,
  );
}

/** Share of a concept's weight a text must hold to have it. */
const PRESENT = 0.5;

/** Words that make a figure a flow of the year (新增, 新引进) rather than a stock (总数, 共有). */
const FLOW = /新增|净增|新建|新引进|新认定|新设立|新签约|新登记|新注册|新开工|新上|新进|新入驻|新培育|新创建/;
/** Every flow mark of a text, in order (made once: a candidate asks for it). */
const FLOW_ALL = new RegExp(FLOW.source, 'g');
/** How far before a figure a flow's mark may stand in its clause. */
const FLOW_REACH = 16;

/** Whether the figure counts what was added (新增规上企业15家) while the question asks for what there is (有多少家). */
export function flowUnasked(sentence: string, figure: FigureMatch, question: Question): boolean {
  if (FLOW.test(question.folded)) return false;
  const before = sentence.slice(Math.max(clauseStart(sentence, figure.start), figure.start - FLOW_REACH), figure.start);
  FLOW_ALL.lastIndex = 0;
  let last: RegExpExecArray | null = null;
  for (let m = FLOW_ALL.exec(before); m; m = FLOW_ALL.exec(before)) last = m;
  // 净增38家、达到276家: a stock stated after the flow is no flow.
  return last !== null && !STOCK_AFTER_FLOW.test(before.slice(last.index + last[0].length));
}

/** Words that state what there is after a flow was named (净增38家、达到276家, 新增15家，总数达). */
const STOCK_AFTER_FLOW = /达到|总数|总量|共有|累计|增至|增加到|增长到|提高到|达(?!成)/;

/**
 * How much of a concept a sentence holds as words of their own: 出口 inside
 * 进出口 does not count for a question about 出口 (0–1).
 */
export function standingShare(concept: WeightedConcept, sentence: string, question: Question): number {
  return conceptShare(concept, sentence, (t) => (standsAlone(sentence, t, question.folded) ? 1 : 0));
}
