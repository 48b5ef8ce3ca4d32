/**
 * `npm run eval [-- FILE] [--data DIR]`: scores a questions file and prints a
 * table and the total; exits non-zero below 100%.
 */
import { readFile } from 'node:fs/promises';
import { EngineError } from '../engine/errors.ts';
import { judge, parseQuestions } from '../engine/evaluate.ts';
import { DEFAULT_DATA_DIR, openEngine, parseCli, run } from './common.ts';

const USAGE = 'usage: npm run eval [-- FILE] [--data DIR] [--store redis://…] [--json]';
const DEFAULT_FILE = 'test/fixtures/eval/seed-questions.jsonl';

run(async () => {
  const { values, positionals } = parseCli(
    {
      options: {
        data: { type: 'string', default: DEFAULT_DATA_DIR },
        store: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    },
    USAGE,
  );
  const file = positionals[0] ?? DEFAULT_FILE;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new EngineError(`${file}: cannot read the questions file (${error.code ?? error.message})`);
  });
  const questions = parseQuestions(text, file);
  const engine = await openEngine(values.data!, { store: values.store });
  const results = [];
  for (const q of questions) results.push(judge(q, await engine.ask(q.q)));
  const passed = results.filter((r) => r.ok).length;
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({
        file,
        passed,
        total: results.length,
        results: results.map((r) => ({ q: r.question.q, ok: r.ok, reason: r.reason, figure: r.answer.best?.figure?.text ?? null })),
      })}\n`,
    );
  } else {
    const width = Math.max(...results.map((r) => r.question.q.length), 4);
    for (const r of results) {
      const got = r.answer.found ? (r.answer.best?.figure?.text ?? '（无数字）') : '（未找到）';
      process.stdout.write(`${r.ok ? '✓' : '✗'} ${r.question.q.padEnd(width, '　')}  ${got}${r.ok ? '' : `   ← ${r.reason}`}\n`);
    }
    const pct = results.length ? ((100 * passed) / results.length).toFixed(1) : '0.0';
    process.stdout.write(`\n${passed}/${results.length} (${pct}%)\n`);
  }
  return passed === results.length ? 0 : 1;
});
