import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanSource, dropStraySpaces } from '../../src/engine/clean.ts';
import { damageDocument, expectedParagraphs, type DamageDocumentInput } from '../support/damage.ts';

const seedText = readFileSync(new URL('../../index-data/sources/kaifaqu-2022.txt', import.meta.url), 'utf8');

describe('cleanSource on the seed document', () => {
  const doc = cleanSource(seedText, { id: 'kaifaqu-2022', file: 'kaifaqu-2022.txt' });
  const all = doc.sections.flatMap((s) => s.paragraphs).join('\n');

  it('finds four titled sections and the undoubled lead', () => {
    const titled = doc.sections.filter((s) => s.kind === 'section' && s.title);
    expect(titled.map((s) => s.title)).toEqual([
      '全力建设全市新旧动能转换先行区',
      '创优机制抓招商项目台账再完善',
      '城乡建设投入不断加大基础设施成效显著',
      '深化“放管服”改革推进“一次办好”',
    ]);
    const lead = doc.sections.filter((s) => s.kind === 'lead');
    expect(lead).toHaveLength(1);
    expect(lead[0]!.paragraphs[0]).toMatch(/^今年以来，在聊城市委、市政府的坚强领导下/);
    expect(lead[0]!.paragraphs[0]).toContain('组建了十六个工作专班');
  });

  it('takes the byline as the author and the year from the file name', () => {
    expect(doc.author).toBe('张超');
    expect(doc.year).toBe(2022);
    expect(all).not.toContain('文/张超');
  });

  it('keeps every figure intact', () => {
    for (const figure of ['2400余家', '30.4亿元', '1.8万余人', '2‰', '33.3亿元', '14.37亿元', '13.58%', '421万平方米', '9个月', '6个多月']) {
      expect(all).toContain(figure);
    }
  });

  it('joins column breaks and keeps genuine reduplication', () => {
    expect(all).toContain('目前建成区面积达到30平方公里。');
    expect(all).toContain('加快乡村振兴示范片区建设');
    expect(all).toContain('城市建设欣欣向荣');
    expect(all).toContain('“村村通”、“户户通”');
    expect(all).not.toMatch(/全全|力力|亿亿/);
  });

  it('keeps Chinese punctuation as written', () => {
    expect(all).toContain('目前，“双创”园区入驻企业2400余家，');
  });
});

describe('dropStraySpaces', () => {
  it('drops spaces inside numbers and Chinese but keeps them between Latin words', () => {
    expect(dropStraySpaces('1 . 8万 余人')).toBe('1.8万余人');
    expect(dropStraySpaces('Windows 10 系统')).toBe('Windows 10系统');
  });
});

describe('cleanSource on other kinds of damage', () => {
  it('reads a clean file with one paragraph per line and a title', () => {
    const text = '2023年工作报告\n全年新增企业300家，比上年增长12%，其中高新技术企业52家。\n城镇新增就业1.2万人。\n';
    const doc = cleanSource(text, { id: 'r', file: 'r.txt' });
    expect(doc.title).toBe('2023年工作报告');
    expect(doc.year).toBe(2023);
    expect(doc.sections[0]!.paragraphs).toEqual(['全年新增企业300家，比上年增长12%，其中高新技术企业52家。', '城镇新增就业1.2万人。']);
  });

  it('keeps page numbers of PDF pages and drops page-number lines', () => {
    const doc = cleanSource(['第一部分\n\n全年新增企业300家，比上\n年增长5%。\n- 1 -', '城镇新增就业1.2万人。\n2'], { id: 'p', file: 'p.pdf' });
    const section = doc.sections[0]!;
    expect(section.paragraphs).toEqual(['全年新增企业300家，比上年增长5%。', '城镇新增就业1.2万人。']);
    expect(section.pages).toEqual([1, 2]);
  });

  it('handles full-width digits and a traditional document', () => {
    const doc = cleanSource('全年新設企業１．８６萬家，比上年增長１２．７％。', { id: 't', file: 't.txt' });
    expect(doc.script).toBe('traditional');
    expect(doc.sections[0]!.paragraphs[0]).toBe('全年新設企業1.86萬家，比上年增長12.7%。');
  });
});

// Property: clean Chinese text, damaged like a fake-bold PDF, comes back paragraph for paragraph.
const phrase = fc.constantFrom(
  '全市', '新增企业', '常常', '人人参与', '天天向上', '欣欣向荣', '村村通', '谢谢大家', '看看', '产业园区', '城乡建设',
  '完成投资', '同比增长', '实现营业收入', '带动就业', '“双创”基地', '《规划方案》', '重点项目',
);
const figure = fc.constantFrom('2400余家', '33.3亿元', '7.3%', '1.8万余人', '2‰', '十六个', '30平方公里', '9个月', '4对1', '每2周', '3倍', '2021年');
const clause = fc.tuple(fc.array(phrase, { minLength: 1, maxLength: 3 }), fc.option(figure, { nil: undefined })).map(
  ([words, fig]) => words.join('') + (fig ?? ''),
);
const sentence = fc.tuple(fc.array(clause, { minLength: 1, maxLength: 4 }), fc.constantFrom('。', '！', '？', '；', '。”'))
  .map(([clauses, end]) => (end === '。”' ? '“' : '') + clauses.join('，') + end);
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.join(''));
const heading = fc.array(fc.constantFrom('深化改革', '扩大开放', '项目建设', '民生改善', '招商引资', '创新驱动'), { minLength: 2, maxLength: 3 }).map((w) => w.join(''));
const documentInput: fc.Arbitrary<DamageDocumentInput> = fc.record({
  sections: fc.array(fc.record({ title: heading, paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 4 }),
  byline: fc.constantFrom('张超', '李明', '王小红'),
  lead: paragraph,
});

describe('cleanSource property: damage then clean gives the paragraphs back', () => {
  it('recovers paragraphs, titles and author', () => {
    fc.assert(
      fc.property(documentInput, fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (input, seed, double) => {
        const raw = damageDocument(input, { seed, double, noiseSpaceRate: 0.1, columnBreakRate: 0.08 });
        const doc = cleanSource(raw, { id: 'x', file: 'x.txt' });
        const paragraphs = doc.sections.flatMap((s) => s.paragraphs);
        expect(paragraphs).toEqual(expectedParagraphs(input));
        expect(doc.sections.filter((s) => s.kind === 'section').map((s) => s.title)).toEqual(input.sections.map((s) => s.title));
        expect(doc.author).toBe(input.byline);
      }),
      { numRuns: 150, seed: 20261125 },
    );
  });
});
