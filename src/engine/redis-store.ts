/**
 * The index in Redis, through FlexSearch's own storage adapter
 * (`flexsearch/db/redis`) and its documented API only: a build indexes the
 * paragraph records with a FlexSearch `Index` mounted on the adapter and
 * commits them in batches; questions `search` one token at a time on a
 * mounted index. Document frequencies, which FlexSearch does not offer, are
 * kept in a hash of our own. One namespace per engine format and sources
 * hash, so instances over the same sources share one build and a change of
 * sources never mixes with an old index.
 */
import RedisDB from 'flexsearch/db/redis';
import { createClient } from 'redis';
import { EngineError } from './errors.ts';
import type { IndexStore, StoreBuild } from './index-store.ts';
import { createFlexIndex } from './postings.ts';
import type { Retrieval } from './retrieval.ts';

/** Options of {@link RedisIndexStore.connect}. */
export interface RedisStoreOptions {
  /** Records written per commit during a build (bounds the build's memory). Defaults to 2,000. */
  batch?: number;
  /** How long to wait for another instance's build of the same namespace, in ms. Defaults to 15 minutes. */
  waitForBuildMs?: number;
  /** How long to wait for the connection, in ms. Defaults to 5,000. */
  connectTimeoutMs?: number;
  /** Where notices go (connection lost, build started). Defaults to nowhere. */
  log?: (level: 'info' | 'warn', message: string) => void;
}

type RedisClient = ReturnType<typeof createClient>;

/** The URL without user name and password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return 'the configured Redis URL';
  }
}

/**
 * FlexSearch's adapter lower-cases names and keeps only [a-z0-9_-]; our own
 * keys (meta, lock) use the same prefix so one namespace is one key prefix.
 */
function prefix(namespace: string): string {
  return `${namespace.toLowerCase().replace(/[^a-z0-9_-]/g, '')}|`;
}

/** Posting lists, document frequencies and build state in one Redis database. */
export class RedisIndexStore implements IndexStore {
  readonly location: string;
  readonly #client: RedisClient;
  readonly #options: Required<Omit<RedisStoreOptions, 'log'>> & Pick<RedisStoreOptions, 'log'>;
  readonly #readers = new Map<string, Retrieval>();

  private constructor(client: RedisClient, location: string, options: RedisStoreOptions) {
    this.#client = client;
    this.location = location;
    this.#options = {
      batch: options.batch ?? 2000,
      waitForBuildMs: options.waitForBuildMs ?? 15 * 60_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 5000,
      log: options.log,
    };
  }

  /**
   * Connects to Redis at `url` (redis:// or rediss://).
   *
   * @throws {EngineError} when the URL is not a Redis URL or the server cannot be reached.
   */
  static async connect(url: string, options: RedisStoreOptions = {}): Promise<RedisIndexStore> {
    const location = redact(url);
    if (!/^rediss?:\/\//i.test(url)) throw new EngineError(`the index store must be a redis:// or rediss:// URL, got ${location}`);
    const client: RedisClient = createClient({
      url,
      // Fail fast instead of queueing questions while Redis is away; reconnect in the background.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: options.connectTimeoutMs ?? 5000,
        reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5000),
      },
    });
    let connected = false;
    let lastError = '';
    client.on('error', (error: Error) => {
      // Without a listener the client's errors would crash the process.
      if (connected && error.message !== lastError) options.log?.('warn', `wenda-bot: index store ${location}: ${error.message}`);
      lastError = error.message;
    });
    const failure = new Promise<never>((_, reject) => client.once('error', reject));
    try {
      await Promise.race([client.connect(), failure]);
      await client.ping();
    } catch (error) {
      client.destroy();
      throw new EngineError(`cannot reach the index store at ${location}: ${(error as Error).message || 'connection refused'}`);
    }
    failure.catch(() => {});
    connected = true;
    return new RedisIndexStore(client, location, options);
  }

  /** The FlexSearch adapter for a namespace, on this store's connection. */
  #adapter(namespace: string): RedisDB {
    // `type: 'number'`: ids come back as numbers even in an instance that did not write them.
    return new RedisDB(namespace, { db: this.#client, type: 'number' });
  }

  async ensure(namespace: string, build: StoreBuild): Promise<'found' | 'built'> {
    const keys = prefix(namespace);
    const deadline = Date.now() + this.#options.waitForBuildMs;
    for (;;) {
      const size = await this.#client.hGet(`${keys}wenda`, 'size');
      if (size !== null && size !== undefined) {
        if (Number(size) !== build.size) {
          throw new EngineError(`the index in ${this.location} (${namespace}) has ${size} records, the documents have ${build.size}`);
        }
        return 'found';
      }
      // One builder per namespace; the lock expires if that builder dies.
      const locked = await this.#client.set(`${keys}wenda-lock`, String(process.pid), { condition: 'NX', expiration: { type: 'PX', value: this.#options.waitForBuildMs } });
      if (locked === 'OK') {
        try {
          await this.#build(namespace, build);
        } finally {
          await this.#client.del(`${keys}wenda-lock`);
        }
        return 'built';
      }
      if (Date.now() > deadline) {
        throw new EngineError(`gave up waiting for another instance to build the index in ${this.location} (${namespace})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async #build(namespace: string, build: StoreBuild): Promise<void> {
    this.#options.log?.('info', `wenda-bot: building the index in ${this.location} (${namespace})`);
    const db = this.#adapter(namespace);
    const index = createFlexIndex();
    await index.mount(db);
    // A build that died half way left records behind.
    await db.destroy();
    await this.#client.del(`${prefix(namespace)}wenda-df`);
    const df = new Map<string, number>();
    let done = 0;
    for (const [id, tokens] of build.records()) {
      index.add(id, tokens.join(' '));
      for (const token of tokens) df.set(token, (df.get(token) ?? 0) + 1);
      if (++done % this.#options.batch === 0) {
        await index.commit();
        build.onProgress?.(done, build.size);
      }
    }
    await index.commit();
    const entries = [...df];
    for (let at = 0; at < entries.length; at += this.#options.batch) {
      await this.#client.hSet(`${prefix(namespace)}wenda-df`, Object.fromEntries(entries.slice(at, at + this.#options.batch).map(([t, n]) => [t, String(n)])));
    }
    build.onProgress?.(done, build.size);
    // Written last: its presence means the namespace is complete.
    await this.#client.hSet(`${prefix(namespace)}wenda`, { size: String(build.size), builtAt: new Date().toISOString() });
  }

  reader(namespace: string): Retrieval {
    let reader = this.#readers.get(namespace);
    if (reader) return reader;
    const client = this.#client;
    const dfKey = `${prefix(namespace)}wenda-df`;
    const index = createFlexIndex();
    const mounted = index.mount(this.#adapter(namespace));
    const frequencies = async (tokens: readonly string[]): Promise<Map<string, number>> => {
      const counts = tokens.length ? await client.hmGet(dfKey, [...tokens]) : [];
      return new Map(tokens.map((t, i) => [t, Number(counts[i] ?? 0)]));
    };
    reader = {
      frequencies,
      async postings(tokens) {
        await mounted;
        const df = await frequencies(tokens);
        // One search per token; the client sends commands issued together as one pipeline.
        const lists = await Promise.all(
          tokens.map(async (t) => {
            const n = df.get(t) ?? 0;
            if (n === 0) return [];
            const ids = (await index.search(t, { limit: n })) as unknown as number[];
            return Float64Array.from(ids).sort();
          }),
        );
        return new Map(tokens.map((t, i) => [t, lists[i]!]));
      },
    };
    this.#readers.set(namespace, reader);
    return reader;
  }

  async close(): Promise<void> {
    // A client that lost its server would wait for a reconnect that may never come.
    if (!this.#client.isReady) {
      if (this.#client.isOpen) this.#client.destroy();
      return;
    }
    try {
      await this.#client.close();
    } catch {
      this.#client.destroy();
    }
  }
}
