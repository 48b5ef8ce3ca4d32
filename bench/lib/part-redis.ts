/**
 * Bench part "redis": FlexSearch's Redis store beside the in-memory index on
 * the same sentence records and queries (see redis-spike.ts). Starts its own
 * redis-server on 127.0.0.1; reports the part as not measured when the
 * binary is missing.
 */
import type { Part } from './parts.ts';
import { redisServerBinary, startRedisServer } from './redis-server.ts';
import { runRedisSpike } from './redis-spike.ts';

const section = 'index store: Redis vs in-memory';

export const redisPart: Part = {
  name: 'redis',
  async run(context) {
    if (!redisServerBinary()) {
      return {
        rows: [{ section, name: 'Redis store', value: 'not measured: redis-server is not installed (apt-get install -y redis-server)' }],
        json: { skipped: 'redis-server not installed' },
      };
    }
    const docs = context.quick ? 60 : 200;
    context.say(`bench: Redis store spike (${docs} documents of sentence records)`);
    const server = await startRedisServer();
    try {
      const r = await runRedisSpike({ url: server.url, docs, queries: 1000 });
      const lat = (l: { p50: number; p95: number; p99: number }) => `${l.p50.toFixed(2)} / ${l.p95.toFixed(2)} / ${l.p99.toFixed(2)} ms`;
      return {
        rows: [
          { section, name: 'records / queries', value: `${r.records.toLocaleString('en')} sentence records, ${r.queries} queries (bigrams, suggest, limit 10), redis-server ${server.version}` },
          { section, name: 'build in-memory / Redis', value: `${r.memory.buildMs.toFixed(0)} ms / ${r.redis.buildMs.toFixed(0)} ms (${(r.redis.buildMs / r.memory.buildMs).toFixed(1)}×)` },
          { section, name: 'search p50 / p95 / p99 in-memory', value: lat(r.memory.search) },
          { section, name: 'search p50 / p95 / p99 Redis', value: `${lat(r.redis.search)} (${(r.redis.search.p50 / r.memory.search.p50).toFixed(1)}× at p50)` },
          { section, name: 'Redis memory', value: `${(r.redis.usedMemoryBytes / 2 ** 20).toFixed(1)} MB used, ${r.redis.keys.toLocaleString('en')} keys, ${(r.redis.usedMemoryBytes / r.postings).toFixed(0)} bytes per posting (${r.postings.toLocaleString('en')} postings)` },
          { section, name: 'same results as in-memory', value: `best record equal ${(r.redis.top1Agreement * 100).toFixed(0)}%, in top 10 ${(r.redis.top1InTop10 * 100).toFixed(0)}%, top-10 overlap ${(r.redis.top10Overlap * 100).toFixed(0)}% (ties ordered differently)` },
          { section, name: 'second reader, nothing indexed', value: r.redis.secondReaderSame ? 'same results from the shared store' : 'DIFFERENT results' },
        ],
        json: { server: { version: server.version }, ...r },
      };
    } finally {
      await server.stop();
    }
  },
};
