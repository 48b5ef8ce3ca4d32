/**
 * The passage index: cleaned documents split into sentences that remember
 * their paragraph, section and document, and a FlexSearch index over
 * paragraphs (records with Chinese bigram tokens, section-title tokens and
 * year tokens). FlexSearch stores the posting lists; candidates are scored by
 * IDF over them, and the ranker then scores the sentences of the candidate
 * paragraphs itself.
 */
import { Index } from 'flexsearch';
import type { CleanDocument } from './types.ts';
import { EngineError } from './errors.ts';
import { fold } from './script.ts';
import { sentenceBounds } from './sentences.ts';
import { arabicYears, tokensOfFolded, yearToken } from './tokenize.ts';

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

/** Options for building a passage index. */
export interface BuildOptions {
  /** Called after each document is indexed. */
  onProgress?: (done: number, total: number) => void;
}

/** 2021年, and Taiwan's Minguo years such as 112年. */
const YEAR_RE = /(?:^|[^\d.,])((?:19|20)\d{2}|1\d{2})(?=年)/g;

/** Years a text names explicitly ("2021年"), except comparison bases ("比2020年", "较111年"). */
export function yearsIn(text: string): number[] {
  return yearsInFolded(fold(text));
}

/** `yearsIn` of text already folded (see `fold`). */
export function yearsInFolded(folded: string): number[] {
  const out: number[] = [];
  // Every year is written before 年 (and arabicYears only rewrites digits).
  if (!folded.includes('年')) return out;
  const arabic = arabicYears(folded);
  // exec rather than matchAll, which copies the pattern on every call (YEAR_RE never matches empty).
  YEAR_RE.lastIndex = 0;
  for (let m = YEAR_RE.exec(arabic); m; m = YEAR_RE.exec(arabic)) {
    const at = m.index! + m[0].indexOf(m[1]!);
    if (/(?:较|比|与|同|相比|高于|低于|超过)$/.test(arabic.slice(Math.max(0, at - 2), at))) continue;
    const y = Number(m[1]);
    if (!out.includes(y)) out.push(y);
  }
  return out;
}

function encode(text: string): string[] {
  return text ? text.split(' ') : [];
}

/** A FlexSearch index with the engine's options (in memory, or mounted on a store). */
export function createFlexIndex(): Index {
  // Tokens are made by us (tokensOfFolded); FlexSearch only stores and intersects them.
  return new Index({ tokenize: 'strict', encode, resolution: 1, fastupdate: false, cache: false });
}

/**
 * Postings a query may read to find candidate paragraphs. Tokens are taken
 * rarest first; once this many postings are read, commoner tokens (增长, 工业,
 * year tokens) add no more candidates, since the ranker weighs them anyway.
 */
const CANDIDATE_POSTINGS = 20_000;

/** Search tokens of one paragraph record: text, section title and years. */
function recordTokens(doc: CleanDocument, sectionTitle: string, paragraph: string): string[] {
  const tokens = new Set(tokensOfFolded(fold(paragraph)));
  for (const t of tokensOfFolded(fold(sectionTitle))) tokens.add(t);
  if (doc.year) tokens.add(yearToken(doc.year));
  for (const y of yearsIn(paragraph)) tokens.add(yearToken(y));
  for (const y of yearsIn(sectionTitle)) tokens.add(yearToken(y));
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

/** Sentences and paragraphs of a set of documents, and the FlexSearch index over them. */
export class PassageIndex {
  readonly documents: CleanDocument[];
  readonly passages: Passage[] = [];
  readonly paragraphs: Paragraph[] = [];
  readonly flex: Index;
  /** Per-paragraph scratch for `rank`, reused across queries (ranking is synchronous). */
  private scratch: RankScratch | null = null;
  /** Number of records (paragraphs) in the index, for IDF. */
  get size(): number {
    return this.paragraphs.length;
  }

  private constructor(documents: CleanDocument[], flex: Index, layout?: Int32Array) {
    this.documents = documents;
    this.flex = flex;
    this.layout(layout);
  }

  /**
   * Splits documents into paragraphs and sentences (deterministic: ids depend
   * only on the documents). A saved layout (see `exportLayout`) skips finding
   * the sentence ends again, which is a fifth of loading a large corpus.
   */
  private layout(saved?: Int32Array): void {
    let at = 0;
    this.documents.forEach((doc, d) => {
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
          this.paragraphs.push({
            id,
            doc: d,
            section: s,
            index: p,
            first,
            count: bounds.length / 2,
            page: section.pages?.[p] ?? null,
          });
        });
      });
    });
    if (saved && at !== saved.length) throw new EngineError('the saved sentence layout does not match the documents');
  }

  /** The sentence layout as numbers: per paragraph, the count of sentences and their bounds. */
  exportLayout(): Int32Array {
    const out: number[] = [];
    for (const para of this.paragraphs) {
      const doc = this.documents[para.doc]!;
      const text = doc.sections[para.section]!.paragraphs[para.index]!;
      const bounds = sentenceBounds(text);
      // One push per number: a paragraph may have tens of thousands of sentences, more than a call takes.
      out.push(bounds.length / 2);
      for (const bound of bounds) out.push(bound);
    }
    return Int32Array.from(out);
  }

  /** Builds the index for cleaned documents. */
  static build(documents: CleanDocument[], options: BuildOptions = {}): PassageIndex {
    const index = new PassageIndex(documents, createFlexIndex());
    let lastDoc = -1;
    for (const [id, tokens] of index.records()) {
      index.flex.add(id, tokens);
      const doc = index.paragraphs[id]!.doc;
      if (doc !== lastDoc) {
        if (lastDoc >= 0) options.onProgress?.(lastDoc + 1, documents.length);
        lastDoc = doc;
      }
    }
    options.onProgress?.(documents.length, documents.length);
    return index;
  }

  /**
   * Sentences and paragraphs only, with an empty FlexSearch index: for an
   * engine whose posting lists live in a store (see index-store.ts).
   */
  static withoutPostings(documents: CleanDocument[], layout?: Int32Array): PassageIndex {
    return new PassageIndex(documents, createFlexIndex(), layout);
  }

  /** The search records: each paragraph's id and its tokens (text, section title, years) joined by spaces. */
  *records(): Generator<[id: number, tokens: string]> {
    for (const para of this.paragraphs) {
      const doc = this.documents[para.doc]!;
      const section = doc.sections[para.section]!;
      yield [para.id, recordTokens(doc, section.title, section.paragraphs[para.index]!).join(' ')];
    }
  }

  /** Restores an index from exported FlexSearch data (see `exportData`). */
  static fromExport(documents: CleanDocument[], data: Record<string, string>, layout?: Int32Array): PassageIndex {
    const flex = createFlexIndex();
    for (const [key, value] of Object.entries(data)) flex.import(key, value);
    return new PassageIndex(documents, flex, layout);
  }

  /** Exports the FlexSearch index as key/value chunks. */
  exportData(): Record<string, string> {
    const data: Record<string, string> = {};
    this.flex.export((key: string, value: string) => {
      data[key] = value;
    });
    return data;
  }

  /** FlexSearch's posting list of a token (buckets of paragraph ids), or undefined. */
  private postings(token: string): (number[] | undefined)[] | undefined {
    // FlexSearch keeps `map`: token → resolution buckets of ids; we read it rather than keep a second table.
    return (this.flex as unknown as { map: Map<string, (number[] | undefined)[]> }).map.get(token);
  }

  /**
   * Paragraph ids that match the most of `tokens`, best first. Partial
   * matches count (a question has words the passage need not have): each
   * paragraph scores the IDF of the tokens it has, read from FlexSearch's
   * posting lists rarest first, within a budget of postings per query.
   * (FlexSearch's own `suggest` search walks every posting of every token and
   * ranks by matched-token count only: 15 ms p50 on 10,000 documents.)
   */
  search(tokens: string[], limit: number): number[] {
    const lists: PostingList[] = [];
    for (const { token, df } of postingsToRead(tokens, (t) => this.documentFrequency(t))) {
      for (const bucket of this.postings(token) ?? []) if (bucket?.length) lists.push({ ids: bucket, df });
    }
    return this.rank(lists, limit);
  }

  /** Scores paragraphs by the IDF of the posting lists they are in; the best `limit` ids, best first. */
  rank(lists: readonly PostingList[], limit: number): number[] {
    this.scratch ??= rankScratch(this.size);
    return rankByIdf(lists, this.size, limit, this.scratch);
  }

  /** In how many paragraphs a token occurs (FlexSearch's own posting list); 0 when unknown. */
  documentFrequency(token: string): number {
    let n = 0;
    for (const bucket of this.postings(token) ?? []) n += bucket ? bucket.length : 0;
    return n;
  }
}
