/**
 * Spike: FlexSearch's own Redis storage (`flexsearch/db/redis`) behind the
 * same kind of index the engine builds (custom tokens: folded Chinese bigrams,
 * numbers, year tokens; `tokenize: 'strict'`), measured beside the in-memory
 * index on the same records and queries.
 *
 * What it shows (see the bench report for numbers):
 * - the adapter is constructed as `new RedisDB(name, { url, type: 'number' })`
 *   and mounted with `await index.mount(db)`; records go to Redis on
 *   `await index.commit()` (the in-memory map is emptied after each commit);
 * - search is async (a Promise) as soon as a db is mounted;
 * - a second Index mounted on the same name answers from the store without
 *   having indexed anything (stateless readers);
 * - with the `redis` v5 client the adapter's `suggest` query loses its
 *   intersection weights (v5 ignores the v4-style `WEIGHTS` option the
 *   adapter passes to ZUNIONSTORE); with our `resolution: 1` every posting
 *   scores 1, so the order is by matched-token count either way (measured:
 *   identical results with the weights repaired);
 * - ties (records matching as many tokens) come back in another order than
 *   in memory (Redis orders equal scores by member string), so compare sets,
 *   not positions.
 */
import { Index } from 'flexsearch';
import RedisDB from 'flexsearch/db/redis';
import { createClient } from 'redis';
import { splitSentences } from '../../src/engine/sentences.ts';
import { tokenize } from '../../src/engine/tokenize.ts';
import { generateDocument, planCorpus } from './corpus-gen.ts';
import { msSince, summarize, type Latency } from './stats.ts';

/** Options of the spike. */
export interface SpikeOptions {
  /** Redis URL, e.g. redis://127.0.0.1:6390. */
  url: string;
  /** Documents of the synthetic corpus to take sentences from. Default 100 (~5,000 sentences). */
  docs?: number;
  /** Queries to time. Default 1000 (cycled over the documents' questions). */
  queries?: number;
  /** Records per commit. Default 2000. */
  batch?: number;
  /** Store name (a key prefix in Redis). Default 'wenda-spike'. */
  name?: string;
  /**
   * Keep the adapter's per-record reference sets (needed only to remove or
   * update single records). Default false: a build writes a fresh namespace.
   */
  refs?: boolean;
}

/** What the spike measured. */
export interface SpikeResult {
  records: number;
  /** Record–token pairs (entries in the sorted sets). */
  postings: number;
  queries: number;
  memory: { buildMs: number; search: Latency };
  redis: {
    buildMs: number;
    search: Latency;
    usedMemoryBytes: number;
    keys: number;
    /** Share of queries whose best record is the in-memory index's best record. */
    top1Agreement: number;
    /** Share of queries whose in-memory best record is in the Redis top 10. */
    top1InTop10: number;
    /** Mean share of the in-memory top 10 found in the Redis top 10. */
    top10Overlap: number;
    /** A second Index mounted on the same store, without indexing, gave the same results. */
    secondReaderSame: boolean;
  };
}

function encode(text: string): string[] {
  return text ? text.split(' ') : [];
}

/** The engine's index options (see src/engine/index.ts). */
function newIndex(): Index {
  return new Index({ tokenize: 'strict', encode, resolution: 1, fastupdate: false, cache: false });
}

/** Sentence records and questions from the synthetic corpus. */
function material(docs: number): { records: string[]; questions: string[] } {
  const plan = planCorpus(11, docs);
  const records: string[] = [];
  const questions: string[] = [];
  for (let i = 0; i < docs; i++) {
    const doc = generateDocument(plan, i, { docs, seed: 11 });
    for (const paragraph of doc.paragraphs) {
      for (const sentence of splitSentences(paragraph)) {
        const tokens = tokenize(sentence);
        tokens.push(`y${doc.year}`);
        records.push(tokens.join(' '));
      }
    }
    for (const q of doc.questions) questions.push(q.q);
  }
  return { records, questions };
}

function overlap(a: number[], b: number[]): number {
  if (a.length === 0) return b.length === 0 ? 1 : 0;
  const set = new Set(b);
  return a.filter((x) => set.has(x)).length / a.length;
}

/** Runs the spike against the Redis server at `options.url`; clears its own keys before and after. */
export async function runRedisSpike(options: SpikeOptions): Promise<SpikeResult> {
  const docs = options.docs ?? 100;
  const queryCount = options.queries ?? 1000;
  const batch = options.batch ?? 2000;
  const name = options.name ?? 'wenda-spike';
  const { records, questions } = material(docs);
  const queries: string[] = [];
  for (let i = 0; queries.length < queryCount; i++) queries.push(tokenize(questions[i % questions.length] as string).join(' '));

  // In memory.
  let t = process.hrtime.bigint();
  const memory = newIndex();
  records.forEach((r, id) => memory.add(id, r));
  const memoryBuildMs = msSince(t);
  const memoryResults: number[][] = [];
  const memoryTimes: number[] = [];
  for (const q of queries) {
    t = process.hrtime.bigint();
    memoryResults.push(memory.search(q, { limit: 10, suggest: true }) as number[]);
    memoryTimes.push(msSince(t));
  }

  // Redis.
  const raw = createClient({ url: options.url });
  raw.on('error', () => {});
  await raw.connect();
  const client = raw;
  const makeStore = () => {
    const db = new RedisDB(name, { db: client, type: 'number' } as never);
    // The adapter hard-codes fastupdate (a ref set per record); off unless asked.
    (db as unknown as { fastupdate: boolean }).fastupdate = options.refs ?? false;
    return db;
  };
  const store = makeStore();
  const index = newIndex();
  await index.mount(store);
  await store.destroy();
  t = process.hrtime.bigint();
  for (let start = 0; start < records.length; start += batch) {
    const end = Math.min(records.length, start + batch);
    for (let id = start; id < end; id++) index.add(id, records[id] as string);
    await index.commit();
  }
  const redisBuildMs = msSince(t);
  const redisTimes: number[] = [];
  let top1 = 0;
  let top1In10 = 0;
  let top10 = 0;
  for (let i = 0; i < queries.length; i++) {
    t = process.hrtime.bigint();
    const result = (await index.search(queries[i] as string, { limit: 10, suggest: true })) as number[];
    redisTimes.push(msSince(t));
    const expected = memoryResults[i] as number[];
    if ((expected[0] ?? -1) === (result[0] ?? -1)) top1++;
    if (expected.length === 0 || result.includes(expected[0] as number)) top1In10++;
    top10 += overlap(expected, result);
  }

  // A second reader that indexed nothing.
  const reader = newIndex();
  await reader.mount(makeStore());
  let secondReaderSame = true;
  for (const q of queries.slice(0, 50)) {
    const a = (await index.search(q, { limit: 10, suggest: true })) as number[];
    const b = (await reader.search(q, { limit: 10, suggest: true })) as number[];
    if (JSON.stringify(a) !== JSON.stringify(b)) secondReaderSame = false;
  }

  const info = await raw.info('memory');
  const usedMemoryBytes = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
  const keys = await raw.dbSize();
  await store.destroy();
  await raw.quit();

  return {
    records: records.length,
    postings: records.reduce((n, r) => n + (r ? r.split(' ').length : 0), 0),
    queries: queries.length,
    memory: { buildMs: memoryBuildMs, search: summarize(memoryTimes) },
    redis: {
      buildMs: redisBuildMs,
      search: summarize(redisTimes),
      usedMemoryBytes,
      keys,
      top1Agreement: top1 / queries.length,
      top1InTop10: top1In10 / queries.length,
      top10Overlap: top10 / queries.length,
      secondReaderSame,
    },
  };
}
