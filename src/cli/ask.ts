/**
 * `npm run --silent ask -- "问题" [--json] [--data DIR]`
 * `npm run --silent ask -- --jsonl < questions.txt`
 * `npm run ask` (no question): an interactive prompt until Ctrl-D.
 */
import { createInterface } from 'node:readline';
import { answerJson, answerText } from './format.ts';
import { DEFAULT_DATA_DIR, openEngine, parseCli, run } from './common.ts';

const USAGE = `用法 usage: npm run --silent ask -- "问题" [--json] [--limit N] [--data DIR] [--store redis://…]
       npm run --silent ask -- --jsonl < questions.txt   (one question per line → one JSON object per line)
       npm run ask                                        (interactive; Ctrl-D to quit)`;

run(async () => {
  const { values, positionals } = parseCli(
    {
      options: {
        json: { type: 'boolean', default: false },
        jsonl: { type: 'boolean', default: false },
        data: { type: 'string', default: DEFAULT_DATA_DIR },
        store: { type: 'string' },
        limit: { type: 'string', default: '6' },
      },
      allowPositionals: true,
    },
    USAGE,
  );
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
    process.stderr.write('wenda-bot: --limit must be a whole number from 1 to 50\n');
    return 2;
  }
  const engine = await openEngine(values.data!, { store: values.store });
  const question = positionals.join(' ').trim();
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const print = async (q: string): Promise<void> => {
    const answer = await engine.ask(q, { limit });
    process.stdout.write(values.json || values.jsonl ? `${JSON.stringify(answerJson(answer))}\n` : `${answerText(answer, color)}\n`);
  };

  if (values.jsonl) {
    await eachLine((line) => print(line));
    return 0;
  }
  if (question) {
    await print(question);
    return 0;
  }
  if (positionals.length > 0) {
    process.stderr.write('wenda-bot: the question is empty\n');
    return 2;
  }
  const interactive = Boolean(process.stdin.isTTY);
  if (interactive) {
    const stats = engine.stats();
    process.stderr.write(`已载入 ${stats.documents} 篇文档、${stats.passages} 个句子。请输入问题（Ctrl-D 退出）：\n`);
  }
  await eachLine(async (line) => {
    await print(line);
    if (interactive) process.stdout.write('\n');
  }, interactive);
  return 0;
});

/** Reads stdin line by line; blank lines are skipped. */
async function eachLine(handle: (line: string) => Promise<void>, prompt = false): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: prompt ? process.stdout : undefined, terminal: prompt });
  if (prompt) {
    rl.setPrompt('问> ');
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (line) await handle(line);
    if (prompt) rl.prompt();
  }
  if (prompt) process.stdout.write('\n');
}
