/**
 * One benchmark measurement in a fresh process (so peak RSS and cold start are
 * the measurement's own). Run as
 *   node --expose-gc --import tsx bench/lib/worker.ts '<json task>'
 * and prints exactly one JSON line on stdout: the result.
 */
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Index } from 'flexsearch';
import { Engine } from '../../src/engine/engine.ts';
import { createFlexIndex } from '../../src/engine/postings.ts';
import { runBurst, type BurstTask } from './bot-burst.ts';
import { runCurve, type CurveTask } from './curve-run.ts';
import { runStore, type StoreTask } from './store-run.ts';
import { tokenize } from '../../src/engine/tokenize.ts';
import { judge, readQuestions, take } from './score.ts';
import { gc, msSince, summarize, type Latency } from './stats.ts';

/** What the parent asks a worker to do. */
export type WorkerTask =
  | { kind: 'build'; dataDir: string; questions: string; count: number; warmup: number; rebuild: boolean; persist: boolean }
  | { kind: 'cold'; dataDir: string; question: string; rebuild: boolean; persist?: boolean }
  | ({ kind: 'burst' } & BurstTask)
  | { kind: 'plain'; dataDir: string; questions: string; count: number }
  | CurveTask
  | StoreTask;

/** Result of plain FlexSearch over sentence records (the reference setup). */
export interface PlainResult {
  kind: 'plain';
  records: number;
  buildMs: number;
  heapUsed: number;
  search: Latency;
}

/** Result of a build-and-answer measurement. */
export interface BuildResult {
  kind: 'build';
  documents: number;
  passages: number;
  problems: number;
  sourceBytes: number;
  /** Wall time of Engine.open and its phases, ms. */
  openMs: number;
  cleanMs: number;
  indexMs: number;
  persistMs: number;
  /** Peak resident set size of the process, bytes. */
  peakRss: number;
  /** After a full GC, bytes. */
  heapUsed: number;
  rss: number;
  /** Persisted files (sections.json + index/), bytes. */
  persistedBytes: number;
  answer: Latency;
  raw: Latency;
  accuracy: { correct: number; total: number; answerable: number; unanswerable: number; unanswerableCorrect: number };
  failures: string[];
}

/** Result of a cold start: open + first answer, timed inside the child. */
export interface ColdResult {
  kind: 'cold';
  importMs: number;
  openMs: number;
  firstAnswerMs: number;
  found: boolean;
  /** True when the engine cleaned sources, i.e. did not load a persisted index. */
  rebuilt: boolean;
  peakRss: number;
}

function dirBytes(path: string): number {
  let total = 0;
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.size;
  for (const entry of readdirSync(path)) total += dirBytes(join(path, entry));
  return total;
}

async function build(task: Extract<WorkerTask, { kind: 'build' }>): Promise<BuildResult> {
  const started = process.hrtime.bigint();
  let cleanDone = 0;
  let indexDone = 0;
  const engine = await Engine.open(task.dataDir, {
    rebuild: task.rebuild,
    persist: task.persist,
    onProgress: (event) => {
      if (event.phase === 'clean' && event.done === event.total) cleanDone = msSince(started);
      if (event.phase === 'index' && event.done === event.total) indexDone = msSince(started);
    },
  });
  const openMs = msSince(started);
  const peakAfterBuild = process.resourceUsage().maxRSS * 1024;
  gc();
  const memory = process.memoryUsage();
  const stats = engine.stats();

  const all = readQuestions(task.questions);
  const questions = take(all, task.count);
  // Warm up the JIT on questions outside the measured set where there are any.
  const spare = all.length > task.count ? all.slice(task.count) : all;
  for (const q of take(spare, task.warmup)) await engine.ask(q.q);

  const times: number[] = [];
  let correct = 0;
  let unanswerable = 0;
  let unanswerableCorrect = 0;
  const failures: string[] = [];
  const scored = new Set<string>();
  for (const q of questions) {
    const t = process.hrtime.bigint();
    const answer = await engine.ask(q.q);
    times.push(msSince(t));
    // Accuracy counts each distinct question once, even when the list cycles.
    if (scored.has(q.q)) continue;
    scored.add(q.q);
    const verdict = judge(q, answer);
    if (q.found === false) unanswerable++;
    if (verdict === null) {
      correct++;
      if (q.found === false) unanswerableCorrect++;
    } else if (failures.length < 40) failures.push(`${q.q} → ${verdict}`);
  }

  // Raw FlexSearch over the engine's own paragraph records with the same questions:
  // all tokens of the question, partial matches allowed, as plain search would.
  const flex = createFlexIndex();
  for (const [id, tokens] of engine.index.records(engine.model)) flex.add(id, tokens.join(' '));
  const rawTimes: number[] = [];
  for (const q of take(spare, task.warmup)) flex.search(tokenize(q.q).join(' '), { limit: 10, suggest: true });
  for (const q of questions) {
    const t = process.hrtime.bigint();
    flex.search(tokenize(q.q).join(' '), { limit: 10, suggest: true });
    rawTimes.push(msSince(t));
  }

  let sourceBytes = 0;
  for (const name of readdirSync(join(task.dataDir, 'sources'))) sourceBytes += statSync(join(task.dataDir, 'sources', name)).size;

  return {
    kind: 'build',
    documents: stats.documents,
    passages: stats.passages,
    problems: engine.problems.length,
    sourceBytes,
    openMs,
    cleanMs: cleanDone,
    indexMs: indexDone > 0 ? indexDone - cleanDone : 0,
    persistMs: indexDone > 0 ? openMs - indexDone : 0,
    peakRss: peakAfterBuild,
    heapUsed: memory.heapUsed,
    rss: memory.rss,
    persistedBytes: task.persist ? dirBytes(join(task.dataDir, 'index')) + dirBytes(join(task.dataDir, 'sections.json')) : 0,
    answer: summarize(times),
    raw: summarize(rawTimes),
    accuracy: { correct, total: scored.size, answerable: scored.size - unanswerable, unanswerable, unanswerableCorrect },
    failures,
  };
}

async function cold(task: Extract<WorkerTask, { kind: 'cold' }>): Promise<ColdResult> {
  // Time from process start until the engine module was imported and this ran.
  const importMs = performance.now();
  const started = process.hrtime.bigint();
  let rebuilt = false;
  const engine = await Engine.open(task.dataDir, {
    rebuild: task.rebuild,
    persist: task.persist ?? false,
    onProgress: (event) => {
      if (event.phase === 'clean') rebuilt = true;
    },
  });
  const openMs = msSince(started);
  const answer = await engine.ask(task.question);
  return {
    kind: 'cold',
    importMs,
    openMs,
    firstAnswerMs: performance.now(),
    found: answer.found,
    rebuilt,
    peakRss: process.resourceUsage().maxRSS * 1024,
  };
}

/**
 * Plain FlexSearch as the issue measured it: one record per sentence, the
 * engine's tokens (folded bigrams and numbers), strict tokenizer, queries of
 * all question bigrams with suggest and limit 10. No analysis, no ranking.
 */
async function plain(task: Extract<WorkerTask, { kind: 'plain' }>): Promise<PlainResult> {
  const engine = await Engine.open(task.dataDir, { persist: false });
  const passages = engine.index.passages;
  const encode = (text: string): string[] => (text ? text.split(' ') : []);
  gc();
  const before = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  const flex = new Index({ tokenize: 'strict', encode, resolution: 3, fastupdate: false, cache: false });
  for (const p of passages) flex.add(p.id, tokenize(p.text).join(' '));
  const buildMs = msSince(started);
  gc();
  const heapUsed = process.memoryUsage().heapUsed - before;
  const all = readQuestions(task.questions);
  const questions = take(all, task.count).map((q) => tokenize(q.q).join(' '));
  for (const q of questions.slice(0, 200)) flex.search(q, { limit: 10, suggest: true });
  const times: number[] = [];
  for (const q of questions) {
    const t = process.hrtime.bigint();
    flex.search(q, { limit: 10, suggest: true });
    times.push(msSince(t));
  }
  return { kind: 'plain', records: passages.length, buildMs, heapUsed, search: summarize(times) };
}

async function run(task: WorkerTask): Promise<unknown> {
  switch (task.kind) {
    case 'build':
      return build(task);
    case 'cold':
      return cold(task);
    case 'plain':
      return plain(task);
    case 'burst':
      return runBurst(task);
    case 'curve':
      return runCurve(task);
    default:
      return runStore(task);
  }
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? readFileSync(0, 'utf8')) as WorkerTask;
  process.stdout.write(`${JSON.stringify(await run(task))}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`wenda-bot bench worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
