import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnswerPool } from '../../src/engine/answer-pool.ts';
import { Engine } from '../../src/engine/engine.ts';
import { EngineError } from '../../src/engine/errors.ts';
import { parseQuestions } from '../../src/engine/evaluate.ts';

const root = new URL('../../', import.meta.url).pathname;
const temp: string[] = [];
const engines: Engine[] = [];
afterAll(async () => {
  for (const engine of engines) await engine.close({ now: true });
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

function copyData(folder: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wenda-pool-'));
  temp.push(dir);
  cpSync(join(root, folder, 'sources'), join(dir, 'sources'), { recursive: true });
  return dir;
}

async function open(dir: string, threads: number, log?: (level: string, message: string) => void): Promise<Engine> {
  const engine = await Engine.open(dir, { threads, ...(log ? { log } : {}) });
  engines.push(engine);
  return engine;
}

describe('answer threads (ANSWER_THREADS)', () => {
  it('answer every fixture question exactly as the main thread does', async () => {
    let compared = 0;
    for (const [folder, file] of [
      ['test/fixtures/docs/multi-year', 'test/fixtures/eval/multi-year.jsonl'],
      ['test/fixtures/docs/traditional', 'test/fixtures/eval/traditional.jsonl'],
    ] as const) {
      const data = copyData(folder);
      // The first open builds and persists the index in this thread, then starts the threads.
      const threaded = await open(data, 2);
      expect(threaded.threads).toBe(2);
      const memory = await Engine.open(data, { persist: false });
      const questions = parseQuestions(readFileSync(join(root, file), 'utf8'), file);
      // Asked all at once, so both threads take a share.
      const answers = await Promise.all(questions.map((q) => threaded.ask(q.q, { limit: 8 })));
      for (const [i, q] of questions.entries()) expect(answers[i], q.q).toEqual(await memory.ask(q.q, { limit: 8 }));
      compared += questions.length;
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('answer comparisons and series exactly as the main thread does', async () => {
    const data = copyData('test/fixtures/compare/zones');
    const threaded = await open(data, 1);
    const memory = await Engine.open(data, { persist: false });
    const now = new Date(2025, 2, 1, 12);
    for (const q of ['各园区2024年进出口总额排名', '石湾开发区近三年地区生产总值各多少', '枫港2023年高新技术企业比上年多了多少家']) {
      const answer = await threaded.ask(q, { now });
      expect(answer.kind, q).not.toBe('single');
      expect(answer, q).toEqual(await memory.ask(q, { now }));
    }
  });

  it('keep only documents and sentences in the main thread', async () => {
    const data = copyData('index-data');
    await Engine.open(data); // persisted index already there: the threads only load it
    const engine = await open(data, 1);
    expect(engine.threads).toBe(1);
    expect(engine.stats().passages).toBeGreaterThan(30);
    expect(engine.passage(0)?.passage).toBeTruthy();
    expect((await engine.ask('双创园区有多少企业')).best?.figure?.text).toBe('2400余家');
  });

  it('repair a corrupt sections.json with one warning before the threads load the index', async () => {
    const data = copyData('index-data');
    await Engine.open(data);
    writeFileSync(join(data, 'sections.json'), '{ not json');
    const warnings: string[] = [];
    const engine = await open(data, 1, (_level, message) => warnings.push(message));
    expect(engine.threads).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/sections\.json is corrupt or partial.*rebuilding/);
    expect(() => JSON.parse(readFileSync(join(data, 'sections.json'), 'utf8'))).not.toThrow();
    expect((await engine.ask('双创园区有多少企业')).best?.figure?.text).toBe('2400余家');
  });

  it('replace a thread that stops, and keep answering', async () => {
    const data = copyData('index-data');
    const built = await Engine.open(data);
    const warnings: string[] = [];
    const pool = await AnswerPool.start({ dataDir: data, sourcesHash: built.sourcesHash!, threads: 2, log: (_l, m) => warnings.push(m) });
    try {
      const [first] = pool.workers;
      const stopped = new Promise((resolve) => first!.once('exit', resolve));
      await first!.terminate();
      await stopped;
      // The other thread answers meanwhile.
      expect((await pool.ask('双创园区有多少企业')).best?.figure?.text).toBe('2400余家');
      for (let i = 0; i < 100 && pool.size < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(pool.size).toBe(2);
      expect(pool.workers).not.toContain(first);
      expect(warnings.join('\n')).toMatch(/an answer thread stopped .*starting another/);
      const answers = await Promise.all(Array.from({ length: 10 }, () => pool.ask('双创园区有多少企业')));
      expect(answers.every((a) => a.best?.figure?.text === '2400余家')).toBe(true);
    } finally {
      await pool.close({ now: true });
    }
  });

  it('fail questions clearly once closed', async () => {
    const engine = await open(copyData('index-data'), 1);
    await engine.close({ now: true });
    const error = await engine.ask('双创园区有多少企业').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as Error).message).toMatch(/no answer thread is running/);
  });
});
