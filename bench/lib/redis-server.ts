/**
 * Starts a throwaway redis-server on 127.0.0.1 for the bench and tests: a
 * free port, no persistence (no RDB, no AOF), stopped by `stop()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort, portOpen } from './ports.ts';

/** A running redis-server. */
export interface RedisServer {
  port: number;
  url: string;
  /** The server's version, as it reports it. */
  version: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** The redis-server binary on PATH, or null when Redis is not installed. */
export function redisServerBinary(): string | null {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return found.status === 0 ? 'redis-server' : null;
}

/** Starts redis-server on a free loopback port and waits until it accepts connections. */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = redisServerBinary();
  if (!binary) throw new Error('wenda-bot bench: redis-server is not installed (apt-get install -y redis-server)');
  const version = /v=(\S+)/.exec(spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? 'unknown';
  const port = await freePort();
  const child = spawn(binary, [
    '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no',
    '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'warning', '--dir', '/tmp',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await waitForPort(port, child, () => log);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    version,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wenda-bot bench: redis-server exited (${child.exitCode}): ${log().trim()}`);
    const ok = await portOpen(port);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`wenda-bot bench: redis-server did not start on port ${port}: ${log().trim()}`);
}
