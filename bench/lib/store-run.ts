/**
 * The engine with its index in Redis (INDEX_STORE), measured in a bench
 * worker: 'store-build' builds the namespace and times answers through the
 * store; 'store-reader' is a second instance that finds the build, measures
 * its start and memory without the index, and checks that its answers equal
 * the in-memory index's answers on the same questions.
 */
import { Engine } from '../../src/engine/engine.ts';
import type { Answer } from '../../src/engine/types.ts';
import { RedisIndexStore } from '../../src/engine/redis-store.ts';
import { judge, readQuestions, take } from './score.ts';
import { gc, msSince, summarize, type Latency } from './stats.ts';

/** What the parent asks for. */
export interface StoreTask {
  kind: 'store-build' | 'store-reader';
  dataDir: string;
  questions: string;
  url: string;
  count: number;
  warmup: number;
}

/** What a store worker measured. */
export interface StoreResult {
  kind: StoreTask['kind'];
  outcome: 'found' | 'built';
  /** Engine.open with the store: loading the documents, plus the build in the store when it was missing. */
  openMs: number;
  records: number;
  answer: Latency;
  accuracy: { correct: number; total: number };
  /** After open and a forced GC (store-reader: before the in-memory engine is loaded for comparison). */
  heapUsed: number;
  rss: number;
  peakRss: number;
  /** store-reader: answers equal to the in-memory index's (best passage, figure, alternatives). */
  sameAsMemory: { equal: number; total: number } | null;
}

/** Runs one store measurement. */
export async function runStore(task: StoreTask): Promise<StoreResult> {
  const store = await RedisIndexStore.connect(task.url);
  try {
    const started = process.hrtime.bigint();
    const engine = await Engine.open(task.dataDir, { store, persist: false });
    const openMs = msSince(started);
    const peakRss = process.resourceUsage().maxRSS * 1024;
    gc();
    const memory = process.memoryUsage();

    const all = readQuestions(task.questions);
    const questions = take(all, task.count);
    const spare = all.length > task.count ? all.slice(task.count) : all;
    for (const q of take(spare, task.warmup)) await engine.ask(q.q);
    const times: number[] = [];
    const answers: Answer[] = [];
    for (const q of questions) {
      const t = process.hrtime.bigint();
      answers.push(await engine.ask(q.q));
      times.push(msSince(t));
    }
    const seen = new Set<string>();
    let correct = 0;
    questions.forEach((q, i) => {
      if (seen.has(q.q)) return;
      seen.add(q.q);
      if (judge(q, answers[i]!) === null) correct++;
    });

    let sameAsMemory: StoreResult['sameAsMemory'] = null;
    if (task.kind === 'store-reader') {
      const memoryEngine = await Engine.open(task.dataDir, { persist: false });
      let equal = 0;
      for (const [i, q] of questions.entries()) {
        if (JSON.stringify(await memoryEngine.ask(q.q)) === JSON.stringify(answers[i])) equal++;
      }
      sameAsMemory = { equal, total: questions.length };
    }
    return {
      kind: task.kind,
      outcome: engine.store?.outcome ?? 'found',
      openMs,
      records: engine.index.size,
      answer: summarize(times),
      accuracy: { correct, total: seen.size },
      heapUsed: memory.heapUsed,
      rss: memory.rss,
      peakRss,
      sameAsMemory,
    };
  } finally {
    await store.close();
  }
}
