import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../src/engine/figures.ts';
import { respectively } from '../../src/engine/respectively.ts';

/** Per figure of the sentence: whether it belongs to what the question asks (see `respectively`). */
function pairing(sentence: string, question: string): Record<string, boolean | null> {
  const figures = extractFigures(sentence);
  return Object.fromEntries(figures.map((f) => [f.text, respectively(sentence, f, figures, question)]));
}

describe('respectively (分别)', () => {
  it('pairs items joined by 和 with the figures after 分别', () => {
    expect(pairing('接待游客和旅游收入分别增长31.6%和35.2%。', '旅游收入增长多少')).toEqual({ '31.6%': false, '35.2%': true });
    expect(pairing('跨境电商进口额和出口额分别为23亿元和65亿元，合计88亿元。', '跨境电商出口额是多少')).toEqual({
      '23亿元': false,
      '65亿元': true,
      '88亿元': null,
    });
  });

  it('pairs items and figures listed with 、', () => {
    expect(pairing('其中，出口、进口分别增长6.2%、3.1%。', '进口增长多少')).toEqual({ '6.2%': false, '3.1%': true });
    expect(pairing('其中，出口、进口分别增长6.2%、3.1%。', '出口增长了多少')).toEqual({ '6.2%': true, '3.1%': false });
    expect(pairing('第一、二、三产业增加值分别增长3.5%、5.2%和6.8%。', '第二产业增加值增长多少')).toEqual({
      '3.5%': false,
      '5.2%': true,
      '6.8%': false,
    });
  });

  it('takes the clauses before 分别 as the items when it has none of its own', () => {
    expect(pairing('全年接待游客682万人次，实现旅游综合收入58.3亿元，分别增长31.6%和35.2%。', '旅游收入增长了多少')).toEqual({
      '682万人次': null,
      '58.3亿元': null,
      '31.6%': false,
      '35.2%': true,
    });
  });

  it('reads a compound whose characters name the items (城乡, 进出口)', () => {
    expect(pairing('城乡居民人均可支配收入分别达到51860元和27340元。', '城镇居民人均可支配收入')).toEqual({ '51860元': true, '27340元': false });
    expect(pairing('进出口额分别为23亿元和65亿元。', '出口额多少')).toEqual({ '23亿元': false, '65亿元': true });
  });

  it('says nothing when the question names no one item, or there is no list', () => {
    expect(pairing('出口和进口分别增长6.2%和3.1%。', '外贸增长多少')).toEqual({ '6.2%': null, '3.1%': null });
    expect(pairing('出口增长6.2%，进口增长3.1%。', '进口增长多少')).toEqual({ '6.2%': null, '3.1%': null });
  });
});
