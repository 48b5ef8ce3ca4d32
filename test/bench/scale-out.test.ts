/**
 * Scale-out: two webhook instances of the real bot (src/main.ts) over one
 * read-only data folder, behind a round-robin load balancer that the local
 * Bot API server delivers updates to. Every question gets exactly one right
 * answer, both instances take a share, and the data folder is not touched —
 * with the index in each instance's memory, in answer threads
 * (ANSWER_THREADS), and in a shared Redis store (INDEX_STORE) that neither
 * instance builds again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../bench/lib/child.ts';
import { freePort, portOpen } from '../../bench/lib/ports.ts';
import { redisServerBinary, startRedisServer, type RedisServer } from '../../bench/lib/redis-server.ts';
import { Engine } from '../../src/engine/engine.ts';
import { RedisIndexStore } from '../../src/engine/redis-store.ts';
import { LocalBotApi, type Message } from '../../src/local/bot-api-server.ts';

const TOKEN = '7000000001:scale-out-test-token-local-only';
const SECRET = 'scale-out-secret';

/** Hash of every file (path, size, content) under a folder. */
function folderHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(`${path}\0`).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

function chmodTree(dir: string, mode: number, dirMode: number): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) chmodTree(path, mode, dirMode);
    else chmodSync(path, mode);
  }
  chmodSync(dir, dirMode);
}

/** A round-robin HTTP load balancer; counts requests per backend. */
function loadBalancer(ports: number[]): { server: Server; counts: number[] } {
  const counts = ports.map(() => 0);
  let next = 0;
  const server = createServer((req, res) => {
    const i = next++ % ports.length;
    counts[i]!++;
    const upstream = request(
      { host: '127.0.0.1', port: ports[i], path: req.url, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return { server, counts };
}

const redisInstalled = redisServerBinary() !== null;

describe.each([
  { mode: 'in-memory index', redis: false, threads: 0 },
  { mode: 'answers in a worker thread each', redis: false, threads: 1 },
  { mode: 'index in a shared Redis store', redis: true, threads: 0 },
])('two webhook instances over one read-only data folder ($mode)', ({ redis, threads }) => {
  let dataDir: string;
  let redisServer: RedisServer | undefined;
  let builtAt: string | undefined;
  const skip = redis && !redisInstalled;
  let api: LocalBotApi;
  let lb: { server: Server; counts: number[] };
  let lbPort: number;
  const instances: { port: number; child: ChildProcess; exited: Promise<number | null>; stderr: string[] }[] = [];
  let before: string;

  const storeEnv: Record<string, string> = {};
  /** When the store's build was written (null without a store). */
  async function storeBuiltAt(): Promise<string | undefined> {
    if (!redisServer) return undefined;
    const client = createClient({ url: redisServer.url });
    await client.connect();
    const keys = await client.keys('*|wenda');
    const value = keys.length === 1 ? await client.hGet(keys[0]!, 'builtAt') : `${keys.length} builds`;
    await client.quit();
    return value ?? undefined;
  }
  /** How many posting-list reads the store has served. */
  async function storeReads(): Promise<number> {
    if (!redisServer) return 0;
    const client = createClient({ url: redisServer.url });
    await client.connect();
    const stats = await client.info('commandstats');
    await client.quit();
    return Number(/cmdstat_zrange:calls=(\d+)/.exec(stats)?.[1] ?? 0);
  }

  beforeAll(async () => {
    if (skip) return;
    dataDir = mkdtempSync(join(tmpdir(), 'wenda-scale-'));
    cpSync(join(ROOT, 'index-data', 'sources'), join(dataDir, 'sources'), { recursive: true });
    // Build and persist once; the instances only read.
    if (redis) {
      redisServer = await startRedisServer();
      storeEnv.INDEX_STORE = redisServer.url;
      const store = await RedisIndexStore.connect(redisServer.url);
      await Engine.open(dataDir, { store });
      await store.close();
      builtAt = await storeBuiltAt();
      expect(builtAt).toMatch(/^\d{4}-/);
    } else {
      await Engine.open(dataDir);
    }
    chmodTree(dataDir, 0o444, 0o555);
    before = folderHash(dataDir);

    api = await LocalBotApi.start({ token: TOKEN });
    const ports = [await freePort(), await freePort()];
    lb = loadBalancer(ports);
    lbPort = await freePort();
    await new Promise<void>((resolve) => lb.server.listen(lbPort, '127.0.0.1', resolve));
    for (const port of ports) {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/main.ts')], {
        cwd: ROOT,
        env: {
          ...process.env,
          BOT_TOKEN: TOKEN,
          BOT_API_ROOT: api.apiRoot,
          DATA_DIR: dataDir,
          WEBHOOK_URL: `http://127.0.0.1:${lbPort}/telegram`,
          WEBHOOK_SECRET: SECRET,
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          INDEX_STORE: '',
          ANSWER_THREADS: String(threads),
          ...storeEnv,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const stderr: string[] = [];
      child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      instances.push({ port, child, exited, stderr });
    }
    // Both listen, and both registered the (load balancer's) webhook.
    await api.waitFor(() => api.calls.filter((c) => c.method === 'setWebhook' && c.ok).length >= 2, 30_000);
    for (const { port } of instances) expect(await portOpen(port)).toBe(true);
  }, 60_000);

  afterAll(async () => {
    for (const { child } of instances) if (child.exitCode === null) child.kill('SIGKILL');
    await redisServer?.stop();
    await api?.close();
    lb?.server.close();
    if (dataDir) {
      chmodTree(dataDir, 0o644, 0o755);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it.skipIf(skip)('answers every update exactly once through both instances, and leaves the data folder untouched', async () => {
    const chats = 12;
    const perChat = 3;
    const replies = new Map<string, Message[]>();
    api.on('message', (m: Message) => {
      const to = m.reply_to_message?.message_id;
      if (m.from?.id !== api.me.id || to === undefined) return;
      const key = `${m.chat.id}:${to}`;
      replies.set(key, [...(replies.get(key) ?? []), m]);
    });
    const readsBefore = await storeReads();
    const asked: string[] = [];
    for (let round = 0; round < perChat; round++) {
      for (let c = 0; c < chats; c++) {
        const user = { id: 800_000 + c, is_bot: false, first_name: `读者${c}` };
        const message = api.send(api.privateChat(user), user, round === 1 ? '雙創園區有多少企業' : '双创园区有多少企业');
        asked.push(`${message.chat.id}:${message.message_id}`);
      }
    }
    await api.waitFor(() => asked.every((key) => replies.has(key)) && api.pendingUpdates === 0, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    for (const key of asked) {
      const got = replies.get(key) ?? [];
      expect(got, key).toHaveLength(1);
      // Traditional questions are answered in traditional (2400餘家).
      expect(got[0]?.text).toMatch(/2400[余餘]家/);
    }
    // The load balancer spread the deliveries over both instances.
    expect(lb.counts[0]).toBeGreaterThan(0);
    expect(lb.counts[1]).toBeGreaterThan(0);
    expect(lb.counts[0]! + lb.counts[1]!).toBeGreaterThanOrEqual(asked.length);
    expect(folderHash(dataDir)).toBe(before);
    // With a store, the instances used the one build instead of making their own.
    expect(await storeBuiltAt()).toBe(builtAt);
    if (redis) expect(await storeReads()).toBeGreaterThan(readsBefore);
    // With answer threads, both instances started theirs (a fallback would say so on stderr).
    for (const { stderr } of instances) expect(stderr.join('')).not.toMatch(/answering in the main thread|answer thread/);
  }, 30_000);

  it.skipIf(skip)('refuses updates without the secret on each instance', async () => {
    for (const { port } of instances) {
      const status = await new Promise<number>((resolve) => {
        const req = request({ host: '127.0.0.1', port, path: '/telegram', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.end(JSON.stringify({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: 'x' } }));
      });
      expect(status).toBe(401);
    }
  });

  it.skipIf(skip)('stops both instances gracefully on SIGTERM', async () => {
    for (const { child } of instances) child.kill('SIGTERM');
    for (const { exited, stderr } of instances) expect(await exited, stderr.join('')).toBe(0);
  }, 15_000);
});
