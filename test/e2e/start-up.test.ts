/**
 * Start-up of the bot process (`src/main.ts`, or `node dist/main.js` with
 * WENDA_MAIN=dist) when something is wrong: an API root nobody listens on, a
 * token the Bot API refuses. The log must say so within 2 s of connecting.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalBotApi } from '../../src/local/bot-api-server.ts';
import { NO_DOCUMENTS_LOCAL } from '../../src/start-notices.ts';
import { SEED_DATA, TOKEN } from '../bot/harness.ts';
import { entryArgs, ROOT } from '../support/main-entry.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wenda-bot-start-'));
  await cp(join(SEED_DATA, 'sources'), join(dataDir, 'sources'), { recursive: true });
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** The bot process with the given environment on top of a quiet default. */
function startBot(env: Record<string, string>): ChildProcessWithoutNullStreams & { lines: Record<string, unknown>[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, entryArgs('main'), {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'info', WEBHOOK_URL: '', INDEX_STORE: '', ADMIN_IDS: '', BOT_PROXY: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  let pending = '';
  child.stderr.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    for (let at = pending.indexOf('\n'); at !== -1; at = pending.indexOf('\n')) {
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      lines.push(line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : { text: line });
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return Object.assign(child, { lines, exited });
}

async function until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const byMessage = (lines: Record<string, unknown>[], part: string) => lines.find((l) => String(l['msg'] ?? '').includes(part));

describe('start-up when Telegram cannot be used', () => {
  it('an API root on a closed port: one error line within 2 s naming the URL, the error and the fix; SIGTERM still stops it', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const apiRoot = `http://127.0.0.1:${port}`;

    const bot = startBot({ BOT_TOKEN: TOKEN, BOT_API_ROOT: apiRoot });
    const connecting = await until(() => byMessage(bot.lines, 'connecting to the Bot API'), 15_000, 'the connecting line');
    expect(connecting).toMatchObject({ apiRoot, proxy: null });
    const error = await until(() => byMessage(bot.lines, 'cannot reach the Bot API'), 5000, 'the error line');
    expect(Number(error['time']) - Number(connecting['time'])).toBeLessThan(2000);
    expect(error).toMatchObject({ level: 50, apiRoot, error: expect.stringContaining('ECONNREFUSED') });
    expect(error['msg']).toMatch(/retrying with backoff/);
    expect(error['msg']).toMatch(/BOT_PROXY or HTTPS_PROXY/);
    bot.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.lines.filter((l) => l['level'] === 50)).toHaveLength(1);
    expect(JSON.stringify(bot.lines)).not.toContain(TOKEN.split(':')[1]);
  }, 30_000);

  it('a token the Bot API refuses (401): a fatal line that says to check BOT_TOKEN, and exit 1', async () => {
    const api = await LocalBotApi.start({ token: TOKEN });
    try {
      const wrong = '123456:a-token-the-local-server-does-not-know';
      const bot = startBot({ BOT_TOKEN: wrong, BOT_API_ROOT: api.apiRoot });
      const code = await Promise.race([bot.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))]);
      expect(code).toBe(1);
      const fatal = byMessage(bot.lines, 'refused BOT_TOKEN');
      expect(fatal).toMatchObject({ level: 60, apiRoot: api.apiRoot, status: 401 });
      expect(fatal!['msg']).toContain('@BotFather');
      expect(byMessage(bot.lines, 'cannot reach')).toBeUndefined();
      expect(JSON.stringify(bot.lines)).not.toContain(wrong.split(':')[1]);
    } finally {
      await api.close();
    }
  }, 30_000);
});

describe('when Telegram ends long polling', () => {
  it.each([
    [401, 'Unauthorized', 'no longer accepts BOT_TOKEN'],
    [409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running', 'another instance is polling'],
  ])('getUpdates %i: a fatal line that says why, the update in flight answered, exit 1', async (code, description, says) => {
    const api = await LocalBotApi.start({ token: TOKEN });
    try {
      const bot = startBot({ BOT_TOKEN: TOKEN, BOT_API_ROOT: api.apiRoot });
      await until(() => byMessage(bot.lines, 'wenda-bot: started'), 15_000, 'the start line');
      // The long poll in flight returns with this update; the next one gets the error. The start
      // line may come before the first poll is made: wait for it, or that poll would get the error.
      await until(() => (api.longPolling ? true : undefined), 15_000, 'the first long poll');
      api.failNext('getUpdates', { code, description });
      const user = { id: 4242, is_bot: false, first_name: '用户' };
      api.send(api.privateChat(user), user, '双创园区有多少企业');
      expect(await Promise.race([bot.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 20_000))])).toBe(1);
      const fatal = byMessage(bot.lines, says);
      expect(fatal).toMatchObject({ level: 60, apiRoot: api.apiRoot });
      expect((await api.nextBotMessage(user.id, 0, 1000)).text).toContain('2400余家');
      expect(bot.lines.filter((l) => 'text' in l)).toEqual([]);
    } finally {
      await api.close();
    }
  }, 40_000);
});

describe('start-up and the data folder', () => {
  it('refuses a DATA_DIR that does not exist, says how to make one, and creates nothing', async () => {
    const missing = join(dataDir, 'typo');
    const modes: Record<string, string>[] = [{ BOT_TOKEN: '' }, { BOT_TOKEN: TOKEN, BOT_API_ROOT: 'http://127.0.0.1:9' }];
    for (const mode of modes) {
      const bot = startBot({ ...mode, DATA_DIR: missing });
      bot.stdin.end();
      expect(await bot.exited).toBe(1);
      expect(bot.lines.map((l) => l['text'])).toEqual([
        `错误：数据文件夹 ${missing} 不存在，请检查 DATA_DIR。`,
        `用 npm run docs -- init ${missing} 创建数据文件夹，再用 npm run docs -- add 文件 --data ${missing} 添加文档。`,
      ]);
    }
    await expect(stat(missing)).rejects.toThrow();
  }, 30_000);

  it('an empty data folder: the local chat says in Chinese how to add documents (no JSON log line in the chat)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wenda-bot-empty-'));
    try {
      await mkdir(join(dir, 'sources'));
      const chat = startBot({ BOT_TOKEN: '', DATA_DIR: dir, LOG_LEVEL: '' });
      chat.stdin.end();
      expect(await chat.exited).toBe(0);
      expect(chat.lines.map((l) => l['text'])).toEqual([NO_DOCUMENTS_LOCAL]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('names the sources it skips on every start, also when the index is loaded rather than built', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wenda-bot-skip-'));
    try {
      await cp(join(SEED_DATA, 'sources'), join(dir, 'sources'), { recursive: true });
      await writeFile(join(dir, 'sources', 'empty.txt'), '');
      await writeFile(join(dir, 'sources', 'binary.txt'), Buffer.from([0, 1, 2, 0xff, 0]));
      // The local chat: Chinese lines before the chat, on the first start (build) and the second (load).
      for (let run = 0; run < 2; run++) {
        const chat = startBot({ BOT_TOKEN: '', DATA_DIR: dir, LOG_LEVEL: '' });
        chat.stdin.end();
        expect(await chat.exited).toBe(0);
        expect(chat.lines.map((l) => l['text'])).toEqual([
          '跳过 2 个无法读取的源文件（不会用它们回答）：',
          '  binary.txt：这不是文本文件（含有二进制内容）',
          '  empty.txt：文件是空的',
        ]);
      }
      // A bot with a token: one warning per skipped source in the log, and the count in the start line.
      const api = await LocalBotApi.start({ token: TOKEN });
      try {
        const bot = startBot({ BOT_TOKEN: TOKEN, BOT_API_ROOT: api.apiRoot, DATA_DIR: dir });
        const started = await until(() => byMessage(bot.lines, 'wenda-bot: started'), 15_000, 'the start line');
        expect(started).toMatchObject({ documents: 1, skippedSources: 2 });
        const skipped = bot.lines.filter((l) => String(l['msg']).includes('skipping source'));
        expect(skipped.map((l) => [l['level'], l['file']])).toEqual([
          [40, 'binary.txt'],
          [40, 'empty.txt'],
        ]);
        bot.kill('SIGTERM');
        expect(await bot.exited).toBe(0);
      } finally {
        await api.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
