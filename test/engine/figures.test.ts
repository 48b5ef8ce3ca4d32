import { describe, expect, it } from 'vitest';
import { extractFigures, parseChineseNumber } from '../../src/engine/figures.ts';
import { analyzeQuestion } from '../../src/engine/question.ts';
import { readFileSync } from 'node:fs';
import { computeScriptTables, detectScript, fold, SCRIPT_TABLES_FILE, toTraditional } from '../../src/engine/script.ts';
import { fullYears, tokenize } from '../../src/engine/tokenize.ts';

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

  it('reads the currencies of Hong Kong, Macao and Taiwan, millions as 百万, and percents in words with decimals', () => {
    expect(figs('博彩毛收入为2,269.6亿澳门元，人均消费2,152澳门元')).toEqual([
      ['2,269.6亿澳门元', 'money', 226960000000, '澳门元'],
      ['2,152澳门元', 'money', 2152, '澳门元'],
    ]);
    expect(figs('一月为19,341百万澳门元，投资新台币186亿元，港币50亿')).toEqual([
      ['19,341百万澳门元', 'money', 19341000000, '澳门元'],
      ['186亿元', 'money', 18600000000, '元'],
      ['50亿', 'number', 5000000000, null],
    ]);
    expect(figs('空置率为百分之十二点三')).toEqual([['百分之十二点三', 'percent', 12.3, '%']]);
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
      ['第9期', 'ordinal', 9, '期'],
    ]);
    expect(figs('一体化发展，十分重要，“三位一体”模式，一批企业')).toEqual([]);
  });

  it('reads mixed magnitudes as one figure', () => {
    expect(figs(fold('營收3億4500萬元，投资1亿2千万元，就业2万5千人'))).toEqual([
      ['3亿4500万元', 'money', 345000000, '元'],
      ['1亿2千万元', 'money', 120000000, '元'],
      ['2万5千人', 'count', 25000, '人'],
    ]);
    expect(figs('超3亿2000多万元，三亿四千五百万元')).toEqual([
      ['超3亿2000多万元', 'money', 320000000, '元'],
      ['三亿四千五百万元', 'money', 345000000, '元'],
    ]);
    expect(extractFigures('3亿4500万元')[0]!.unitAsWritten).toBe('亿元');
    // Taiwan writes the part after the magnitude with a thousands comma.
    expect(figs(fold('戶籍人口84萬6,530人，收入1亿2,345万元'))).toEqual([
      ['84万6,530人', 'count', 846530, '人'],
      ['1亿2,345万元', 'money', 123450000, '元'],
    ]);
    // Taiwan's 兆 is 万亿 before 亿 or money; 兆瓦 stays a unit.
    expect(figs(fold('名目值為新臺幣25兆4,836億元，合計3兆元，裝機100兆瓦'))).toEqual([
      ['25兆4,836亿元', 'money', 25483600000000, '元'],
      ['3兆元', 'money', 3e12, '元'],
      ['100兆瓦', 'energy', 100, '兆瓦'],
    ]);
  });

  it('reads ratios with ∶ and of several parts, fractions and ranges', () => {
    expect(figs('形成4∶1模式，三次产业结构为6.1∶38.2∶55.7')).toContainEqual(['4∶1', 'ratio', 4, null]);
    expect(figs('三次产业结构为6.1∶38.2∶55.7')).toContainEqual(['6.1∶38.2∶55.7', 'ratio', null, null]);
    expect(figs('约占三分之一，近五分之二以上，八成以上的企业，不到一成，一成不变')).toEqual([
      ['三分之一', 'fraction', 0.3333, null],
      ['近五分之二以上', 'fraction', 0.4, null],
      ['八成以上', 'fraction', 0.8, null],
      ['不到一成', 'fraction', 0.1, null],
    ]);
    expect(figs('增长-3.5%，比上年下降−2.4%，1-10月份')).toEqual([
      ['-3.5%', 'percent', -3.5, '%'],
      ['−2.4%', 'percent', -2.4, '%'],
      ['1-10月份', 'date', 1, '月份'],
    ]);
    expect(figs('投资1.2万-1.5万元，增长10%-15%，工期3~5年')).toEqual([
      ['1.2万-1.5万元', 'money', 12000, '元'],
      ['10%-15%', 'percent', 10, '%'],
      ['3~5年', 'duration', 3, '年'],
    ]);
  });

  it('tells apart words and marks that are not quantities', () => {
    expect(figs('增长率=(本期-上期)÷上期×100%')).toEqual([]);
    expect(figs('表2 2023年主要指标，见图3')).toEqual([['2023年', 'year', 2023, '年']]);
    expect(figs('注：1.规模以上工业统计范围。2、增速按可比价计算。')).toEqual([]);
    expect(figs('全国第一大港，一大批项目，第一产业')).toEqual([]);
    expect(figs('推进九大行业发展，共3.5个')).toEqual([
      ['九大', 'group', 9, '大'],
      ['3.5个', 'count', 3.5, '个'],
    ]);
  });

  it('parses Chinese numbers', () => {
    expect([parseChineseNumber('十六'), parseChineseNumber('两千'), parseChineseNumber('一百零五'), parseChineseNumber('三万五千')]).toEqual([
      16, 2000, 105, 35000,
    ]);
    expect([parseChineseNumber('三亿四千五百万'), parseChineseNumber('一万亿'), parseChineseNumber('两万五千')]).toEqual([345000000, 1e12, 25000]);
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
    // Taiwan's 成長 is a growth; a change of a count may be stated as a rate.
    expect(kinds('觀光產業營業額成長了多少')).toBe('percent');
    expect(analyzeQuestion('海滨步道的旅客人次增加了多少').expect?.kinds).toEqual(['count', 'number', 'percent']);
    // A target asked without a unit is mostly a growth rate.
    expect(kinds('嘉兴今年GDP预期目标')).toBe('percent');
    expect(kinds('今年新增规上企业目标多少家')).toBe('count');
  });

  it('leaves the unit asked in out of the content words', () => {
    const q = analyzeQuestion('新建了多少亩高标准农田');
    expect(q.expect?.kinds).toEqual(['area']);
    expect(q.concepts.map((c) => c.text)).not.toContain('亩高');
    expect(q.terms.map((t) => t.token)).toContain('农田');
    expect(analyzeQuestion('钢材出口多少万吨').terms.map((t) => t.token)).not.toContain('万吨');
  });

  it('gives a paraphrase to the part of an unread run it covers, not to the whole run', () => {
    // 社|零|涨 is one run of single characters; 涨 → 增长 must not cover 社零.
    const q = analyzeQuestion('社零涨了多少');
    const text = q.concepts.map((c) => c.text);
    expect(text).toEqual(['社零', '涨']);
    expect(q.concepts[0]!.alternatives).toEqual([]);
    expect(q.concepts[1]!.alternatives).toContainEqual(['增长']);
  });

  it('reads 经济增长 as the growth of GDP', () => {
    const q = analyzeQuestion('佛山经济增长多少');
    expect(q.synonymTerms).toContain('生产');
    expect(q.synonymTerms).toContain('总值');
  });

  it('takes the year, the script and content words', () => {
    const q = analyzeQuestion('2021年實際使用外資多少？');
    expect(q.year).toBe(2021);
    expect(q.script).toBe('traditional');
    expect(q.terms.map((t) => t.token)).toContain('外资');
    expect(q.terms.map((t) => t.token)).not.toContain('多少');
  });
});

describe('fullYears', () => {
  it('reads a year a question writes with two digits as four, not a count of years', () => {
    expect(fullYears('柏石经开区23年招了多少商')).toBe('柏石经开区2023年招了多少商');
    expect(fullYears('琨江24年底高企多少家')).toBe('琨江2024年底高企多少家');
    for (const text of ['近10年', '用了15年', '10年来', '113年', '20年代']) expect(fullYears(text)).toBe(text);
  });
});

describe('script and tokens', () => {
  it('folds traditional and full-width text, keeping its length', () => {
    expect(fold('雙創園區２０２２')).toBe('双创园区2022');
    expect(fold('雙創園區２０２２')).toHaveLength(8);
    expect(detectScript('雙創園區有多少企業')).toBe('traditional');
    // Hong Kong writes the zero of a year as ○: a year, never a figure to answer with.
    expect(fold('二○二四年十一月')).toBe('二〇二四年十一月');
    expect(extractFigures(fold('二○二四年十一月')).map((f) => f.kind)).not.toContain('number');
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
