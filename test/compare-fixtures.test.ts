import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPARE_DIR, checkCompareQuestions, cleanIds, compareFixtureFolders, compareQuestionFiles, renderCompareSource } from '../scripts/make-compare-fixtures.ts';
import { Engine } from '../src/engine/engine.ts';
import { judgeComparison, parseCompareFile } from '../src/engine/evaluate-compare.ts';

const root = new URL('../', import.meta.url).pathname;

/**
 * What the comparison layer does on the comparison question files, as it did
 * when they were written (test/fixtures/compare/floors.json): a change that
 * answers a file worse, or lists a figure it should not, fails here. Raise a
 * floor when answers improve (npm run eval -- --compare).
 */
const floors = JSON.parse(readFileSync(join(COMPARE_DIR, 'floors.json'), 'utf8')) as Record<string, { right: number; invented: number }>;

describe('comparison fixtures', () => {
  it('cover several places, several years, damaged and traditional documents', () => {
    expect(compareFixtureFolders()).toEqual(expect.arrayContaining(['county', 'tw-counties', 'zones']));
    const damaged = JSON.parse(readFileSync(join(COMPARE_DIR, 'zones', 'damage.json'), 'utf8')) as object;
    expect(Object.keys(damaged).length).toBeGreaterThan(0);
  });

  for (const folder of compareFixtureFolders()) {
    it(`${folder}: committed sources match \`npx tsx scripts/make-compare-fixtures.ts\``, () => {
      for (const id of cleanIds(folder)) {
        expect(readFileSync(join(COMPARE_DIR, folder, 'sources', `${id}.txt`), 'utf8'), `${folder}/${id} is stale`).toBe(renderCompareSource(folder, id));
      }
    });
  }

  for (const file of compareQuestionFiles()) {
    const name = basename(file, '.jsonl');
    it(`${name}: every expected figure stands in the text beside its passage`, () => {
      expect(checkCompareQuestions(file)).toEqual([]);
    });

    it(`${name}: no fewer questions right and no more invented figures than recorded`, async () => {
      const parsed = parseCompareFile(readFileSync(file, 'utf8'), file);
      const engine = await Engine.open(join(root, parsed.data!), { persist: false });
      const results = [];
      for (const q of parsed.questions) results.push(judgeComparison(q, await engine.ask(q.q, { now: parsed.askedOn ?? undefined })));
      const right = results.filter((r) => r.ok).length;
      const invented = results.reduce((n, r) => n + r.invented, 0);
      const floor = floors[name];
      expect(floor, `${name} has no recorded floor in floors.json`).toBeDefined();
      const failures = results.filter((r) => !r.ok).map((r) => `${r.question.q}: ${r.reason}`);
      expect(right, failures.join('\n')).toBeGreaterThanOrEqual(floor!.right);
      expect(invented, failures.join('\n')).toBeLessThanOrEqual(floor!.invented);
    });
  }
});
