/**
 * The ranking model: a candidate's score is the weighted sum of its features
 * (features.ts); the best candidate whose keywords cover the question well
 * enough answers, if its score reaches the threshold. Every weight is here,
 * with its default; the defaults are fitted by `npm run tune` (coordinate
 * ascent on the labelled questions, cross-validated by folder) and any of
 * them can be overridden per call (`AnswerOptions.weights`).
 */
import { F, FEATURES, type FeatureName } from './features.ts';

/** Weights of the features, and the thresholds of the decision. */
export interface RankingWeights extends Record<FeatureName, number> {
  /** Share of the question's keyword weight found in the sentence itself. */
  coverageSentence: number;
  /** Share found only in the section title. */
  coverageSection: number;
  /** Share found only in another sentence of the paragraph. */
  coverageParagraph: number;
  /** Share found only in the document title. */
  coverageTitle: number;
  /** How well the figure's kind and unit fit what is asked (0–1). */
  fit: number;
  /** Weighted share of the keywords in the figure's own clause (0–1). */
  clause: number;
  /** Share of what the figure's clause says before it that the question asks about (0–1). */
  precision: number;
  /** The sentence lacks the last word of what is asked (收入 where 支出 is asked). */
  headMissing: number;
  /** A word of weight the question asks about is nowhere in the paragraph or section title. */
  conceptMissing: number;
  /** Closeness of the nearest keyword to the figure (0–1). */
  closeness: number;
  /** Length of the question's own wording right before the figure (0–1). */
  phrase: number;
  /** The figure states what the question asks: a change (增长多少), a share (占比), or a level. */
  roleMatch: number;
  /** It states something else (a share where a growth rate is asked). */
  roleMismatch: number;
  /** The figure is the old value of a 由…到…. */
  oldValue: number;
  /** A 分别 list gives the figure to another item than the one asked. */
  otherItem: number;
  /** A 分别 list gives the figure to the item asked. */
  ownItem: number;
  /** The figure is a part after 其中 and the question does not ask for the part. */
  breakdown: number;
  /** The figure is an average (人均, 平均) or per unit of the asked thing (单位GDP能耗) and the question does not ask for one. */
  average: number;
  /** The question asks for an average or a figure per unit (人均GDP) and the figure is none. */
  averageUnmet: number;
  /** The figure's clause has the word the question narrows without the word narrowing it, which the documents write joined (居民 where 城镇居民 is asked). */
  modifierMissing: number;
  /** The question asks for a total and a total's mark (累计, 共有) stands before the figure. */
  totalMark: number;
  /** The figure counts what was added (新增…15家) and the question asks for what there is (有多少家). */
  flowUnasked: number;
  /** The figure is of a sibling of what is asked: its clause joins a word of the question to another word (农村居民 written, 城镇居民 asked). */
  siblingUnasked: number;
  /** The figure is a table cell in a row the question names by its label. */
  rowAsked: number;
  /** The figure is a table cell in a row the question does not name (a county's row when the city's total is asked). */
  rowUnasked: number;
  /** The figure is a target or plan and the question asks for a result. */
  targetUnasked: number;
  /** The figure is a target and the question asks for one. */
  targetAsked: number;
  /** The asked entity is named in the sentence itself. */
  entitySentence: number;
  /** …in another sentence of the paragraph. */
  entityParagraph: number;
  /** …in the section title. */
  entitySection: number;
  /** …as the document's own entity (its title). */
  entityDocument: number;
  /** Nothing names the asked entity, and the document's own entity is unknown. */
  entityMissing: number;
  /** The asked entity is the document's, but the sentence names another one. */
  otherEntity: number;
  /** The asked year is named in the sentence. */
  yearSentence: number;
  /** …in an earlier sentence of the paragraph. */
  yearParagraph: number;
  /** …in the section title. */
  yearSection: number;
  /** …by the document (its title or opening). */
  yearDocument: number;
  /** A year is asked and nothing says which year the figure is of. */
  yearMissing: number;
  /** The question names no time and a later document about the same entity exists: a reader asking so means the latest. */
  olderDocument: number;
  /** The asked period (一季度, 1—5月) is the figure's. */
  spanMatched: number;
  /** A period is asked and nothing says which the figure is of. */
  spanMissing: number;
  /** The figure is of part of a year and the question names no period. */
  spanUnasked: number;
  /** The least score an answer needs. */
  threshold: number;
  /** The least keyword coverage an answer needs: sentence share plus the other fields' shares times their gate factors. */
  minCoverage: number;
  /** How much a keyword in the section title counts for `minCoverage`. */
  gateSection: number;
  /** How much a keyword elsewhere in the paragraph counts for `minCoverage`. */
  gateParagraph: number;
  /** How much a keyword in the document title counts for `minCoverage`. */
  gateTitle: number;
  /** The least coverage of a passage offered among the alternatives (更多相关段落). */
  relatedCoverage: number;
  /**
   * Confidence is a logistic model of how often an answer is right, fitted
   * by `npm run tune` on the answers the ranking gives: its bias, and the
   * weights of the answer's lead over the best candidate giving another
   * figure (log(1 + lead)), of its keyword coverage (0–1) and of its score
   * above the threshold (per 10 points).
   */
  confidenceBias: number;
  confidenceLead: number;
  confidenceCoverage: number;
  confidenceScore: number;
}

/** The fitted defaults (`npm run tune -- --write` rewrites this object). */
export const DEFAULT_WEIGHTS: Readonly<RankingWeights> = Object.freeze({
  coverageSentence: 14.517,
  coverageSection: 5.68,
  coverageParagraph: 6.855,
  coverageTitle: 15.135,
  fit: 16.007,
  clause: 5.742,
  precision: 3.225,
  conceptMissing: -4.981,
  headMissing: -0.559,
  closeness: 1.15,
  phrase: 0.439,
  roleMatch: 1.186,
  roleMismatch: -2.664,
  oldValue: -3.455,
  otherItem: -4.781,
  ownItem: 0.762,
  breakdown: -1.819,
  average: -2.952,
  averageUnmet: -0.49,
  modifierMissing: -0.861,
  olderDocument: -1.104,
  totalMark: 3.991,
  flowUnasked: -3.02,
  siblingUnasked: -0.241,
  rowAsked: -0.389,
  rowUnasked: -5.359,
  targetUnasked: -8.993,
  targetAsked: 0.5,
  entitySentence: 0.438,
  entityParagraph: 0.546,
  entitySection: 0.8,
  entityDocument: 2.691,
  entityMissing: -1.874,
  otherEntity: -5.282,
  yearSentence: 2.307,
  yearParagraph: 3.64,
  yearSection: 0.309,
  yearDocument: -0.163,
  yearMissing: -0.489,
  spanMatched: 1.236,
  spanMissing: -1.879,
  spanUnasked: -5.344,
  threshold: 5.142,
  minCoverage: 0.544,
  gateSection: 0.539,
  gateParagraph: 0.289,
  gateTitle: 0.45,
  relatedCoverage: 0.4,
  confidenceBias: -2.159,
  confidenceLead: 0.812,
  confidenceCoverage: 0.344,
  confidenceScore: 0.723,
});

/** Weights with per-call overrides applied (unknown names are refused). */
export function resolveWeights(overrides: Partial<RankingWeights> = {}): RankingWeights {
  for (const name of Object.keys(overrides)) {
    if (!Object.hasOwn(DEFAULT_WEIGHTS, name)) throw new TypeError(`unknown ranking weight: ${name}`);
  }
  return { ...DEFAULT_WEIGHTS, ...overrides };
}

/** The weighted sum of a candidate's features. */
export function score(features: Float64Array, weights: RankingWeights): number {
  let sum = 0;
  for (let i = 0; i < FEATURES.length; i++) sum += features[i]! * weights[FEATURES[i]!];
  return sum;
}

/** Each feature's part of the score (for `--explain` and ablation). */
export function contributions(features: Float64Array, weights: RankingWeights): Partial<Record<FeatureName, number>> {
  const out: Partial<Record<FeatureName, number>> = {};
  for (let i = 0; i < FEATURES.length; i++) if (features[i] !== 0) out[FEATURES[i]!] = Number((features[i]! * weights[FEATURES[i]!]).toFixed(3));
  return out;
}

/** The keyword coverage a candidate is gated on (see `minCoverage`). */
export function gateCoverage(features: Float64Array, weights: RankingWeights): number {
  return Math.min(
    1,
    features[F.coverageSentence]! +
      weights.gateSection * features[F.coverageSection]! +
      weights.gateParagraph * features[F.coverageParagraph]! +
      weights.gateTitle * features[F.coverageTitle]!,
  );
}

/**
 * Below this confidence an answer is shown as possibly related (可能相关)
 * rather than as the answer. In cross-validation (docs/development.md)
 * answers below it were right about 60% of the time, those above about 93%.
 */
export const LOW_CONFIDENCE = 0.8;

/** A lead this large (score points) or larger means no other figure is close. */
const LEAD_CAP = 20;

/** A candidate as confidence sees it: its score, and the figure it gives (see {@link figureKey}). */
export interface Competitor {
  score: number;
  figure: string | null;
}

/** What tells one figure from another: value and unit (6.4% and 6.4% are one figure, wherever written), else the text. */
export function figureKey(figure: { value: number | null; unit: string | null; text: string } | null): string | null {
  return figure === null ? null : `${figure.value ?? figure.text}${figure.unit ?? ''}`;
}

/** How far the best candidate leads the best one giving another figure (or none), capped at LEAD_CAP. */
export function leadOverOthers(best: Competitor, others: Iterable<Competitor>): number {
  let rival = -Infinity;
  for (const c of others) {
    // The same figure elsewhere is no rival; passages without figures are each their own answer.
    if (c === best || (c.figure !== null && c.figure === best.figure)) continue;
    rival = Math.max(rival, c.score);
  }
  return Math.min(LEAD_CAP, Math.max(0, best.score - rival));
}

/** The inputs of the confidence model for an answer: bias, lead, coverage, score above the threshold. */
export function confidenceInputs(score: number, lead: number, coverage: number, weights: RankingWeights): [number, number, number, number] {
  return [1, Math.log1p(lead), coverage, (score - weights.threshold) / 10];
}

/** How sure an answer is, 0–1: the fitted chance that an answer with this lead, coverage and score is right. */
export function confidence(score: number, lead: number, coverage: number, weights: RankingWeights): number {
  const [bias, l, c, s] = confidenceInputs(score, lead, coverage, weights);
  const z = weights.confidenceBias * bias + weights.confidenceLead * l + weights.confidenceCoverage * c + weights.confidenceScore * s;
  return 1 / (1 + Math.exp(-z));
}
