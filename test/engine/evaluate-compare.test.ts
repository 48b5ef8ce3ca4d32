import { describe, expect, it } from 'vitest';
import { type CompareQuestion, judgeComparison, parseCompareFile } from '../../src/engine/evaluate-compare.ts';
import type { Answer, Candidate, ComparisonItem } from '../../src/engine/types.ts';

const candidate = (figure: string, passage: string): Candidate => ({
  passageId: 1, passage, figure: { text: figure, value: null, unit: null }, score: 1,
  documentId: 'd', document: 'D', section: '', sectionIndex: 0, page: null,
});
const item = (entity: string, period: string, figure: string | null, passage = ''): ComparisonItem => ({
  entity, period, answer: figure === null ? null : candidate(figure, passage), confidence: figure === null ? 0 : 1,
  gap: figure === null ? { reason: 'not-found', figure: null } : null,
});
const comparison = (items: ComparisonItem[], over: Partial<Answer> = {}): Answer => ({
  question: 'q', script: 'simplified', found: items.some((i) => i.answer), confidence: 1, best: null, alternatives: [], kind: 'comparison', items, ...over,
});

const question: CompareQuestion = {
  q: '苏州和无锡2024年进出口各多少', kind: 'comparison',
  items: [
    { entity: '苏州', period: '2024', figure: ['24500.6亿元'], passage: '进出口总额24500.6亿元' },
    { entity: '无锡经开区', period: '2024', missing: true },
  ],
};

describe('judgeComparison', () => {
  it('is right when every item is right or rightly missing; entities match by name or short kind', () => {
    const answer = comparison([item('苏州市', '2024', '24500.6亿元', '全年进出口总额24500.6亿元。'), item('无锡经济技术开发区', '2024', null)]);
    expect(judgeComparison(question, answer)).toMatchObject({ ok: true, invented: 0, itemsRight: 2, itemsTotal: 2 });
  });

  it('counts a figure where a gap is expected, a wrong figure and an extra item as invented', () => {
    const filled = comparison([item('苏州', '2024', '24500.6亿元', '进出口总额24500.6亿元'), item('无锡经开区', '2024', '7310.2亿元', '进出口总额7310.2亿元')]);
    expect(judgeComparison(question, filled)).toMatchObject({ ok: false, invented: 1, itemsRight: 1 });
    const wrong = comparison([item('苏州', '2024', '2450亿元', '进出口2450亿元'), item('无锡经开区', '2024', null), item('南通', '2024', '3680.2亿元', '…')]);
    expect(judgeComparison(question, wrong)).toMatchObject({ ok: false, invented: 2, reason: expect.stringContaining('1 extra items') });
    const unnamed = comparison([item('苏州', '2024', '24500.6亿元', '进出口总额24500.6亿元')]);
    expect(judgeComparison(question, unnamed)).toMatchObject({ ok: false, invented: 0, reason: expect.stringContaining('not listed') });
  });

  it('checks the kind, the order of a ranking, answers with nothing, and one-figure lines', () => {
    const ranked: CompareQuestion = { q: '哪个市最多', kind: 'comparison', order: 'desc', items: [{ entity: 'A', period: '2024', figure: ['3家'] }, { entity: 'B', period: '2024', figure: ['2家'] }] };
    const inOrder = comparison([item('A', '2024', '3家'), item('B', '2024', '2家')], { order: 'desc' });
    expect(judgeComparison(ranked, inOrder).ok).toBe(true);
    expect(judgeComparison(ranked, comparison([item('B', '2024', '2家'), item('A', '2024', '3家')], { order: 'desc' })).reason).toBe('order');
    expect(judgeComparison({ ...question, kind: 'series' }, comparison([item('苏州', '2024', '24500.6亿元', '进出口总额24500.6亿元'), item('无锡经开区', '2024', null)])).reason).toBe('kind comparison');
    const nothing: CompareQuestion = { q: '…', kind: 'comparison', found: false };
    expect(judgeComparison(nothing, comparison([item('苏州', '2022', null)])).ok).toBe(true);
    expect(judgeComparison(nothing, comparison([item('苏州', '2022', '1家')]))).toMatchObject({ ok: false, invented: 1 });
    const single: CompareQuestion = { q: '苏州GDP', figure: ['1亿元'], passage: 'GDP1亿元' };
    const one: Answer = { ...comparison([]), kind: 'single', found: true, best: candidate('1亿元', 'GDP1亿元') };
    expect(judgeComparison(single, one).ok).toBe(true);
    expect(judgeComparison(single, comparison([item('苏州', '2024', '1亿元')]))).toMatchObject({ ok: false, invented: 1 });
  });

  it('takes a change the documents state as the one expected item, the two figures it compares beside it no extra answers', () => {
    const change: CompareQuestion = { q: '枫港2023年高企比上年多了多少家', kind: 'comparison', items: [{ entity: '枫港经开区', period: '2023', figure: ['32家'], passage: '比上年增加32家' }] };
    const stated = candidate('32家', '高新技术企业数量达到215家，比上年增加32家；');
    const answer = comparison([item('枫港经开区', '2022', '183家', '高新技术企业总数达到183家'), item('枫港经开区', '2023', '215家', stated.passage)], {
      changes: [{ from: 0, to: 1, figure: '32家', value: 32, unit: '家', direction: 'up', basis: 'stated', source: stated, sameDocument: true, approximate: false }],
    });
    expect(judgeComparison(change, answer)).toMatchObject({ ok: true, invented: 0 });
    // A computed difference is no stated one: the two figures are then the answer, and the 2022 one was not asked.
    const computed = { ...answer, changes: [{ ...answer.changes![0]!, basis: 'computed' as const, source: null }] };
    expect(judgeComparison(change, computed).ok).toBe(false);
  });

  it('reads the file header: the day asked and the data folder', () => {
    const file = parseCompareFile('# asked on: 2025-03-01\n# data: test/fixtures/compare/zones\n{"q":"a","kind":"series","items":[]}\n{"q":"b","figure":["1家"],"passage":"x"}\n');
    expect(file).toMatchObject({ data: 'test/fixtures/compare/zones', questions: [{ q: 'a' }, { q: 'b' }] });
    expect(file.askedOn?.getFullYear()).toBe(2025);
    expect(() => parseCompareFile('{"q":"a","kind":"comparison"}')).toThrow(/items or found: false/);
  });
});
