import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerBinary, startRedisServer, type RedisServer } from '../../bench/lib/redis-server.ts';
import { freePort } from '../../bench/lib/ports.ts';
import { Engine } from '../../src/engine/engine.ts';
import { EngineError } from '../../src/engine/errors.ts';
import { parseQuestions } from '../../src/engine/evaluate.ts';
import { RedisIndexStore } from '../../src/engine/redis-store.ts';

// A real redis-server on 127.0.0.1 (CI installs it and sets WENDA_REQUIRE_REDIS=1; see test/bench/redis-store.test.ts).
const binary = redisServerBinary();
const root = new URL('../../', import.meta.url).pathname;
const temp: string[] = [];

/**
 * A private copy of a data folder. `unique` adds a small document so the
 * sources (and so the store's namespace) differ from every other test's.
 */
function copyData(folder: string, unique?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wenda-store-'));
  temp.push(dir);
  cpSync(join(root, folder, 'sources'), join(dir, 'sources'), { recursive: true });
  if (unique) writeFileSync(join(dir, 'sources', 'zz-unique.txt'), `测试说明\n\n本测试编号为${unique}。\n`);
  return dir;
}

function firstQuestion(file: string): string {
  return parseQuestions(readFileSync(join(root, file), 'utf8'), file)[0]?.q ?? '';
}

const folders: [string, string][] = [
  ['index-data', 'test/fixtures/eval/seed-questions.jsonl'],
  ['test/fixtures/docs/stats-bulletin', 'test/fixtures/eval/stats-bulletin.jsonl'],
  ['test/fixtures/docs/traditional', 'test/fixtures/eval/traditional.jsonl'],
  ['test/fixtures/docs/multi-year', 'test/fixtures/eval/multi-year.jsonl'],
  ['test/fixtures/docs/blind-two-cities', 'test/fixtures/eval/blind-two-cities.jsonl'],
];

describe('connecting to the index store', () => {
  it('refuses a URL that is not redis:// with a clear message', async () => {
    await expect(RedisIndexStore.connect('http://127.0.0.1:6379')).rejects.toThrow(/must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('says which store cannot be reached, without its password', async () => {
    const port = await freePort();
    const error = await RedisIndexStore.connect(`redis://reader:s3cret@127.0.0.1:${port}`, { connectTimeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as Error).message).toMatch(new RegExp(`wenda-bot: cannot reach the index store at redis://127\\.0\\.0\\.1:${port}`));
    expect((error as Error).message).not.toContain('s3cret');
  });
});

describe.skipIf(!binary)('the index in Redis (INDEX_STORE)', () => {
  let server: RedisServer;
  const stores: RedisIndexStore[] = [];
  const connect = async (): Promise<RedisIndexStore> => {
    const store = await RedisIndexStore.connect(server.url);
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await server?.stop();
    for (const dir of temp) rmSync(dir, { recursive: true, force: true });
  });

  it('answers every fixture question exactly as the in-memory index does', async () => {
    const store = await connect();
    let compared = 0;
    for (const [folder, file] of folders) {
      const data = copyData(folder);
      const memory = await Engine.open(data, { persist: false });
      const stored = await Engine.open(data, { store });
      expect(stored.store?.outcome).toBe('built');
      for (const q of parseQuestions(readFileSync(join(root, file), 'utf8'), file)) {
        expect(await stored.ask(q.q, { limit: 10 }), q.q).toEqual((await memory.ask(q.q, { limit: 10 })));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(80);
  });

  it('builds once per sources: a second instance finds the build, changed sources get a new one', async () => {
    const data = copyData('test/fixtures/docs/stats-bulletin', 'once-per-sources');
    const first = await Engine.open(data, { store: await connect() });
    expect(first.store?.outcome).toBe('built');
    // Another instance (its own connection) over the same sources reads the same build.
    const second = await Engine.open(data, { store: await connect() });
    expect(second.store).toMatchObject({ outcome: 'found', namespace: first.store?.namespace });
    const question = firstQuestion('test/fixtures/eval/stats-bulletin.jsonl');
    expect(question).not.toBe('');
    expect(await second.ask(question)).toEqual(await first.ask(question));

    writeFileSync(join(data, 'sources', 'extra.txt'), '补充说明\n\n全市共有公园85个，其中新建公园12个。\n');
    const third = await Engine.open(data, { store: await connect() });
    expect(third.store?.outcome).toBe('built');
    expect(third.store?.namespace).not.toBe(first.store?.namespace);
    expect((await third.ask('全市共有公园多少个')).best?.figure?.text).toBe('85个');
    // The older build is untouched: instances still on the old sources keep answering.
    expect((await first.ask('全市共有公园多少个')).found).toBe(false);
  });

  it('lets instances that start together share one build', async () => {
    const data = copyData('test/fixtures/docs/traditional', 'together');
    const engines = await Promise.all([1, 2, 3].map(async () => Engine.open(data, { store: await connect(), persist: false })));
    expect(engines.map((e) => e.store?.outcome).sort()).toEqual(['built', 'found', 'found']);
    const memory = await Engine.open(data, { persist: false });
    const question = firstQuestion('test/fixtures/eval/traditional.jsonl');
    for (const engine of engines) expect(await engine.ask(question)).toEqual((await memory.ask(question)));
  });

  it('keeps only documents in the instance and the posting lists in Redis', async () => {
    const data = copyData('index-data');
    const engine = await Engine.open(data, { store: await connect() });
    expect((await engine.ask('双创园区有多少企业')).best?.figure?.text).toBe('2400余家');
    // The posting lists are in Redis, under the namespace's prefix.
    const client = createClient({ url: server.url });
    await client.connect();
    const keys = await client.keys(`${engine.store!.namespace.toLowerCase()}|map:*`);
    await client.quit();
    expect(keys.length).toBeGreaterThan(100);
  });

  it('rejects a question at once when Redis goes away (no hang)', async () => {
    const own = await startRedisServer();
    try {
      const store = await RedisIndexStore.connect(own.url);
      stores.push(store);
      const engine = await Engine.open(copyData('index-data'), { store, persist: false });
      expect((await engine.ask('双创园区有多少企业')).found).toBe(true);
      await own.stop();
      await expect(engine.ask('双创园区有多少企业')).rejects.toThrow();
    } finally {
      await own.stop();
    }
  });
});
