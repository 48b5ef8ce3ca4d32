import { describe, expect, it } from 'vitest';
import { extractFigures, parseChineseNumber } from '../../src/engine/figures.ts';
import { analyzeQuestion } from '../../src/engine/question.ts';
import { readFileSync } from 'node:fs';
import { computeScriptTables, detectScript, fold, SCRIPT_TABLES_FILE, toTraditional } from '../../src/engine/script.ts';
import { tokenize } from '../../src/engine/tokenize.ts';

const figs = (text: string) => extractFigures(text).map((f) => [f.text, f.kind, f.value, f.unit]);

describe('extractFigures', () => {
  it('reads units, magnitudes and qualifiers as written', () => {
    expect(figs('带动就业1.8万余人，年税收贡献超4亿元')).toEqual([
      ['1.8万余人', 'count', 18000, '人'],
      ['超4亿元', 'money', 400000000, '元'],
    ]);
    expect(figs('同比增长7.3%，提高0.3个百分点，出生率8.5‰')).toEqual([
      ['7.3%', 'percent', 7.3, '%'],
      ['0.3个百分点', 'points', 0.3, '百分点'],
      ['8.5‰', 'permille', 8.5, '‰'],
    ]);
  });

  it('reads Chinese numerals, ranges, durations, ratios and frequencies', () => {
    expect(figs('组建了十六个工作专班，推进九大重点工作')).toEqual([
      ['十六个', 'count', 16, '个'],
      ['九大', 'group', 9, '大'],
    ]);
    expect(figs('仅用了6个多月，压缩到3至4个月，提前半年')).toEqual([
      ['6个多月', 'duration', 6, '月'],
      ['3至4个月', 'duration', 3, '月'],
      ['半年', 'duration', 0.5, '年'],
    ]);
    expect(figs('形成“4对1”模式，每2周调度一次，是2018年的3.4倍')).toEqual([
      ['4对1', 'ratio', 4, null],
      ['每2周', 'frequency', 2, '周'],
      ['2018年', 'year', 2018, '年'],
      ['3.4倍', 'multiple', 3.4, '倍'],
    ]);
  });

  it('marks dates and ordinals so they are not taken for answers', () => {
    expect(figs('1—10月份，第9期项目')).toEqual([
      ['1—10月份', 'date', 1, '月份'],
      ['9期', 'ordinal', 9, '期'],
    ]);
    expect(figs('一体化发展，十分重要，“三位一体”模式，一批企业')).toEqual([]);
  });

  it('parses Chinese numbers', () => {
    expect([parseChineseNumber('十六'), parseChineseNumber('两千'), parseChineseNumber('一百零五'), parseChineseNumber('三万五千')]).toEqual([
      16, 2000, 105, 35000,
    ]);
    expect(parseChineseNumber('abc')).toBeNull();
  });
});

describe('analyzeQuestion', () => {
  it('knows what kind of figure is asked for', () => {
    const kinds = (q: string) => analyzeQuestion(q).expect?.kinds[0] ?? null;
    expect(kinds('双创园区有多少企业')).toBe('count');
    expect(analyzeQuestion('重点帮扶多少家骨干龙头企业').expect?.unit).toBe('家');
    expect(kinds('进出口完成了多少亿元')).toBe('money');
    expect(kinds('建成区多大')).toBe('area');
    expect(kinds('进出口同比增长多少')).toBe('percent');
    expect(kinds('研发投入强度比上年提高了多少')).toBe('points');
    expect(kinds('从开工到投产用了多久')).toBe('duration');
    expect(kinds('多久召开一次会议')).toBe('frequency');
    expect(kinds('帮包模式是几对几')).toBe('ratio');
    expect(kinds('工资最多发几倍')).toBe('multiple');
    expect(kinds('推进几大重点工作')).toBe('group');
    expect(kinds('智能光电信息产业园是什么')).toBeNull();
  });

  it('takes the year, the script and content words', () => {
    const q = analyzeQuestion('2021年實際使用外資多少？');
    expect(q.year).toBe(2021);
    expect(q.script).toBe('traditional');
    expect(q.terms.map((t) => t.token)).toContain('外资');
    expect(q.terms.map((t) => t.token)).not.toContain('多少');
  });
});

describe('script and tokens', () => {
  it('folds traditional and full-width text, keeping its length', () => {
    expect(fold('雙創園區２０２２')).toBe('双创园区2022');
    expect(fold('雙創園區２０２２')).toHaveLength(8);
    expect(detectScript('雙創園區有多少企業')).toBe('traditional');
    expect(detectScript('双创园区有多少企业')).toBe('simplified');
    expect(toTraditional('双创园区')).toBe('雙創園區');
  });

  it('makes bigrams across quote marks, numbers and Latin words', () => {
    expect(tokenize('“双创”园区入驻企业2400余家，GDP增长')).toEqual(['双创', '创园', '园区', '区入', '入驻', '驻企', '企业', '2400', '余家', 'gdp', '增长']);
  });
});

describe('script tables', () => {
  it('are up to date with opencc-js (run `npx tsx scripts/make-script-tables.ts` after upgrading it)', () => {
    const committed = JSON.parse(readFileSync(SCRIPT_TABLES_FILE, 'utf8')) as unknown;
    expect(committed).toEqual(computeScriptTables());
  });
});
