import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evalFolders } from '../../src/cli/eval-folders.ts';
import { accuracy, collect, tally } from '../../src/cli/tuning.ts';
import { DEFAULT_WEIGHTS } from '../../src/engine/ranking.ts';

const root = new URL('../../', import.meta.url).pathname;

/**
 * What the default weights do on every labelled folder, as `npm run tune --
 * --write` recorded it when it fitted them. These are training folders, so
 * this is a regression check, not a measure of accuracy (README reports the
 * cross-validated figures and the blind rounds): a change that answers a
 * folder worse, or invents a figure it did not, fails here.
 */
const floors = JSON.parse(readFileSync(`${root}test/fixtures/eval-floors.json`, 'utf8')) as Record<string, { right: number; invented: number }>;

describe('the default weights on every labelled folder', () => {
  for (const folder of evalFolders(root)) {
    it(`${folder.name}: no fewer right answers and no more invented figures than when fitted`, async () => {
      const t = tally(await collect(folder), DEFAULT_WEIGHTS);
      const floor = floors[folder.name];
      expect(floor, `${folder.name} has no recorded floor: run npm run tune -- --write`).toBeDefined();
      expect(t.right + t.declined, `${folder.name}: ${(100 * accuracy(t)).toFixed(1)}%`).toBeGreaterThanOrEqual(floor!.right);
      expect(t.invented).toBeLessThanOrEqual(floor!.invented);
    });
  }
});
