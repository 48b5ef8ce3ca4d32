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
  /** The figure is an average (人均, 平均) and the question does not ask for one. */
  average: number;
  /** The question asks for a total and a total's mark (累计, 共有) stands before the figure. */
  totalMark: number;
  /** The figure counts what was added (新增…15家) and the question asks for what there is (有多少家). */
  flowUnasked: number;
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
  /** Score above the threshold at which confidence reaches about 73% (a logistic scale). */
  confidenceScale: number;
}

/** The fitted defaults (`npm run tune -- --write` rewrites this object). */
export const DEFAULT_WEIGHTS: Readonly<RankingWeights> = Object.freeze({
  coverageSentence: 15.724,
  coverageSection: 5.9,
  coverageParagraph: 9.534,
  coverageTitle: 11.11,
  fit: 20.097,
  clause: 3.164,
  precision: 4.386,
  conceptMissing: -4.265,
  headMissing: -2.579,
  closeness: 0.662,
  phrase: -0.475,
  roleMatch: 1.801,
  roleMismatch: -3.279,
  oldValue: -3.802,
  otherItem: -4.762,
  ownItem: -0.704,
  breakdown: -0.641,
  average: -4.808,
  totalMark: 3.018,
  flowUnasked: -2.239,
  rowAsked: 0.955,
  rowUnasked: -8.116,
  targetUnasked: -14.121,
  targetAsked: 0.5,
  entitySentence: 0.052,
  entityParagraph: 0.768,
  entitySection: 0.8,
  entityDocument: 1.98,
  entityMissing: -1,
  otherEntity: -4.471,
  yearSentence: 1.378,
  yearParagraph: 2.369,
  yearSection: 2.389,
  yearDocument: -0.033,
  yearMissing: -0.5,
  spanMatched: 1.236,
  spanMissing: -1.878,
  spanUnasked: -5.211,
  threshold: -4.777,
  minCoverage: 0.605,
  gateSection: 0.175,
  gateParagraph: 0.35,
  gateTitle: 0.1,
  relatedCoverage: 0.4,
  confidenceScale: 2,
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

/** How sure an answer is, 0–1, from how far its score clears the threshold. */
export function confidence(value: number, weights: RankingWeights): number {
  return 1 / (1 + Math.exp(-(value - weights.threshold) / weights.confidenceScale));
}
