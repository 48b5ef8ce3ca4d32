/**
 * Where answering reads document frequencies and posting lists: one
 * interface, served by the in-memory posting lists or by an index store
 * (Redis). The answer model is written once over it, so every mode gives the
 * same answers by construction.
 */
import type { PostingLists } from './postings.ts';

/** Document frequencies and posting lists of the paragraph records. */
export interface Retrieval {
  /** In how many paragraphs each token occurs (absent or 0 when none). */
  frequencies(tokens: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** The ascending paragraph ids of each token (absent when none). */
  postings(tokens: readonly string[]): Promise<ReadonlyMap<string, ArrayLike<number>>>;
}

/** Retrieval from posting lists held in this process. */
export class MemoryRetrieval implements Retrieval {
  readonly #lists: PostingLists;

  constructor(lists: PostingLists) {
    this.#lists = lists;
  }

  async frequencies(tokens: readonly string[]): Promise<ReadonlyMap<string, number>> {
    return new Map(tokens.map((t) => [t, this.#lists.documentFrequency(t)]));
  }

  async postings(tokens: readonly string[]): Promise<ReadonlyMap<string, ArrayLike<number>>> {
    return new Map(tokens.map((t) => [t, this.#lists.list(t)]));
  }
}
