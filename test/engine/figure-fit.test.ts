import { describe, expect, it } from 'vitest';
import { averaged, clausePrecision, flowUnasked, isBreakdown, modifierMissing, siblingUnasked } from '../../src/engine/figure-fit.ts';
import type { Keywords, WeightedConcept } from '../../src/engine/keywords.ts';
import { extractFigures } from '../../src/engine/figures.ts';
import { analyzeQuestion, modifierPairs } from '../../src/engine/question.ts';

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

  it('marks the part with a counterpart (对日韩进出口) when the question names none, not 对外贸易', () => {
    const s = '对日韩进出口1256.8亿元。';
    expect(isBreakdown(s, figure(s, '1256.8亿元'), analyzeQuestion('烟台去年进出口多少'))).toBe(true);
    expect(isBreakdown(s, figure(s, '1256.8亿元'), analyzeQuestion('烟台对日韩进出口多少'))).toBe(false);
    const t = '对外贸易进出口总额4328.7亿元。';
    expect(isBreakdown(t, figure(t, '4328.7亿元'), analyzeQuestion('烟台去年进出口多少'))).toBe(false);
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
    // Per unit of land, not the total: 亩均税收 when 税收 is asked.
    const t = '实现税收收入45.1亿元，增长3.4%；工业用地亩均税收32.5万元。';
    expect(averaged(t, figure(t, '32.5万元'), bigrams(['税收']))).toBe(true);
    expect(averaged(t, figure(t, '45.1亿元'), bigrams(['税收']))).toBe(false);
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

describe('modifierMissing', () => {
  const concept = (word: string): WeightedConcept => ({ weight: 2, wordings: [{ tokens: [word], idf: [2], total: 2, own: true }], focus: false, head: false });
  const keywords = (modifier: string, head: string): Keywords => ({
    concepts: [concept(modifier), concept(head)],
    total: 4,
    tokens: [modifier, head],
    asked: new Set([modifier, head]),
    modifiers: [{ modifier: 0, head: 1 }],
  });
  const at = (sentence: string, text: string, q: string, k: Keywords) => modifierMissing(sentence, figure(sentence, text), analyzeQuestion(q), k);

  it('reads the words that narrow the next one, with the joints the documents may write them with', () => {
    const pairs = modifierPairs(analyzeQuestion('城镇居民收入多少'));
    expect(pairs.map((p) => [p.modifier.text, p.head.text, p.joints])).toContainEqual(['城镇', '居民', ['镇居']]);
    expect(modifierPairs(analyzeQuestion('人均GDP多少')).find((p) => p.modifier.text === '人均')?.joints).toContain('均地');
  });

  it('marks a figure whose clause has the narrowed word without the word narrowing it', () => {
    const k = keywords('城镇', '居民');
    expect(at('全体居民人均可支配收入58120元，增长5.0%。', '58120元', '城镇居民收入多少', k)).toBe(true);
    expect(at('城镇居民人均可支配收入58120元。', '58120元', '城镇居民收入多少', k)).toBe(false);
    // A clause without the narrowed word says nothing either way.
    expect(at('全年地区生产总值3968.7亿元。', '3968.7亿元', '城镇居民收入多少', k)).toBe(false);
  });
});

describe('flowUnasked', () => {
  const at = (sentence: string, text: string, q: string) => flowUnasked(sentence, figure(sentence, text), analyzeQuestion(q));

  it('marks what was added when what there is is asked, not a stock stated after the flow', () => {
    expect(at('高新技术企业净增38家、达到276家；', '38家', '高企多少家')).toBe(true);
    expect(at('高新技术企业净增38家、达到276家；', '276家', '高企多少家')).toBe(false);
    expect(at('新认定高新技术企业47家，总数达238家；', '238家', '高企多少家')).toBe(false);
    expect(at('新增规上工业企业56家。', '56家', '新增规上企业多少家')).toBe(false);
  });
});
