/**
 * Fault suite, items 6 and 13 of issue 13: stopping has a deadline. SIGTERM
 * during a stalled download abandons the upload with a message and leaves no
 * temporary folder; replies stuck on flood control are given up at the
 * deadline and logged with their chat; and SIGTERM sent to `npm start` (as a
 * container runtime signals PID 1) stops the bot itself, not only npm.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStaleUploadDirs } from '../../src/bot/download.ts';
import { docsFeature, docsTexts } from '../../src/bot/features/docs.ts';
import { createBot, prepareBot } from '../../src/bot/index.ts';
import { startPolling } from '../../src/bot/polling.ts';
import { createShutdown } from '../../src/bot/shutdown.ts';
import { DocumentLibrary } from '../../src/docs/library.ts';
import { LocalBotApi, type User } from '../../src/local/bot-api-server.ts';
import { FROM_DIST, ROOT } from '../support/main-entry.ts';
import { memoryLogger, newUser, SEED_DATA, TOKEN } from './harness.ts';

const PDF = join(import.meta.dirname, '..', 'fixtures', 'pdf');
const ADMIN: User = { id: 4242, is_bot: false, first_name: '管理员' };

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

async function seedCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'wenda-shutdown-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  await cp(join(SEED_DATA, 'sources'), join(dir, 'sources'), { recursive: true });
  return dir;
}

const uploadDirs = async (dir = tmpdir(), pid = process.pid) =>
  (await readdir(dir)).filter((name) => name.startsWith(`wenda-upload-${pid}-`) || (pid === 0 && name.startsWith('wenda-upload-')));

/** The real bot with uploads, long polling the local server, wired to a shutdown like main.ts does. */
async function start(deadlineMs: number) {
  const log = memoryLogger();
  const shutdown = createShutdown({ logger: log.logger, deadlineMs, graceMs: 500 });
  const library = await DocumentLibrary.open(await seedCopy());
  const api = await LocalBotApi.start({ token: TOKEN });
  cleanup.push(() => api.close());
  const bot = createBot({
    config: { botToken: TOKEN, apiRoot: api.apiRoot, adminIds: [ADMIN.id] },
    getEngine: library.getEngine,
    logger: log.logger,
    rateLimit: false,
    floodControl: { signal: shutdown.deadline },
    features: [docsFeature({ library, apiRoot: api.apiRoot, signal: shutdown.started })],
  });
  await prepareBot(bot);
  const polling = await startPolling(bot, { timeoutSeconds: 1 });
  return { api, polling, shutdown, ...log };
}

describe('shutdown with a deadline', () => {
  it('abandons a stalled upload at once with a message and removes its temporary folder', async () => {
    const { api, polling, shutdown } = await start(5000);
    api.stallFileDownloads(true);
    const chat = api.privateChat(ADMIN);
    api.send(chat, ADMIN, { document: { name: '统计公报.pdf', content: await readFile(join(PDF, 'report.pdf')) } });
    await api.waitFor(() => api.stalledDownloads === 1);
    expect(await uploadDirs()).toHaveLength(1);
    const started = Date.now();
    expect(await shutdown.run(polling.stop)).toBe('finished');
    // At once, not after the 5 s deadline.
    expect(Date.now() - started).toBeLessThan(4000);
    expect(api.botMessages(chat.id).map((m) => m.text).at(-1)).toBe(docsTexts.shuttingDown);
    expect(await uploadDirs()).toEqual([]);
  });

  it('gives up replies stuck on flood control at the deadline, logging each with its chat', async () => {
    const { api, polling, shutdown, records } = await start(400);
    api.floodControl('sendMessage', { seconds: 60 });
    const users = [newUser(), newUser()];
    for (const user of users) api.send(api.privateChat(user), user, '双创园区有多少企业');
    await api.waitFor(() => api.calls.filter((c) => c.method === 'sendMessage' && c.error_code === 429).length >= 2);
    const started = Date.now();
    expect(await shutdown.run(polling.stop)).toBe('finished');
    // At the 0.4 s deadline, not after the 60 s of flood control.
    expect(Date.now() - started).toBeLessThan(5000);
    const given = records().filter((r) => r['level'] === 50 && (r['err'] as { type?: string }).type === 'FloodControlError');
    expect(given.map((r) => r['chat_id']).sort()).toEqual(users.map((u) => u.id).sort());
  });
});

describe('temporary folders at start', () => {
  it('removes upload folders of processes that are gone, and keeps those of running ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wenda-tmp-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.on('exit', resolve));
    for (const name of [`wenda-upload-${gone.pid}-aB3xYz`, `wenda-upload-${process.pid}-Qw12Er`, `wenda-upload-${process.ppid}-Zx98Cv`, 'other-folder']) {
      await mkdir(join(dir, name, 'inside'), { recursive: true });
    }
    expect(await removeStaleUploadDirs(dir)).toBe(1);
    expect((await readdir(dir)).sort()).toEqual([`wenda-upload-${process.pid}-Qw12Er`, `wenda-upload-${process.ppid}-Zx98Cv`, 'other-folder'].sort());
  });
});

describe.skipIf(FROM_DIST)('npm start', () => {
  it('SIGTERM to npm stops the bot within the deadline, abandoning a stalled upload and leaving no temporary folder', async () => {
    const data = await seedCopy();
    const temp = join(data, 'tmp');
    await mkdir(temp);
    const api = await LocalBotApi.start({ token: TOKEN });
    cleanup.push(() => api.close());
    // Its own process group, as a container's: npm, the shell and node all in it.
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, BOT_TOKEN: TOKEN, BOT_API_ROOT: api.apiRoot, DATA_DIR: data, TMPDIR: temp, ADMIN_IDS: String(ADMIN.id), LOG_LEVEL: 'info', WEBHOOK_URL: '', ANSWER_THREADS: '0' },
    });
    let stderr = '';
    npm.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const group = npm.pid!;
    cleanup.push(async () => {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // Already gone, as it should be.
      }
    });
    await api.waitFor(() => stderr.includes('wenda-bot: started'), 20_000);
    api.stallFileDownloads(true);
    const chat = api.privateChat(ADMIN);
    api.send(chat, ADMIN, { document: { name: '统计公报.pdf', content: await readFile(join(PDF, 'report.pdf')) } });
    await api.waitFor(() => api.stalledDownloads === 1, 10_000);
    expect(await uploadDirs(temp, 0)).toHaveLength(1);

    const signalled = Date.now();
    process.kill(group, 'SIGTERM');
    await new Promise((resolve) => npm.on('exit', resolve));
    // Not only npm: nothing of the group is left (the bot had its own node process).
    const groupAlive = () => {
      try {
        process.kill(-group, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 10_000;
    while (groupAlive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(groupAlive()).toBe(false);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(api.botMessages(chat.id).map((m) => m.text).at(-1)).toBe(docsTexts.shuttingDown);
    expect(await uploadDirs(temp, 0)).toEqual([]);
    expect(stderr).toContain('wenda-bot: stopping');
  }, 40_000);
});
