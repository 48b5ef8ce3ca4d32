import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { PostingLists } from '../../src/engine/postings.ts';
import { DataDirError } from '../../src/engine/errors.ts';
import { LOW_CONFIDENCE } from '../../src/engine/ranking.ts';
import { judge, parseQuestions } from '../../src/engine/evaluate.ts';

const root = new URL('../../', import.meta.url).pathname;
const temp: string[] = [];
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

/** A private copy of a data folder, so tests never write into the repository. */
function copyData(from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wenda-engine-'));
  temp.push(dir);
  cpSync(join(from, 'sources'), join(dir, 'sources'), { recursive: true });
  return dir;
}

/** A data folder of the given sources (file name → text) in a temporary directory. */
function folderOf(sources: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'wenda-sources-'));
  temp.push(dir);
  mkdirSync(join(dir, 'sources'));
  for (const [file, text] of Object.entries(sources)) writeFileSync(join(dir, 'sources', file), text);
  return dir;
}

describe('Engine.ask', () => {
  let engine: Engine;
  it('opens the seed', async () => {
    engine = await Engine.open(copyData(join(root, 'index-data')));
    expect(engine.stats()).toMatchObject({ documents: 1, sections: 5 });
  });

  it('returns the figure with value, unit and source', async () => {
    const answer = (await engine.ask('双创园区有多少企业'));
    expect(answer.found).toBe(true);
    expect(answer.best?.figure).toEqual({ text: '2400余家', value: 2400, unit: '家' });
    expect(answer.best?.section).toBe('深化“放管服”改革推进“一次办好”');
    expect(answer.best?.document).toBe('全力建设全市新旧动能转换先行区');
    // One clear answer, no other figure close: stated, not offered as possibly related.
    expect(answer.confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
  });

  it('reads 一年 as the year a figure is of, not a word the passage must hold (双创园区一年交多少税)', async () => {
    expect((await engine.ask('双创园区一年交多少税')).best?.figure?.text).toBe('超4亿元');
  });

  it('finds ratios, frequencies, multiples, per-mille and ordinal groups', async () => {
    expect((await engine.ask('帮包推进模式是几对几')).best?.figure?.text).toBe('4对1');
    expect((await engine.ask('党工委多久进行一次专题调度')).best?.figure?.text).toBe('每2周');
    expect((await engine.ask('最多可以发放几倍月工资')).best?.figure?.text).toBe('3倍');
    expect((await engine.ask('引入投资1亿元以上项目按投资额的千分之几奖励')).best?.figure?.text).toBe('2‰');
    expect((await engine.ask('全面推进几大重点工作')).best?.figure?.text).toBe('九大');
  });

  it('tells 出口 from 进出口 and a share from an amount', async () => {
    expect((await engine.ask('开发区出口完成了多少')).best?.figure?.text).toBe('30.4亿元');
    expect((await engine.ask('招商奖励按投资额的多少给')).best?.figure?.text).toBe('2‰');
  });

  it('accepts synonyms and years in Chinese digits', async () => {
    expect((await engine.ask('双创园区有多少公司')).best?.figure?.text).toBe('2400余家');
    expect((await engine.ask('二〇二二年双创园区有多少企业')).best?.figure?.text).toBe('2400余家');
  });

  it('returns alternatives with stable passage ids', async () => {
    const answer = (await engine.ask('开发区进出口', { limit: 4 }));
    expect(answer.alternatives.length).toBeGreaterThan(0);
    for (const c of [answer.best!, ...answer.alternatives]) expect(engine.passage(c.passageId)?.passage).toBe(c.passage);
  });

  it('says honestly when the documents do not answer', async () => {
    for (const q of ['今天天气怎么样', '比特币现在多少钱', '你好', '北京有多少人口', '开发区有多少家银行', '', '   ', '😀😀', '<script>alert(1)</script>']) {
      const answer = (await engine.ask(q));
      expect(answer.found, q).toBe(false);
      expect(answer.best).toBeNull();
    }
  });

  it('answers a question of 4096 characters without failing', async () => {
    const answer = (await engine.ask('双创园区有多少企业'.repeat(455)));
    expect(answer.question.length).toBeGreaterThan(4000);
  });
});

describe('documents that never name what they are about', () => {
  it('answer for an entity no document is about, though another names it in passing', async () => {
    const engine = await Engine.open(folderOf({
      'trade-2024-11.txt': '二○二四年十一月對外商品貿易統計數字\n\n政府統計處今日發表的數字顯示，二○二四年十一月商品整體出口貨值為3,896億元，較二○二三年同月上升9.1%。本港貿易表現理想。\n',
      'shenzhen-2024.txt': '深圳市2024年外贸概况\n\n全市出口总额2.45万亿元，其中对香港出口4200亿元。\n',
    }));
    const answer = await engine.ask('香港2024年11月商品整體出口貨值係幾多？', { now: new Date('2025-03-01') });
    expect(answer.best?.figure?.text).toBe('3,896億元');
  });
});

describe('short forms the segmenter cut in two', () => {
  it('read 规上涨 as 规上 (规模以上) and 涨, though one document writes 规上 itself', async () => {
    const engine = await Engine.open(folderOf({
      'bengbu-2024.txt': '蚌埠市2024年国民经济和社会发展统计公报\n\n一、工业\n\n全年规模以上工业增加值比上年增长6.8%。居民消费价格上涨0.1%。\n',
      'jiujiang-2024.txt': '九江市2024年国民经济和社会发展统计公报\n\n一、工业\n\n全年规上工业增加值增长5.1%。\n',
    }));
    expect((await engine.ask('蚌埠去年规上涨了多少', { now: new Date('2025-04-15') })).best?.figure?.text).toBe('6.8%');
  });
});

describe('several documents about one entity', () => {
  it('know which has a later one beside it (asked with no time, a reader means the latest)', async () => {
    const engine = await Engine.open(folderOf({
      'fengling-2024.txt': '2024年枫陵市政府工作报告\n\n一、2023年工作回顾\n\n高新技术企业总数达238家。\n',
      'fengling-2025.txt': '2025年枫陵市政府工作报告\n\n一、2024年工作回顾\n\n高新技术企业达到276家。\n',
      'baisha-2024.txt': '2024年白沙县政府工作报告\n\n一、2023年工作回顾\n\n高新技术企业总数达54家。\n',
    }));
    const later = engine.documents.map((d, i) => [d.id, engine.model.hasLater(i)]);
    expect(Object.fromEntries(later)).toEqual({ 'fengling-2024': true, 'fengling-2025': false, 'baisha-2024': false });
  });
});

describe('documents about an area inside another', () => {
  it('are about the inner area (东湖区梅岭街道 is 梅岭街道, in 东湖区), and never answer for the outer one', async () => {
    const engine = await Engine.open(folderOf({
      'meiling-2024.txt': '东湖区梅岭街道2024年工作总结\n\n一、主要工作\n\n全年实现辖区税收4.87亿元，同比增长6.2%；加装电梯41部。\n',
      'qingshui-2024.txt': '白沙县清水镇2024年工作总结\n\n一、主要工作\n\n全年实现财政收入1.26亿元，加装电梯12部。\n',
    }));
    const now = new Date('2025-05-10');
    expect((await engine.ask('梅岭去年加装电梯多少部', { now })).best?.figure?.text).toBe('41部');
    expect((await engine.ask('清水镇去年加装电梯多少部', { now })).best?.figure?.text).toBe('12部');
    expect((await engine.ask('东湖区梅岭街道税收多少', { now })).best?.figure?.text).toBe('4.87亿元');
    expect((await engine.ask('东湖区去年税收多少', { now })).found).toBe(false);
  });
});

describe('work reports written before the final figures of the year', () => {
  it('read 预计全年… in the review as the result of that year, not a target', async () => {
    const engine = await Engine.open(folderOf({
      'lingshan-2025.txt': '苓山县2025年政府工作报告\n\n一、2024年工作回顾\n\n预计全县地区生产总值达到323.5亿元，增长5.6%。\n\n二、2025年主要目标\n\n地区生产总值增长6%左右。\n',
    }));
    const answer = await engine.ask('苓山县去年GDP多少', { now: new Date('2025-03-01') });
    expect(answer.best?.figure?.text).toBe('323.5亿元');
    expect((await engine.ask('苓山县今年GDP目标', { now: new Date('2025-03-01') })).best?.figure?.text).toBe('6%左右');
  });
});

describe('documents whose place stands only under the title', () => {
  it('read the place from the delivered-at line and the speaker (政府工作报告 / ——…在云枫县…会议上 / 云枫县人民政府县长)', async () => {
    const engine = await Engine.open(folderOf({
      'yunfeng-2025.txt': '政府工作报告\n——2025年1月8日在云枫县第十八届人民代表大会第五次会议上\n云枫县人民政府县长  周启明\n\n一、2024年工作回顾\n\n地区生产总值达到331.8亿元、增长5.8%。\n',
      'fengling-2025.txt': '枫陵市人民政府工作报告\n——2025年1月14日在枫陵市第十七届人民代表大会第五次会议上\n\n一、2024年工作回顾\n\n全市实现地区生产总值618.9亿元，增长6.2%。\n',
    }));
    const now = new Date('2025-03-20');
    expect((await engine.ask('云枫去年GDP总量', { now })).best?.figure?.text).toBe('331.8亿元');
    expect((await engine.ask('枫陵去年GDP多少', { now })).best?.figure?.text).toBe('618.9亿元');
  });

  it('read a city the segmenter takes for a word from the title after its time and from the issuer (岳川市统计局)', async () => {
    const engine = await Engine.open(folderOf({
      'yuechuan-2025m4.txt': '2025年1—4月岳川市规模以上工业生产情况\n岳川市统计局　2025年5月9日\n\n1—4月，全市规模以上工业增加值同比增长7.3%。\n',
      'baisha-2025m4.txt': '2025年1—4月白沙县规模以上工业生产情况\n白沙县统计局　2025年5月9日\n\n1—4月，全县规模以上工业增加值同比增长4.4%。\n',
    }));
    const now = new Date('2025-05-10');
    expect((await engine.ask('岳川1-4月规上工业增加值增长多少', { now })).best?.figure?.text).toBe('7.3%');
    expect((await engine.ask('白沙1-4月规上工业增加值增长多少', { now })).best?.figure?.text).toBe('4.4%');
  });
});

describe('Engine.open', () => {
  it('persists the index and loads it when sources are unchanged', async () => {
    const dir = copyData(join(root, 'index-data'));
    const first = await Engine.open(dir);
    expect(existsSync(join(dir, 'sections.json'))).toBe(true);
    expect(existsSync(join(dir, 'index', 'current.json'))).toBe(true);
    const logs: string[] = [];
    const second = await Engine.open(dir, { log: (_l, m) => logs.push(m), onProgress: () => logs.push('progress') });
    expect(logs).toEqual([]);
    expect(second.sourcesHash).toBe(first.sourcesHash);
    expect((await second.ask('双创园区有多少企业')).best?.figure?.text).toBe('2400余家');
  });

  it('rebuilds when a source changes, and after a corrupt index with one clear line', async () => {
    const dir = copyData(join(root, 'index-data'));
    const first = await Engine.open(dir);
    writeFileSync(join(dir, 'sources', 'extra.txt'), '2023年新区报告\n全年新增企业300家，比上年增长12%，其中高新技术企业52家。\n');
    const second = await Engine.open(dir);
    expect(second.sourcesHash).not.toBe(first.sourcesHash);
    expect((await second.ask('2023年新区全年新增企业多少家')).best?.figure?.text).toBe('300家');
    const pointer = JSON.parse(readFileSync(join(dir, 'index', 'current.json'), 'utf8')) as { dir: string };
    const chunk = readdirSync(join(dir, 'index', pointer.dir))[0]!;
    writeFileSync(join(dir, 'index', pointer.dir, chunk), '{not json');
    const logs: string[] = [];
    const third = await Engine.open(dir, { log: (_l, m) => logs.push(m) });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/corrupt or partial.*rebuilding/);
    expect((await third.ask('双创园区有多少企业')).best?.figure?.text).toBe('2400余家');
  });

  it('rebuilds when the saved sentence layout does not fit the documents', async () => {
    const dir = copyData(join(root, 'index-data'));
    await Engine.open(dir);
    const pointer = JSON.parse(readFileSync(join(dir, 'index', 'current.json'), 'utf8')) as { dir: string };
    writeFileSync(join(dir, 'index', pointer.dir, 'layout.i32'), Buffer.from([1, 0, 0, 0, 9, 9, 9]));
    const logs: string[] = [];
    const engine = await Engine.open(dir, { log: (_l, m) => logs.push(m) });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/corrupt or partial/);
    expect((await engine.ask('双创园区有多少企业')).best?.figure?.text).toBe('2400余家');
  });

  it('names broken files and still indexes the others', async () => {
    const dir = copyData(join(root, 'index-data'));
    writeFileSync(join(dir, 'sources', 'empty.txt'), '');
    writeFileSync(join(dir, 'sources', 'binary.txt'), Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0]));
    const engine = await Engine.open(dir, { persist: false });
    expect(engine.problems.map((p) => p.file).sort()).toEqual(['binary.txt', 'empty.txt']);
    expect((await engine.ask('双创园区有多少企业')).found).toBe(true);
  });

  it('refuses a folder without sources with a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wenda-empty-'));
    temp.push(dir);
    await expect(Engine.open(join(dir, 'missing'))).rejects.toThrow(DataDirError);
    await expect(Engine.open(dir)).rejects.toThrow(/no sources/);
    mkdirSync(join(dir, 'sources'));
    await expect(Engine.open(dir)).rejects.toThrow(/no \.txt, \.md or \.pdf/);
  });
});

describe('index-data/sections.json', () => {
  it('is up to date with the sources (run `npm run index` after changing them)', async () => {
    const committed = JSON.parse(readFileSync(join(root, 'index-data', 'sections.json'), 'utf8')) as { documents: unknown };
    const fresh = await Engine.open(copyData(join(root, 'index-data')), { persist: false, rebuild: true });
    expect(committed.documents).toEqual(JSON.parse(JSON.stringify(fresh.documents)));
  });
});

describe('candidate retrieval', () => {
  it('ranks paragraphs by IDF over posting lists, deterministically, and ignores unknown tokens', async () => {
    const engine = await Engine.open(copyData(join(root, 'test/fixtures/docs/multi-year')), { persist: false });
    const postings = PostingLists.build(engine.index.records(engine.model));
    const search = (tokens: string[]): number[] =>
      engine.index.rank(tokens.filter((t) => postings.documentFrequency(t) > 0).map((t) => ({ ids: postings.list(t), df: postings.documentFrequency(t) })), 5);
    const tokens = ['新增', '就业', 'y2022', '不存在的词'];
    const first = search(tokens);
    expect(first.length).toBeGreaterThan(0);
    expect(search(tokens)).toEqual(first);
    expect(search([])).toEqual([]);
    expect(search(['不存在的词'])).toEqual([]);
    const doc = engine.documents[engine.index.paragraphs[first[0]!]!.doc]!;
    expect(doc.year).toBe(2022);
  });
});

describe('source hashing', () => {
  it('notices a changed source even when its size stays the same', async () => {
    const dir = copyData(join(root, 'index-data'));
    writeFileSync(join(dir, 'sources', 'a.txt'), '新区报告\n全年新增企业300家，比上年增长12%。\n');
    const first = await Engine.open(dir);
    writeFileSync(join(dir, 'sources', 'a.txt'), '新区报告\n全年新增企业400家，比上年增长12%。\n');
    const second = await Engine.open(dir);
    expect(second.sourcesHash).not.toBe(first.sourcesHash);
    expect((await second.ask('新区全年新增企业多少家')).best?.figure?.text).toBe('400家');
  });
});
