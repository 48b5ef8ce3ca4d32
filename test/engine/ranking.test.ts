import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, LOW_CONFIDENCE, confidence, figureKey, leadOverOthers, resolveWeights } from '../../src/engine/ranking.ts';

describe('confidence', () => {
  it('reads the lead over the best candidate giving another figure, not over the same figure elsewhere', () => {
    const best = { score: 40, figure: '2400家' };
    expect(leadOverOthers(best, [best, { score: 39.5, figure: '2400家' }, { score: 31, figure: '1200家' }])).toBe(9);
    expect(leadOverOthers(best, [{ score: 39, figure: null }])).toBe(1);
    // Nothing else: the lead is capped, not infinite.
    expect(leadOverOthers(best, [])).toBe(20);
  });

  it('tells figures apart by value and unit, whatever way they are written', () => {
    expect(figureKey({ value: 2400, unit: '家', text: '2400余家' })).toBe(figureKey({ value: 2400, unit: '家', text: '2400多家' }));
    expect(figureKey({ value: 2400, unit: '家', text: '2400家' })).not.toBe(figureKey({ value: 2400, unit: '人', text: '2400人' }));
    expect(figureKey(null)).toBeNull();
  });

  it('grows with the lead, the coverage and the score, and stays within 0–1', () => {
    const w = DEFAULT_WEIGHTS;
    const at = (score: number, lead: number, coverage: number): number => confidence(score, lead, coverage, w);
    expect(at(40, 8, 1)).toBeGreaterThan(at(40, 0.2, 1));
    expect(at(40, 8, 1)).toBeGreaterThan(at(40, 8, 0.6));
    expect(at(45, 8, 1)).toBeGreaterThan(at(30, 8, 1));
    for (const c of [at(-1e6, 0, 0), at(1e6, 20, 1)]) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
    // A clear answer is sure; a near tie between two figures is not.
    expect(at(45, 15, 1)).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
    expect(at(35, 0.1, 0.7)).toBeLessThan(LOW_CONFIDENCE);
  });

  it('takes its weights from RankingWeights like every other number of the model', () => {
    const flat = resolveWeights({ confidenceBias: 0, confidenceLead: 0, confidenceCoverage: 0, confidenceScore: 0 });
    expect(confidence(45, 15, 1, flat)).toBe(0.5);
  });
});
