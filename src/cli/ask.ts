/**
 * `npm run --silent ask -- "问题" [--json] [--data DIR]`
 * `npm run --silent ask -- --jsonl < questions.txt`
 * `npm run ask` (no question): an interactive prompt until Ctrl-D.
 */
import { createInterface } from 'node:readline';
import { answerJson, answerText, blankAnswerJson } from './format.ts';
import { DEFAULT_DATA_DIR, openEngine, parseCli, run } from './common.ts';

const USAGE = `用法：npm run --silent ask -- "问题" [--json] [--limit N] [--data DIR] [--store redis://…]
      npm run --silent ask -- --jsonl < 问题.txt   （每行一个问题 → 每行一个 JSON 对象，空行得到空结果）
      npm run ask                                  （交互提问，Ctrl-D 退出）
  --json         输出一个 JSON 对象（字段见 README）
  --limit N      最多给出 N 条候选（1–50，默认 6）
  --data DIR     数据文件夹（默认 ${DEFAULT_DATA_DIR}）
  --store URL    从 Redis 读取索引（默认取 INDEX_STORE）`;

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
    process.stderr.write('错误：--limit 必须是 1 到 50 之间的整数\n');
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
    // Line N of the output answers line N of the input: a blank line gets an empty result.
    await eachLine(
      async (line) => {
        if (line === '') process.stdout.write(`${JSON.stringify(blankAnswerJson())}\n`);
        else await print(line);
      },
      { keepBlank: true },
    );
    return 0;
  }
  if (question) {
    await print(question);
    return 0;
  }
  if (positionals.length > 0) {
    process.stderr.write('错误：问题是空的\n');
    return 2;
  }
  const interactive = Boolean(process.stdin.isTTY);
  if (interactive) {
    const stats = engine.stats();
    process.stderr.write(`已载入 ${stats.documents} 个文档、${stats.passages} 个句子。请输入问题（Ctrl-D 退出）：\n`);
  }
  await eachLine(
    async (line) => {
      await print(line);
      if (interactive) process.stdout.write('\n');
    },
    { prompt: interactive },
  );
  return 0;
});

/** Reads stdin line by line, trimmed; blank lines are skipped unless `keepBlank`. */
async function eachLine(handle: (line: string) => Promise<void>, options: { prompt?: boolean; keepBlank?: boolean } = {}): Promise<void> {
  const prompt = options.prompt ?? false;
  const rl = createInterface({ input: process.stdin, output: prompt ? process.stdout : undefined, terminal: prompt });
  if (prompt) {
    rl.setPrompt('问> ');
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (line || options.keepBlank) await handle(line);
    if (prompt) rl.prompt();
  }
  if (prompt) process.stdout.write('\n');
}
