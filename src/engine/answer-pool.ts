/**
 * Answer threads: worker threads that each load the persisted index of a
 * data folder and answer questions, so a bot's main thread only talks to
 * Telegram while answers are computed beside it. The main thread keeps the
 * documents and sentences (for browsing); the threads keep the index.
 */
import type { Worker } from 'node:worker_threads';
import type { AnswerOptions } from './answer.ts';
import { EngineError } from './errors.ts';
import type { Answer } from './types.ts';
import { startWorker, workerModule } from './worker-module.ts';

/** What a thread is started with. */
export interface WorkerData {
  dataDir: string;
  /** The sources hash the main thread built; a thread that loads another one refuses to start. */
  sourcesHash: string;
}

/** A question for a thread. */
export interface PoolRequest {
  id: number;
  question: string;
  options: AnswerOptions | undefined;
}

/** What a thread says. */
export type PoolReply =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'answer'; id: number; answer: Answer }
  | { type: 'error'; id: number; message: string };

/** Options of {@link AnswerPool.start}. */
export interface AnswerPoolOptions {
  /** The data folder whose persisted index the threads load. */
  dataDir: string;
  /** The sources hash of that index. */
  sourcesHash: string;
  /** How many threads. */
  threads: number;
  /** Where notices go (a thread that stopped and was replaced). */
  log?: (level: 'info' | 'warn', message: string) => void;
}

interface Pending {
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** How long a replaced pool keeps answering questions that were sent to it just before the swap. */
const CLOSE_GRACE_MS = 10_000;

/** The thread's module: answer-worker.ts, or answer-worker.js once built. */
const WORKER_URL = workerModule(import.meta.url, './answer-worker');

/** Threads that answer questions from one persisted index. */
export class AnswerPool {
  readonly #options: AnswerPoolOptions;
  readonly #threads: Thread[] = [];
  #nextId = 1;
  #closing = false;

  private constructor(options: AnswerPoolOptions) {
    this.#options = options;
  }

  /**
   * Starts the threads and waits until each has loaded the index.
   *
   * @throws {EngineError} when a thread cannot load it.
   */
  static async start(options: AnswerPoolOptions): Promise<AnswerPool> {
    const pool = new AnswerPool(options);
    try {
      await Promise.all(Array.from({ length: Math.max(1, options.threads) }, () => pool.#spawn()));
    } catch (error) {
      await pool.close({ now: true });
      throw error;
    }
    return pool;
  }

  /** Number of running threads. */
  get size(): number {
    return this.#threads.length;
  }

  /** The running threads (for monitoring: thread ids, resource use). */
  get workers(): readonly Worker[] {
    return this.#threads.map((t) => t.worker);
  }

  #spawn(): Promise<void> {
    const data: WorkerData = { dataDir: this.#options.dataDir, sourcesHash: this.#options.sourcesHash };
    const worker = startWorker(WORKER_URL, { workerData: data });
    const thread: Thread = { worker, pending: new Map() };
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      worker.on('message', (reply: PoolReply) => {
        if (reply.type === 'ready') {
          ready = true;
          this.#threads.push(thread);
          resolve();
        } else if (reply.type === 'failed') {
          reject(new EngineError(`an answer thread could not start: ${reply.message}`));
          void worker.terminate();
        } else {
          const pending = thread.pending.get(reply.id);
          thread.pending.delete(reply.id);
          if (reply.type === 'answer') pending?.resolve(reply.answer);
          else pending?.reject(new EngineError(reply.message));
        }
      });
      worker.on('error', (error) => {
        if (!ready) reject(new EngineError(`an answer thread could not start: ${error.message}`));
      });
      worker.on('exit', (code) => {
        const at = this.#threads.indexOf(thread);
        if (at >= 0) this.#threads.splice(at, 1);
        for (const pending of thread.pending.values()) pending.reject(new EngineError(`an answer thread stopped (exit code ${code})`));
        thread.pending.clear();
        if (!ready) {
          reject(new EngineError(`an answer thread stopped while starting (exit code ${code})`));
        } else if (!this.#closing) {
          // A thread that died (out of memory, a bug) is replaced; the others answer meanwhile.
          this.#options.log?.('warn', `wenda-bot: an answer thread stopped (exit code ${code}); starting another`);
          this.#spawn().catch((error: Error) => this.#options.log?.('warn', `wenda-bot: ${error.message}`));
        }
      });
    });
  }

  /** Answers a question in the least busy thread. */
  ask(question: string, options?: AnswerOptions): Promise<Answer> {
    let thread: Thread | undefined;
    for (const t of this.#threads) if (!thread || t.pending.size < thread.pending.size) thread = t;
    if (!thread) return Promise.reject(new EngineError('no answer thread is running'));
    const id = this.#nextId++;
    const chosen = thread;
    return new Promise<Answer>((resolve, reject) => {
      chosen.pending.set(id, { resolve, reject });
      const request: PoolRequest = { id, question, options };
      chosen.worker.postMessage(request);
    });
  }

  /**
   * Stops the threads. By default after a grace period, so questions that
   * took this pool just before it was replaced are still answered; `now`
   * stops them at once (pending questions fail).
   */
  async close(options: { now?: boolean } = {}): Promise<void> {
    this.#closing = true;
    if (!options.now) {
      await new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
      // Then let the questions still in the threads finish (a few milliseconds each).
      const deadline = Date.now() + CLOSE_GRACE_MS;
      while (this.#threads.some((t) => t.pending.size > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50).unref());
      }
    }
    await Promise.all(this.#threads.map((t) => t.worker.terminate()));
    this.#threads.length = 0;
  }
}
