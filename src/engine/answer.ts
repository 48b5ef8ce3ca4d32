/**
 * Answering, once for every mode: analyse the question into slots, weigh its
 * keywords by IDF (document frequencies from the retrieval), choose candidate
 * paragraphs (within the documents about the asked entity when it names one,
 * else by IDF over the posting lists), score every candidate figure by its
 * features, rule out contradictions, and answer with the best — or say
 * honestly that nothing does.
 */
import type { Answer, Candidate, Figure } from './types.ts';
import type { CorpusModel } from './document-model.ts';
import type { EntityMention } from './entities.ts';
import { standsFor } from './entities.ts';
import { clearClauseWords } from './figure-fit.ts';
import { type Scored, scoreParagraph } from './features.ts';
import type { Keywords, WeightedConcept } from './keywords.ts';
import type { FigureMatch } from './figures.ts';
import { type PassageIndex, type PostingList, postingsToRead, spanToken, yearToken } from './index.ts';
import { type AnalyzeOptions, type ModifierPair, type Question, analyzeQuestion, modifierPairs, readUnknownRuns } from './question.ts';
import { type Competitor, type RankingWeights, confidence, contributions, figureKey, gateCoverage, leadOverOthers, resolveWeights, score } from './ranking.ts';
import type { Retrieval } from './retrieval.ts';
import { tokensOfFolded } from './tokenize.ts';

/** Options for answering. */
export interface AnswerOptions {
  /** How many candidates to return in all (best + alternatives). Default 6. */
  limit?: number;
  /** When the question is asked: 去年 and 今年 are read against its year. Default: now. */
  now?: Date;
  /** Weights to use instead of the defaults (see `RankingWeights`). */
  weights?: Partial<RankingWeights>;
  /** Add `explain` to the answer: slots, and the features of the best candidates and the ones ruled out. */
  explain?: boolean;
}

/** What answering reads besides the retrieval: the passages and the corpus model. */
export interface AnswerContext {
  index: PassageIndex;
  model: CorpusModel;
}

/** How many candidate paragraphs to score when the question names no entity. */
export const CANDIDATE_PARAGRAPHS = 16;
/** A question's entity narrows the candidates to its documents' paragraphs; the best this many by IDF are scored. */
const ENTITY_PARAGRAPHS = 40;
/** Up to this many paragraphs of the entity's are each scored against the lists; beyond, the lists are ranked first. */
const ENTITY_SCAN = 2000;

/** Inverse document frequency of a token found in `df` of `size` paragraphs. */
function idf(size: number, df: number): number {
  return Math.log(1 + (size + 1) / (df + 0.5));
}

/** The time tokens of the asked time: its year and months. */
function timeQueryTokens(question: Question): string[] {
  const out: string[] = [];
  if (question.year !== null) out.push(yearToken(question.year));
  if (question.period?.span) out.push(spanToken(question.period.span));
  return out;
}

/** Tokens of the entities' cores: the paragraphs that name an entity have them all. */
function entityTokens(question: Question): string[][] {
  return question.entities.map((m) => tokensOfFolded(m.core));
}

/** The pair of characters a one-character short name starts in the question (新改 of 新改建). */
function shortNamePair(question: Question, mention: EntityMention): string {
  return question.folded.slice(mention.start, mention.start + 2);
}

/** Every token whose document frequency answering looks up. */
function lookupTokens(question: Question): string[] {
  const pairs = question.entities.filter((m) => m.single).map((m) => shortNamePair(question, m));
  return [...new Set([...question.terms.map((t) => t.token), ...question.synonymTerms, ...question.head, ...timeQueryTokens(question), ...entityTokens(question).flat(), ...pairs])];
}

/**
 * Weighs the question's concepts by IDF: each wording's tokens that some
 * paragraph has, a concept by the wording the documents use (a word no
 * paragraph has, such as GDP or 社零, gives way to its alternatives). Null
 * when nothing can answer: no concept any paragraph has, or a thing to count
 * that no paragraph names.
 */
function weighKeywords(question: Question, size: number, df: (token: string) => number, pairs: readonly ModifierPair[]): Keywords | null {
  const focusTokens = new Set([...question.focus, ...question.head]);
  const concepts: WeightedConcept[] = [];
  // The question's concepts in the order of `concepts`.
  const weighed: Question['concepts'] = [];
  for (const concept of question.concepts) {
    const wordings: WeightedConcept['wordings'] = [];
    // A real word no paragraph has (北京, gdp) still counts against a passage, unless it has alternatives.
    const ownTokens = concept.terms.filter((t) => df(t.token) > 0 || (t.strict && concept.alternatives.length === 0));
    if (ownTokens.length > 0 && !(concept.terms.some((t) => t.strict && df(t.token) === 0) && concept.alternatives.length > 0)) {
      // A word no paragraph has counts as much as the rarest word some paragraph has, not more: it is
      // one word missing (老百姓 of 老百姓收入), not the whole question.
      const idfs = ownTokens.map((t) => Math.min(idf(size, df(t.token)), idf(size, 1)) * t.weight);
      wordings.push({ tokens: ownTokens.map((t) => t.token), idf: idfs, total: idfs.reduce((a, b) => a + b, 0), own: true });
    }
    for (const alternative of concept.alternatives) {
      const tokens = alternative.filter((t) => df(t) > 0);
      if (tokens.length < Math.ceil(alternative.length / 2)) continue;
      const idfs = tokens.map((t) => idf(size, df(t)));
      wordings.push({ tokens, idf: idfs, total: idfs.reduce((a, b) => a + b, 0), own: false });
    }
    if (wordings.length === 0) continue;
    weighed.push(concept);
    const weight = wordings[0]!.own ? wordings[0]!.total : Math.max(...wordings.map((w) => w.total)) * (concept.weight ?? 1);
    concepts.push({ weight, wordings, focus: concept.terms.some((t) => focusTokens.has(t.token)), head: concept === headConcept(question) });
  }
  if (concepts.length === 0) return null;
  // Asked to count something no paragraph names at all (多少家银行): nothing can answer, unless
  // it has other wordings. Only a word the segmenter knows counts (规上 may be written 规模以上).
  const strict = new Set(question.terms.filter((t) => t.strict).map((t) => t.token));
  if (question.head.length > 0 && question.head.every((t) => strict.has(t) && df(t) === 0) && !question.synonymTerms.some((t) => df(t) > 0)) return null;
  const total = concepts.reduce((a, c) => a + c.weight, 0);
  const asked = new Set([...question.terms.map((t) => t.token), ...question.synonymTerms]);
  // A modifier counts where the documents write it joined to the word it narrows (城镇居民 somewhere).
  const modifiers = pairs
    .filter((m) => m.joints.some((j) => df(j) > 0))
    .map((m) => ({ modifier: weighed.indexOf(m.modifier), head: weighed.indexOf(m.head) }))
    .filter((m) => m.modifier >= 0 && m.head >= 0);
  return { concepts, total, tokens: [...new Set(concepts.flatMap((c) => c.wordings.flatMap((w) => w.tokens)))], asked, modifiers };
}

/** The concept of the last word the question asks about (its own words, not a join of two). */
function headConcept(question: Question): Question['concepts'][number] | undefined {
  let head: Question['concepts'][number] | undefined;
  let at = -1;
  for (const c of question.concepts) {
    if (c.terms.length === 0 || c.terms.some((t) => t.weight < 1)) continue;
    const where = question.folded.lastIndexOf(c.text);
    if (where > at) {
      at = where;
      head = c;
    }
  }
  return head;
}

/** Paragraph ids present in every list (ascending lists). */
function intersect(lists: readonly ArrayLike<number>[]): number[] {
  if (lists.length === 0) return [];
  let out = Array.from(lists[0]!);
  for (const list of lists.slice(1)) {
    const keep = new Set(Array.from(list));
    out = out.filter((id) => keep.has(id));
  }
  return out;
}

/**
 * The paragraphs that may speak of the asked entities: those of documents
 * about them, and those that name them. Null when the question names none.
 */
function entityParagraphs(ctx: AnswerContext, question: Question, lists: ReadonlyMap<string, ArrayLike<number>>): Set<number> | null {
  if (question.entities.length === 0) return null;
  let allowed = null as Set<number> | null;
  for (const mention of question.entities) {
    const ids = new Set<number>();
    const about = [...documentsAbout(ctx.model, mention), ...documentsWithin(ctx.model, mention, question.entities)];
    for (const d of about) {
      for (let p = ctx.index.firstParagraph[d]!; p < ctx.index.firstParagraph[d + 1]!; p++) ids.add(p);
    }
    for (const p of intersect(tokensOfFolded(mention.core).map((t) => lists.get(t) ?? []))) ids.add(p);
    // No document is about it: documents that never say what they are about may be (香港 asked, a
    // release that says only 本港, though another names 香港 in passing); they answer with the asked
    // entity missing.
    if (about.length === 0) {
      for (const d of ctx.model.unnamedDocuments()) for (let p = ctx.index.firstParagraph[d]!; p < ctx.index.firstParagraph[d + 1]!; p++) ids.add(p);
    }
    allowed = allowed ? new Set([...allowed].filter((p) => ids.has(p))) : ids;
  }
  return allowed;
}

/** Documents whose own entity the mention stands for. */
function documentsAbout(model: CorpusModel, mention: EntityMention): number[] {
  return model.documentsOf(mention.core).filter((d) => standsFor(mention, model.documents[d]!.entity!));
}

/** Documents about an area inside the mention's that the question names too (东湖区 and 梅岭街道 of 东湖区梅岭街道). */
function documentsWithin(model: CorpusModel, mention: EntityMention, asked: readonly EntityMention[]): number[] {
  return asked.flatMap((inner) => (inner === mention ? [] : documentsAbout(model, inner))).filter((d) => {
    const parent = model.documents[d]!.entity!.parent;
    return parent !== undefined && standsFor(mention, parent);
  });
}

/** Whether an ascending list holds `id` (binary search). */
function holds(ids: ArrayLike<number>, id: number): boolean {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = ids[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * Candidate paragraphs: within the paragraphs that may speak of the asked
 * entity when it names one (few: each scored by the IDF of the lists that hold
 * it), else the best by IDF over the posting lists.
 */
function candidateParagraphs(ctx: AnswerContext, lists: PostingList[], allowed: Set<number> | null): number[] {
  if (!allowed) return ctx.index.rank(lists, CANDIDATE_PARAGRAPHS);
  if (allowed.size > ENTITY_SCAN) {
    // Many paragraphs may speak of it: the best by IDF over the lists, those among them.
    return ctx.index.rank(lists, ENTITY_SCAN).filter((p) => allowed.has(p)).slice(0, ENTITY_PARAGRAPHS);
  }
  const weights = lists.map((l) => idf(ctx.index.size, l.df));
  const scored = [...allowed].map((p) => {
    let value = 0;
    lists.forEach((l, i) => {
      if (holds(l.ids, p)) value += weights[i]!;
    });
    return { p, value };
  });
  scored.sort((a, b) => b.value - a.value || a.p - b.p);
  return scored.slice(0, ENTITY_PARAGRAPHS).map((s) => s.p);
}

/** A question analysed and its candidates scored: what the decision (and the tuner) works on. */
export interface ScoredQuestion {
  question: Question;
  /** Every candidate, contradicted ones included. */
  candidates: Scored[];
}

/** Analyses a question and scores its candidates (independent of the ranking weights). */
export async function scoreQuestion(ctx: AnswerContext, retrieval: Retrieval, text: string, options: Pick<AnswerOptions, 'now'> = {}): Promise<ScoredQuestion> {
  const analyze: AnalyzeOptions = { lexicon: ctx.model.lexicon, now: options.now };
  let question = analyzeQuestion(text, analyze);
  const candidates: Scored[] = [];
  // 赚了多少 has no term of its own, only the paraphrases (利润, 收入) it is asked with.
  const asksNothing = (q: Question): boolean => q.terms.length === 0 && q.synonymTerms.length === 0;
  if (asksNothing(question) && question.entities.length === 0) return { question, candidates };
  const frequencies = new Map(await retrieval.frequencies(lookupTokens(question)));
  const df = (token: string): number => frequencies.get(token) ?? 0;
  // A one-character short name starting a pair the documents use (新|改建) is no name after all.
  const notNames = new Set(question.entities.filter((m) => m.single && df(shortNamePair(question, m)) > 0).map((m) => m.start));
  if (notNames.size > 0) {
    question = analyzeQuestion(text, { ...analyze, notNames });
    const added = lookupTokens(question).filter((t) => !frequencies.has(t));
    if (added.length) for (const [t, n] of await retrieval.frequencies(added)) frequencies.set(t, n);
  }
  if (asksNothing(question)) return { question, candidates };
  // Words no document has may be short forms of the documents' terms, or names: read them, and weigh what they add.
  if (readUnknownRuns(question, ctx.model.terms, df)) {
    const added = lookupTokens(question).filter((t) => !frequencies.has(t));
    if (added.length) for (const [t, n] of await retrieval.frequencies(added)) frequencies.set(t, n);
  }
  const pairs = modifierPairs(question);
  const joints = pairs.flatMap((m) => m.joints).filter((t) => !frequencies.has(t));
  if (joints.length) for (const [t, n] of await retrieval.frequencies(joints)) frequencies.set(t, n);
  const keywords = weighKeywords(question, ctx.index.size, df, pairs);
  if (!keywords) return { question, candidates };
  const read = postingsToRead([...keywords.tokens, ...timeQueryTokens(question)], df);
  const coreTokens = entityTokens(question).flat().filter((t) => df(t) > 0);
  const lists = await retrieval.postings([...new Set([...read.map((r) => r.token), ...coreTokens])]);
  const allowed = entityParagraphs(ctx, question, lists);
  if (allowed && allowed.size === 0) return { question, candidates };
  const postingLists = read.map((r) => ({ ids: lists.get(r.token) ?? [], df: r.df }));
  clearClauseWords();
  for (const p of candidateParagraphs(ctx, postingLists, allowed)) scoreParagraph(ctx.index, ctx.model, question, keywords, p, candidates);
  return { question, candidates };
}

/** A candidate the decision may use, with its score and coverage. */
export interface Ranked {
  scored: Scored;
  score: number;
  coverage: number;
}

/** The ranked candidates that no contradiction rules out, best first (ties: earlier passage first). */
export function rank(scored: ScoredQuestion, weights: RankingWeights): Ranked[] {
  const out: Ranked[] = [];
  for (const s of scored.candidates) {
    if (s.contradiction) continue;
    out.push({ scored: s, score: score(s.features, weights), coverage: gateCoverage(s.features, weights) });
  }
  return out.sort((a, b) => b.score - a.score || a.scored.passageId - b.scored.passageId);
}

/** The decision: the best candidate that covers the question well enough and clears the threshold, or none. */
export function decide(ranked: readonly Ranked[], weights: RankingWeights): Ranked | null {
  const best = ranked.find((r) => r.coverage >= weights.minCoverage);
  return best && best.score >= weights.threshold ? best : null;
}

/** How sure the decision is of `best`, against the other candidates that pass the gate (0–1, three decimals). */
export function answerConfidence(ranked: readonly Ranked[], best: Ranked, weights: RankingWeights): number {
  const competitor = (r: Ranked): Competitor => ({ score: r.score, figure: figureKey(r.scored.figure) });
  const others = ranked.filter((r) => r !== best && r.coverage >= weights.minCoverage).map(competitor);
  const lead = leadOverOthers(competitor(best), others);
  return Number(confidence(best.score, lead, best.coverage, weights).toFixed(3));
}

/** The figure as written: folding keeps offsets, so the original text is sliced at the same place. */
function toFigure(match: FigureMatch, original: string): Figure {
  return { text: original.slice(match.start, match.end), value: match.value, unit: match.unit };
}

/** A ranked candidate as answers give it: the passage, the figure as written, the source. */
export function toCandidate(ctx: AnswerContext, r: Ranked): Candidate {
  const passage = ctx.index.passages[r.scored.passageId]!;
  const para = ctx.index.paragraphs[r.scored.paragraphId]!;
  const doc = ctx.index.documents[para.doc]!;
  const row = doc.sections[para.section]!.rows?.[para.index];
  return {
    passageId: passage.id,
    passage: passage.text,
    figure: r.scored.figure ? toFigure(r.scored.figure, passage.text) : null,
    ...(row ? { row } : {}),
    score: Number(r.score.toFixed(3)),
    documentId: doc.id,
    document: doc.title,
    section: doc.sections[para.section]!.title,
    sectionIndex: para.section,
    page: para.page,
  };
}

/** Alternatives: other passages (one candidate each, no passage text twice) that cover the question as related passages do. */
function alternatives(ranked: readonly Ranked[], best: Ranked, weights: RankingWeights, ctx: AnswerContext, limit: number): Candidate[] {
  const seen = new Set([ctx.index.passages[best.scored.passageId]!.text]);
  const out: Candidate[] = [];
  for (const r of ranked) {
    if (out.length >= limit) break;
    if (r === best || r.coverage < weights.relatedCoverage) continue;
    const text = ctx.index.passages[r.scored.passageId]!.text;
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(toCandidate(ctx, r));
  }
  return out;
}

/** Answers one question. */
export async function answerQuestion(ctx: AnswerContext, retrieval: Retrieval, text: string, options: AnswerOptions = {}): Promise<Answer> {
  const weights = resolveWeights(options.weights);
  const scored = await scoreQuestion(ctx, retrieval, text, options);
  const ranked = rank(scored, weights);
  const best = decide(ranked, weights);
  const { question } = scored;
  const answer: Answer = best
    ? {
        question: question.original,
        script: question.script,
        found: true,
        confidence: answerConfidence(ranked, best, weights),
        best: toCandidate(ctx, best),
        alternatives: alternatives(ranked, best, weights, ctx, Math.max(1, options.limit ?? 6) - 1),
        kind: 'single',
        items: [],
      }
    : { question: question.original, script: question.script, found: false, confidence: 0, best: null, alternatives: [], kind: 'single', items: [] };
  if (options.explain) answer.explain = explain(ctx, scored, ranked, best, weights);
  return answer;
}

/** How many candidates `--explain` lists, of those ranked and of those ruled out. */
const EXPLAINED = 5;

function explain(ctx: AnswerContext, scored: ScoredQuestion, ranked: readonly Ranked[], best: Ranked | null, weights: RankingWeights): NonNullable<Answer['explain']> {
  const q = scored.question;
  const describe = (s: Scored, value: number | null, coverage: number | null) => ({
    passage: ctx.index.passages[s.passageId]!.text,
    document: ctx.index.documents[ctx.index.paragraphs[s.paragraphId]!.doc]!.title,
    figure: s.figure ? toFigure(s.figure, ctx.index.passages[s.passageId]!.text).text : null,
    score: value === null ? null : Number(value.toFixed(3)),
    coverage: coverage === null ? null : Number(coverage.toFixed(3)),
    ruledOut: s.contradiction,
    entity: s.context.entity,
    time: { year: s.context.time.year, span: s.context.time.span, level: s.context.time.yearLevel },
    plan: s.context.plan,
    contributions: contributions(s.features, weights) as Record<string, number>,
  });
  return {
    slots: {
      entities: q.entities.map((m) => ({ text: m.name, core: m.core, kind: m.kind, known: m.known })),
      year: q.year,
      span: q.period?.span ?? null,
      plan: q.plan,
      keywords: q.terms.map((t) => t.token),
      synonyms: q.synonymTerms,
      shortForms: q.shortForms,
      expect: q.expect ? q.expect.kinds : null,
    },
    chosen: best ? describe(best.scored, best.score, best.coverage) : null,
    ranked: ranked.slice(0, EXPLAINED).map((r) => describe(r.scored, r.score, r.coverage)),
    ruledOut: scored.candidates
      .filter((s) => s.contradiction)
      .map((s) => ({ s, value: score(s.features, weights) }))
      .sort((a, b) => b.value - a.value)
      .slice(0, EXPLAINED)
      .map(({ s, value }) => describe(s, value, gateCoverage(s.features, weights))),
  };
}
