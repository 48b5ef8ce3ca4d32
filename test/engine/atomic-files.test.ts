import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTemps, tempPathFor, writeFileAtomic, writeFileAtomicSync } from '../../src/engine/atomic-files.ts';

/** A pid no process can have (above Linux's pid_max), standing in for a crashed writer. */
const DEAD_PID = 2 ** 30;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wenda-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an old one, leaving no temporary file', async () => {
    const path = join(dir, '报告.txt');
    await writeFileAtomic(path, '旧内容。');
    await writeFileAtomic(path, '新内容。');
    expect(await readFile(path, 'utf8')).toBe('新内容。');
    expect(await readdir(dir)).toEqual(['报告.txt']);
  });

  it('has a synchronous twin for the generators that behaves the same', async () => {
    const path = join(dir, 'questions.jsonl');
    writeFileAtomicSync(path, '旧\n');
    writeFileAtomicSync(path, '新\n');
    expect(await readFile(path, 'utf8')).toBe('新\n');
    expect(await readdir(dir)).toEqual(['questions.jsonl']);
    expect(() => writeFileAtomicSync(join(dir, 'missing', 'a.txt'), 'x')).toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual(['questions.jsonl']);
  });

  it('fails cleanly when the folder is missing, creating nothing', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'a.txt'), 'x')).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('removeStaleTemps', () => {
  it('removes temporary files of dead writers and keeps live ones and real files', async () => {
    const stale = tempPathFor(join(dir, '新报告.pdf'), DEAD_PID);
    const live = tempPathFor(join(dir, '另一个.pdf'));
    await writeFile(stale, '%PDF-1.7 half written');
    await writeFile(live, 'being written');
    await writeFile(join(dir, '报告.txt'), '正文。');
    await writeFile(join(dir, '.notes.tmp'), 'not ours');

    const removed = await removeStaleTemps(dir);
    expect(removed).toEqual([stale.slice(dir.length + 1)]);
    expect((await readdir(dir)).sort()).toEqual(['.notes.tmp', live.slice(dir.length + 1), '报告.txt'].sort());
  });

  it('returns nothing for a missing folder', async () => {
    expect(await removeStaleTemps(join(dir, 'nope'))).toEqual([]);
  });
});
