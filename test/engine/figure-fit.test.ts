import { describe, expect, it } from 'vitest';
import { averaged, clausePrecision, isBreakdown, siblingUnasked } from '../../src/engine/figure-fit.ts';
import { extractFigures } from '../../src/engine/figures.ts';
import { analyzeQuestion } from '../../src/engine/question.ts';

const figure = (sentence: string, text: string) => extractFigures(sentence).find((f) => f.text === text)!;
const bigrams = (words: string[]) => new Set(words.flatMap((w) => [...w].slice(0, -1).map((_, i) => w.slice(i, i + 2))));

describe('isBreakdown', () => {
  const sentence = '本季接待旅客412.6万人次，增加8.4%，其中国际旅客38.2万人次，增加31.5%。';

  it('marks a part after 其中 the question does not name', () => {
    expect(isBreakdown(sentence, figure(sentence, '38.2万人次'), analyzeQuestion('接待旅客多少人次'))).toBe(true);
  });

  it('does not mark a part the question names by a word the whole lacks', () => {
    expect(isBreakdown(sentence, figure(sentence, '38.2万人次'), analyzeQuestion('国际旅客有多少人次'))).toBe(false);
  });
});

describe('averaged', () => {
  const sentence = '全年单位地区生产总值能耗下降3.2%，地区生产总值增长4.7%。';
  const asked = bigrams(['地区', '生产总值', '增长']);

  it('marks a figure per unit of what is asked (单位GDP能耗 when GDP is asked)', () => {
    expect(averaged(sentence, figure(sentence, '3.2%'), asked)).toBe(true);
    expect(averaged(sentence, figure(sentence, '4.7%'), asked)).toBe(false);
  });

  it('marks an average', () => {
    const s = '全市居民人均可支配收入52000元。';
    expect(averaged(s, figure(s, '52000元'), bigrams(['收入']))).toBe(true);
  });
});

describe('clausePrecision', () => {
  const weight = () => 1;
  const asked = bigrams(['地区生产总值']);

  it('reads a figure whose clauses only say how it changed with the clause that names it', () => {
    const sentence = '全市实现地区生产总值21960.3亿元，按可比价格计算，比上年增长4.7%。';
    const direct = '地区生产总值增长4.7%。';
    expect(clausePrecision(sentence, figure(sentence, '4.7%'), asked, weight)).toBeGreaterThan(0.4);
    expect(clausePrecision(direct, figure(direct, '4.7%'), asked, weight)).toBeGreaterThan(0.4);
  });

  it('reads a comparison base with its own value (较二〇二三年同月的3,871亿元上升8.3%) as saying how', () => {
    const sentence = '商品进口货值为4,192亿元，较二〇二三年同月的3,871亿元上升8.3%。';
    expect(clausePrecision(sentence, figure(sentence, '8.3%'), bigrams(['进口', '货值']), weight)).toBeGreaterThan(0.2);
  });

  it('does not reach past a clause that names something else', () => {
    const sentence = '全市实现地区生产总值21960.3亿元，能源消费总量增长2.1%。';
    expect(clausePrecision(sentence, figure(sentence, '2.1%'), asked, weight)).toBe(0);
  });
});

describe('siblingUnasked', () => {
  const at = (sentence: string, text: string, q: string) => siblingUnasked(sentence, figure(sentence, text), analyzeQuestion(q));

  it('marks a figure of a sibling of the asked thing', () => {
    expect(at('全体居民人均可支配收入33120元，农村居民人均可支配收入23476元。', '23476元', '城镇居民人均可支配收入')).toBe(true);
    expect(at('全体居民人均可支配收入33120元，农村居民人均可支配收入23476元。', '33120元', '城镇居民人均可支配收入')).toBe(true);
    expect(at('一般公共预算支出56.2亿元。', '56.2亿元', '一般公共预算收入多少')).toBe(true);
  });

  it('does not mark the asked thing, a clause naming both, or another wording of the question', () => {
    expect(at('城镇居民人均可支配收入40690元。', '40690元', '城镇居民人均可支配收入')).toBe(false);
    expect(at('城镇和农村居民人均可支配收入分别达到81020元、52680元。', '81020元', '城镇居民人均可支配收入')).toBe(false);
    expect(at('实际利用外资5320万美元。', '5320万美元', '实际使用外资多少')).toBe(false);
  });
});
