import { describe, expect, it } from 'vitest';
import { matches } from '../../src/engine/evaluate.ts';
import type { TableRow } from '../../src/engine/types.ts';

describe('matches: what the judge accepts as the expected answer', () => {
  it('takes the figure as written, or without a qualifier the expectation leaves out', () => {
    expect(matches({ q: '', figure: ['6%'] }, '6%左右', '地区生产总值增长6%左右；')).toBe(true);
    expect(matches({ q: '', figure: ['6%'] }, '6.5%', '增长6.5%')).toBe(false);
  });

  it('reads an expected fragment copied from a Markdown source without its emphasis marks', () => {
    expect(matches({ q: '', figure: ['402.3亿元'], passage: '出口 **402.3亿元**' }, '402.3亿元', '其中，出口402.3亿元，增长9.8%；')).toBe(true);
  });

  it('takes a table cell expected bare (438.9) given with the unit of its unit column (438.9亿元), not another number', () => {
    const row: TableRow = { caption: null, header: ['指标', '单位', '2024年', '增长%'], cells: ['地区生产总值', '亿元', '438.9', '6.9'], unit: null };
    const passage = '地区生产总值：2024年438.9亿元，增长6.9%。';
    expect(matches({ q: '', figure: ['438.9'] }, '438.9亿元', passage, row)).toBe(true);
    expect(matches({ q: '', figure: ['438.9'] }, '438.95亿元', passage, row)).toBe(false);
    expect(matches({ q: '', figure: ['438.9'] }, '438.9亿元', passage)).toBe(false);
  });

  it('takes a fragment that runs over a sentence end when the passage holds its part with the figure', () => {
    const passage = '今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右；';
    expect(matches({ q: '', figure: ['6%左右'], passage: '增长6%左右；一般公共预算收入增长6%' }, '6%左右', passage)).toBe(true);
    // The part that holds the figure must be in the passage: another sentence's 6% is not this one.
    expect(matches({ q: '', figure: ['6%'], passage: '收入增长3%；一般公共预算收入增长6%' }, '6%', '固定资产投资增长6%；')).toBe(false);
  });
});
