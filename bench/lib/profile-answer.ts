/**
 * Where answering spends its time, on a corpus (not part of the bench run):
 *
 *   node --import tsx bench/lib/profile-answer.ts DIR [--count N] [--top N] [--out FILE.cpuprofile]
 *
 * Opens the engine on DIR (its persisted index, built when missing), answers
 * its questions.jsonl once to warm up, then again under the V8 CPU profiler
 * (node:inspector, only the answer loop), and prints the functions by self
 * time and by total time (each function counted once per sample, however
 * deep it recurses), and the slowest questions. `--out` keeps the profile
 * for Chrome DevTools or speedscope.
 */
import { writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector/promises';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../../src/engine/engine.ts';
import { ROOT } from './child.ts';
import { readQuestionsFile } from './score.ts';
import { msSince, summarize } from './stats.ts';

/** Microseconds between samples. */
const SAMPLING_US = 100;

interface FunctionTime {
  name: string;
  self: number;
  total: number;
}

/** Self and total time per function (name and source line) of a profile, in ms. */
function functionTimes(profile: Profiler.Profile): FunctionTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: Profiler.ProfileNode): string => {
    const f = n.callFrame;
    const file = f.url.startsWith('file://') ? relative(ROOT, new URL(f.url).pathname) : f.url;
    return `${f.functionName || '(anonymous)'} ${file ? `${file}:${f.lineNumber + 1}` : ''}`.trim();
  };
  const times = new Map<string, FunctionTime>();
  const entry = (name: string): FunctionTime => {
    let t = times.get(name);
    if (!t) times.set(name, (t = { name, self: 0, total: 0 }));
    return t;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const ms = (deltas[i] ?? 0) / 1000;
    let id: number | undefined = samples[i]!;
    entry(label(byId.get(id)!)).self += ms;
    const seen = new Set<string>();
    for (; id !== undefined; id = parent.get(id)) {
      const name = label(byId.get(id)!);
      if (seen.has(name)) continue;
      seen.add(name);
      entry(name).total += ms;
    }
  }
  return [...times.values()];
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { count: { type: 'string', default: '2000' }, top: { type: 'string', default: '30' }, out: { type: 'string' } },
  });
  const dir = positionals[0];
  if (!dir) throw new Error('usage: node --import tsx bench/lib/profile-answer.ts DIR [--count N] [--top N] [--out FILE]');
  const top = Number(values.top);
  const engine = await Engine.open(dir, { persist: true });
  const { questions, askedOn } = readQuestionsFile(join(dir, 'questions.jsonl'));
  const asked = questions.slice(0, Number(values.count));
  const now = askedOn ?? undefined;
  for (const q of asked) await engine.ask(q.q, { now });

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  await session.post('Profiler.start');
  const times: { q: string; ms: number }[] = [];
  const started = process.hrtime.bigint();
  for (const q of asked) {
    const t = process.hrtime.bigint();
    await engine.ask(q.q, { now });
    times.push({ q: q.q, ms: msSince(t) });
  }
  const wall = msSince(started);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  if (values.out) writeFileSync(values.out, JSON.stringify(profile));

  const latency = summarize(times.map((t) => t.ms));
  const out: string[] = [
    `${asked.length} questions on ${engine.stats().documents} documents (${engine.stats().passages} passages) in ${wall.toFixed(0)} ms under the profiler: ` +
      `p50 ${latency.p50.toFixed(2)} / p95 ${latency.p95.toFixed(2)} / p99 ${latency.p99.toFixed(2)} / max ${latency.max.toFixed(1)} ms`,
  ];
  const fns = functionTimes(profile);
  const row = (f: FunctionTime, key: 'self' | 'total'): string =>
    `  ${f[key].toFixed(0).padStart(7)} ms ${((100 * f[key]) / wall).toFixed(1).padStart(5)}%  ${f.name}`;
  out.push('', 'self time:');
  for (const f of fns.sort((a, b) => b.self - a.self).slice(0, top)) out.push(row(f, 'self'));
  out.push('', 'total time (functions of src/):');
  for (const f of fns.filter((f) => f.name.includes(' src/')).sort((a, b) => b.total - a.total).slice(0, top)) out.push(row(f, 'total'));
  out.push('', 'slowest questions:');
  for (const t of [...times].sort((a, b) => b.ms - a.ms).slice(0, 15)) out.push(`  ${t.ms.toFixed(1).padStart(7)} ms  ${t.q}`);
  process.stdout.write(`${out.join('\n')}\n`);
  await engine.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`wenda-bot profile: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
