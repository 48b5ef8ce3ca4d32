/**
 * The passage index: cleaned documents split into paragraphs and sentences
 * that remember their section and document, and the search record of each
 * paragraph (Chinese bigram tokens of its text and section title, and time
 * tokens for the years and periods it speaks of). Candidates are scored by
 * IDF over the records' posting lists; the ranker then scores the sentences
 * of the candidate paragraphs itself.
 */
import type { CleanDocument } from './types.ts';
import type { CorpusModel } from './document-model.ts';
import { EngineError } from './errors.ts';
import { type MonthSpan, periodOf, timeMentions } from './periods.ts';
import { fold } from './script.ts';
import { sentenceBounds } from './sentences.ts';
import { tokensOfFolded } from './tokenize.ts';

/** One sentence of a paragraph. */
export interface Passage {
  /** Global passage id (stable for the same documents). */
  id: number;
  /** The sentence as written (cleaned). */
  text: string;
  /** Global paragraph id. */
  paragraph: number;
}

/** One paragraph: where it is and which sentences it has. */
export interface Paragraph {
  id: number;
  doc: number;
  section: number;
  /** Index of the paragraph in its section. */
  index: number;
  /** First passage id and count of passages. */
  first: number;
  count: number;
  /** 1-based page, or null. */
  page: number | null;
}

/** The pseudo token that marks a record as speaking of a year. */
export function yearToken(year: number): string {
  return `y${year}`;
}

/** The pseudo token that marks a record as speaking of some months of a year (一季度 → s1-3). */
export function spanToken(span: MonthSpan): string {
  return `s${span.from}-${span.to}`;
}

/**
 * Postings a query may read to find candidate paragraphs. Tokens are taken
 * rarest first; once this many postings are read, commoner tokens (增长, 工业,
 * year tokens) add no more candidates, since the ranker weighs them anyway.
 */
const CANDIDATE_POSTINGS = 20_000;

/** Time tokens of a text: the years (relative ones read against `reference`) and periods it names, comparisons aside. */
export function timeTokens(folded: string, reference: number | null): string[] {
  const out: string[] = [];
  for (const mention of timeMentions(folded)) {
    if (mention.comparison) continue;
    const period = periodOf(mention, reference);
    if (period.year !== null) out.push(yearToken(period.year));
    if (period.span) out.push(spanToken(period.span));
  }
  return out;
}

/** Search tokens of one paragraph record: text, section title, and the times they and the document speak of. */
function recordTokens(model: CorpusModel, doc: number, sectionTitle: string, paragraph: string): string[] {
  const context = model.documents[doc]!;
  const text = fold(paragraph);
  const title = fold(sectionTitle);
  const tokens = new Set(tokensOfFolded(text));
  for (const t of tokensOfFolded(title)) tokens.add(t);
  if (context.year !== null) tokens.add(yearToken(context.year));
  if (context.span) tokens.add(spanToken(context.span));
  for (const t of timeTokens(title, context.year)) tokens.add(t);
  for (const t of timeTokens(text, context.year)) tokens.add(t);
  return [...tokens];
}

/** Paragraph ids that have one token, and in how many paragraphs that token occurs. */
export interface PostingList {
  ids: ArrayLike<number>;
  df: number;
}

/**
 * Which tokens' posting lists a query reads, in order: rarest first, while
 * the postings read stay within the budget (the rarest token always counts).
 * Tokens no paragraph has are left out. The same rule serves the in-memory
 * index and a store (Redis), so both find the same candidates.
 */
export function postingsToRead(tokens: readonly string[], documentFrequency: (token: string) => number): { token: string; df: number }[] {
  const known: { token: string; df: number }[] = [];
  for (const token of new Set(tokens)) {
    const df = documentFrequency(token);
    if (df > 0) known.push({ token, df });
  }
  known.sort((a, b) => a.df - b.df);
  let read = 0;
  for (let i = 0; i < known.length; i++) {
    // Common tokens would add thousands of weak candidates.
    if (i > 0 && read + known[i]!.df > CANDIDATE_POSTINGS) return known.slice(0, i);
    read += known[i]!.df;
  }
  return known;
}

/** Scratch space for `rankByIdf`, each of at least one entry per paragraph; reused across queries. */
export interface RankScratch {
  /** Per paragraph: the IDF sum so far (zeros between calls). */
  scores: Float64Array;
  /** Per paragraph: which of up to 8 lists it is in, one bit each (zeros between calls). */
  inLists: Uint8Array;
  /** The paragraphs seen, in the order first seen. */
  touched: Int32Array;
}

/** Scratch space for `rankByIdf` over `size` paragraphs. */
export function rankScratch(size: number): RankScratch {
  return { scores: new Float64Array(size), inLists: new Uint8Array(size), touched: new Int32Array(size) };
}

/**
 * Sums, per paragraph, the IDF of the lists it is in and keeps the best
 * `limit` ids (higher score first, lower id on ties).
 */
export function rankByIdf(lists: readonly PostingList[], size: number, limit: number, scratch: RankScratch): number[] {
  if (lists.length === 0 || limit <= 0) return [];
  const weights = lists.map(({ df }) => Math.log(1 + (size + 1) / (df + 0.5)));
  const { touched } = scratch;
  const best: number[] = [];
  const bestScores: number[] = [];
  let seen = 0;
  if (lists.length <= 8) {
    // Marking list bits in a byte per paragraph touches far less memory than adding up
    // doubles (postings are most of a query's time); sums are added in list order all the same.
    const { inLists } = scratch;
    for (let l = 0; l < lists.length; l++) {
      const ids = lists[l]!.ids;
      const bit = 1 << l;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        const was = inLists[id]!;
        if (was === 0) touched[seen++] = id;
        inLists[id] = was | bit;
      }
    }
    const sums = new Float64Array(1 << lists.length);
    for (let mask = 1; mask < sums.length; mask++) {
      let sum = 0;
      for (let l = 0; l < lists.length; l++) if (mask & (1 << l)) sum += weights[l]!;
      sums[mask] = sum;
    }
    for (let j = 0; j < seen; j++) {
      const id = touched[j]!;
      const score = sums[inLists[id]!]!;
      inLists[id] = 0;
      // Most paragraphs fall short of the best so far: test that before calling.
      if (best.length === limit && score < bestScores[limit - 1]!) continue;
      keepBest(best, bestScores, limit, id, score);
    }
  } else {
    const { scores } = scratch;
    for (let l = 0; l < lists.length; l++) {
      const ids = lists[l]!.ids;
      const weight = weights[l]!;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        const was = scores[id]!;
        if (was === 0) touched[seen++] = id;
        scores[id] = was + weight;
      }
    }
    for (let j = 0; j < seen; j++) {
      const id = touched[j]!;
      const score = scores[id]!;
      scores[id] = 0;
      if (best.length === limit && score < bestScores[limit - 1]!) continue;
      keepBest(best, bestScores, limit, id, score);
    }
  }
  return best;
}

/** Inserts `id` into the best `limit` ids if it belongs there (higher score first, lower id on ties). */
function keepBest(best: number[], bestScores: number[], limit: number, id: number, score: number): void {
  let at = best.length;
  if (at === limit) {
    const last = bestScores[limit - 1]!;
    if (!(score > last || (score === last && id < best[limit - 1]!))) return;
    at--;
  }
  while (at > 0 && (score > bestScores[at - 1]! || (score === bestScores[at - 1]! && id < best[at - 1]!))) {
    best[at] = best[at - 1]!;
    bestScores[at] = bestScores[at - 1]!;
    at--;
  }
  best[at] = id;
  bestScores[at] = score;
}

/** Sentences and paragraphs of a set of documents, and their search records. */
export class PassageIndex {
  readonly documents: CleanDocument[];
  readonly passages: Passage[] = [];
  readonly paragraphs: Paragraph[] = [];
  /** Per document: its first paragraph id (and, at the end, the number of paragraphs). */
  readonly firstParagraph: Int32Array;
  /** Per-paragraph scratch for `rank`, reused across queries (ranking is synchronous). */
  private scratch: RankScratch | null = null;
  /** Number of records (paragraphs) in the index, for IDF. */
  get size(): number {
    return this.paragraphs.length;
  }

  /**
   * Splits documents into paragraphs and sentences (deterministic: ids depend
   * only on the documents). A saved layout (see `exportLayout`) skips finding
   * the sentence ends again, which is a fifth of loading a large corpus.
   */
  constructor(documents: CleanDocument[], saved?: Int32Array) {
    this.documents = documents;
    this.firstParagraph = new Int32Array(documents.length + 1);
    let at = 0;
    documents.forEach((doc, d) => {
      this.firstParagraph[d] = this.paragraphs.length;
      doc.sections.forEach((section, s) => {
        section.paragraphs.forEach((text, p) => {
          const id = this.paragraphs.length;
          let bounds: ArrayLike<number>;
          if (saved) {
            const count = saved[at++]!;
            bounds = saved.subarray(at, at + 2 * count);
            at += 2 * count;
            if (bounds.length !== 2 * count || (count > 0 && bounds[2 * count - 1]! > text.length)) {
              throw new EngineError('the saved sentence layout does not match the documents');
            }
          } else {
            bounds = sentenceBounds(text);
          }
          const first = this.passages.length;
          for (let i = 0; i < bounds.length; i += 2) {
            this.passages.push({ id: this.passages.length, text: text.slice(bounds[i], bounds[i + 1]), paragraph: id });
          }
          this.paragraphs.push({ id, doc: d, section: s, index: p, first, count: bounds.length / 2, page: section.pages?.[p] ?? null });
        });
      });
    });
    this.firstParagraph[documents.length] = this.paragraphs.length;
    if (saved && at !== saved.length) throw new EngineError('the saved sentence layout does not match the documents');
  }

  /** The sentence layout as numbers: per paragraph, the count of sentences and their bounds. */
  exportLayout(): Int32Array {
    let total = 0;
    for (const para of this.paragraphs) total += 1 + 2 * para.count;
    const out = new Int32Array(total);
    let at = 0;
    for (const para of this.paragraphs) {
      const text = this.documents[para.doc]!.sections[para.section]!.paragraphs[para.index]!;
      const bounds = sentenceBounds(text);
      out[at++] = bounds.length / 2;
      for (const b of bounds) out[at++] = b;
    }
    return out;
  }

  /** The search records in id order: each paragraph's id and its tokens (text, section title, times). */
  *records(model: CorpusModel, onProgress?: (done: number, total: number) => void): Generator<[id: number, tokens: string[]]> {
    let lastDoc = -1;
    for (const para of this.paragraphs) {
      const doc = this.documents[para.doc]!;
      const section = doc.sections[para.section]!;
      if (para.doc !== lastDoc) {
        if (lastDoc >= 0) onProgress?.(lastDoc + 1, this.documents.length);
        lastDoc = para.doc;
      }
      yield [para.id, recordTokens(model, para.doc, section.title, section.paragraphs[para.index]!)];
    }
    onProgress?.(this.documents.length, this.documents.length);
  }

  /** Scores paragraphs by the IDF of the posting lists they are in; the best `limit` ids, best first. */
  rank(lists: readonly PostingList[], limit: number): number[] {
    this.scratch ??= rankScratch(this.size);
    return rankByIdf(lists, this.size, limit, this.scratch);
  }
}
