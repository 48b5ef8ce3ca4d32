import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DOCS_DIR,
  EVAL_DIR,
  checkQuestions,
  cleanParagraphs,
  fixtureFolders,
  readCleanFixtures,
  readQuestions,
  renderFixture,
} from '../scripts/make-fixtures.ts';

// The generality fixtures: clean originals, their damaged sources and question files must agree.
describe('fixture documents', () => {
  const folders = fixtureFolders();

  it('cover a bulletin, a traditional document and a multi-year folder', () => {
    expect(folders).toEqual(expect.arrayContaining(['multi-year', 'stats-bulletin', 'traditional']));
    expect(readCleanFixtures('multi-year').map((d) => d.year)).toEqual([2021, 2022, 2023]);
    expect(readCleanFixtures('traditional').every((d) => d.script === 'traditional')).toBe(true);
  });

  for (const folder of folders) {
    describe(folder, () => {
      const docs = readCleanFixtures(folder);

      it('has committed sources that match `npx tsx scripts/make-fixtures.ts`', () => {
        for (const doc of docs) {
          const committed = readFileSync(join(DOCS_DIR, folder, 'sources', `${doc.id}.txt`), 'utf8');
          expect(committed, `${folder}/${doc.id} is stale`).toBe(renderFixture(doc));
        }
      });

      it('has documents of 1,500 to 4,000 characters', () => {
        for (const doc of docs) {
          const titles = doc.sections.flatMap((s) => (s.title === null ? [] : [s.title].flat()));
          const length = [...cleanParagraphs(doc), ...titles].join('').length;
          expect(length, doc.id).toBeGreaterThanOrEqual(1500);
          expect(length, doc.id).toBeLessThanOrEqual(4000);
        }
      });

      it('has 15 to 30 questions, 3+ unanswerable, each backed by one sentence of the clean text', () => {
        const questions = readQuestions(join(EVAL_DIR, `${folder}.jsonl`));
        expect(questions.length).toBeGreaterThanOrEqual(15);
        expect(questions.length).toBeLessThanOrEqual(30);
        expect(questions.filter((q) => q.found === false).length).toBeGreaterThanOrEqual(3);
        expect(questions.some((q) => q.figure === null)).toBe(true);
        expect(checkQuestions(folder)).toEqual([]);
      });
    });
  }
});
