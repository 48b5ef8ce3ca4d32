/**
 * PDF extraction with limits. A PDF can cost far more than its size: pages
 * that all draw one heavy content stream, or a compressed stream that
 * inflates to gigabytes. So pdf.js runs in a worker thread with a heap limit
 * (`resourceLimits`), the process's memory is watched while it reads, and it
 * has a time budget per document and per page. Past a limit the thread is
 * stopped and the PDF refused with a SourceError saying which limit; the
 * main thread keeps answering questions meanwhile. One thread reads PDFs one
 * after another and stops when idle.
 */
import type { Worker } from 'node:worker_threads';
import { SourceError } from '../errors.ts';
import { startWorker, workerModule } from '../worker-module.ts';
import type { PdfJob, PdfThreadReply } from './pdf-thread.ts';

/** Limits of one PDF's extraction. */
export interface PdfLimits {
  /** Time budget of the whole document, in ms. Default 60 s. */
  documentMs: number;
  /** Time budget of one page (the first includes opening the file), in ms. Default 10 s. */
  pageMs: number;
  /** Memory the extraction may use, in MB: the thread's heap limit, and the growth of the process allowed while it reads. Default 768. */
  memoryMb: number;
}

/** Default {@link PdfLimits}. */
export const DEFAULT_PDF_LIMITS: PdfLimits = { documentMs: 60_000, pageMs: 10_000, memoryMb: 768 };

/** How often the process's memory is checked while a PDF is read, in ms. */
const MEMORY_CHECK_MS = 50;
/** How long an idle extraction thread is kept for the next PDF, in ms. */
const IDLE_MS = 30_000;

const THREAD_URL = workerModule(import.meta.url, './pdf-thread');

/** The extraction thread: started on demand, replaced after it is stopped at a limit. */
interface Thread {
  worker: Worker;
  ready: Promise<void>;
  memoryMb: number;
}

let thread: Thread | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let queue: Promise<unknown> = Promise.resolve();
let nextId = 1;

function startThread(memoryMb: number): Thread {
  const worker = startWorker(THREAD_URL, {
    workerData: {},
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, memoryMb / 8)) },
  });
  // An idle thread never keeps the process alive; a read in progress does (see extractInThread).
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (reply: PdfThreadReply) => {
      if (reply.type !== 'ready') return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
    // Always listened to (an unheard 'error' would take the process down); a read reports it with the exit.
    worker.on('error', reject);
    worker.once('exit', (code) => reject(new Error(`the PDF reader stopped while starting (exit code ${code})`)));
  });
  ready.catch(() => undefined);
  const started: Thread = { worker, ready, memoryMb };
  worker.once('exit', () => {
    if (thread === started) thread = undefined;
  });
  return started;
}

function stopThread(): void {
  const current = thread;
  thread = undefined;
  void current?.worker.terminate();
}

/**
 * Extracts the text of every page of a PDF, one string per page, within
 * `limits`. Throws a {@link SourceError} naming `file` when the PDF is
 * corrupt, encrypted, has no text layer, or passes a limit; rejects with the
 * signal's reason when `signal` is aborted.
 */
export function extractPdfPages(bytes: Uint8Array, file: string, options: { limits?: Partial<PdfLimits>; signal?: AbortSignal } = {}): Promise<string[]> {
  const limits = { ...DEFAULT_PDF_LIMITS, ...options.limits };
  // One PDF at a time: a second one waits for the thread (and the memory) to be free.
  const run = queue.then(() => extractInThread(bytes, file, limits, options.signal));
  queue = run.catch(() => undefined);
  return run;
}

async function extractInThread(bytes: Uint8Array, file: string, limits: PdfLimits, signal: AbortSignal | undefined): Promise<string[]> {
  signal?.throwIfAborted();
  clearTimeout(idleTimer);
  if (thread !== undefined && thread.memoryMb !== limits.memoryMb) stopThread();
  thread ??= startThread(limits.memoryMb);
  const current = thread;
  current.worker.ref();
  try {
    await started(current, file, signal);
    return await read(current.worker, bytes, file, limits, signal);
  } finally {
    current.worker.unref();
    if (thread === current) {
      idleTimer = setTimeout(stopThread, IDLE_MS);
      idleTimer.unref();
    }
  }
}

/** Waits for the thread to be ready, or for the signal. */
async function started(current: Thread, file: string, signal: AbortSignal | undefined): Promise<void> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal?.reason ?? new Error('aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  const ready = current.ready.catch((error: unknown) => {
    stopThread();
    throw new SourceError(file, `the PDF reader could not start (${(error as Error).message})`, { cause: error });
  });
  // Whichever loses the race must not become an unhandled rejection.
  ready.catch(() => undefined);
  aborted.catch(() => undefined);
  try {
    await Promise.race([ready, aborted]);
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** Sends one PDF to the thread and enforces the limits until it answers. */
function read(worker: Worker, bytes: Uint8Array, file: string, limits: PdfLimits, signal: AbortSignal | undefined): Promise<string[]> {
  const id = nextId++;
  const baseline = process.memoryUsage.rss();
  return new Promise<string[]>((resolve, reject) => {
    let pageTimer: NodeJS.Timeout;
    const fail = (reason: string) => {
      stopThread();
      finish();
      reject(new SourceError(file, reason));
    };
    const overPage = (page: number) => () =>
      fail(`reading page ${page} of the PDF took too long (over ${limits.pageMs / 1000} s); it may be damaged or built to exhaust readers`);
    const documentTimer = setTimeout(
      () => fail(`reading the PDF took too long (over ${limits.documentMs / 1000} s); it may be damaged or built to exhaust readers`),
      limits.documentMs,
    );
    pageTimer = setTimeout(overPage(1), limits.pageMs);
    const memoryTimer = setInterval(() => {
      if (process.memoryUsage.rss() - baseline > limits.memoryMb * 1024 * 1024) {
        fail(`reading the PDF needed too much memory (over ${limits.memoryMb} MB); it may be damaged or built to exhaust readers`);
      }
    }, MEMORY_CHECK_MS);
    const onAbort = () => {
      stopThread();
      finish();
      reject(signal?.reason ?? new Error('aborted'));
    };
    const onMessage = (reply: PdfThreadReply) => {
      if (reply.type === 'ready' || reply.id !== id) return;
      if (reply.type === 'page') {
        clearTimeout(pageTimer);
        pageTimer = setTimeout(overPage(reply.page + 1), limits.pageMs);
        return;
      }
      finish();
      if (reply.type === 'done') resolve(reply.pages);
      else reject(new SourceError(file, reply.unexpected ? `the PDF is damaged: ${reply.message}` : reply.message));
    };
    let threadError: unknown;
    const onExit = (code: number) => {
      finish();
      // A thread over its heap limit is stopped by Node with ERR_WORKER_OUT_OF_MEMORY.
      const outOfMemory = (threadError as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      reject(
        new SourceError(
          file,
          outOfMemory
            ? `reading the PDF needed too much memory (over ${limits.memoryMb} MB); it may be damaged or built to exhaust readers`
            : `the PDF reader stopped (exit code ${code})`,
          { cause: threadError },
        ),
      );
    };
    const onError = (error: unknown) => {
      threadError = error;
    };
    function finish(): void {
      clearTimeout(documentTimer);
      clearTimeout(pageTimer);
      clearInterval(memoryTimer);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      worker.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    }
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    // The out-of-memory error comes as an 'error' event before 'exit'; 'exit' reports it.
    worker.on('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    // pdf.js detaches the buffer it reads: send a copy and hand its memory to the thread.
    const copy = new Uint8Array(bytes);
    const job: PdfJob = { id, bytes: copy, file };
    worker.postMessage(job, [copy.buffer]);
  });
}
