/**
 * One point of the accuracy curve, measured in a bench worker: opens each
 * corpus of one size (a single corpus, or several small ones of different
 * seeds so the point rests on enough questions), answers its questions as
 * asked on the file's `# asked on:` day, and counts the outcomes overall and
 * by what each question tests (named, title-only, other-name …).
 */
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine.ts';
import { emptyTally, judge, outcome, readQuestionsFile, type Tally } from './score.ts';
import { msSince, summarize, type Latency } from './stats.ts';

/** What the parent asks for. */
export interface CurveTask {
  kind: 'curve';
  /** Corpora of one size (data folders with questions.jsonl). */
  dataDirs: string[];
  /** Questions to answer in all, split evenly over the corpora (each file's first ones: files are shuffled). */
  count: number;
  /** Answers before the measured ones, so the JIT is warm. */
  warmup: number;
}

/** What a curve worker measured. */
export interface CurveResult {
  kind: 'curve';
  corpora: number;
  /** Documents and passages over all corpora. */
  documents: number;
  passages: number;
  /** Engine.open over all corpora (a build when the persisted index is missing or stale). */
  openMs: number;
  total: Tally;
  byCase: Record<string, Tally>;
  answer: Latency;
  /** A sample of what went wrong. */
  failures: string[];
}

/** How many failures a result lists. */
const FAILURES_LISTED = 40;

/** Runs one curve point. */
export async function runCurve(task: CurveTask): Promise<CurveResult> {
  const perCorpus = Math.ceil(task.count / task.dataDirs.length);
  const total = emptyTally();
  const byCase: Record<string, Tally> = {};
  const times: number[] = [];
  const failures: string[] = [];
  let documents = 0;
  let passages = 0;
  let openMs = 0;
  for (const [i, dir] of task.dataDirs.entries()) {
    const started = process.hrtime.bigint();
    const engine = await Engine.open(dir, { persist: true });
    openMs += msSince(started);
    documents += engine.stats().documents;
    passages += engine.stats().passages;
    const { questions, askedOn } = readQuestionsFile(join(dir, 'questions.jsonl'));
    const now = askedOn ?? undefined;
    if (i === 0) for (const q of questions.slice(-task.warmup)) await engine.ask(q.q, { now });
    for (const q of questions.slice(0, perCorpus)) {
      const t = process.hrtime.bigint();
      const answer = await engine.ask(q.q, { now });
      times.push(msSince(t));
      const result = outcome(q, answer);
      const bucket = (byCase[q.case ?? 'unlabelled'] ??= emptyTally());
      for (const tally of [total, bucket]) {
        tally.total++;
        tally[result]++;
      }
      if (result !== 'right' && result !== 'declined' && failures.length < FAILURES_LISTED) {
        failures.push(`${q.case ?? ''} ${result}: ${q.q} → ${judge(q, answer) ?? ''}`);
      }
    }
    await engine.close();
  }
  return { kind: 'curve', corpora: task.dataDirs.length, documents, passages, openMs, total, byCase, answer: summarize(times), failures };
}
