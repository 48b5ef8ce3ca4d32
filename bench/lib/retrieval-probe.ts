/**
 * Diagnosis of candidate retrieval on a built corpus (not part of `npm run
 * bench`): for sampled corpus questions, is the paragraph that holds the
 * answer among the engine's candidates, and how long does getting them take?
 * Compares the engine's current query (all question tokens, `suggest: true`,
 * limit 40) with an IDF-weighted accumulation over the posting lists of the
 * question's rarer tokens only, read from the same FlexSearch index.
 *
 *   npx tsx bench/lib/retrieval-probe.ts DATA_DIR [QUESTIONS]
 */
import { Engine } from '../../src/engine/engine.ts';
import type { PassageIndex } from '../../src/engine/index.ts';
import { analyzeQuestion } from '../../src/engine/question.ts';
import { fold } from '../../src/engine/script.ts';
import { yearToken } from '../../src/engine/tokenize.ts';
import { readQuestions } from './score.ts';
import { msSince, summarize } from './stats.ts';

const LIMIT = 40;

function postings(index: PassageIndex, token: string): number[] {
  const map = (index.flex as unknown as { map: Map<string, number[][]> }).map;
  const out: number[] = [];
  for (const bucket of map.get(token) ?? []) if (bucket) for (const id of bucket) out.push(id);
  return out;
}

/** The engine's query tokens for a question (as answer.ts builds them). */
function queryTokens(index: PassageIndex, q: string): string[] {
  const question = analyzeQuestion(q);
  const tokens = question.terms.filter((t) => index.documentFrequency(t.token) > 0 || t.strict).map((t) => t.token);
  tokens.push(...question.synonymTerms);
  if (question.year) tokens.push(yearToken(question.year));
  return [...new Set(tokens)];
}

/** IDF-weighted accumulation over the postings of all but the commonest tokens. */
function rareFirst(index: PassageIndex, tokens: string[], maxShare: number): number[] {
  const n = index.size;
  const withDf = tokens.map((t) => ({ t, df: index.documentFrequency(t) })).filter((x) => x.df > 0).sort((a, b) => a.df - b.df);
  const scores = new Map<number, number>();
  withDf.forEach(({ t, df }, i) => {
    // Always use the two rarest tokens; skip tokens in more than maxShare of all records.
    if (i >= 2 && df > n * maxShare) return;
    const w = Math.log(1 + n / df);
    for (const id of postings(index, t)) scores.set(id, (scores.get(id) ?? 0) + w);
  });
  return [...scores].sort((a, b) => b[1] - a[1]).slice(0, LIMIT).map(([id]) => id);
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: npx tsx bench/lib/retrieval-probe.ts DATA_DIR [QUESTIONS]');
  const engine = await Engine.open(dir);
  const index = engine.index;
  const paragraphText = index.paragraphs.map((p) => fold(index.passages.slice(p.first, p.first + p.count).map((s) => s.text).join('')));
  const questions = readQuestions(process.argv[3] ?? `${dir}/questions.jsonl`).filter((q) => q.figure && q.passage).slice(0, 300);

  const methods: Record<string, (tokens: string[]) => number[]> = {
    'engine: all tokens, suggest, limit 40': (tokens) => index.search(tokens, LIMIT),
    'rare-first accumulation (df ≤ 2%)': (tokens) => rareFirst(index, tokens, 0.02),
    'rare-first accumulation (df ≤ 10%)': (tokens) => rareFirst(index, tokens, 0.1),
  };
  for (const [name, method] of Object.entries(methods)) {
    let hit = 0;
    const times: number[] = [];
    for (const q of questions) {
      const fragment = fold(q.passage as string);
      const figures = (q.figure as string[]).map(fold);
      const tokens = queryTokens(index, q.q);
      const t = process.hrtime.bigint();
      const ids = method(tokens);
      times.push(msSince(t));
      if (ids.some((id) => paragraphText[id]!.includes(fragment) && figures.some((f) => paragraphText[id]!.includes(f)))) hit++;
    }
    const s = summarize(times);
    process.stdout.write(`${name}: answer paragraph in candidates ${hit}/${questions.length}; p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
