/**
 * The container health check (`node dist/healthcheck.js`, the Dockerfile's
 * HEALTHCHECK) against a real bot process in webhook mode: healthy while it
 * serves /healthz, unhealthy once it is gone; always healthy with polling.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalBotApi } from '../../src/local/bot-api-server.ts';
import { SEED_DATA, TOKEN } from '../bot/harness.ts';
import { entryArgs, ROOT } from '../support/main-entry.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function run(name: string, env: Record<string, string>, stdio: 'ignore' | 'pipe' = 'ignore') {
  const child = spawn(process.execPath, entryArgs(name), { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', INDEX_STORE: '', ...env }, stdio });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

describe('health check', () => {
  it('is healthy while the webhook server answers /healthz, unhealthy when it is gone, and healthy with polling', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wenda-bot-health-'));
    const api = await LocalBotApi.start({ token: TOKEN, webhookRetryMs: 100 });
    try {
      await cp(join(SEED_DATA, 'sources'), join(dataDir, 'sources'), { recursive: true });
      const port = await freePort();
      const env = {
        BOT_TOKEN: TOKEN,
        BOT_API_ROOT: api.apiRoot,
        DATA_DIR: dataDir,
        WEBHOOK_URL: `http://127.0.0.1:${port}/tg`,
        WEBHOOK_SECRET: 'health_secret',
        PORT: String(port),
        HOST: '0.0.0.0',
      };
      const bot = run('main', env);
      await api.waitFor(() => api.calls.some((c) => c.method === 'setWebhook' && c.ok), 20_000);
      expect(await run('healthcheck', env).exited).toBe(0);
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(await run('healthcheck', env).exited).toBe(1);
      expect(await run('healthcheck', { ...env, WEBHOOK_URL: '', WEBHOOK_SECRET: '' }).exited).toBe(0);
    } finally {
      await api.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 40_000);
});
