/**
 * Comparison and series answers, on top of the single-answer model: a
 * question that needs several figures (see compare-plan.ts) is asked as
 * single-slot questions — one entity in one period — each through the same
 * pipeline (scoreQuestion → rank → decide), keeping only the candidates
 * whose own context is that entity and that period (compare-fit.ts), the
 * slots agreeing on one indicator. What no document gives is named as a gap. Rankings and differences take only comparable figures
 * (same unit, same period); a difference a document states is preferred to
 * one computed from two figures.
 */
import type { Answer, ComparisonChange, ComparisonItem, ItemGap } from './types.ts';
import { type AnswerContext, type AnswerOptions, type Ranked, answerConfidence, answerQuestion, decide, rank, scoreQuestion, toCandidate } from './answer.ts';
import { changeDirection, computedChange, statedChange } from './compare-change.ts';
import { type ComparisonPlan, MAX_SLOTS, type PeriodSlot, byTime, periodKey, periodText, planComparison } from './compare-plan.ts';
import { type Slot, documentEntity, fitsSlot } from './compare-fit.ts';
import type { EntityName } from './entities.ts';
import { type FigureMatch, RATE_KINDS } from './figures.ts';
import { analyzeQuestion } from './question.ts';
import { type RankingWeights, resolveWeights } from './ranking.ts';
import type { Retrieval } from './retrieval.ts';
import { detectScript, fold } from './script.ts';

/**
 * How far below the answer threshold a candidate may score and still show
 * that the documents state a period (the period's own question then decides):
 * asked without a year, a candidate lacks the year features it would have.
 */
const DISCOVERY_MARGIN = 2;
/** A sentence that speaks of several years at once (近三年, 三年来, 过去五年). */
const SPAN_OF_YEARS = /(?:近|最近|过去|这)[两二三四五六七八九十\d]{1,2}年|[两二三四五六七八九十\d]{1,2}年(?:来|以来|间|累计)/u;
/** How many candidates of a slot are weighed when the slots agree on one indicator. */
const MAX_OPTIONS = 4;
/** How far below a slot's best a candidate may score and still answer it for agreeing with the other slots. */
const CONSENSUS_MARGIN = 1.5;
/** How much more it must agree with the others' wording (overlap of character pairs, 0–1). */
const CONSENSUS_GAIN = 0.2;
/** Most periods a series lists (the latest ones). */
const MAX_SERIES_PERIODS = 15;
/** A question that names no entity is asked of each entity of the documents when there are at most this many. */
const MAX_IMPLICIT_ENTITIES = 16;

/** A slot answered (or not). */
interface SlotAnswer {
  slot: Slot;
  ranked: Ranked | null;
  /** The candidates that could answer the slot (best first), for agreeing on one indicator across slots. */
  options: Ranked[];
  /** The entity of the answer's document, for a question that names none. */
  documentEntity: EntityName | null;
}

/** The single-slot question: the entity, the period, and the question's own words. */
function slotQuestion(plan: ComparisonPlan, slot: Slot): string {
  return `${slot.entity?.name ?? ''}${slot.period ? periodText(slot.period) : ''}${plan.core}`;
}

/** Answers one slot through the single-answer pipeline, with only the candidates that fit it. */
async function answerSlot(ctx: AnswerContext, retrieval: Retrieval, plan: ComparisonPlan, slot: Slot, weights: RankingWeights, now: Date | undefined): Promise<SlotAnswer> {
  const scored = await scoreQuestion(ctx, retrieval, slotQuestion(plan, slot), { now });
  const ranked = rank(scored, weights).filter((r) => fitsSlot(ctx, r, slot, scored.question));
  const best = decide(ranked, weights);
  const options = best ? ranked.filter((r) => r.coverage >= weights.minCoverage && r.score >= weights.threshold).slice(0, MAX_OPTIONS) : [];
  return { slot, ranked: best, options, documentEntity: best ? documentEntity(ctx, best) : null };
}

/** How many characters before a figure say what it measures (新认定高新技术企业41家，总数达到|262家). */
const LEAD_IN = 12;

/** The words a sentence (folded) writes right before a figure, as pairs of Han characters: what the figure measures. */
function leadIn(ctx: AnswerContext, r: Ranked): Set<string> {
  const sentence = fold(ctx.index.passages[r.scored.passageId]!.text);
  const before = sentence.slice(Math.max(0, r.scored.figure!.start - LEAD_IN), r.scored.figure!.start);
  const pairs = new Set<string>();
  for (const run of before.match(/\p{Script=Han}+/gu) ?? []) for (let i = 0; i + 1 < run.length; i++) pairs.add(run.slice(i, i + 2));
  return pairs;
}

/** How much of the shorter wording the other shares (overlap coefficient): 进出口总额 is all in 实现进出口总额. */
function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / Math.min(a.size, b.size);
}

/**
 * One indicator across the slots: where a slot's best figure is written with
 * other words than the other slots' figures (全年新认定高新技术企业31家 among
 * 高新技术企业总数达到168家, 191家) and a candidate nearly as good is written as
 * they are (高新技术企业总数达到145家), that candidate answers the slot.
 */
function agreeOnIndicator(ctx: AnswerContext, answers: SlotAnswer[]): void {
  const leads = new Map<Ranked, Set<string>>();
  const lead = (r: Ranked): Set<string> => leads.get(r) ?? leads.set(r, leadIn(ctx, r)).get(r)!;
  for (const answer of answers) {
    const best = answer.ranked;
    const others = answers.filter((a) => a !== answer && a.ranked).map((a) => lead(a.ranked!));
    if (!best || answer.options.length < 2 || others.length === 0) continue;
    const agreement = (r: Ranked): number => others.reduce((sum, o) => sum + overlap(lead(r), o), 0) / others.length;
    const current = agreement(best);
    let chosen = best;
    let chosenAgreement = current;
    for (const option of answer.options) {
      if (option === best || option.score < best.score - CONSENSUS_MARGIN) continue;
      const a = agreement(option);
      if (a >= current + CONSENSUS_GAIN && a > chosenAgreement) {
        chosen = option;
        chosenAgreement = a;
      }
    }
    answer.ranked = chosen;
  }
}

/**
 * The years the documents state a figure for, for one entity (or none):
 * candidates of the question asked without a year that fit the entity and
 * the months, scoring near the threshold. Each year is then asked for itself.
 */
async function discoverYears(ctx: AnswerContext, retrieval: Retrieval, plan: ComparisonPlan, entity: EntityName | null, weights: RankingWeights, now: Date | undefined): Promise<number[]> {
  const slot: Slot = { entity, period: plan.span ? { year: null, span: plan.span } : null };
  const scored = await scoreQuestion(ctx, retrieval, slotQuestion(plan, slot), { now });
  const years = new Set<number>();
  for (const r of rank(scored, weights)) {
    if (r.coverage < weights.minCoverage || r.score < weights.threshold - DISCOVERY_MARGIN) continue;
    if (r.scored.context.time.year === null || !fitsSlot(ctx, r, slot, scored.question)) continue;
    years.add(r.scored.context.time.year);
  }
  return [...years].sort((a, b) => a - b).slice(-MAX_SERIES_PERIODS);
}

/**
 * More entities than a comparison asks: those whose documents have a
 * paragraph with every word of the question's indicator come first, so the
 * ones left out are those least likely to state it.
 */
async function mentioningFirst(ctx: AnswerContext, retrieval: Retrieval, plan: ComparisonPlan, entities: EntityName[], now: Date | undefined): Promise<EntityName[]> {
  const question = analyzeQuestion(plan.core, { lexicon: ctx.model.lexicon, now });
  const words = [...new Set(question.terms.filter((t) => t.strict).map((t) => t.token))];
  if (words.length === 0) return entities;
  const lists = await retrieval.postings(words);
  let paragraphs = new Set<number>(Array.from(lists.get(words[0]!) ?? []));
  for (const word of words.slice(1)) {
    const ids = new Set<number>(Array.from(lists.get(word) ?? []));
    paragraphs = new Set([...paragraphs].filter((p) => ids.has(p)));
  }
  const docs = new Set([...paragraphs].map((p) => ctx.index.paragraphs[p]!.doc));
  const mentions = (e: EntityName): boolean => ctx.model.documentsOf(e.core).some((d) => docs.has(d));
  return [...entities.filter(mentions), ...entities.filter((e) => !mentions(e))];
}

/** The entities of the documents, once each, when a question names none but the documents are about several. */
function documentEntities(ctx: AnswerContext): EntityName[] {
  const seen = new Map<string, EntityName>();
  for (const d of ctx.model.documents) if (d.entity && !seen.has(d.entity.core)) seen.set(d.entity.core, d.entity);
  return [...seen.values()];
}

/** The periods to ask one entity for: the plan's, or those the documents state (and, for a change, the latest and its base). */
async function periodsFor(ctx: AnswerContext, retrieval: Retrieval, plan: ComparisonPlan, entity: EntityName | null, weights: RankingWeights, now: Date | undefined, anchor: number | null): Promise<(PeriodSlot | null)[]> {
  if (plan.periods !== null) return plan.periods.length > 0 ? plan.periods : [null];
  const discovered = await discoverYears(ctx, retrieval, plan, entity, weights, now);
  // The stated change answers only when it is of the latest year the documents state.
  const years = anchor !== null && anchor >= (discovered[discovered.length - 1] ?? anchor) ? [anchor] : discovered;
  if (plan.change === 'period') {
    const latest = years[years.length - 1];
    if (latest === undefined) return plan.base && 'period' in plan.base ? [plan.base.period] : [];
    const base = plan.base && 'period' in plan.base ? plan.base.period : { year: latest - (plan.base?.offset ?? 1), span: plan.span };
    return [base, { year: latest, span: plan.span }];
  }
  // A series names the years between the first and the last the documents state, gaps included
  // (unless the gaps would outnumber the years: a stray early year is no reason to list decades).
  const first = years[0];
  const span = first === undefined ? 0 : years[years.length - 1]! - first + 1;
  const every = span <= 2 * years.length ? Array.from({ length: span }, (_, i) => first! + i) : years;
  return every.slice(-MAX_SERIES_PERIODS).map((year) => ({ year, span: plan.span }));
}

/** The period of an answered slot: the one asked, else the figure's own. */
function itemPeriod(answer: SlotAnswer): string | null {
  if (answer.slot.period) return periodKey(answer.slot.period);
  const time = answer.ranked?.scored.context.time;
  return time && time.year !== null ? periodKey({ year: time.year, span: time.span }) : null;
}

function toItem(ctx: AnswerContext, answer: SlotAnswer, weights: RankingWeights): ComparisonItem {
  const entity = answer.slot.entity?.name ?? answer.documentEntity?.name ?? null;
  if (!answer.ranked) return { entity, period: itemPeriod(answer), answer: null, confidence: 0, gap: { reason: 'not-found', figure: null } };
  return { entity, period: itemPeriod(answer), answer: toCandidate(ctx, answer.ranked), confidence: answerConfidence(answer.options, answer.ranked, weights), gap: null };
}

/** A figure answers one slot only: a second slot it would fill (the same sentence, the same figure) is a gap. */
function withoutRepeats(answers: SlotAnswer[]): void {
  const seen = new Set<string>();
  for (const a of [...answers].sort((x, y) => (y.ranked?.score ?? 0) - (x.ranked?.score ?? 0))) {
    if (!a.ranked) continue;
    const key = `${a.ranked.scored.passageId}:${a.ranked.scored.figure?.start}`;
    if (seen.has(key)) a.ranked = null;
    else seen.add(key);
  }
}

/**
 * Asks every slot: entities × periods, capped. `anchor`: for a change with no
 * period named, the year of the change a document states, which is then the
 * current period (rather than the latest year the documents state).
 */
async function answerSlots(ctx: AnswerContext, retrieval: Retrieval, plan: ComparisonPlan, weights: RankingWeights, now: Date | undefined, anchor: number | null): Promise<{ answers: SlotAnswer[]; omitted: number }> {
  let entities: (EntityName | null)[] = plan.entities;
  let implicit = false;
  if (entities.length === 0) {
    const own = documentEntities(ctx);
    implicit = own.length >= 2 && own.length <= MAX_IMPLICIT_ENTITIES;
    entities = implicit ? own : [null];
  }
  if (entities.length > MAX_SLOTS) entities = await mentioningFirst(ctx, retrieval, plan, entities as EntityName[], now);
  const slots: Slot[] = [];
  let omitted = 0;
  for (const entity of entities) {
    // An entity's periods are asked all or none; the entities that no longer fit are counted, not dropped silently.
    if (slots.length >= MAX_SLOTS) {
      omitted++;
      continue;
    }
    const periods = await periodsFor(ctx, retrieval, plan, entity, weights, now, anchor);
    // An entity the documents state nothing for in a series still gets its line (its gap).
    const own = periods.length > 0 ? periods.map((period) => ({ entity, period })) : plan.periods === null && !implicit ? [{ entity, period: null }] : [];
    if (slots.length + own.length > MAX_SLOTS && slots.length > 0) omitted++;
    else slots.push(...own.slice(0, MAX_SLOTS));
  }
  const answers = await Promise.all(slots.map((slot) => answerSlot(ctx, retrieval, plan, slot, weights, now)));
  agreeOnIndicator(ctx, answers);
  withoutRepeats(answers);
  // Asked of every entity because the question names none: the entities that state nothing are not gaps.
  if (!implicit) return { answers, omitted };
  const kept = answers.filter((a) => answers.some((b) => b.slot.entity === a.slot.entity && b.ranked));
  // Nothing anywhere: the periods asked are the gaps, of no entity in particular.
  return { answers: kept.length > 0 ? kept : answers.filter((a) => a.slot.entity === entities[0]).map((a) => ({ ...a, slot: { ...a.slot, entity: null } })), omitted };
}

/** The most common value of a key among the items that have a figure (ties: the first). */
function majority<T>(values: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  for (const [v, n] of counts) if (best === undefined || n > counts.get(best)!) best = v;
  return best;
}

/**
 * Leaves out of a ranking or difference the figures that cannot be compared
 * with the rest: another base unit (亿美元 among 亿元) or, when no period is
 * asked, another period than most.
 */
function keepComparable(items: ComparisonItem[], answers: SlotAnswer[]): void {
  const found = items.map((item, i) => ({ item, ranked: answers[i]!.ranked })).filter((x) => x.item.answer && x.ranked);
  const unitOf = (r: Ranked): string => `${r.scored.figure!.unit ?? ''}|${r.scored.figure!.kind}`;
  const unit = majority(found.map((x) => unitOf(x.ranked!)));
  const period = majority(found.map((x) => x.item.period));
  for (const { item, ranked } of found) {
    const gap: ItemGap['reason'] | null = unitOf(ranked!) !== unit ? 'unit' : item.period !== period && answers[items.indexOf(item)]!.slot.period === null ? 'period' : null;
    if (gap) {
      item.gap = { reason: gap, figure: item.answer };
      item.answer = null;
      item.confidence = 0;
    }
  }
}

/** Sorts a ranking: figures by value, then those left out, then gaps. */
function rankItems(items: ComparisonItem[], order: 'desc' | 'asc'): ComparisonItem[] {
  const sign = order === 'desc' ? -1 : 1;
  const group = (item: ComparisonItem): number => (item.answer ? 0 : item.gap?.figure ? 1 : 2);
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => group(a.item) - group(b.item) || sign * ((a.item.answer?.figure?.value ?? 0) - (b.item.answer?.figure?.value ?? 0)) || a.i - b.i)
    .map((x) => x.item);
}

/** A change a document states: the sentence, and the figure that states it. */
interface Stated {
  ranked: Ranked;
  figure: FigureMatch;
  direction: 'up' | 'down';
}

/** The change stated right after a slot's figure (168家，比上年增加23家). */
function statedAfter(ctx: AnswerContext, ranked: Ranked): Stated | null {
  const stated = statedChange(fold(ctx.index.passages[ranked.scored.passageId]!.text), ranked.scored.figure!);
  return stated ? { ranked, figure: stated.figure, direction: stated.direction } : null;
}

/**
 * The change the single-answer pipeline finds for the whole question
 * (杭州常住人口比上年多了多少 → 比上年末增加10.2万人): its best candidate when
 * that figure states a change.
 */
async function statedBySingle(ctx: AnswerContext, retrieval: Retrieval, text: string, weights: RankingWeights, now: Date | undefined): Promise<Stated | null> {
  const scored = await scoreQuestion(ctx, retrieval, text, { now });
  const best = decide(rank(scored, weights), weights);
  const figure = best?.scored.figure;
  if (!best || !figure || best.scored.context.plan) return null;
  const direction = changeDirection(fold(ctx.index.passages[best.scored.passageId]!.text), figure);
  return direction ? { ranked: best, figure, direction } : null;
}

/** A stated change as the answer gives it: the figure of the change in its sentence. */
function statedResult(ctx: AnswerContext, stated: Stated, from: number, to: number, absolute: boolean): ComparisonChange {
  const candidate = toCandidate(ctx, stated.ranked);
  const original = candidate.passage;
  const figure = { text: original.slice(stated.figure.start, stated.figure.end), value: stated.figure.value, unit: stated.figure.unit };
  const sign = stated.direction === 'down' ? -1 : 1;
  return {
    from, to,
    figure: figure.text,
    value: absolute && figure.value !== null ? sign * figure.value : null,
    unit: figure.unit,
    direction: stated.direction,
    basis: 'stated',
    source: { ...candidate, figure },
    sameDocument: true,
    approximate: false,
  };
}

/**
 * The difference between two answered slots: a change a document states for
 * the later one (after its figure, or found for the whole question) when the
 * base is the year before, in the figure's own unit; else the difference
 * computed from the two figures; else a stated rate (增长8.6%).
 */
function changeBetween(ctx: AnswerContext, answers: SlotAnswer[], from: number, to: number, kind: ComparisonPlan['change'], single: Stated | null): ComparisonChange | null {
  const a = answers[from]!;
  const b = answers[to]!;
  const consecutive = kind === 'period' && a.slot.period?.year != null && b.slot.period?.year === a.slot.period.year + 1;
  let stated: Stated | null = null;
  if (consecutive && b.ranked) stated = statedAfter(ctx, b.ranked);
  if (!stated && consecutive && single && (b.slot.entity === null || single.ranked.scored.context.entity !== null) && single.ranked.scored.context.time.year === b.slot.period!.year) stated = single;
  const unit = b.ranked?.scored.figure?.unit ?? a.ranked?.scored.figure?.unit ?? null;
  const absolute = stated !== null && !RATE_KINDS.has(stated.figure.kind) && (unit === null || stated.figure.unit === unit);
  if (stated && absolute) return statedResult(ctx, stated, from, to, true);
  const computed = a.ranked && b.ranked ? computedChange(a.ranked.scored.figure!, b.ranked.scored.figure!) : null;
  if (!computed) return stated ? statedResult(ctx, stated, from, to, false) : null;
  const docOf = (r: Ranked): number => ctx.index.paragraphs[r.scored.paragraphId]!.doc;
  return {
    from, to,
    figure: computed.text,
    value: computed.value,
    unit: computed.unit,
    direction: computed.direction,
    basis: 'computed',
    source: null,
    sameDocument: docOf(a.ranked!) === docOf(b.ranked!),
    approximate: computed.approximate,
  };
}

/** The differences asked for: per entity between its two periods, or between the two entities. */
function changes(ctx: AnswerContext, plan: ComparisonPlan, answers: SlotAnswer[], items: ComparisonItem[], single: Stated | null): ComparisonChange[] {
  const out: ComparisonChange[] = [];
  const add = (from: number, to: number): void => {
    // Only comparable figures: an item left out (another unit or period) has no difference either.
    if ((items[from]!.gap && items[from]!.gap.reason !== 'not-found') || (items[to]!.gap && items[to]!.gap.reason !== 'not-found')) return;
    const change = changeBetween(ctx, answers, from, to, plan.change, single);
    if (change) out.push(change);
  };
  if (plan.change === 'entity' && answers.length >= 2) add(1, 0);
  if (plan.change === 'period') {
    const entities = [...new Set(answers.map((a) => a.slot.entity))];
    for (const entity of entities) {
      const idx = answers.map((a, i) => (a.slot.entity === entity ? i : -1)).filter((i) => i >= 0);
      if (idx.length === 2) add(idx[0]!, idx[1]!);
    }
  }
  return out;
}

/** Answers a question the plan reads as a comparison or series. */
export async function answerComparison(ctx: AnswerContext, retrieval: Retrieval, text: string, plan: ComparisonPlan, options: AnswerOptions = {}): Promise<Answer> {
  const weights = resolveWeights(options.weights);
  // A change of one entity: the change a document states for the whole question, if any, anchors the periods.
  const single = plan.change === 'period' && plan.entities.length <= 1 ? await statedBySingle(ctx, retrieval, text, weights, options.now) : null;
  const anchor = plan.periods === null && single ? single.ranked.scored.context.time.year : null;
  const { answers, omitted } = await answerSlots(ctx, retrieval, plan, weights, options.now, anchor);
  // Items in the order asked: entities as named, each one's periods in time order.
  const order = answers.map((a, i) => ({ a, i })).sort((x, y) => {
    const ex = plan.entities.length ? answers.findIndex((z) => z.slot.entity === x.a.slot.entity) : 0;
    const ey = plan.entities.length ? answers.findIndex((z) => z.slot.entity === y.a.slot.entity) : 0;
    return ex - ey || (x.a.slot.period && y.a.slot.period ? byTime(x.a.slot.period, y.a.slot.period) : 0) || x.i - y.i;
  });
  const sorted = order.map((x) => x.a);
  let items = sorted.map((a) => toItem(ctx, a, weights));
  // No period asked and the figures share one: a gap is a gap of that period (温州 2024).
  const periods = new Set(items.filter((i) => i.answer).map((i) => i.period));
  if (periods.size === 1) for (const item of items) item.period ??= [...periods][0]!;
  if (plan.order || plan.change) keepComparable(items, sorted);
  const diffs = changes(ctx, plan, sorted, items, single);
  if (plan.order) {
    const ranked = rankItems(items, plan.order);
    const moved = ranked.map((item) => items.indexOf(item));
    for (const c of diffs) {
      c.from = moved.indexOf(c.from);
      c.to = moved.indexOf(c.to);
    }
    items = ranked;
  }
  const answered = items.filter((i) => i.answer);
  // A stated change is the one figure the question asks for: it is also the answer's best.
  const stated = diffs.length === 1 && diffs[0]!.basis === 'stated' ? diffs[0]!.source : null;
  const answer: Answer = {
    question: text,
    script: detectScript(text),
    found: answered.length > 0 || diffs.length > 0,
    confidence: answered.length ? Math.min(...answered.map((i) => i.confidence)) : 0,
    best: stated,
    alternatives: [],
    kind: plan.kind,
    items,
  };
  if (plan.order) answer.order = plan.order;
  if (omitted > 0) answer.omitted = omitted;
  if (plan.change) answer.changes = diffs;
  return answer;
}

/**
 * Answers any question: a comparison or series through its single-slot
 * questions, anything else as one figure (answer.ts).
 */
export async function answerAny(ctx: AnswerContext, retrieval: Retrieval, text: string, options: AnswerOptions = {}): Promise<Answer> {
  const plan = planComparison(text, ctx.model, options.now);
  if (!plan) return answerQuestion(ctx, retrieval, text, options);
  if (plan.mayBeTotal) {
    // 近三年…有多少: a document may give one figure for those years (近三年, 三年来); then that is the answer.
    const single = await answerQuestion(ctx, retrieval, text, options);
    if (single.best && SPAN_OF_YEARS.test(fold(single.best.passage))) return single;
  }
  return answerComparison(ctx, retrieval, text, plan, options);
}
