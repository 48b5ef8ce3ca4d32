/**
 * Reaching the Bot API: an API root nobody listens on is reported at once and
 * every interval while it lasts, the bot carries on when the server appears,
 * a refused token is an error (not an outage), and BOT_PROXY carries the
 * calls and the file downloads through an HTTP CONNECT or a SOCKS5 proxy.
 * All on 127.0.0.1, against the local Bot API server.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { GrammyError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { docsFeature } from '../../src/bot/features/docs.ts';
import { createBot, prepareBot } from '../../src/bot/index.ts';
import { startPolling } from '../../src/bot/polling.ts';
import { proxyAgent } from '../../src/bot/reachability.ts';
import { DocumentLibrary } from '../../src/docs/library.ts';
import { LocalBotApi } from '../../src/local/bot-api-server.ts';
import { createLogger } from '../../src/logger.ts';
import { startConnectProxy, startSocks5Proxy } from '../support/proxies.ts';
import { ADMIN, boldTexts, exchange, newUser, openEngine, SEED_DATA, TOKEN } from './harness.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

/** A logger writing JSON lines into an array. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new PassThrough();
  let pending = '';
  destination.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    for (let at = pending.indexOf('\n'); at !== -1; at = pending.indexOf('\n')) {
      lines.push(JSON.parse(pending.slice(0, at)) as Record<string, unknown>);
      pending = pending.slice(at + 1);
    }
  });
  return { logger: createLogger({ level: 'info', destination, secrets: [TOKEN] }), lines };
}

/** A port nobody listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('an unreachable Bot API', () => {
  it('is reported at once with the URL, the error and what to do, repeated while it lasts, and the bot goes on when it answers', async () => {
    const port = await closedPort();
    const apiRoot = `http://127.0.0.1:${port}`;
    const { logger, lines } = capturedLogger();
    const engine = await openEngine(SEED_DATA);
    const bot = createBot({
      config: { botToken: TOKEN, apiRoot, adminIds: [] },
      getEngine: () => engine,
      logger,
      rateLimit: false,
      reachability: { firstDelayMs: 50, maxDelayMs: 100, warnEveryMs: 200 },
    });
    const started = Date.now();
    const prepared = prepareBot(bot);
    let settled = false;
    void prepared.then(() => (settled = true), () => (settled = true));

    const error = await until(() => lines.find((l) => l['level'] === 50));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toMatchObject({ apiRoot, method: 'getMe', error: expect.stringContaining('ECONNREFUSED') });
    expect(error['msg']).toContain(`cannot reach the Bot API at ${apiRoot}`);
    expect(error['msg']).toMatch(/BOT_PROXY or HTTPS_PROXY/);
    expect(error['msg']).toMatch(/BOT_API_ROOT/);
    // One error line for the outage, then warnings at the interval, however often it is retried.
    await until(() => lines.filter((l) => l['level'] === 40).length >= 2 && true);
    expect(lines.filter((l) => l['level'] === 50)).toHaveLength(1);
    expect(lines.find((l) => l['level'] === 40)!['msg']).toContain('still cannot reach the Bot API');
    expect(settled).toBe(false);

    // The server comes up on that port: getMe goes through, and the log says so.
    const api = await LocalBotApi.start({ token: TOKEN, port });
    cleanup.push(() => api.close());
    await prepared;
    expect(bot.botInfo.username).toBe(api.me.username);
    expect(lines.find((l) => l['level'] === 30 && String(l['msg']).includes('answers again'))).toMatchObject({ apiRoot });
    const warnings = lines.filter((l) => l['level'] === 40).length;
    await new Promise((r) => setTimeout(r, 400));
    expect(lines.filter((l) => l['level'] === 40)).toHaveLength(warnings);
    expect(JSON.stringify(lines)).not.toContain(TOKEN.split(':')[1]);
  });

  it('a refused token is not an outage: getMe fails with 401 and nothing is retried', async () => {
    const api = await LocalBotApi.start({ token: TOKEN });
    cleanup.push(() => api.close());
    const { logger, lines } = capturedLogger();
    const engine = await openEngine(SEED_DATA);
    const bot = createBot({
      config: { botToken: '999999:a-token-this-server-does-not-know', apiRoot: api.apiRoot, adminIds: [] },
      getEngine: () => engine,
      logger,
      rateLimit: false,
    });
    const failure = await prepareBot(bot).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GrammyError);
    expect((failure as GrammyError).error_code).toBe(401);
    expect(lines.filter((l) => String(l['msg']).includes('cannot reach'))).toEqual([]);
  });
});

describe('BOT_PROXY', () => {
  for (const [kind, start] of [
    ['an HTTP CONNECT proxy', startConnectProxy],
    ['a SOCKS5 proxy', startSocks5Proxy],
  ] as const) {
    it(`carries API calls and file downloads through ${kind}`, async () => {
      const api = await LocalBotApi.start({ token: TOKEN });
      cleanup.push(() => api.close());
      // The bot is given an address where nothing listens; only the proxy knows where the API is.
      const unreachable = `127.0.0.1:${await closedPort()}`;
      const proxy = await start({ [unreachable]: new URL(api.apiRoot).host });
      cleanup.push(() => proxy.close());
      const apiRoot = `http://${unreachable}`;
      const dataDir = await mkdtemp(join(tmpdir(), 'wenda-bot-proxy-'));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      await cp(join(SEED_DATA, 'sources'), join(dataDir, 'sources'), { recursive: true });
      const library = await DocumentLibrary.open(dataDir);
      const agent = proxyAgent(proxy.url);
      const bot = createBot({
        config: { botToken: TOKEN, apiRoot, adminIds: [ADMIN.id], proxy: proxy.url },
        getEngine: library.getEngine,
        logger: createLogger({ level: 'silent' }),
        rateLimit: false,
        agent,
        features: [docsFeature({ library, apiRoot, agent })],
      });
      await prepareBot(bot);
      const polling = await startPolling(bot, { timeoutSeconds: 1 });
      cleanup.push(() => polling.stop());

      const user = newUser();
      const { reply } = await exchange(api, api.privateChat(user), user, '双创园区有多少企业');
      expect(boldTexts(reply)).toContain('2400余家');
      const upload = await exchange(api, api.privateChat(ADMIN), ADMIN, {
        document: { name: '港城物流.txt', content: Buffer.from('港城物流园区发展报告\n\n港城物流园区现有入驻企业860余家。\n') },
      });
      expect(upload.reply.text).toContain('正在读取');
      // The file was downloaded (through the proxy: there is no other way to the server) and indexed.
      await api.waitFor(() => api.botMessages(ADMIN.id).some((m) => m.text?.includes('✅ 已添加「港城物流.txt」')), 10_000);
      expect((await exchange(api, api.privateChat(user), user, '港城物流园区有多少家入驻企业')).reply.text).toContain('860余家');
      expect(proxy.targets.length).toBeGreaterThan(0);
      expect(new Set(proxy.targets)).toEqual(new Set([unreachable]));
    });
  }
});
