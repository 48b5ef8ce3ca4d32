/**
 * npm run corpus -- --docs 10000 --out DIR [--seed N] [--hard] [--questions-per-doc N]
 *
 * Writes a deterministic synthetic corpus of Chinese reports to DIR (a data
 * folder like index-data: DIR/sources/*.txt) with DIR/questions.jsonl in the
 * eval format. The same seed and size always give the same bytes. `--hard`
 * writes the hard template corpus (hard-gen.ts) instead of the varied one.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeCorpus } from './lib/corpus-write.ts';
import { QUESTION_CASES } from './lib/hard-gen.ts';
import { progress } from './lib/progress.ts';

const usage = 'usage: npm run corpus -- --docs N --out DIR [--seed N] [--hard] [--questions-per-doc N] [--force]';

function positiveInt(name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new Error(`--${name} is required`);
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < (name === 'seed' ? 0 : 1)) throw new Error(`--${name} must be a whole number, got "${value}"`);
  return n;
}

function main(): number {
  let docs: number;
  let seed: number;
  let out: string;
  let force: boolean;
  let hard: boolean;
  let questionsPerDoc: number | undefined;
  try {
    const { values } = parseArgs({
      options: {
        docs: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        force: { type: 'boolean', default: false },
        hard: { type: 'boolean', default: false },
        'questions-per-doc': { type: 'string' },
      },
    });
    docs = positiveInt('docs', values.docs);
    seed = positiveInt('seed', values.seed, 1);
    if (values.out === undefined || values.out === '') throw new Error('--out is required');
    out = values.out;
    force = values.force ?? false;
    hard = values.hard ?? false;
    questionsPerDoc = values['questions-per-doc'] === undefined ? undefined : positiveInt('questions-per-doc', values['questions-per-doc']);
  } catch (error) {
    process.stderr.write(`wenda-bot corpus: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const sources = join(out, 'sources');
  if (!force && existsSync(sources) && readdirSync(sources).length > 0) {
    process.stderr.write(`wenda-bot corpus: ${sources} is not empty; pass --force to replace it\n`);
    return 1;
  }
  const bar = progress('corpus');
  const started = Date.now();
  const manifest = writeCorpus(out, { docs, seed, mode: hard ? 'hard' : 'varied', questionsPerDoc }, (d, t) => bar.update(d, t));
  bar.done(`${manifest.docs} documents in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.stdout.write(
    `${manifest.docs} documents (${manifest.traditional} traditional, ${manifest.damaged} damaged), ` +
      `${(manifest.cleanCharacters / 1e6).toFixed(2)} M characters of text (${(manifest.bytes / 1e6).toFixed(1)} MB of files), ${manifest.questions} questions ` +
      `(${manifest.unanswerable} unanswerable${hard ? `; ${QUESTION_CASES.map((c) => `${c} ${manifest.cases[c] ?? 0}`).join(', ')}; asked on ${manifest.askedOn}` : ''}) → ${out}\n`,
  );
  return 0;
}

process.exitCode = main();
