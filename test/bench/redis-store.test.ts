import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerBinary, startRedisServer, type RedisServer } from '../../bench/lib/redis-server.ts';
import { runRedisSpike } from '../../bench/lib/redis-spike.ts';

// Needs a local redis-server (CI installs it: apt-get install -y redis-server and sets
// WENDA_REQUIRE_REDIS=1, so a missing binary fails there instead of skipping).
const binary = redisServerBinary();
const required = process.env.WENDA_REQUIRE_REDIS === '1';
if (!binary && !required) console.warn('test/bench/redis-store: SKIPPED — redis-server is not installed (apt-get install -y redis-server)');

it.runIf(!binary && required)('has redis-server installed (WENDA_REQUIRE_REDIS=1)', () => {
  expect.fail('redis-server is not on PATH; install it with apt-get install -y redis-server');
});

describe.skipIf(!binary)('FlexSearch Redis store (flexsearch/db/redis) with our tokens', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('indexes sentence records into Redis, finds what the in-memory index finds, and serves a second reader', async () => {
    const result = await runRedisSpike({ url: server.url, docs: 12, queries: 60, batch: 200, name: 'wenda-test' });
    expect(result.records).toBeGreaterThan(400);
    expect(result.redis.keys).toBeGreaterThan(0);
    expect(result.redis.usedMemoryBytes).toBeGreaterThan(0);
    // Ties may be ordered differently, but the in-memory best record is among Redis's top 10.
    expect(result.redis.top1InTop10).toBeGreaterThanOrEqual(0.9);
    expect(result.redis.top10Overlap).toBeGreaterThan(0.5);
    expect(result.redis.secondReaderSame).toBe(true);
  });
});
