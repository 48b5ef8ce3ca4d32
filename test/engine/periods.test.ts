import { describe, expect, it } from 'vitest';
import { timeFit } from '../../src/engine/context.ts';
import { announcesPlan, introducesPlans, periodOf, timeMentions, titleAnnouncesPlan } from '../../src/engine/periods.ts';
import { fold } from '../../src/engine/script.ts';

/** The periods a text names outside comparisons, relative ones read against 2022. */
function periods(text: string) {
  return timeMentions(fold(text))
    .filter((m) => !m.comparison)
    .map((m) => {
      const p = periodOf(m, 2022);
      return { year: p.year, years: p.years, span: p.span };
    });
}

describe('time mentions', () => {
  it('reads years, relative years and periods within a year', () => {
    expect(periods('2024年一季度')).toEqual([{ year: 2024, years: null, span: { from: 1, to: 3 } }]);
    expect(periods('去年上半年')).toEqual([{ year: 2021, years: null, span: { from: 1, to: 6 } }]);
    expect(periods('113年第1季')).toEqual([{ year: 2024, years: null, span: { from: 1, to: 3 } }]);
    expect(periods('前5个月')).toEqual([{ year: null, years: null, span: { from: 1, to: 5 } }]);
    // A date is when something happened, not the period of a figure.
    expect(periods('2025年3月26日发布')).toEqual([]);
    // The end of a relative year is that year (去年底 is no year-less 年底); 大前年 is three years back.
    expect(periods('去年底')).toEqual([{ year: 2021, years: null, span: { from: 1, to: 12 } }]);
    expect(periods('前年末')).toEqual([{ year: 2020, years: null, span: { from: 1, to: 12 } }]);
    expect(periods('大前年')).toEqual([{ year: 2019, years: null, span: null }]);
    // The months ending with one named, as Hong Kong's releases write them: not that month alone.
    expect(periods('截至二○二四年十一月止的三個月')).toEqual([{ year: 2024, years: null, span: { from: 9, to: 11 } }]);
  });

  it('reads several years as one span: ranges, the last N years, five-year plans', () => {
    const span = (from: number, to: number) => [{ year: null, years: [from, to], span: null }];
    expect(periods('2021—2023年累计')).toEqual(span(2021, 2023));
    expect(periods('2017到2021这五年')).toEqual(span(2017, 2021));
    expect(periods('过去五年')).toEqual(span(2017, 2021));
    expect(periods('五年来，全县')).toEqual(span(2017, 2021));
    expect(periods('近三年累计')).toEqual(span(2019, 2021));
    expect(periods('“十三五”时期年均增长')).toEqual(span(2016, 2020));
    expect(periods('“十四五”末达到')).toEqual([{ year: 2025, years: null, span: null }]);
  });

  it('reads no span where the years only rank a figure or name a plan', () => {
    expect(periods('为近3年最高')).toEqual([]);
    expect(periods('创近五年来新高')).toEqual([]);
    expect(periods('“十四五”开局之年')).toEqual([]);
    // One year back is 去年's, not a span.
    expect(periods('一年来')).toEqual([]);
  });

  it('marks comparison bases apart', () => {
    const mentions = timeMentions(fold('比上年增长5%，较1—4月回落'));
    expect(mentions.map((m) => m.comparison)).toEqual([true, true]);
  });
});

describe('several asked years', () => {
  const none = { occasion: null, span: null };
  it('meet a figure of the same years, and no figure of one year its sentence names', () => {
    const asked = { year: null, years: [2017, 2021] as [number, number], span: null };
    expect(timeFit(asked, { ...none, year: null, years: [2017, 2021], yearLevel: 'paragraph' })).toMatchObject({ contradiction: null, yearLevel: 'paragraph' });
    expect(timeFit(asked, { ...none, year: null, years: [2016, 2020], yearLevel: 'paragraph' }).contradiction).toBe('year');
    expect(timeFit(asked, { ...none, year: 2021, years: null, yearLevel: 'sentence' }).contradiction).toBe('year');
    // A year only the section gives may still be the span's, unconfirmed.
    expect(timeFit(asked, { ...none, year: 2021, years: null, yearLevel: 'section' })).toMatchObject({ contradiction: null, yearMissing: true });
  });
});

describe('plans', () => {
  it('tells plans from results measured against them', () => {
    expect(announcesPlan('力争实现地区生产总值增长6%')).toBe(true);
    expect(announcesPlan('计划完成投资50亿元')).toBe(true);
    expect(announcesPlan('经济增长好于预期')).toBe(false);
    expect(announcesPlan('超额完成年度目标')).toBe(false);
    expect(announcesPlan('目标任务圆满完成')).toBe(false);
    expect(announcesPlan('年度计划执行情况')).toBe(false);
  });

  it('reads section titles of plans, not of results', () => {
    expect(titleAnnouncesPlan('二、2025年工作安排')).toBe(true);
    expect(titleAnnouncesPlan('（一）主要预期目标')).toBe(true);
    expect(titleAnnouncesPlan('一、经济运行好于预期')).toBe(false);
    expect(titleAnnouncesPlan('三、主要任务完成情况')).toBe(false);
  });

  it('carries a plan to the next sentences only from a sentence that opens a list', () => {
    expect(introducesPlans('今年经济社会发展的主要预期目标是：')).toBe(true);
    expect(introducesPlans('力争实现以下目标：')).toBe(true);
    expect(introducesPlans('全县规上工业总产值距离千亿目标仅一步之遥')).toBe(false);
    expect(introducesPlans('计划总投资50亿元的项目开工')).toBe(false);
  });
});
