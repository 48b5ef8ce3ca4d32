/**
 * Bench part "redis": the engine with its index in Redis (INDEX_STORE) beside
 * the in-memory index, on the corpus. One worker builds the store and times
 * answers through it; a second worker is another instance that finds the
 * build, and shows its start, its memory without the index, and that its
 * answers equal the in-memory index's. Starts its own redis-server on
 * 127.0.0.1 (no persistence); reports the part as not measured when the
 * binary is missing.
 */
import { join } from 'node:path';
import { createClient } from 'redis';
import { runChild, ROOT } from './child.ts';
import type { Part } from './parts.ts';
import { redisServerBinary, startRedisServer } from './redis-server.ts';
import type { StoreResult, StoreTask } from './store-run.ts';

const section = 'index store: Redis (INDEX_STORE) vs in-memory';
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const lat = (l: { p50: number; p95: number; p99: number }): string => `${l.p50.toFixed(2)} / ${l.p95.toFixed(2)} / ${l.p99.toFixed(2)} ms`;

export const redisPart: Part = {
  name: 'redis',
  async run(context) {
    if (!redisServerBinary()) {
      return {
        rows: [{ section, name: 'Redis store', value: 'not measured: redis-server is not installed (apt-get install -y redis-server)' }],
        json: { skipped: 'redis-server not installed' },
      };
    }
    const server = await startRedisServer();
    try {
      const task = (kind: StoreTask['kind']): StoreTask => ({
        kind, dataDir: context.corpusDir, questions: context.questionsPath, url: server.url, count: context.quick ? 500 : 1000, warmup: 200,
      });
      context.say('bench: Redis store — building the corpus index in Redis');
      const { result: built } = await runChild<StoreResult>(join(ROOT, 'bench/lib/worker.ts'), task('store-build'));
      const client = createClient({ url: server.url });
      await client.connect();
      const info = await client.info('memory');
      const keys = await client.dbSize();
      await client.quit();
      const usedMemory = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
      context.say('bench: Redis store — a second instance over the same store');
      const { result: reader } = await runChild<StoreResult>(join(ROOT, 'bench/lib/worker.ts'), task('store-reader'));
      const same = reader.sameAsMemory;
      return {
        rows: [
          { section, name: 'build into Redis (first instance)', value: `${(built.openMs / 1000).toFixed(1)} s for ${built.records.toLocaleString('en')} paragraph records (documents from sections.json), redis-server ${server.version}` },
          { section, name: 'Redis memory', value: `${mb(usedMemory)} used, ${keys.toLocaleString('en')} keys` },
          { section, name: 'second instance: open (build found)', value: `${(reader.openMs / 1000).toFixed(1)} s; heap / RSS after GC ${mb(reader.heapUsed)} / ${mb(reader.rss)}, peak RSS ${mb(reader.peakRss)}` },
          { section, name: `answer p50 / p95 / p99 via Redis (${context.quick ? 500 : 1000} questions)`, value: `${lat(reader.answer)} (two round trips per question on loopback)` },
          { section, name: 'accuracy via Redis', value: `${((100 * reader.accuracy.correct) / reader.accuracy.total).toFixed(1)}% (${reader.accuracy.correct}/${reader.accuracy.total})` },
          { section, name: 'same answers as the in-memory index', value: same ? `${same.equal}/${same.total}` : 'n/a', target: 'all', ok: same !== null && same.equal === same.total },
        ],
        json: { server: { version: server.version, usedMemory, keys }, built, reader },
      };
    } finally {
      await server.stop();
    }
  },
};
