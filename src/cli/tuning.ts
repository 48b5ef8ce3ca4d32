/**
 * Fitting and judging the ranking weights on labelled folders: every
 * question's candidates are scored once (features do not depend on the
 * weights), then any set of weights is judged in milliseconds. Weights are
 * fitted by coordinate ascent on the judged outcome itself (Metzler & Croft,
 * 2007) and reported with leave-one-folder-out cross-validation.
 */
import { readFileSync } from 'node:fs';
import { scoreQuestion } from '../engine/answer.ts';
import { Engine } from '../engine/engine.ts';
import { type EvalQuestion, matches, parseQuestionsFile } from '../engine/evaluate.ts';
import { F, FEATURES } from '../engine/features.ts';
import { PostingLists } from '../engine/postings.ts';
import { DEFAULT_WEIGHTS, LOW_CONFIDENCE, type RankingWeights, confidence, confidenceInputs, figureKey, gateCoverage, leadOverOthers, score } from '../engine/ranking.ts';
import { MemoryRetrieval } from '../engine/retrieval.ts';
import type { EvalFolder } from './eval-folders.ts';

/** A candidate as the tuner sees it: its features, the figure it gives (see figureKey) and whether it is a right answer. */
export interface LabelledCandidate {
  features: Float64Array;
  figure: string | null;
  correct: boolean;
}

/** A labelled question with its candidates (contradicted ones left out: no weight can make them answer). */
export interface LabelledQuestion {
  folder: string;
  question: EvalQuestion;
  answerable: boolean;
  candidates: LabelledCandidate[];
}

/** Scores every question of a folder (in memory, nothing written to the folder). */
export async function collect(folder: EvalFolder): Promise<LabelledQuestion[]> {
  const { questions, askedOn } = parseQuestionsFile(readFileSync(folder.questionsFile, 'utf8'), folder.questionsFile);
  // Always cleaned and indexed afresh: a build persisted by other code of the same format would hide a change.
  const engine = await Engine.open(folder.dataDir, { persist: false, rebuild: true });
  const ctx = { index: engine.index, model: engine.model };
  const retrieval = new MemoryRetrieval(PostingLists.build(engine.index.records(engine.model)));
  const out: LabelledQuestion[] = [];
  for (const question of questions) {
    const scored = await scoreQuestion(ctx, retrieval, question.q, { now: askedOn ?? undefined });
    const candidates: LabelledCandidate[] = [];
    for (const s of scored.candidates) {
      if (s.contradiction) continue;
      const passage = engine.index.passages[s.passageId]!.text;
      const figure = s.figure ? passage.slice(s.figure.start, s.figure.end) : null;
      const para = engine.index.paragraphs[s.paragraphId]!;
      const row = engine.documents[para.doc]!.sections[para.section]!.rows?.[para.index] ?? undefined;
      candidates.push({ features: s.features, figure: figureKey(s.figure), correct: matches(question, figure, passage, row) });
    }
    out.push({ folder: folder.name, question, answerable: question.found !== false, candidates });
  }
  await engine.close({ now: true });
  return out;
}

/** What happened to one question. */
export type Outcome = 'right' | 'wrong' | 'missed' | 'invented' | 'declined';

/** The engine's decision on a labelled question: the answer, with what its confidence is read from. */
interface Decision {
  best: LabelledCandidate;
  score: number;
  lead: number;
  coverage: number;
}

/** The candidate the engine answers with under some weights, or null when it declines (as answer.ts decides). */
function decision(q: LabelledQuestion, weights: RankingWeights, withLead = false): Decision | null {
  const passing: { c: LabelledCandidate; score: number; coverage: number }[] = [];
  let top: (typeof passing)[number] | null = null;
  for (const c of q.candidates) {
    const coverage = gateCoverage(c.features, weights);
    if (coverage < weights.minCoverage) continue;
    const entry = { c, score: score(c.features, weights), coverage };
    if (withLead) passing.push(entry);
    if (!top || entry.score > top.score) top = entry;
  }
  if (!top || top.score < weights.threshold) return null;
  const lead = withLead ? leadOverOthers({ score: top.score, figure: top.c.figure }, passing.filter((p) => p !== top).map((p) => ({ score: p.score, figure: p.c.figure }))) : 0;
  return { best: top.c, score: top.score, lead, coverage: top.coverage };
}

/** The outcome of a question under some weights: the engine's decision, judged. */
export function outcome(q: LabelledQuestion, weights: RankingWeights): Outcome {
  const d = decision(q, weights);
  if (!q.answerable) return d ? 'invented' : 'declined';
  return !d ? 'missed' : d.best.correct ? 'right' : 'wrong';
}

/** Each answer's confidence inputs and whether it was right (answers to unanswerable questions never are). */
function answersJudged(questions: readonly LabelledQuestion[], weights: RankingWeights): { x: number[]; right: boolean }[] {
  const out: { x: number[]; right: boolean }[] = [];
  for (const q of questions) {
    const d = decision(q, weights, true);
    if (d) out.push({ x: confidenceInputs(d.score, d.lead, d.coverage, weights), right: q.answerable && d.best.correct });
  }
  return out;
}

/** Logistic regression of the confidence: gradient steps, and a small L2 pull towards 0 so rare inputs stay tame. */
const CALIBRATION = { steps: 3000, rate: 0.5, l2: 0.001 } as const;

/** The confidence model fitted to how often the answers these weights give are right (logistic regression). */
export function fitConfidence(questions: readonly LabelledQuestion[], weights: RankingWeights): RankingWeights {
  const data = answersJudged(questions, weights);
  const w = [0, 0, 0, 0];
  for (let step = 0; step < CALIBRATION.steps && data.length > 0; step++) {
    const grad = [0, 0, 0, 0];
    for (const { x, right } of data) {
      const p = 1 / (1 + Math.exp(-x.reduce((a, v, i) => a + v * w[i]!, 0)));
      for (let i = 0; i < 4; i++) grad[i]! += (p - (right ? 1 : 0)) * x[i]!;
    }
    for (let i = 0; i < 4; i++) w[i] = w[i]! - CALIBRATION.rate * (grad[i]! / data.length + CALIBRATION.l2 * w[i]!);
  }
  const [confidenceBias, confidenceLead, confidenceCoverage, confidenceScore] = w.map((v) => Number(v.toFixed(4))) as [number, number, number, number];
  return { ...weights, confidenceBias, confidenceLead, confidenceCoverage, confidenceScore };
}

/** How the confidence of held-out answers meets their accuracy: answers below LOW_CONFIDENCE and above, and how many were right. */
export interface Calibration {
  low: { answers: number; right: number };
  high: { answers: number; right: number };
}

/** Counts answers below and above LOW_CONFIDENCE and how many of each were right. */
export function calibration(questions: readonly LabelledQuestion[], weights: RankingWeights): Calibration {
  const out: Calibration = { low: { answers: 0, right: 0 }, high: { answers: 0, right: 0 } };
  for (const q of questions) {
    const d = decision(q, weights, true);
    if (!d) continue;
    const side = confidence(d.score, d.lead, d.coverage, weights) < LOW_CONFIDENCE ? out.low : out.high;
    side.answers++;
    if (q.answerable && d.best.correct) side.right++;
  }
  return out;
}

/** Counts of outcomes over some questions. */
export interface Tally {
  total: number;
  right: number;
  wrong: number;
  missed: number;
  invented: number;
  declined: number;
}

export function tally(questions: readonly LabelledQuestion[], weights: RankingWeights): Tally {
  const t: Tally = { total: questions.length, right: 0, wrong: 0, missed: 0, invented: 0, declined: 0 };
  for (const q of questions) t[outcome(q, weights)]++;
  return t;
}

/** Share of questions answered right (declining an unanswerable one is right). */
export function accuracy(t: Tally): number {
  return t.total ? (t.right + t.declined) / t.total : 0;
}

/**
 * How much a wrong or invented figure costs, a right answer gaining 1 and a
 * miss 0. A figure stated with confidence and wrong is worse for a reader
 * than "not found", so the cost is above 1; see docs/development.md for the
 * cross-validated trade-off that chose it.
 */
export const WRONG_COST = 1;

/**
 * What fitting maximises: right answers (and rightly declined questions)
 * minus confidently wrong ones, each costing `wrongCost`, so saying
 * "not found" is better than guessing.
 */
export function objective(t: Tally, wrongCost = WRONG_COST): number {
  return t.right + t.declined - wrongCost * (t.wrong + t.invented);
}

/** The weights coordinate ascent moves, and the values it tries relative to the current one. */
const TUNED: (keyof RankingWeights)[] = [...FEATURES, 'threshold', 'minCoverage', 'gateSection', 'gateParagraph', 'gateTitle'];
/** The decision's own weights: what coordinate ascent moves after pairwise ranking has set the features'. */
const DECISION: (keyof RankingWeights)[] = ['threshold', 'minCoverage', 'gateSection', 'gateParagraph', 'gateTitle', 'headMissing', 'conceptMissing', 'entityMissing', 'yearMissing', 'spanMissing', 'targetUnasked'];
const FACTORS = [0, 0.25, 0.5, 0.75, 0.9, 1.1, 1.25, 1.5, 2, 3];
const STEPS = [-2, -1, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1, 2];

/** The mean absolute weight of the features. */
function meanFeatureWeight(weights: RankingWeights): number {
  return FEATURES.reduce((a, f) => a + Math.abs(weights[f]), 0) / FEATURES.length;
}
/** Weights that are shares and stay within 0–1. */
const SHARES = new Set<keyof RankingWeights>(['minCoverage', 'gateSection', 'gateParagraph', 'gateTitle']);

/** Options of {@link fit}. */
export interface FitOptions {
  /** Passes over all weights at most. Default 6. */
  passes?: number;
  /** Weights to start from. Default: the current defaults. */
  start?: RankingWeights;
  /** Which weights coordinate ascent moves: all, or only the decision's (thresholds, gates, missing-slot penalties). Default 'decision'. */
  ascend?: 'all' | 'decision';
  /** What a wrong or invented figure costs in the objective. Default {@link WRONG_COST}. */
  wrongCost?: number;
}

/** Pairwise ranking: how hard the L2 penalty pulls weights towards their start, and the gradient steps. */
const PAIRWISE = { l2: 0.001, steps: 1500, rate: 3, negatives: 20 } as const;

/**
 * The feature weights that best rank each question's right candidates above
 * its wrong ones (pairwise logistic regression, as in RankNet, by gradient
 * descent with an L2 pull towards `start`). The thresholds are left to
 * coordinate ascent.
 */
export function fitPairwise(questions: readonly LabelledQuestion[], start: RankingWeights): RankingWeights {
  const n = FEATURES.length;
  const diffs: Float64Array[] = [];
  for (const q of questions) {
    const right = q.candidates.filter((c) => c.correct && gateCoverage(c.features, start) >= start.minCoverage);
    if (right.length === 0) continue;
    const best = right.reduce((a, b) => (score(a.features, start) >= score(b.features, start) ? a : b));
    const wrong = q.candidates
      .filter((c) => !c.correct && gateCoverage(c.features, start) >= start.minCoverage)
      .sort((a, b) => score(b.features, start) - score(a.features, start))
      .slice(0, PAIRWISE.negatives);
    for (const c of wrong) diffs.push(best.features.map((v, i) => v - c.features[i]!));
  }
  const w = Float64Array.from(FEATURES, (f) => start[f]);
  const w0 = Float64Array.from(w);
  for (let step = 0; step < PAIRWISE.steps; step++) {
    const grad = new Float64Array(n);
    for (const d of diffs) {
      let margin = 0;
      for (let i = 0; i < n; i++) margin += w[i]! * d[i]!;
      const g = -1 / (1 + Math.exp(margin));
      for (let i = 0; i < n; i++) grad[i]! += g * d[i]!;
    }
    for (let i = 0; i < n; i++) w[i] = w[i]! - PAIRWISE.rate * (grad[i]! / Math.max(1, diffs.length) + PAIRWISE.l2 * (w[i]! - w0[i]!));
  }
  const out: RankingWeights = { ...start };
  FEATURES.forEach((f, i) => {
    out[f] = Number(w[i]!.toFixed(4));
  });
  return out;
}

/** Fits the weights to the questions: pairwise ranking first, then coordinate ascent on `objective` (thresholds included). */
export function fit(questions: readonly LabelledQuestion[], options: FitOptions = {}): RankingWeights {
  const ranked = fitPairwise(questions, { ...(options.start ?? DEFAULT_WEIGHTS) });
  // The pairwise weights live on another scale than the threshold: rescale the threshold to keep the decision.
  const cost = options.wrongCost ?? WRONG_COST;
  const weights: RankingWeights = { ...ranked, threshold: thresholdFor(questions, ranked, cost) };
  let best = objective(tally(questions, weights), cost);
  for (let pass = 0; pass < (options.passes ?? 6); pass++) {
    let improved = false;
    for (const name of options.ascend === 'all' ? TUNED : DECISION) {
      const current = weights[name];
      // Steps on the scale of the feature weights (pairwise fitting sets it), so a penalty can grow strong.
      const scale = SHARES.has(name) ? 1 : Math.max(1, meanFeatureWeight(weights));
      const tried = new Set<number>([...FACTORS.map((f) => current * f), ...STEPS.map((s) => current + s * scale)]);
      for (const raw of tried) {
        const value = SHARES.has(name) ? Math.min(1, Math.max(0, raw)) : raw;
        if (value === weights[name]) continue;
        const keep = weights[name];
        weights[name] = Number(value.toFixed(4));
        const got = objective(tally(questions, weights), cost);
        if (got > best) {
          best = got;
          improved = true;
        } else {
          weights[name] = keep;
        }
      }
    }
    if (!improved) break;
  }
  return fitConfidence(questions, weights);
}

/** The threshold that maximises `objective` for these weights, from the scores the candidates reach. */
export function thresholdFor(questions: readonly LabelledQuestion[], weights: RankingWeights, wrongCost = WRONG_COST): number {
  const tops: number[] = [];
  for (const q of questions) {
    let top = -Infinity;
    for (const c of q.candidates) if (gateCoverage(c.features, weights) >= weights.minCoverage) top = Math.max(top, score(c.features, weights));
    if (top > -Infinity) tops.push(top);
  }
  let best = weights.threshold;
  let bestValue = -Infinity;
  for (const t of [...new Set(tops.map((x) => Number(x.toFixed(3))))]) {
    const value = objective(tally(questions, { ...weights, threshold: t }), wrongCost);
    if (value > bestValue) {
      bestValue = value;
      best = t;
    }
  }
  return best;
}

/** Held-out result of one folder in leave-one-folder-out cross-validation. */
export interface FoldResult {
  folder: string;
  tally: Tally;
  calibration: Calibration;
}

/** Leave-one-folder-out: for each folder, fit on all the others and judge it. */
export function crossValidate(questions: readonly LabelledQuestion[], options: FitOptions = {}, onFold?: (folder: string) => void): FoldResult[] {
  const folders = [...new Set(questions.map((q) => q.folder))];
  return folders.map((folder) => {
    onFold?.(folder);
    const weights = fit(questions.filter((q) => q.folder !== folder), options);
    const held = questions.filter((q) => q.folder === folder);
    return { folder, tally: tally(held, weights), calibration: calibration(held, weights) };
  });
}

/** Ablation: the change in outcome when one feature's weight is set to 0. */
export function ablate(questions: readonly LabelledQuestion[], weights: RankingWeights): { feature: string; delta: number; invented: number }[] {
  const base = tally(questions, weights);
  return FEATURES.map((feature) => {
    const t = tally(questions, { ...weights, [feature]: 0 });
    return { feature, delta: t.right + t.declined - base.right - base.declined, invented: t.invented - base.invented };
  });
}

/** Feature indices, re-exported for reports. */
export { F };
