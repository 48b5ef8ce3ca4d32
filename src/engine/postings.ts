/**
 * The posting lists of the paragraph records, in a FlexSearch index used
 * through its documented API only: `add` a record's tokens, `search` one
 * token (with `limit`) for the paragraphs that have it, `export`/`import` to
 * persist. Beside it, a table of document frequencies (how many paragraphs
 * have each token), which answering needs for IDF and FlexSearch does not
 * offer.
 */
import { Index } from 'flexsearch';
import { EngineError } from './errors.ts';

/** Tokens are made by us (tokensOfFolded) and joined by spaces; FlexSearch only splits them again. */
function encode(text: string): string[] {
  return text ? text.split(' ') : [];
}

/** A FlexSearch index with the engine's options (in memory, or mounted on a store). */
export function createFlexIndex(): Index {
  return new Index({ tokenize: 'strict', encode, resolution: 1, fastupdate: false, cache: false });
}

const EMPTY: readonly number[] = Object.freeze([]);

/** Token → ascending paragraph ids, and how many there are. */
export class PostingLists {
  readonly #flex: Index;
  readonly #df: Map<string, number>;

  private constructor(flex: Index, df: Map<string, number>) {
    this.#flex = flex;
    this.#df = df;
  }

  /** Builds the lists from records given in ascending id order. */
  static build(records: Iterable<[id: number, tokens: readonly string[]]>): PostingLists {
    const flex = createFlexIndex();
    const df = new Map<string, number>();
    let last = -1;
    for (const [id, tokens] of records) {
      if (id <= last) throw new EngineError('posting lists need records in ascending id order');
      last = id;
      flex.add(id, tokens.join(' '));
      for (const token of tokens) df.set(token, (df.get(token) ?? 0) + 1);
    }
    return new PostingLists(flex, df);
  }

  /** Number of distinct tokens. */
  get tokens(): number {
    return this.#df.size;
  }

  /** In how many paragraphs a token occurs (0 when none). */
  documentFrequency(token: string): number {
    return this.#df.get(token) ?? 0;
  }

  /** The ascending ids of the paragraphs that have a token (empty when none). */
  list(token: string): readonly number[] {
    const df = this.#df.get(token);
    return df ? (this.#flex.search(token, { limit: df }) as number[]) : EMPTY;
  }

  /** The lists as files to write: FlexSearch's export chunks and the frequency table ("token count" a line). */
  serialize(): { chunks: Map<string, string>; frequencies: string } {
    const chunks = new Map<string, string>();
    this.#flex.export((key: string, value: string) => {
      chunks.set(key, value);
    });
    const lines: string[] = [];
    for (const [token, n] of this.#df) lines.push(`${token} ${n}`);
    return { chunks, frequencies: lines.join('\n') };
  }

  /**
   * Reads what `serialize` wrote.
   *
   * @throws {EngineError} when the parts do not fit together.
   */
  static deserialize(chunks: ReadonlyMap<string, string>, frequencies: string): PostingLists {
    const flex = createFlexIndex();
    for (const [key, value] of chunks) flex.import(key, value);
    const df = new Map<string, number>();
    for (const line of frequencies ? frequencies.split('\n') : []) {
      const space = line.lastIndexOf(' ');
      const n = Number(line.slice(space + 1));
      if (space <= 0 || !Number.isInteger(n) || n <= 0) throw new EngineError('the document frequency table is damaged');
      df.set(line.slice(0, space), n);
    }
    return new PostingLists(flex, df);
  }
}
