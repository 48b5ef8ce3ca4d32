/**
 * Runs bench workers in fresh Node processes (tsx loader, --expose-gc) and
 * reads their single JSON result line.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Result of a child run with the parent's wall-clock view of it. */
export interface ChildRun<T> {
  result: T;
  /** Spawn until the result line arrived, ms. */
  wallMs: number;
}

/** The repository root (bench/lib/ is two levels below). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Starts `node --expose-gc --import tsx SCRIPT JSON` and resolves with the
 * parsed first line it prints. Stderr passes through (progress, warnings).
 */
export function runChild<T>(script: string, task: unknown, options: { env?: NodeJS.ProcessEnv } = {}): Promise<ChildRun<T>> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, JSON.stringify(task)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: options.env ?? process.env,
    });
    let out = '';
    let resolved = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (!resolved && newline >= 0) {
        const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
        try {
          resolved = true;
          resolve({ result: JSON.parse(out.slice(0, newline)) as T, wallMs });
        } catch (error) {
          reject(new Error(`bench: ${script} printed something that is not JSON: ${out.slice(0, 200)}`, { cause: error }));
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!resolved) reject(new Error(`bench: ${script} exited with code ${code} before printing a result`));
    });
  });
}
