import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanSource, dropStraySpaces } from '../../src/engine/clean.ts';
import { damageDocument, expectedParagraphs, type DamageDocumentInput, type DamageTable } from '../support/damage.ts';
import { rowSentence } from '../../src/engine/cleaning/tables.ts';

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

  it('takes a long numbered line standing apart as a heading (二、2025年工作总体要求和目标任务)', () => {
    const text = '某市2025年政府工作报告\n\n一、2024年和“十四五”以来工作回顾\n\n全市地区生产总值7421.6亿元，增长5.8%。\n\n二、2025年工作总体要求和目标任务\n\n地区生产总值增长5.5%左右。\n';
    const doc = cleanSource(text, { id: 'g', file: 'g.txt' });
    expect(doc.sections.map((s) => s.title)).toEqual(['一、2024年和“十四五”以来工作回顾', '二、2025年工作总体要求和目标任务']);
  });

  it('reads the title block of a work report: delivered-at line, speaker with place and office, issuer after its date', () => {
    const report = cleanSource('云陵县2024年政府工作报告\n（2024年1月12日在云陵县第十七届人民代表大会第三次会议上）\n云陵县代县长  林晓岚\n\n各位代表：\n\n全县地区生产总值176.9亿元。\n', { id: 'w', file: 'w.txt' });
    expect(report).toMatchObject({ title: '云陵县2024年政府工作报告', subtitle: '（2024年1月12日在云陵县第十七届人民代表大会第三次会议上）', author: '林晓岚' });
    const summary = cleanSource('柏港综合保税区2023年工作总结\n发布日期：2024-01-18    来源：柏港综合保税区管理委员会\n\n全年进出口总额100亿元。\n', { id: 's', file: 's.txt' });
    expect(summary).toMatchObject({ title: '柏港综合保税区2023年工作总结', byline: '柏港综合保税区管理委员会', date: '2024-01-18' });
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
// A list item: a short line without end punctuation that states a quantity.
const item = fc.tuple(fc.constantFrom('新增城镇就业', '发放救助金', '改造老旧小区', '新建公园', '培训农民'), fc.constantFrom('1260人', '830万元', '12个', '3座', '2400余人'))
  .map(([what, amount]) => what + amount);
const value = fc.integer({ min: 1, max: 99_999 }).map((n) => (n / 10).toFixed(1));
const table: fc.Arbitrary<DamageTable> = fc
  .tuple(fc.uniqueArray(fc.constantFrom('东城区', '西城区', '南湖区', '北塘县', '青石镇'), { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(value, value), { minLength: 4, maxLength: 4 }))
  .map(([labels, values]) => ({
    caption: '表1 2023年各区主要指标',
    header: ['地区', '常住人口（万人）', '增长（%）'],
    rows: labels.map((label, i) => [label, ...values[i]!]),
  }));
const documentInput: fc.Arbitrary<DamageDocumentInput> = fc.record({
  sections: fc.array(
    fc.record(
      { title: heading, paragraphs: fc.array(paragraph, { minLength: 1, maxLength: 3 }), items: fc.array(item, { maxLength: 3 }), table: table },
      { requiredKeys: ['title', 'paragraphs'] },
    ),
    { minLength: 1, maxLength: 4 },
  ),
  byline: fc.constantFrom('张超', '李明', '王小红'),
  lead: paragraph,
});
/** A row as the cleaner reads it, for the expected paragraphs. */
const asRow = (t: DamageTable, row: string[]): string => rowSentence({ caption: t.caption, header: t.header, cells: row, unit: null });

describe('cleanSource property: damage then clean gives the paragraphs back', () => {
  it('recovers paragraphs, list items, table rows, titles and author', () => {
    fc.assert(
      fc.property(documentInput, fc.integer({ min: 1, max: 1_000_000 }), fc.boolean(), (input, seed, double) => {
        const raw = damageDocument(input, { seed, double, noiseSpaceRate: 0.1, columnBreakRate: 0.08 });
        const doc = cleanSource(raw, { id: 'x', file: 'x.txt' });
        const paragraphs = doc.sections.flatMap((s) => s.paragraphs);
        expect(paragraphs).toEqual(expectedParagraphs(input, 'end', asRow));
        // Every table row is kept beside its paragraph.
        expect(doc.sections.flatMap((s) => (s.rows ?? []).filter((r) => r !== null)).length).toBe(input.sections.reduce((n, s) => n + (s.table?.rows.length ?? 0), 0));
        expect(doc.sections.filter((s) => s.kind === 'section').map((s) => s.title)).toEqual(input.sections.map((s) => s.title));
        expect(doc.author).toBe(input.byline);
      }),
      { numRuns: 150, seed: 20261125 },
    );
  });
});

const clean = (text: string, file = 'x.txt') => cleanSource(text, { id: 'x', file });
const paragraphsOf = (doc: ReturnType<typeof clean>) => doc.sections.flatMap((s) => s.paragraphs);

describe('line structure of text files', () => {
  it('keeps a heading and one item per line apart, instead of gluing lines without end punctuation', () => {
    const doc = clean('东山镇2024年工作总结\n\n一、经济发展\n全镇实现地区生产总值86.5亿元，同比增长6.2%。\n二、民生保障\n新增城镇就业1260人\n发放困难群众救助金830万元\n');
    expect(doc.title).toBe('东山镇2024年工作总结');
    expect(doc.sections.map((s) => s.title)).toEqual(['一、经济发展', '二、民生保障']);
    expect(doc.sections[1]!.paragraphs).toEqual(['新增城镇就业1260人', '发放困难群众救助金830万元']);
  });

  it('reads bullets, numbers and 一是 as items of their own, the bullet left out', () => {
    const doc = clean('主要做法：\n- 新增城镇就业1260人\n• 发放救助金830万元\n1. 改造老旧小区12个\n（2）新建公园3座\n①新增学位2400个\n');
    expect(paragraphsOf(doc)).toEqual(['主要做法：', '新增城镇就业1260人', '发放救助金830万元', '1.改造老旧小区12个', '（2）新建公园3座', '①新增学位2400个']);
  });

  it('keeps a numbered heading above lines of one length that each end a clause apart, and reads the list a colon opens as one paragraph', () => {
    const doc = clean(
      '枫陵市2024年政府工作报告\n\n一、2023年工作回顾\n地区生产总值586.3亿元，增长6.8%。一般公共预算收入45.62亿元，增长9.4%，其中税收收入36.27亿元，占比79.5%。\n\n二、2024年发展目标和重点工作\n2024年是实现“十四五”规划目标任务的关键一年。主要预期目标是：\n地区生产总值增长6.5%左右；\n一般公共预算收入增长7%；\n规上工业增加值增长9%；\n固定资产投资增长8%。\n',
    );
    expect(doc.sections.map((s) => s.title)).toEqual(['一、2023年工作回顾', '二、2024年发展目标和重点工作']);
    expect(doc.sections[1]!.paragraphs).toEqual(['2024年是实现“十四五”规划目标任务的关键一年。主要预期目标是：地区生产总值增长6.5%左右；一般公共预算收入增长7%；规上工业增加值增长9%；固定资产投资增长8%。']);
  });

  it('still joins hard-wrapped lines, numbers cut by the wrap and marks pushed to the next line', () => {
    const doc = clean('全年新增企业2400余家，带动就业1.8万余人，实现营业收\n入33.3亿元，同比增长7.3%，其中出口完成30.4亿元，占\n比超过九成。\n');
    expect(paragraphsOf(doc)).toEqual(['全年新增企业2400余家，带动就业1.8万余人，实现营业收入33.3亿元，同比增长7.3%，其中出口完成30.4亿元，占比超过九成。']);
    expect(paragraphsOf(clean('园区入驻企业2400\n余家，带动就业1.8万余人\n'))).toEqual(['园区入驻企业2400余家，带动就业1.8万余人']);
  });
});

describe('titles, bylines and dates', () => {
  it('does not merge the title with the first heading after a blank line', () => {
    const body = '聚焦主导产业发展\n\n全镇主导产业实现产值126亿元，增长9.1%。\n\n培育新兴产业集群\n\n新引进新兴产业项目18个，总投资56亿元。\n';
    const doc = clean(`东山镇2024年发展综述\n\n${body}`);
    expect(doc.title).toBe('东山镇2024年发展综述');
    expect(doc.titleFrom).toBe('title');
    expect(doc.sections.map((s) => s.title)).toEqual(['聚焦主导产业发展', '培育新兴产业集群']);
  });

  it('takes an issuer line under the title as the author, and the date line as the date', () => {
    const doc = clean('青禾县2023年国民经济和社会发展统计公报\n青禾县统计局\n2024年3月15日\n\n2023年，全县经济运行总体平稳。\n\n一、综合\n\n全年地区生产总值412.6亿元。\n');
    expect(doc).toMatchObject({
      title: '青禾县2023年国民经济和社会发展统计公报',
      author: '青禾县统计局',
      byline: '青禾县统计局',
      date: '2024年3月15日',
      period: '2023年',
      year: 2023,
    });
    expect(paragraphsOf(doc)).toEqual(['2023年，全县经济运行总体平稳。', '全年地区生产总值412.6亿元。']);
  });

  it('takes an issuer line naming two bodies, or an issuer with a Minguo year and month, as the author, not as part of the title', () => {
    const two = clean('2023年苓山县国民经济和社会发展统计公报\n苓山县统计局　国家统计局苓山调查队\n2024年3月15日\n\n一、综合\n\n全年地区生产总值305.7亿元。\n');
    expect(two.title).toBe('2023年苓山县国民经济和社会发展统计公报');
    expect(two.author).toContain('国家统计局苓山调查队');
    const minguo = clean('臺東縣113年觀光遊憩統計年報\n臺東縣政府交通及觀光發展處　中華民國114年4月\n\n一、概況\n\n113年遊客人次合計10,386,572人次。\n');
    expect(minguo.title).toBe('臺東縣113年觀光遊憩統計年報');
    expect(minguo.author).toBe('臺東縣政府交通及觀光發展處');
  });

  it('keeps a title line followed directly by the first paragraph out of the paragraph', () => {
    const doc = clean(
      '2024年上半年全市经济运行情况\n上半年，全市地区生产总值完成1268.4亿元，同比增长5.9%，增速比一季度加快0.4个百分\n点，高于全省平均水平0.6个百分点，经济运行呈现稳中有进、持续向好的态势。\n',
    );
    expect(doc.title).toBe('2024年上半年全市经济运行情况');
    expect(doc.period).toBe('2024年上半年');
    expect(paragraphsOf(doc)).toHaveLength(1);
    expect(paragraphsOf(doc)[0]).toMatch(/^上半年，全市地区生产总值完成1268.4亿元/);
  });

  it('reads reporters and 文/ bylines, and a date stated in the subtitle', () => {
    const news = clean('青石镇：直播间里“播”出好日子\n\n本报记者 王磊 通讯员 李晓娜\n\n清晨六点，青石镇的直播间已经开播。\n');
    expect(news).toMatchObject({ title: '青石镇：直播间里“播”出好日子', author: '王磊', byline: '本报记者 王磊 通讯员 李晓娜' });
    const report = clean('松川县2024年政府工作报告\n——2024年1月16日在松川县第十八届人民代表大会第四次会议上\n\n各位代表：\n\n一、2023年工作回顾\n\n全县地区生产总值完成412.6亿元。\n');
    expect(report.title).toBe('松川县2024年政府工作报告');
    expect(report.subtitle).toBe('——2024年1月16日在松川县第十八届人民代表大会第四次会议上');
    expect(report.date).toBe('2024年1月16日');
  });

  it('never takes a table caption for the title', () => {
    const doc = clean('表1 2023年各区主要指标\n地区\t常住人口（万人）\n东城区\t85.2\n西城区\t62.7\n');
    expect(doc.title).toBe('x');
    expect(doc.titleFrom).toBe('file');
    expect(paragraphsOf(doc)[0]).toBe('表1 2023年各区主要指标');
  });
});

describe('tables', () => {
  it('reads tab, space and | separated rows as sentences that carry the row label, the header and the unit', () => {
    const text = [
      '表2 2023年各区主要指标',
      '单位：万人、亿元',
      '地区\t常住人口（万人）\t地区生产总值（亿元）\t增长（%）',
      '东城区\t85.2\t1200\t5.1',
      '西城区    62.7    980.5    4.3',
      '| 南城区 | 40.1 | — | 3.9 |',
    ].join('\n');
    const doc = clean(text);
    const section = doc.sections[0]!;
    expect(section.paragraphs).toEqual([
      '表2 2023年各区主要指标',
      '单位：万人、亿元',
      '东城区：常住人口85.2万人，地区生产总值1200亿元，增长5.1%。',
      '西城区：常住人口62.7万人，地区生产总值980.5亿元，增长4.3%。',
      '南城区：常住人口40.1万人，增长3.9%。',
    ]);
    expect(section.rows?.[2]).toEqual({
      caption: '表2 2023年各区主要指标',
      header: ['地区', '常住人口（万人）', '地区生产总值（亿元）', '增长（%）'],
      cells: ['东城区', '85.2', '1200', '5.1'],
      unit: '万人、亿元',
    });
    expect(section.rows?.slice(0, 2)).toEqual([null, null]);
    expect(doc.warnings).toContain('3 table rows read');
  });

  it('gives a bare value the unit of the table, and keeps a caption apart from the number after it', () => {
    const doc = clean('附表3 2023年主要农产品产量（单位：万吨）\n品种\t产量\t增长%\n粮食\t27.9\t2.3\n茶叶\t1.2\t8.5\n');
    expect(doc.sections[0]!.paragraphs).toEqual(['附表3 2023年主要农产品产量（单位：万吨）', '粮食：产量27.9万吨，增长2.3%。', '茶叶：产量1.2万吨，增长8.5%。']);
  });

  it('reads a traditional-Chinese table', () => {
    const doc = clean('表1　2023年各區主要指標\n單位：萬人\n地區　　常住人口\n東區　　85.2\n西區　　62.7\n');
    expect(doc.sections[0]!.paragraphs.slice(-2)).toEqual(['東區：常住人口85.2萬人。', '西區：常住人口62.7萬人。']);
  });
});

describe('Markdown', () => {
  const md = [
    '# 东山镇2024年工作总结',
    '',
    '## 一、经济发展',
    '',
    '全镇实现地区生产总值**86.5亿元**，同比增长6.2%。[招商引资](https://example.com)签约项目`23`个。',
    '',
    '## 二、民生保障',
    '',
    '- 新增城镇就业1260人',
    '- 发放困难群众救助金830万元',
    '  其中临时救助120万元',
    '',
    '| 街道 | 新增就业（人） |',
    '|---|---|',
    '| 东街 | 520 |',
    '| 西街 | 740 |',
  ].join('\n');

  it('reads headings, strips emphasis, links and code marks, and keeps list items and table rows apart', () => {
    const doc = clean(md, 'town.md');
    expect(doc.title).toBe('东山镇2024年工作总结');
    expect(doc.sections.map((s) => s.title)).toEqual(['一、经济发展', '二、民生保障']);
    expect(doc.sections[0]!.paragraphs).toEqual(['全镇实现地区生产总值86.5亿元，同比增长6.2%。招商引资签约项目23个。']);
    expect(doc.sections[1]!.paragraphs).toEqual([
      '新增城镇就业1260人',
      '发放困难群众救助金830万元',
      '其中临时救助120万元',
      '东街：新增就业520人。',
      '西街：新增就业740人。',
    ]);
  });

  it('reads front matter, and lines of a paragraph as a text file has them', () => {
    const doc = clean('---\ntitle: 东山镇简报\nauthor: 东山镇人民政府\ndate: 2024-05-06\n---\n\n二、民生保障\n新增城镇就业1260人\n发放困难群众救助金830万元\n', 'brief.md');
    expect(doc).toMatchObject({ title: '东山镇简报', author: '东山镇人民政府', date: '2024-05-06' });
    expect(doc.sections.map((s) => s.title)).toEqual(['二、民生保障']);
    expect(paragraphsOf(doc)).toEqual(['新增城镇就业1260人', '发放困难群众救助金830万元']);
  });
});
