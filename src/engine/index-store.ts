/**
 * Where an index's posting lists can live instead of in process memory: a
 * shared store (Redis) that several instances read, so none of them loads
 * the whole index. The engine keeps the documents and sentences itself and
 * asks the store only for the document frequencies and posting lists a
 * question needs (the `Retrieval` every mode answers through).
 */
import type { Retrieval } from './retrieval.ts';

/** What a store needs to build an index that is missing. */
export interface StoreBuild {
  /** Number of records (paragraphs); record ids are 0 … size − 1. */
  size: number;
  /** The records in id order: paragraph id and its search tokens. */
  records: () => Iterable<[id: number, tokens: string[]]>;
  /** Called as records are written. */
  onProgress?: (done: number, total: number) => void;
}

/** A store that holds built indexes under names (one per sources and engine version). */
export interface IndexStore {
  /** Where the store is, for messages (no password). */
  readonly location: string;
  /**
   * Makes sure `namespace` holds a complete index of `build.size` records:
   * resolves to 'found' when one is there (another instance may have built
   * it), or builds it and resolves to 'built'. Only one instance builds a
   * namespace at a time; the others wait for it.
   */
  ensure(namespace: string, build: StoreBuild): Promise<'found' | 'built'>;
  /** Reads the index in `namespace` (call `ensure` first). */
  reader(namespace: string): Retrieval;
  /** Closes the connection. */
  close(): Promise<void>;
}
