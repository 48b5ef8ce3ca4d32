/**
 * `npm run tune [-- --write] [--no-cv] [--wrong-cost N]`: fits the ranking
 * weights on every labelled folder (pairwise ranking, then coordinate ascent
 * on the decision, then the confidence model), reports leave-one-folder-out
 * cross-validated accuracy and confidence (each folder judged with weights
 * fitted on the others), and with --write stores the weights fitted on all
 * folders as the defaults in src/engine/ranking.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_WEIGHTS, LOW_CONFIDENCE, type RankingWeights } from '../engine/ranking.ts';
import { parseCli, run } from './common.ts';
import { evalFolders } from './eval-folders.ts';
import { type LabelledQuestion, type Tally, WRONG_COST, accuracy, collect, crossValidate, fit, tally } from './tuning.ts';

const USAGE = `usage: npm run tune [-- --write] [--no-cv] [--wrong-cost N]

Fits the ranking weights to every labelled folder (the seed, test/fixtures/docs with
test/fixtures/eval/<folder>.jsonl, test/fixtures/rounds/<round>/<folder>/questions.jsonl),
prints the training accuracy and the leave-one-folder-out cross-validated accuracy per folder.
  --write   store the fitted weights as the defaults (src/engine/ranking.ts)
  --no-cv   skip cross-validation (fit only)
  --wrong-cost N   what a wrong or invented figure costs against a right answer's 1 (default ${WRONG_COST})`;

/** What the written defaults do per folder, checked by test/engine/eval-folders.test.ts. */
const FLOORS = 'test/fixtures/eval-floors.json';

function line(name: string, t: Tally): string {
  return `${name.padEnd(24)} ${(100 * accuracy(t)).toFixed(1).padStart(5)}%  ${String(t.right + t.declined).padStart(4)}/${String(t.total).padEnd(4)} wrong ${String(t.wrong).padStart(3)}  missed ${String(t.missed).padStart(3)}  invented ${t.invented}`;
}

function sum(tallies: Tally[]): Tally {
  const out: Tally = { total: 0, right: 0, wrong: 0, missed: 0, invented: 0, declined: 0 };
  for (const t of tallies) for (const k of Object.keys(out) as (keyof Tally)[]) out[k] += t[k];
  return out;
}

/** Rewrites the numbers of DEFAULT_WEIGHTS in ranking.ts, keeping its comments and layout. */
function writeDefaults(weights: RankingWeights): void {
  const file = new URL('../engine/ranking.ts', import.meta.url);
  let text = readFileSync(file, 'utf8');
  const start = text.indexOf('export const DEFAULT_WEIGHTS');
  const end = text.indexOf('});', start);
  let block = text.slice(start, end);
  for (const [name, value] of Object.entries(weights)) block = block.replace(new RegExp(`(\\n  ${name}: )[^,]+,`), `$1${value},`);
  text = text.slice(0, start) + block + text.slice(end);
  writeFileSync(file, text);
}

run(async () => {
  const { values } = parseCli(
    { options: { write: { type: 'boolean', default: false }, 'no-cv': { type: 'boolean', default: false }, 'wrong-cost': { type: 'string', default: String(WRONG_COST) } } },
    USAGE,
  );
  const wrongCost = Number(values['wrong-cost']);
  if (!(wrongCost > 0)) {
    process.stderr.write(`参数有误：--wrong-cost 须为正数，而不是 ${values['wrong-cost']}\n\n${USAGE}\n`);
    return 2;
  }
  const questions: LabelledQuestion[] = [];
  for (const folder of evalFolders()) {
    process.stderr.write(`scoring ${folder.name}\n`);
    questions.push(...(await collect(folder)));
  }
  const folders = [...new Set(questions.map((q) => q.folder))];
  process.stdout.write(`\ndefaults (before fitting):\n${line('all', tally(questions, DEFAULT_WEIGHTS))}\n`);
  const fitted = fit(questions, { wrongCost });
  process.stdout.write(`\nfitted on all folders (training accuracy, not a result):\n`);
  for (const f of folders) process.stdout.write(`${line(f, tally(questions.filter((q) => q.folder === f), fitted))}\n`);
  process.stdout.write(`${line('all', tally(questions, fitted))}\n`);
  const changed = Object.entries(fitted).filter(([k, v]) => v !== DEFAULT_WEIGHTS[k as keyof RankingWeights]);
  process.stdout.write(`\nweights changed: ${changed.map(([k, v]) => `${k} ${DEFAULT_WEIGHTS[k as keyof RankingWeights]} → ${v}`).join(', ') || 'none'}\n`);
  if (!values['no-cv']) {
    process.stdout.write('\nleave-one-folder-out cross-validation (each folder judged with weights fitted on the others):\n');
    const folds = crossValidate(questions, { wrongCost }, (f) => process.stderr.write(`fold ${f}\n`));
    for (const fold of folds) process.stdout.write(`${line(fold.folder, fold.tally)}\n`);
    const all = sum(folds.map((f) => f.tally));
    const worst = folds.reduce((a, b) => (accuracy(a.tally) <= accuracy(b.tally) ? a : b));
    process.stdout.write(`${line('cross-validated', all)}\nworst folder: ${worst.folder} ${(100 * accuracy(worst.tally)).toFixed(1)}%\n`);
    const share = (s: { answers: number; right: number }): string => `${s.answers} answers, ${s.answers ? ((100 * s.right) / s.answers).toFixed(1) : '0.0'}% right`;
    const low = { answers: 0, right: 0 };
    const high = { answers: 0, right: 0 };
    for (const { calibration: c } of folds) {
      low.answers += c.low.answers;
      low.right += c.low.right;
      high.answers += c.high.answers;
      high.right += c.high.right;
    }
    process.stdout.write(`confidence below ${LOW_CONFIDENCE} (shown as 可能相关): ${share(low)}; at or above: ${share(high)}\n`);
  }
  if (values.write) {
    // What is written is rounded; the floors are what the rounded weights do.
    const written = Object.fromEntries(Object.entries(fitted).map(([k, v]) => [k, Number(v.toFixed(3))])) as unknown as RankingWeights;
    writeDefaults(written);
    const floors: Record<string, { right: number; invented: number }> = {};
    for (const f of folders) {
      const t = tally(questions.filter((q) => q.folder === f), written);
      floors[f] = { right: t.right + t.declined, invented: t.invented };
    }
    writeFileSync(FLOORS, `${JSON.stringify(floors, null, 2)}\n`);
    process.stdout.write(`\nwrote the fitted weights to src/engine/ranking.ts and what they do per folder to ${FLOORS}\n`);
  }
});
