/**
 * `npm run eval [-- FILE] [--data DIR]`: scores a questions file and prints a
 * table and the total; exits non-zero below 100%.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EngineError } from '../engine/errors.ts';
import { judge, parseQuestionsFile } from '../engine/evaluate.ts';
import { type CompareResult, judgeComparison, parseCompareFile } from '../engine/evaluate-compare.ts';
import { DEFAULT_WEIGHTS } from '../engine/ranking.ts';
import { type EvalFolder, evalFolders } from './eval-folders.ts';
import { type LabelledQuestion, ablate, accuracy, collect, tally } from './tuning.ts';
import { DEFAULT_DATA_DIR, openEngine, parseCli, run } from './common.ts';

const DEFAULT_FILE = 'test/fixtures/eval/seed-questions.jsonl';
const COMPARE_DIR = 'test/fixtures/compare/questions';
const USAGE = `用法：npm run eval [-- 文件] [--data DIR] [--store redis://…] [--json]
  用数据文件夹里的文档回答问题文件中的每个问题并打分；不是全部答对时退出码为 1。
  文件           问题文件（默认 ${DEFAULT_FILE}）
  --data DIR     数据文件夹（默认 ${DEFAULT_DATA_DIR}）
  --store URL    从 Redis 读取索引（默认取 INDEX_STORE）
  --json         输出一个 JSON 对象：file、passed、total、results
  --all          给项目里所有带标注的文件夹打分（种子、test/fixtures/docs、test/fixtures/rounds），逐个列出
  --ablate       同时列出每个排序特征的贡献：把它的权重设为 0 时答对和编造的数字各变化多少
  --compare      给比较问题文件打分（默认 ${COMPARE_DIR} 下全部；格式：
                 每行 q、kind（comparison 或 series）、items（entity、period、figure、passage 或 missing），
                 可选 order；文件里 "# data: 文件夹" 一行说明用哪个数据文件夹）。每一项都对（或正确地说未提及）
                 才算答对；答案里不在预期之中的数字记为编造

问题文件格式（JSON Lines，UTF-8）：每行一个 JSON 对象；空行和以 # 开头的行会被跳过。
  q        问题（必填）
  figure   可接受的数字写法列表，答案的数字须是其中之一，如 ["2400余家"]；
           null 表示答案不应带数字；省略则不检查数字
  passage  答案所在句子须包含的片段（可选）
  found    false 表示文档里没有答案，机器人应回答"没有找到"
  比较时繁体按简体、全角按半角、忽略空白。例如：
  {"q":"双创园区有多少企业","figure":["2400余家"],"passage":"入驻企业2400余家"}
  {"q":"松川县2022年地区生产总值是多少","found":false}
  文件里 "# asked on: 2025-03-10" 一行说明问题是哪天问的（决定“去年”“今年”）；没有这行时按今天。`;

run(async () => {
  const { values, positionals } = parseCli(
    {
      options: {
        data: { type: 'string', default: DEFAULT_DATA_DIR },
        store: { type: 'string' },
        json: { type: 'boolean', default: false },
        all: { type: 'boolean', default: false },
        ablate: { type: 'boolean', default: false },
        compare: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    },
    USAGE,
  );
  if (values.compare) return evaluateComparisons(positionals, values.json ?? false);
  if (values.all || values.ablate) {
    const folders = values.all ? evalFolders() : [{ name: positionals[0] ?? DEFAULT_FILE, dataDir: values.data!, questionsFile: positionals[0] ?? DEFAULT_FILE }];
    return evaluateFolders(folders, values.ablate ?? false, values.json ?? false);
  }
  const file = positionals[0] ?? DEFAULT_FILE;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new EngineError(`无法读取问题文件 ${file}（${error.code ?? error.message}）`);
  });
  const { questions, askedOn } = parseQuestionsFile(text, file);
  const engine = await openEngine(values.data!, { store: values.store });
  const results = [];
  for (const q of questions) results.push(judge(q, await engine.ask(q.q, { now: askedOn ?? undefined })));
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

/** Scores folders through the ranking model's features (the same path `npm run tune` fits on), optionally with ablation. */
async function evaluateFolders(folders: EvalFolder[], withAblation: boolean, json: boolean): Promise<number> {
  const all: LabelledQuestion[] = [];
  const rows = [];
  for (const folder of folders) {
    const questions = await collect(folder);
    all.push(...questions);
    const t = tally(questions, DEFAULT_WEIGHTS);
    rows.push({ folder: folder.name, ...t, accuracy: Number((100 * accuracy(t)).toFixed(1)) });
  }
  const total = tally(all, DEFAULT_WEIGHTS);
  const ablation = withAblation ? ablate(all, DEFAULT_WEIGHTS) : [];
  if (json) {
    process.stdout.write(`${JSON.stringify({ folders: rows, total: { ...total, accuracy: Number((100 * accuracy(total)).toFixed(1)) }, ablation })}\n`);
  } else {
    for (const r of rows) {
      process.stdout.write(`${r.folder.padEnd(24)} ${String(r.accuracy).padStart(5)}%  对 ${r.right + r.declined}/${r.total}  错 ${r.wrong}  漏答 ${r.missed}  编造 ${r.invented}\n`);
    }
    process.stdout.write(`${'合计'.padEnd(22)} ${(100 * accuracy(total)).toFixed(1).padStart(5)}%  对 ${total.right + total.declined}/${total.total}  错 ${total.wrong}  漏答 ${total.missed}  编造 ${total.invented}\n`);
    if (withAblation) {
      process.stdout.write('\n特征（权重设为 0 时）  答对的变化  编造的变化\n');
      for (const a of ablation) process.stdout.write(`${a.feature.padEnd(20)} ${String(a.delta).padStart(6)} ${String(a.invented).padStart(10)}\n`);
    }
  }
  return total.right + total.declined === total.total ? 0 : 1;
}

/** Scores comparison question files (each names its data folder), through Engine.ask as the bot asks. */
async function evaluateComparisons(files: string[], json: boolean): Promise<number> {
  const list = files.length ? files : readdirSync(COMPARE_DIR).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(COMPARE_DIR, f));
  const all: CompareResult[] = [];
  const rows = [];
  for (const file of list) {
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new EngineError(`无法读取问题文件 ${file}（${error.code ?? error.message}）`);
    });
    const parsed = parseCompareFile(text, file);
    if (!parsed.data) throw new EngineError(`${file}：缺少 "# data: 数据文件夹" 一行`);
    const engine = await openEngine(parsed.data);
    const results: CompareResult[] = [];
    for (const q of parsed.questions) results.push(judgeComparison(q, await engine.ask(q.q, { now: parsed.askedOn ?? undefined })));
    await engine.close({ now: true });
    all.push(...results);
    rows.push({ file, ...compareTally(results) });
    if (!json) {
      for (const r of results) process.stdout.write(`${r.ok ? '✓' : '✗'} ${r.question.q}${r.ok ? '' : `   ← ${r.reason}`}${r.invented ? `（编造 ${r.invented}）` : ''}\n`);
      const t = compareTally(results);
      process.stdout.write(`${file}: ${t.right}/${t.total}，各项 ${t.itemsRight}/${t.itemsTotal}，编造 ${t.invented}\n\n`);
    }
  }
  const total = compareTally(all);
  if (json) process.stdout.write(`${JSON.stringify({ files: rows, total })}\n`);
  else process.stdout.write(`合计 ${total.right}/${total.total} (${total.total ? ((100 * total.right) / total.total).toFixed(1) : '0.0'}%)，各项 ${total.itemsRight}/${total.itemsTotal}，编造 ${total.invented}\n`);
  return total.right === total.total ? 0 : 1;
}

function compareTally(results: readonly CompareResult[]): { right: number; total: number; itemsRight: number; itemsTotal: number; invented: number } {
  return {
    right: results.filter((r) => r.ok).length,
    total: results.length,
    itemsRight: results.reduce((n, r) => n + r.itemsRight, 0),
    itemsTotal: results.reduce((n, r) => n + r.itemsTotal, 0),
    invented: results.reduce((n, r) => n + r.invented, 0),
  };
}
