/**
 * Starting a worker thread on a module of this project, whether it runs as
 * TypeScript (tsx in development and tests) or as compiled JavaScript
 * (`npm run build`, `node dist/main.js`). Worker threads do not inherit the
 * main thread's TypeScript loader, so a `.ts` module is started through
 * `worker-boot.mjs`, which registers tsx first; compiled modules are
 * started directly.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The boot file that registers tsx in a thread and then imports `workerData.module`. */
const BOOT_URL = new URL('./worker-boot.mjs', import.meta.url);

/**
 * The URL of a worker module beside the caller: `name` without extension,
 * with the extension of the caller's own file (`.ts` from source, `.js` from `dist/`).
 */
export function workerModule(callerUrl: string, name: string): URL {
  const extension = new URL(callerUrl).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`${name}${extension}`, callerUrl);
}

/**
 * Starts `module` in a worker thread. Its `workerData` is `options.workerData`
 * with `module` (the module's URL) added, which the TypeScript boot file reads.
 */
export function startWorker(module: URL, options: WorkerOptions & { workerData: object }): Worker {
  const workerData = { ...options.workerData, module: module.href };
  const typescript = module.pathname.endsWith('.ts');
  return new Worker(typescript ? BOOT_URL : module, { ...options, workerData });
}
