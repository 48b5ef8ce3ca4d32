import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine, ENGINE_FORMAT } from '../../src/engine/engine.ts';

const root = new URL('../../', import.meta.url).pathname;

/**
 * What a persisted index depends on, for a few folders: the cleaned documents,
 * the sentence layout and every paragraph's search tokens. When this changes,
 * indexes built by the previous code must not be loaded: bump ENGINE_FORMAT
 * (src/engine/persist.ts) and update both values below.
 */
async function persistedShape(): Promise<string> {
  const hash = createHash('sha256');
  for (const folder of ['index-data', 'test/fixtures/docs/multi-year', 'test/fixtures/docs/traditional', 'test/fixtures/rounds/r3/periods']) {
    const engine = await Engine.open(join(root, folder), { persist: false, rebuild: true });
    hash.update(JSON.stringify(engine.documents));
    hash.update(engine.index.exportLayout());
    for (const [id, tokens] of engine.index.records(engine.model)) hash.update(`${id}:${tokens.join(' ')}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

describe('ENGINE_FORMAT', () => {
  it('changes whenever what is persisted changes (bump it and update this test together)', async () => {
    expect({ format: ENGINE_FORMAT, shape: await persistedShape() }).toEqual({ format: 'wenda-engine-8', shape: 'f30149c78ad0c388' });
  });
});
