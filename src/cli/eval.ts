/**
 * `npm run eval [-- FILE] [--data DIR]`: scores a questions file and prints a
 * table and the total; exits non-zero below 100%.
 */
import { readFile } from 'node:fs/promises';
import { EngineError } from '../engine/errors.ts';
import { judge, parseQuestions } from '../engine/evaluate.ts';
import { DEFAULT_DATA_DIR, openEngine, parseCli, run } from './common.ts';

const DEFAULT_FILE = 'test/fixtures/eval/seed-questions.jsonl';
const USAGE = `用法：npm run eval [-- 文件] [--data DIR] [--store redis://…] [--json]
  用数据文件夹里的文档回答问题文件中的每个问题并打分；不是全部答对时退出码为 1。
  文件           问题文件（默认 ${DEFAULT_FILE}）
  --data DIR     数据文件夹（默认 ${DEFAULT_DATA_DIR}）
  --store URL    从 Redis 读取索引（默认取 INDEX_STORE）
  --json         输出一个 JSON 对象：file、passed、total、results

问题文件格式（JSON Lines，UTF-8）：每行一个 JSON 对象；空行和以 # 开头的行会被跳过。
  q        问题（必填）
  figure   可接受的数字写法列表，答案的数字须是其中之一，如 ["2400余家"]；
           null 表示答案不应带数字；省略则不检查数字
  passage  答案所在句子须包含的片段（可选）
  found    false 表示文档里没有答案，机器人应回答"没有找到"
  比较时繁体按简体、全角按半角、忽略空白。例如：
  {"q":"双创园区有多少企业","figure":["2400余家"],"passage":"入驻企业2400余家"}
  {"q":"松川县2022年地区生产总值是多少","found":false}`;

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
    throw new EngineError(`无法读取问题文件 ${file}（${error.code ?? error.message}）`);
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
