import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computedChange, statedChange } from '../../src/engine/compare-change.ts';
import { planComparison, periodKey, periodLabel } from '../../src/engine/compare-plan.ts';
import { Engine } from '../../src/engine/engine.ts';
import { extractFigures } from '../../src/engine/figures.ts';
import type { Answer } from '../../src/engine/types.ts';

const root = new URL('../../', import.meta.url).pathname;
const folder = (name: string): string => join(root, 'test/fixtures/compare', name);
const engines = new Map<string, Promise<Engine>>();
const open = (name: string): Promise<Engine> => {
  if (!engines.has(name)) engines.set(name, Engine.open(folder(name), { persist: false }));
  return engines.get(name)!;
};

/** The day the zones and county questions are imagined asked. */
const ZONES_DAY = new Date(2025, 2, 1, 12);
const COUNTY_DAY = new Date(2025, 2, 15, 12);
const TW_DAY = new Date(2025, 3, 10, 12);

/** Items as [entity, period, figure or gap]. */
const rows = (answer: Answer): [string | null, string | null, string][] =>
  answer.items.map((i) => [i.entity, i.period, i.answer?.figure?.text ?? `(${i.gap?.reason})`]);

describe('planComparison: which questions need several figures', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await open('zones');
  });
  const plan = (q: string) => planComparison(q, engine.model, ZONES_DAY);

  it('reads named entities, collective kinds, rankings, series and differences', () => {
    expect(plan('枫港经开区和宁峪高新区2024年地区生产总值各多少')).toMatchObject({
      kind: 'comparison',
      entities: [{ core: '枫港' }, { core: '宁峪' }],
      periods: [{ year: 2024, span: null }],
      order: null,
      core: '地区生产总值多少',
    });
    const ranking = plan('哪个开发区去年规上工业增加值增长最快')!;
    expect(ranking).toMatchObject({ kind: 'comparison', collective: true, order: 'desc', periods: [{ year: 2024 }], core: '规上工业增加值增长多少' });
    expect(ranking.entities.map((e) => e.core).sort()).toEqual(['宁峪', '枫港', '石湾']);
    // 园区 names no entity's kind as written: every zone of the family.
    expect(plan('各园区2024年进出口总额排名')!.entities).toHaveLength(4);
    expect(plan('枫港经开区近三年GDP')).toMatchObject({ kind: 'series', periods: [{ year: 2022 }, { year: 2023 }, { year: 2024 }] });
    expect(plan('枫港经开区GDP这两年各多少')).toMatchObject({ kind: 'series', periods: [{ year: 2023 }, { year: 2024 }] });
    expect(plan('宁峪高新区历年研发投入强度')).toMatchObject({ kind: 'series', periods: null });
    expect(plan('枫港2023年高新技术企业比上年多了多少家')).toMatchObject({ change: 'period', periods: [{ year: 2022 }, { year: 2023 }], core: '高新技术企业多少家' });
    expect(plan('枫港经开区高新技术企业比去年多了多少')).toMatchObject({ change: 'period', periods: null, base: { offset: 1 } });
    expect(plan('宁峪高新区比石湾开发区去年GDP多多少')).toMatchObject({ change: 'entity', entities: [{ core: '宁峪' }, { core: '石湾' }] });
    expect(plan('枫港经开区2022年和2023年进出口各多少')).toMatchObject({ periods: [{ year: 2022 }, { year: 2023 }], core: '进出口多少' });
  });

  it('reads a group by its count (这三个开发区, 这几个区) and which one has more (哪个多, 谁增长快) as a ranking of every entity of the kind', () => {
    const three = plan('这三个开发区去年进出口哪个多')!;
    expect(three).toMatchObject({ kind: 'comparison', collective: true, order: 'desc', periods: [{ year: 2024 }] });
    expect(three.entities.map((e) => e.core).sort()).toEqual(['宁峪', '枫港', '石湾']);
    expect(plan('三个开发区去年GDP谁增长快')).toMatchObject({ collective: true, order: 'desc' });
    expect(plan('这几个开发区2024年进出口各多少')).toMatchObject({ collective: true, order: null });
    // 哪个 asking for no figure, or 多 inside a word, is no ranking.
    expect(plan('枫港经开区属于哪个区')).toBeNull();
    expect(plan('谁的高新技术企业最多')).toMatchObject({ core: '高新技术企业多少' });
  });

  it('leaves one-figure questions alone: one entity and period, a stated rate, a total over years, a name', () => {
    for (const q of [
      '枫港经开区2024年GDP多少',
      '枫港经开区进出口比上年增长了多少',
      '宁峪研发投入强度比上年提高了几个百分点',
      '枫港经开区近三年累计新增入驻企业多少家',
      '枫港经开区2022—2024年累计实际使用外资多少',
      '临渚综保区属于哪个市',
      '规模以上工业增加值第一产业',
    ]) {
      expect(plan(q), q).toBeNull();
    }
  });

  it('reads lists typed quickly: names side by side, bare years, a count of the places, 谁…最', () => {
    expect(plan('枫港宁峪2024年GDP各多少')).toMatchObject({ entities: [{ core: '枫港' }, { core: '宁峪' }], core: 'gdp多少' });
    expect(plan('2023、2024年枫港经开区GDP各多少')!.periods).toEqual([{ year: 2023, span: null }, { year: 2024, span: null }]);
    expect(plan('枫港、宁峪、石湾三区2024年GDP')).toMatchObject({ entities: [{}, {}, {}], core: 'gdp多少' });
    expect(plan('谁的高新技术企业最多')).toMatchObject({ collective: true, order: 'desc', core: '高新技术企业多少' });
    // Side by side without asking for each, two names are one thing (宁波舟山港).
    expect(plan('枫港宁峪合作园区有多少企业')).toBeNull();
  });

  it('spreads one period of months over the years named (2024年和2025年一季度)', () => {
    expect(plan('枫港2023年和2024年一季度GDP各多少')!.periods).toEqual([
      { year: 2023, span: { from: 1, to: 3 } },
      { year: 2024, span: { from: 1, to: 3 } },
    ]);
  });

  it('names periods as items do and as readers read them', () => {
    expect(periodKey({ year: 2024, span: null })).toBe('2024');
    expect(periodKey({ year: 2024, span: { from: 1, to: 3 } })).toBe('2024Q1');
    expect(periodKey({ year: 2024, span: { from: 1, to: 6 } })).toBe('2024H1');
    expect(periodKey({ year: 2024, span: { from: 1, to: 5 } })).toBe('2024M1-5');
    expect(periodLabel('2024Q1')).toBe('2024年一季度');
    expect(periodLabel('2024M1-5')).toBe('2024年1—5月');
    expect(periodLabel('2023')).toBe('2023年');
  });
});

describe('differences: stated or computed', () => {
  const figure = (sentence: string, text: string) => extractFigures(sentence).find((f) => f.text === text)!;

  it('finds a change stated right after a figure, not another indicator', () => {
    const s = '高新技术企业总数达到168家，比上年增加23家。';
    expect(statedChange(s, figure(s, '168家'))).toMatchObject({ direction: 'up', absolute: true, figure: { text: '23家' } });
    const t = '本市113年底户籍人口84万6,530人，较112年底增加4,414人。';
    expect(statedChange(t, figure(t, '84万6,530人'))).toMatchObject({ absolute: true, figure: { text: '4,414人' } });
    const rate = '粮食总产量21.9万吨，比上年减少0.2万吨。';
    expect(statedChange(rate, figure(rate, '21.9万吨'))).toMatchObject({ direction: 'down', figure: { text: '0.2万吨' } });
    const other = '外贸进出口总额322.4亿元，其中出口207.5亿元，增长8.1%。';
    expect(statedChange(other, figure(other, '322.4亿元'))).toBeNull();
  });

  it('computes in the unit the documents write, only between comparable figures', () => {
    const a = extractFigures('26310.5亿元')[0]!;
    const b = extractFigures('7250.3亿元')[0]!;
    expect(computedChange(b, a)).toMatchObject({ text: '19060.2亿元', direction: 'up', unit: '元', approximate: false });
    expect(computedChange(extractFigures('2400余家')[0]!, extractFigures('2600家')[0]!)).toMatchObject({ text: '200家', approximate: true });
    expect(computedChange(extractFigures('8.6%')[0]!, extractFigures('7.1%')[0]!)).toMatchObject({ text: '1.5个百分点', direction: 'down', unit: '百分点' });
    expect(computedChange(extractFigures('322.4亿元')[0]!, extractFigures('52.3亿美元')[0]!)).toBeNull();
    expect(computedChange(extractFigures('1.2万-1.5万元')[0]!, extractFigures('2万元')[0]!)).toBeNull();
  });
});

describe('Engine.ask: comparisons and series', () => {
  it('lists each entity with its own figure and source', async () => {
    const engine = await open('zones');
    const answer = await engine.ask('枫港经开区和宁峪高新区2024年地区生产总值各多少', { now: ZONES_DAY });
    expect(answer).toMatchObject({ kind: 'comparison', found: true, best: null, alternatives: [] });
    expect(rows(answer)).toEqual([
      ['枫港经开区', '2024', '467.3亿元'],
      ['宁峪高新区', '2024', '381.5亿元'],
    ]);
    expect(answer.items[0]!.answer).toMatchObject({ documentId: 'fenggang-2024', document: '枫港经济技术开发区2024年工作总结', section: '一、综合实力' });
    expect(answer.items[1]!.answer!.documentId).toBe('ningyu-2024');
  });

  it('names a year no document covers and never fills it with another year', async () => {
    const engine = await open('zones');
    const answer = await engine.ask('石湾开发区近三年地区生产总值各多少', { now: ZONES_DAY });
    expect(answer.kind).toBe('series');
    expect(rows(answer)).toEqual([
      ['石湾开发区', '2022', '198.7亿元'],
      ['石湾开发区', '2023', '(not-found)'],
      ['石湾开发区', '2024', '221.4亿元'],
    ]);
    const none = await engine.ask('临渚综保区2022年和2023年进出口各多少', { now: ZONES_DAY });
    expect(none).toMatchObject({ kind: 'comparison', found: false });
    expect(rows(none)).toEqual([
      ['临渚综保区', '2022', '(not-found)'],
      ['临渚综保区', '2023', '(not-found)'],
    ]);
  });

  it('ranks only comparable figures: another unit is named and left out', async () => {
    const engine = await open('zones');
    const answer = await engine.ask('各园区2024年进出口总额排名', { now: ZONES_DAY });
    expect(answer.order).toBe('desc');
    expect(rows(answer).map((r) => r.slice(0, 1).concat(r[2]))).toEqual([
      ['临渚综合保税区', '612.8亿元'],
      ['枫港经济技术开发区', '322.4亿元'],
      ['石湾经济开发区', '97.5亿元'],
      ['宁峪高新技术产业开发区', '(unit)'],
    ]);
    expect(answer.items[3]!.gap!.figure!.figure!.text).toBe('52.3亿美元');
  });

  it('prefers a change a document states, and marks a computed one', async () => {
    const zones = await open('zones');
    const stated = await zones.ask('枫港2023年高新技术企业比上年多了多少家', { now: ZONES_DAY });
    expect(rows(stated)).toEqual([
      ['枫港', '2022', '145家'],
      ['枫港', '2023', '168家'],
    ]);
    expect(stated.changes).toEqual([expect.objectContaining({ from: 0, to: 1, figure: '23家', value: 23, basis: 'stated', direction: 'up' })]);
    // The stated change is the one figure asked for: old clients read it as the best answer.
    expect(stated.best).toMatchObject({ figure: { text: '23家' }, passage: expect.stringContaining('比上年增加23家') });

    const county = await open('county');
    const computed = await county.ask('梧岭县规上工业企业比上年增加了多少家', { now: COUNTY_DAY });
    expect(rows(computed)).toEqual([
      ['梧岭县', '2023', '171家'],
      ['梧岭县', '2024', '183家'],
    ]);
    expect(computed.changes).toEqual([expect.objectContaining({ figure: '12家', basis: 'computed', sameDocument: false, source: null })]);
    expect(computed.best).toBeNull();
  });

  it('lists every year the documents state, the gaps between them, and no target', async () => {
    const engine = await open('county');
    const answer = await engine.ask('梧岭历年建成区面积', { now: COUNTY_DAY });
    expect(rows(answer)).toEqual([
      ['梧岭', '2021', '18.6平方公里'],
      ['梧岭', '2022', '19.4平方公里'],
      ['梧岭', '2023', '20.3平方公里'],
    ]);
    // A year between two the documents state is named as a gap.
    const visitors = await engine.ask('梧岭县历年接待游客人次', { now: COUNTY_DAY });
    expect(rows(visitors).map((r) => `${r[1]} ${r[2]}`)).toEqual(['2021 312万人次', '2022 (not-found)', '2023 458万人次', '2024 503万人次']);
  });

  it('answers traditional documents and questions with Minguo years', async () => {
    const engine = await open('tw-counties');
    const answer = await engine.ask('哪個縣市113年失業率最高', { now: TW_DAY });
    expect(answer).toMatchObject({ script: 'traditional', order: 'desc' });
    expect(rows(answer).map((r) => r[2])).toEqual(['3.9%', '3.5%', '3.3%']);
    expect(answer.items.map((i) => i.period)).toEqual(['2024', '2024', '2024']);
    const change = await engine.ask('嘉泉市113年人口比112年多了多少', { now: TW_DAY });
    expect(change.changes).toEqual([expect.objectContaining({ figure: '4,414人', basis: 'stated' })]);
  });

  it('asks at most 40 single-slot questions and says how many entities it left out', async () => {
    const cities = (JSON.parse(readFileSync(join(root, 'src/engine/gazetteer.json'), 'utf8')) as { provinces: { cities: string[] }[] }).provinces.flatMap((p) => p.cities).slice(0, 45);
    const dir = mkdtempSync(join(tmpdir(), 'wenda-compare-many-'));
    try {
      mkdirSync(join(dir, 'sources'));
      cities.forEach((city, i) => writeFileSync(join(dir, 'sources', `c${i}.txt`), `${city}市2024年统计公报\n\n一、综合\n\n全年全市实现地区生产总值${1000 + i}.5亿元，比上年增长5.1%。\n`));
      const engine = await Engine.open(dir, { persist: false });
      const answer = await engine.ask('2024年各市地区生产总值排名');
      expect(answer.items).toHaveLength(40);
      expect(answer.omitted).toBe(5);
      const values = answer.items.map((i) => i.answer!.figure!.value!);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still answers one-figure questions as before', async () => {
    const engine = await open('county');
    const answer = await engine.ask('梧岭县2022年一般公共预算收入', { now: COUNTY_DAY });
    expect(answer).toMatchObject({ kind: 'single', items: [], found: true, best: { figure: { text: '12.07亿元' } } });
  });
});
