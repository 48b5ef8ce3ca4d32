/**
 * Bench part "plain": plain FlexSearch over sentence records of the same
 * corpus (the reference: ~6 ms p50 / 57 ms p99 at 10,000 documents),
 * to print beside the engine's answer latency.
 */
import { join } from 'node:path';
import { runChild, ROOT } from './child.ts';
import type { Part } from './parts.ts';
import type { PlainResult } from './worker.ts';

export const plainPart: Part = {
  name: 'plain',
  async run(context) {
    context.say('bench: plain FlexSearch over sentence records (reference)');
    const { result: r } = await runChild<PlainResult>(join(ROOT, 'bench/lib/worker.ts'), {
      kind: 'plain', dataDir: context.corpusDir, questions: context.questionsPath, count: 2000,
    });
    const section = 'plain FlexSearch, sentence records (reference)';
    return {
      rows: [
        { section, name: 'build', value: `${r.records.toLocaleString('en')} records in ${(r.buildMs / 1000).toFixed(1)} s, heap +${(r.heapUsed / 2 ** 20).toFixed(0)} MB (bigrams, strict, resolution 3)` },
        { section, name: 'search p50 / p95 / p99', value: `${r.search.p50.toFixed(2)} / ${r.search.p95.toFixed(2)} / ${r.search.p99.toFixed(2)} ms (question bigrams, suggest, limit 10)` },
      ],
      json: r,
    };
  },
};
