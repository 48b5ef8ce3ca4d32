/**
 * Fault suite, item 1 of issue 13: no question may crash the engine. Names
 * of JavaScript properties (`constructor`, `__proto__`, …) and arbitrary
 * strings go through `Engine.answer` and `Engine.ask` (also in an answer
 * thread), and every answer is well formed.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import type { Answer } from '../../src/engine/types.ts';
import { hostileString, PROPERTY_NAMES } from '../support/hostile-strings.ts';

const SEED = join(import.meta.dirname, '..', '..', 'index-data');
const TRADITIONAL = join(import.meta.dirname, '..', 'fixtures', 'docs', 'traditional');

function expectWellFormed(answer: Answer, question: string): void {
  expect(typeof answer.found).toBe('boolean');
  expect(['simplified', 'traditional']).toContain(answer.script);
  expect(typeof answer.question).toBe('string');
  expect(question.includes(answer.question.trim()) || answer.question === question).toBe(true);
  expect(Array.isArray(answer.alternatives)).toBe(true);
  if (answer.found) {
    expect(answer.best).not.toBeNull();
    const figure = answer.best!.figure;
    if (figure !== null) expect(answer.best!.passage).toContain(figure.text);
  }
  // Answers cross threads and go out as JSON: they must survive both.
  expect(JSON.parse(JSON.stringify(answer))).toEqual(structuredClone(answer));
}

describe('engine under hostile questions', () => {
  let engines: Engine[];
  beforeAll(async () => {
    engines = [await Engine.open(SEED, { persist: false }), await Engine.open(TRADITIONAL, { persist: false })];
  });

  it('answers every JavaScript property name, alone and inside a question', async () => {
    for (const engine of engines) {
      for (const name of PROPERTY_NAMES) {
        for (const question of [name, `${name}有多少`, `双创园区${name}多少企业`, `${name} ${name}`]) {
          expectWellFormed((await engine.ask(question)), question);
        }
      }
    }
  });

  it('answers arbitrary strings (property test)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, async (question) => {
        for (const engine of engines) expectWellFormed(await engine.ask(question, { limit: 10 }), question);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('engine with an answer thread under hostile questions', () => {
  let data: string;
  let engine: Engine;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'wenda-fuzz-'));
    cpSync(join(SEED, 'sources'), join(data, 'sources'), { recursive: true });
    engine = await Engine.open(data, { threads: 1 });
    expect(engine.threads).toBe(1);
  });
  afterAll(async () => {
    await engine.close({ now: true });
    rmSync(data, { recursive: true, force: true });
  });

  it('ask() answers property names and arbitrary strings, and the thread keeps running', async () => {
    for (const name of PROPERTY_NAMES) expectWellFormed(await engine.ask(name), name);
    await fc.assert(
      fc.asyncProperty(hostileString, async (question) => {
        expectWellFormed(await engine.ask(question), question);
      }),
      { numRuns: 300 },
    );
    expect(engine.threads).toBe(1);
    const answer = await engine.ask('双创园区有多少企业');
    expect(answer.best?.figure?.text).toBe('2400余家');
  });
});
