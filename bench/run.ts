/**
 * npm run bench [-- --json | --markdown] [--quick] [--docs N] [--seed N] [--questions N] [--sizes N,N] [--skip part,part]
 *
 * Measures wenda-bot on the seed data and on a synthetic corpus (10,000
 * documents by default), each heavy step in a fresh process: build speed and
 * memory, answer latency against raw FlexSearch on the same index, accuracy
 * on the corpus questions, cold start from the persisted index against a
 * rebuild, accuracy on the hard template corpus by size (--sizes), and (when
 * available) the bot burst and the Redis index store.
 * Prints a table, or one JSON object with --json. The corpus is generated
 * once into .bench-data/ (gitignored), keyed by seed and size.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runChild, ROOT } from './lib/child.ts';
import { ensureCorpus } from './lib/corpus-cache.ts';
import { readQuestions } from './lib/score.ts';
import type { BuildResult, ColdResult } from './lib/worker.ts';
import { renderMarkdown, renderTable, type Row } from './lib/report.ts';
import { PARTS, type Part, type PartContext, type PartResult } from './lib/parts.ts';

const WORKER = join(ROOT, 'bench/lib/worker.ts');

interface Args {
  json: boolean;
  markdown: boolean;
  quick: boolean;
  docs: number;
  seed: number;
  questions: number;
  sizes: number[] | null;
  skip: Set<string>;
}

function parse(): Args {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      markdown: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      docs: { type: 'string' },
      seed: { type: 'string' },
      questions: { type: 'string' },
      sizes: { type: 'string' },
      skip: { type: 'string' },
    },
  });
  const quick = values.quick ?? false;
  const int = (name: string, v: string | undefined, fallback: number): number => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got "${v}"`);
    return n;
  };
  return {
    json: values.json ?? false,
    markdown: values.markdown ?? false,
    quick,
    docs: int('docs', values.docs, quick ? 500 : 10_000),
    seed: int('seed', values.seed, 1),
    questions: int('questions', values.questions, quick ? 1000 : 2000),
    sizes: values.sizes === undefined ? null : values.sizes.split(',').map((v) => int('sizes', v, 0)).filter((n) => n > 0),
    skip: new Set((values.skip ?? '').split(',').filter(Boolean)),
  };
}

const say = (text: string): void => {
  if (process.stderr.isTTY) process.stderr.write(`${text}\n`);
};

/** A fresh copy of the default data's sources, so the bench never writes into index-data/. */
function seedCopy(): string {
  const dir = join(ROOT, '.bench-data', 'seed');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(ROOT, 'index-data', 'sources'), join(dir, 'sources'), { recursive: true });
  return dir;
}

function machine(): Record<string, string | number> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parse();
  } catch (error) {
    process.stderr.write(`wenda-bot bench: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const results: Record<string, unknown> = { machine: machine(), quick: args.quick };
  const rows: Row[] = [];

  // A step that fails is reported as a row; the others still run.
  let failed = false;
  const step = async (name: string, section: string, run: () => Promise<void>): Promise<void> => {
    if (args.skip.has(name)) return;
    try {
      await run();
    } catch (error) {
      failed = true;
      const message = error instanceof Error ? error.message : String(error);
      results[`${name}Error`] = message;
      rows.push({ section, name: `${name}: FAILED`, value: message });
      process.stderr.write(`wenda-bot bench: ${name} failed: ${message}\n`);
    }
  };

  // 1. The default data (the seed document).
  await step('seed', 'seed (index-data)', async () => {
    say('bench: seed data (clean + index, answers)');
    const dir = seedCopy();
    const questions = join(ROOT, 'test/fixtures/eval/seed-questions.jsonl');
    const { result } = await runChild<BuildResult>(WORKER, {
      kind: 'build', dataDir: dir, questions, count: 1000, warmup: 200, rebuild: true, persist: false,
    });
    results.seed = result;
    rows.push(
      { section: 'seed (index-data)', name: 'clean + index', value: `${result.openMs.toFixed(0)} ms (${result.documents} document, ${result.passages} passages)` },
      { section: 'seed (index-data)', name: 'answer p50 / p95 / p99', value: lat(result.answer) },
      { section: 'seed (index-data)', name: 'eval questions right', value: `${result.accuracy.correct}/${result.accuracy.total}` },
    );
  });

  // 2. The synthetic corpus: build, memory, latency, accuracy.
  const corpus = ensureCorpus({ mode: 'varied', docs: args.docs, seed: args.seed });
  results.corpus = { dir: corpus.dir, ...corpus.manifest, generatedMs: corpus.generatedMs };
  const label = `corpus (${args.docs.toLocaleString('en')} docs)`;
  const questionsPath = join(corpus.dir, 'questions.jsonl');
  await step('build', label, async () => {
    say(`bench: ${label}: clean + index + persist, then ${args.questions} answers`);
    const { result } = await runChild<BuildResult>(WORKER, {
      kind: 'build', dataDir: corpus.dir, questions: questionsPath, count: args.questions, warmup: 300, rebuild: true, persist: true,
    });
    results.build = result;
    const secs = result.openMs / 1000;
    const buildSecs = (result.cleanMs + result.indexMs) / 1000;
    const ratio = result.answer.p50 / result.raw.p50;
    const acc = result.accuracy;
    rows.push(
      { section: label, name: 'corpus', value: `${(corpus.manifest.cleanCharacters / 1e6).toFixed(1)} M characters, ${(result.sourceBytes / 1e6).toFixed(1)} MB of files (${corpus.manifest.damaged} damaged, ${corpus.manifest.traditional} traditional), ${result.passages.toLocaleString('en')} passages` },
      { section: label, name: 'clean + index', value: `${buildSecs.toFixed(1)} s (clean ${(result.cleanMs / 1000).toFixed(1)} s, index ${(result.indexMs / 1000).toFixed(1)} s) = ${(result.documents / buildSecs).toFixed(0)} docs/s, ${(result.sourceBytes / 1e6 / buildSecs).toFixed(2)} MB/s` },
      { section: label, name: 'persist', value: `${(result.persistMs / 1000).toFixed(2)} s, ${(result.persistedBytes / 1e6).toFixed(0)} MB on disk (open total ${secs.toFixed(1)} s)` },
      { section: label, name: 'peak RSS (build)', value: mb(result.peakRss), target: '≤ 1536 MB', ok: result.peakRss <= 1.5 * 2 ** 30 },
      { section: label, name: 'heap / RSS after build (after GC)', value: `${mb(result.heapUsed)} / ${mb(result.rss)}` },
      { section: label, name: `answer p50 / p95 / p99 (${result.answer.n} questions)`, value: lat(result.answer), target: 'p50 ≤ 2 ms, p99 ≤ 10 ms', ok: result.answer.p50 <= 2 && result.answer.p99 <= 10 },
      { section: label, name: 'raw FlexSearch search() p50 / p95 / p99', value: `${lat(result.raw)} (question bigrams, suggest, limit 10, same index)` },
      {
        section: label,
        name: 'answer ÷ raw search (p50)',
        value: `${ratio.toFixed(2)}× (the whole answer is ${ratio < 1 ? `${(1 / ratio).toFixed(1)}× faster` : `${ratio.toFixed(1)}× slower`} than plain search)`,
      },
      { section: label, name: 'accuracy', value: `${pct(acc.correct / acc.total)} (${acc.correct}/${acc.total}; not-found right ${acc.unanswerableCorrect}/${acc.unanswerable})`, target: '≥ 95%', ok: acc.correct / acc.total >= 0.95 },
    );
  });

  // 3. Cold start: a new process answering from the persisted index vs one that rebuilds.
  await step('cold', label, async () => {
    const first = readQuestions(questionsPath).find((q) => q.found !== false)?.q ?? '';
    // Make sure a persisted index of the current engine code is there (a no-op load when the build above made it).
    say(`bench: ${label}: checking the persisted index`);
    await runChild<ColdResult>(WORKER, { kind: 'cold', dataDir: corpus.dir, question: first, rebuild: false, persist: true });
    say(`bench: ${label}: cold start from the persisted index (3 runs) and with a rebuild`);
    const loads: { wallMs: number; result: ColdResult }[] = [];
    for (let i = 0; i < (args.quick ? 1 : 3); i++) loads.push(await runChild<ColdResult>(WORKER, { kind: 'cold', dataDir: corpus.dir, question: first, rebuild: false }));
    const rebuild = await runChild<ColdResult>(WORKER, { kind: 'cold', dataDir: corpus.dir, question: first, rebuild: true });
    const load = median(loads.map((l) => l.wallMs));
    const loadRun = loads.find((l) => l.wallMs === load) ?? loads[0]!;
    const ratio = rebuild.wallMs / load;
    const valid = loads.every((l) => !l.result.rebuilt);
    results.cold = { persisted: loads, rebuild, ratio, valid };
    rows.push(
      { section: label, name: 'cold start → first answer, persisted index', value: `${(load / 1000).toFixed(2)} s (node + imports ${(loadRun.result.importMs / 1000).toFixed(2)} s, load ${(loadRun.result.openMs / 1000).toFixed(2)} s, first answer ${((loadRun.result.firstAnswerMs - loadRun.result.importMs - loadRun.result.openMs) / 1000).toFixed(2)} s), peak RSS ${mb(loadRun.result.peakRss)}` },
      { section: label, name: 'cold start → first answer, rebuild', value: `${(rebuild.wallMs / 1000).toFixed(2)} s` },
      {
        section: label,
        name: 'rebuild / persisted',
        value: valid ? `${ratio.toFixed(1)}×` : `INVALID: the persisted index was not loaded (engine code changed during the run?), ${ratio.toFixed(1)}×`,
        target: '≥ 10×',
        ok: valid && ratio >= 10,
      },
    );
  });

  // 4. Further parts (hard corpus curve, bot burst, Redis store) register themselves in parts.ts.
  const context: PartContext = { quick: args.quick, corpusDir: corpus.dir, questionsPath, seed: args.seed, curveSizes: args.sizes, say };
  for (const part of PARTS as Part[]) {
    await step(part.name, part.name, async () => {
      const outcome: PartResult = await part.run(context);
      results[part.name] = outcome.json;
      rows.push(...outcome.rows);
    });
  }

  results.rows = rows;
  if (args.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else if (args.markdown) process.stdout.write(renderMarkdown(rows, machine()));
  else process.stdout.write(renderTable(rows, machine()));
  if (failed) process.exitCode = 1;
}

function lat(l: { p50: number; p95: number; p99: number }): string {
  return `${l.p50.toFixed(2)} / ${l.p95.toFixed(2)} / ${l.p99.toFixed(2)} ms`;
}
function mb(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MB`;
}
function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

main().catch((error: unknown) => {
  process.stderr.write(`wenda-bot bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
