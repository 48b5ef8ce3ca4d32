/** The embedded local chat and `npm start` wiring, through the real bot code. */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsFeature } from '../../src/bot/features/docs.ts';
import { loadConfig } from '../../src/config.ts';
import { DocumentLibrary } from '../../src/docs/library.ts';
import { startLocalChat } from '../../src/local/chat.ts';
import { LocalBotApi } from '../../src/local/bot-api-server.ts';
import { createLogger } from '../../src/logger.ts';
import { entryArgs } from '../support/main-entry.ts';
import { newUser, openEngine, SEED_DATA, TOKEN } from './harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PDF = join(import.meta.dirname, '..', 'fixtures', 'pdf');

/** A fresh copy of the seed's sources, for tests that add documents (never the repo's index-data). */
async function seedCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wenda-bot-local-'));
  await cp(join(SEED_DATA, 'sources'), join(dir, 'sources'), { recursive: true });
  return dir;
}

/** A port that was free a moment ago (the child process binds it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The child processes build and persist an index: give them a copy of the data, not the repo's folder.
let dataCopy: string;
beforeAll(async () => {
  dataCopy = await mkdtemp(join(tmpdir(), 'wenda-bot-main-'));
  await cp(join(SEED_DATA, 'sources'), join(dataCopy, 'sources'), { recursive: true });
});
afterAll(() => rm(dataCopy, { recursive: true, force: true }));

describe('local chat', () => {
  it('answers typed questions, presses buttons by number, runs inline queries and exits cleanly', async () => {
    const engine = await openEngine(SEED_DATA);
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
    const chat = await startLocalChat({
      config: loadConfig({}),
      getEngine: () => engine,
      logger: createLogger({ level: 'silent' }),
      input,
      output,
      pollTimeoutSeconds: 1,
    });
    const until = async (re: RegExp) => {
      const deadline = Date.now() + 5000;
      while (!re.test(printed)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}; printed:\n${printed}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    input.write('双创园区有多少企业\n');
    await until(/2400余家[\s\S]*\[1\] 更多相关段落 {2}\[2\] 查看本节/);
    expect(printed).not.toContain('\x1b['); // no colours when the output is not a terminal
    input.write('2\n');
    await until(/深化“放管服”改革推进“一次办好”\n[\s\S]*\[1\] « 上一节/);
    input.write(`@${chat.api.me.username} 双创园区有多少企业\n`);
    await until(/\[1\] 2400余家 · /);
    input.write('1\n');
    await until(/你（通过内联）> 2400余家/);
    // Nothing found inline: no result to post, the button above the results ([0]) opens the contents.
    input.write(`@${chat.api.me.username} 比特币现在多少钱\n`);
    await until(/\[0\] 没有找到答案 · 点此浏览文档目录\n/);
    input.write('0\n');
    await until(/共 5 个章节，点击查看/);
    input.end();
    await chat.closed;
  });

  it('/upload sends a file as a document: the local user is an admin, and the next question is answered from it', async () => {
    const dataDir = await seedCopy();
    try {
      const library = await DocumentLibrary.open(dataDir);
      const input = new PassThrough();
      const output = new PassThrough();
      let printed = '';
      output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
      const chat = await startLocalChat({
        config: loadConfig({}),
        getEngine: library.getEngine,
        logger: createLogger({ level: 'silent' }),
        input,
        output,
        pollTimeoutSeconds: 1,
        features: (apiRoot) => [docsFeature({ library, apiRoot })],
      });
      /** Types a line and waits for what it prints. */
      const type = async (line: string, re: RegExp) => {
        const from = printed.length;
        input.write(`${line}\n`);
        const deadline = Date.now() + 10_000;
        while (!re.test(printed.slice(from))) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}; printed:\n${printed.slice(from)}`);
          await new Promise((r) => setTimeout(r, 10));
        }
        return printed.slice(from);
      };
      expect(printed).toContain('/upload 文件路径');

      // Bad paths get a clear message in Chinese, and nothing reaches the bot.
      await type('/upload', /用法：\/upload 文件路径/);
      await type('/upload /no/such/dir/报告.pdf', /找不到文件「\/no\/such\/dir\/报告\.pdf」/);
      await type(`/upload ${PDF}`, /是一个文件夹/);
      expect(chat.api.calls.some((call) => call.method === 'getFile')).toBe(false);

      const summary = await type(`/upload "${join(PDF, 'report.pdf')}"`, /✅ 已添加「report\.pdf」[\s\S]*3 页/);
      expect(summary).toContain('（已发送文件「report.pdf」）');
      expect((await readdir(join(dataDir, 'sources'))).sort()).toEqual(['kaifaqu-2022.txt', 'report.pdf']);
      const answer = await type('规模以上工业企业有多少家', /326家/);
      expect(answer).toContain('年末全县规模以上工业企业达到326家');
      expect(answer).toContain('第2页');
      // The documents already there are still answered from.
      await type('双创园区有多少企业', /2400余家/);
      const list = await type('/docs', /📚 文档（共 2 个）/);
      expect(list).toContain('report.pdf');
      input.end();
      await chat.closed;
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('`npm start` without BOT_TOKEN opens the local chat, answers 2400余家, and answers from a document added with /upload', async () => {
    const dataDir = await seedCopy();
    const upload = join(dataDir, '港城物流.txt');
    await writeFile(upload, '港城物流园区发展报告\n\n园区概况\n\n港城物流园区现有入驻企业860余家。\n');
    try {
      const child = spawn(process.execPath, entryArgs('main'), {
        cwd: ROOT,
        env: { ...process.env, BOT_TOKEN: '', DATA_DIR: dataDir, LOG_LEVEL: '', ADMIN_IDS: '' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.stdin.end(['双创园区有多少企业', `/upload ${upload}`, '港城物流园区有多少家入驻企业', ''].join('\n'));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain('2400余家');
      expect(stdout).toContain('✅ 已添加「港城物流.txt」');
      expect(stdout.slice(stdout.indexOf('✅ 已添加'))).toContain('860余家');
      expect((await readdir(join(dataDir, 'sources'))).sort()).toEqual(['kaifaqu-2022.txt', '港城物流.txt']);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('with BOT_TOKEN it long-polls, logs one start line without the token, and exits 0 on SIGTERM', async () => {
    const api = await LocalBotApi.start({ token: TOKEN });
    const user = newUser();
    try {
      const child = spawn(process.execPath, entryArgs('main'), {
        cwd: ROOT,
        env: { ...process.env, BOT_TOKEN: TOKEN, BOT_API_ROOT: api.apiRoot, DATA_DIR: dataCopy, LOG_LEVEL: 'info', WEBHOOK_URL: '', ADMIN_IDS: String(user.id) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      const chat = api.privateChat(user);
      api.send(chat, user, '双创园区有多少企业');
      const reply = await api.nextBotMessage(chat.id, 0, 15_000);
      expect(reply.text).toContain('2400余家');
      // The document feature is wired in: an admin's /docs lists the library.
      api.send(chat, user, '/docs');
      expect((await api.nextBotMessage(chat.id, 1, 10_000)).text).toContain('📚 文档（共 1 个）');
      expect(api.commands.length).toBe(4);
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
      const lines = stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const start = lines.filter((l) => l['msg'] === 'wenda-bot: started');
      expect(start).toHaveLength(1);
      expect(start[0]).toMatchObject({ mode: 'polling', documents: 1, passages: expect.any(Number) });
      expect(stderr).not.toContain(TOKEN.split(':')[1]);
    } finally {
      await api.close();
    }
  }, 20_000);

  it('with WEBHOOK_URL it serves webhooks with the secret and exits 0 on SIGTERM', async () => {
    const api = await LocalBotApi.start({ token: TOKEN, webhookRetryMs: 100 });
    const port = await freePort();
    try {
      const child = spawn(process.execPath, entryArgs('main'), {
        cwd: ROOT,
        env: {
          ...process.env,
          BOT_TOKEN: TOKEN,
          BOT_API_ROOT: api.apiRoot,
          DATA_DIR: dataCopy,
          WEBHOOK_URL: `http://127.0.0.1:${port}/tg`,
          WEBHOOK_SECRET: 'main_test_secret',
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      await api.waitFor(() => api.calls.some((c) => c.method === 'setWebhook' && c.ok), 15_000);
      expect(api.calls.find((c) => c.method === 'setWebhook')!.payload['secret_token']).toBe('main_test_secret');
      const user = newUser();
      const chat = api.privateChat(user);
      api.send(chat, user, '雙創園區有多少企業');
      const reply = await api.nextBotMessage(chat.id, 0, 10_000);
      expect(reply.text).toContain('2400餘家');
      api.send(chat, user, { document: { name: '报告.txt', content: Buffer.from('某园区现有企业10家。') } });
      expect((await api.nextBotMessage(chat.id, 1, 10_000)).text).toContain('只有管理员可以添加');
      const unauthorised = await fetch(`http://127.0.0.1:${port}/tg`, { method: 'POST', body: '{}' });
      expect(unauthorised.status).toBe(401);
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
      expect(stderr).toContain('"mode":"webhook"');
      expect(stderr).not.toContain('main_test_secret');
    } finally {
      await api.close();
    }
  }, 20_000);

  it('a bad variable stops start-up with a message naming it', async () => {
    const child = spawn(process.execPath, entryArgs('main'), {
      cwd: ROOT,
      env: { ...process.env, BOT_TOKEN: '', PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
  }, 20_000);
});
