/**
 * `npm run --silent ask -- "问题" [--json] [--data DIR]`
 * `npm run --silent ask -- --jsonl < questions.txt`
 * `npm run ask` (no question): an interactive prompt until Ctrl-D.
 */
import { createInterface } from 'node:readline';
import { answerJson, answerText, blankAnswerJson, explainText } from './format.ts';
import { DEFAULT_DATA_DIR, openEngine, parseCli, run } from './common.ts';

const USAGE = `用法：npm run --silent ask -- "问题" [--json] [--limit N] [--data DIR] [--store redis://…]
      npm run --silent ask -- --jsonl < 问题.txt   （每行一个问题 → 每行一个 JSON 对象，空行得到空结果）
      npm run ask                                  （交互提问，Ctrl-D 退出）
  --json         输出一个 JSON 对象（字段见 README）
  --limit N      最多给出 N 条候选（1–50，默认 6）
  --data DIR     数据文件夹（默认 ${DEFAULT_DATA_DIR}）
  --store URL    从 Redis 读取索引（默认取 INDEX_STORE）
  --now 日期     按这一天提问（YYYY-MM-DD）：问题里的“去年”“今年”以它为准（默认今天）
  --explain      列出问题的槽位（实体、时间、目标、关键词）和各候选的特征得分，用于查找答错的原因`;

run(async () => {
  const { values, positionals } = parseCli(
    {
      options: {
        json: { type: 'boolean', default: false },
        jsonl: { type: 'boolean', default: false },
        data: { type: 'string', default: DEFAULT_DATA_DIR },
        store: { type: 'string' },
        limit: { type: 'string', default: '6' },
        now: { type: 'string' },
        explain: { type: 'boolean', default: false },
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
  const now = values.now === undefined ? undefined : parseDay(values.now);
  if (now === null) {
    process.stderr.write('错误：--now 必须是 YYYY-MM-DD 形式的日期\n');
    return 2;
  }
  const engine = await openEngine(values.data!, { store: values.store });
  const question = positionals.join(' ').trim();
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const print = async (q: string): Promise<void> => {
    const answer = await engine.ask(q, { limit, now, explain: values.explain });
    if (values.json || values.jsonl) {
      process.stdout.write(`${JSON.stringify({ ...answerJson(answer), ...(answer.explain ? { explain: answer.explain } : {}) })}\n`);
    } else {
      process.stdout.write(`${answerText(answer, color)}\n`);
      if (answer.explain) process.stdout.write(`\n${explainText(answer.explain)}\n`);
    }
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

/** A day given as YYYY-MM-DD, at noon (so no time zone moves it), or null. */
function parseDay(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const day = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  return day.getDate() === Number(m[3]) ? day : null;
}
