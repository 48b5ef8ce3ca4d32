/**
 * The question's concepts weighed for one corpus: each wording's tokens with
 * their IDF, and how much of a concept a text holds (the best share of any
 * one wording). Coverage, the clause feature and retrieval all read these.
 */
/** One concept of the question, its wordings weighed by IDF. */
export interface WeightedConcept {
  /** How much the concept counts (the IDF of the wording the documents use). */
  weight: number;
  /** Its wordings, own first when the documents use it: tokens with their IDF. */
  wordings: { tokens: string[]; idf: number[]; total: number; own: boolean }[];
  /** The word asked about (总数, 交付): it decides between figures of one sentence. */
  focus: boolean;
  /** The last word of what is asked (支出 of 一般公共预算支出): a passage without it speaks of something else. */
  head: boolean;
}

/** The question's concepts weighed by IDF, as answering uses them. */
export interface Keywords {
  concepts: WeightedConcept[];
  /** Sum of the concepts' weights: coverage is a share of it. */
  total: number;
  /** Every token of every wording, for closeness and retrieval. */
  tokens: string[];
  /** Every token the question has or implies, those no paragraph has included (for clause precision). */
  asked: ReadonlySet<string>;
  /**
   * Words of the question that narrow the word after them, as the corpus
   * writes them joined (城镇|居民, 人均|地区生产总值): indexes into `concepts`.
   */
  modifiers: { modifier: number; head: number }[];
}

/** Alternatives count a little less than the question's own words. */
export const ALTERNATIVE_SHARE = 0.9;

/**
 * How much of a concept a text has: the best share of any one wording (0–1),
 * an alternative's discounted. `weigh` may count each found token less
 * (a token inside a longer word the question did not use).
 */
export function conceptShare(concept: WeightedConcept, text: string, weigh: (token: string) => number = () => 1): number {
  let best = 0;
  for (const w of concept.wordings) {
    if (w.total <= 0) continue;
    let found = 0;
    for (let i = 0; i < w.tokens.length; i++) if (text.includes(w.tokens[i]!)) found += w.idf[i]! * weigh(w.tokens[i]!);
    best = Math.max(best, (found / w.total) * (w.own ? 1 : ALTERNATIVE_SHARE));
  }
  return best;
}

