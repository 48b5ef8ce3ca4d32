/**
 * Fault suite, item 9 of issue 13: large valid text must not overflow the
 * stack. Counts are what matters (arguments spread into one call), so the
 * inputs are long in lines and sentences rather than in megabytes: a 4 MB
 * file of 200,000 lines in one block, and a paragraph of 70,000 sentences
 * whose index is built, persisted and loaded again.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanSource } from '../../src/engine/clean.ts';
import { Engine } from '../../src/engine/engine.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wenda-large-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('large inputs', () => {
  it('cleans a file of 200,000 lines without a blank line between them', () => {
    const text = Array.from({ length: 200_000 }, (_, i) => `园区第${i}号企业年产值${i % 97}亿元。`).join('\n');
    const document = cleanSource(text, { id: 'lines', file: 'lines.txt' });
    const paragraphs = document.sections.flatMap((s) => s.paragraphs);
    expect(paragraphs.join('')).toContain('园区第199999号企业年产值82亿元。');
  });

  it('indexes, persists and reloads a paragraph of 70,000 sentences', async () => {
    const data = join(dir, 'data');
    await mkdir(join(data, 'sources'), { recursive: true });
    const paragraph = Array.from({ length: 70_000 }, (_, i) => `第${i}项指标增长${(i % 50) + 1}%。`).join('');
    await writeFile(join(data, 'sources', '指标.txt'), `指标汇编\n\n${paragraph}\n`);
    const logs: string[] = [];
    const log = (_level: string, message: string) => logs.push(message);
    const built = await Engine.open(data, { log });
    expect(built.stats().passages).toBeGreaterThanOrEqual(70_000);
    const loaded = await Engine.open(data, { log });
    // Persisted the first time, loaded the second: no warning either time.
    expect(logs).toEqual([]);
    expect(loaded.stats().passages).toBe(built.stats().passages);
    const answer = await loaded.ask('第69998项指标增长多少');
    expect(answer.best?.passage).toBe('第69998项指标增长49%。');
  });
});
