import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accuracyOf, emptyTally, judge, outcome, readQuestions, readQuestionsFile } from '../../bench/lib/score.ts';
import { quantile, summarize } from '../../bench/lib/stats.ts';
import type { Answer, Candidate } from '../../src/engine/types.ts';

function answer(figure: string | null, passage: string, found = true): Answer {
  const best: Candidate = {
    passageId: 1, passage, figure: figure === null ? null : { text: figure, value: null, unit: null }, score: 1,
    documentId: 'd', document: 'D', section: '', sectionIndex: 0, page: null,
  };
  return { question: 'q', script: 'simplified', found, confidence: found ? 1 : 0, best: found ? best : null, alternatives: [], kind: 'single', items: [] };
}

describe('bench scoring (the eval rules)', () => {
  it('accepts any listed figure form and folds traditional and full-width characters', () => {
    const q = { q: '双创园区有多少企业', figure: ['2400余家'], passage: '入驻企业2400余家' };
    expect(judge(q, answer('2400余家', '目前，园区入驻企业2400余家。'))).toBeNull();
    expect(judge(q, answer('2400餘家', '目前，園區入駐企業2400餘家。'))).toBeNull();
    expect(judge(q, answer('２４００余家', '入驻企业２４００余家'))).toBeNull();
    expect(judge({ ...q, figure: ['十六个', '16个'] }, answer('16个', '入驻企业2400余家，16个'))).toBeNull();
  });

  it('rejects a wrong figure, a passage without the fragment, and a missing answer', () => {
    const q = { q: '双创园区有多少企业', figure: ['2400余家'], passage: '入驻企业2400余家' };
    expect(judge(q, answer('2400家', '入驻企业2400家'))).toMatch(/figure/);
    expect(judge(q, answer('2400余家', '别的句子2400余家'))).toMatch(/passage/);
    expect(judge(q, answer(null, '', false))).toBe('not found');
  });

  it('wants not found for unanswerable questions and no figure when none is asked for', () => {
    expect(judge({ q: '今天天气怎么样', found: false }, answer(null, '', false))).toBeNull();
    expect(judge({ q: '今天天气怎么样', found: false }, answer('3个', '有3个'))).toMatch(/expected not found/);
    expect(judge({ q: '产业园是什么', figure: null, passage: '产业园' }, answer(null, '智能光电信息产业园'))).toBeNull();
    expect(judge({ q: '产业园是什么', figure: null, passage: '产业园' }, answer('2个', '两个产业园'))).toMatch(/no figure/);
  });

  it('tells right, wrong, not found, rightly declined and invented apart', () => {
    const q = { q: '双创园区有多少企业', figure: ['2400余家'], passage: '入驻企业2400余家' };
    const none = { q: '川汇经开区税收收入是多少', found: false as const };
    expect(outcome(q, answer('2400余家', '入驻企业2400余家'))).toBe('right');
    expect(outcome(q, answer('超4亿元', '纳税超4亿元'))).toBe('wrong');
    expect(outcome(q, answer(null, '', false))).toBe('missed');
    expect(outcome(none, answer(null, '', false))).toBe('declined');
    expect(outcome(none, answer('3.1亿元', '税收收入3.1亿元'))).toBe('invented');
    const t = { ...emptyTally(), total: 4, right: 2, declined: 1, invented: 1 };
    expect(accuracyOf(t)).toBe(0.75);
  });

  it('reads a questions file with its asked-on day and keeps what each question tests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenda-score-'));
    try {
      const path = join(dir, 'questions.jsonl');
      writeFileSync(path, '# asked on: 2025-03-01\n{"q":"汇川去年税收收入是多少","figure":["3亿元"],"case":"title-only"}\n\n{"q":"川汇县有多少人","found":false}\n');
      const { questions, askedOn } = readQuestionsFile(path);
      expect(questions.map((q) => [q.q, q.case])).toEqual([['汇川去年税收收入是多少', 'title-only'], ['川汇县有多少人', undefined]]);
      expect(askedOn?.getFullYear()).toBe(2025);
      expect(readQuestions(path)).toEqual(questions);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 0.99)).toBe(99);
    const s = summarize([5, 1, 3]);
    expect([s.n, s.p50, s.max, s.mean]).toEqual([3, 3, 5, 3]);
  });
});
