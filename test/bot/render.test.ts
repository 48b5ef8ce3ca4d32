import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, Candidate, CleanDocument } from '../../src/engine/types.ts';
import { escapeHtml, highlight, renderAnswer, renderSection, truncate } from '../../src/bot/render.ts';
import { LOW_CONFIDENCE } from '../../src/engine/ranking.ts';
import { PassageIndex } from '../../src/engine/index.ts';
import { parseHtml } from '../../src/local/telegram-html.ts';

const candidate = (over: Partial<Candidate> = {}): Candidate => ({
  passageId: 7,
  passage: '园区入驻企业1200余家，带动就业3万余人。',
  figure: { text: '1200余家', value: 1200, unit: '家' },
  score: 1,
  documentId: 'doc',
  document: '测试<文档>',
  section: '第一节 & 概况',
  sectionIndex: 0,
  page: null,
  ...over,
});

const answer = (over: Partial<Answer> = {}): Answer => ({
  question: '园区有多少企业',
  script: 'simplified',
  found: true,
  confidence: 1,
  best: candidate(),
  alternatives: [],
  kind: 'single',
  items: [],
  ...over,
});

describe('render', () => {
  it('escapes the four characters Telegram HTML needs', () => {
    expect(escapeHtml('<b>&"x"</b>')).toBe('&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;');
  });

  it('renders an answer card with the figure bold in the headline and the passage, and a source line', () => {
    const html = renderAnswer(answer());
    const { text, entities } = parseHtml(html);
    expect(text).toContain('园区入驻企业1200余家');
    expect(text).toContain('来源：《测试<文档>》 · 第一节 & 概况');
    const bold = entities.filter((e) => e.type === 'bold').map((e) => text.slice(e.offset, e.offset + e.length));
    expect(bold).toEqual(['1200余家', '1200余家']);
  });

  it('offers an answer the engine is not sure of as possibly related, in the question\'s script', () => {
    const sure = parseHtml(renderAnswer(answer({ confidence: LOW_CONFIDENCE }))).text;
    expect(sure).not.toContain('可能相关');
    const unsure = parseHtml(renderAnswer(answer({ confidence: LOW_CONFIDENCE - 0.01 }))).text;
    expect(unsure.startsWith('🤔 没有把握，以下内容可能相关，请核对原文：\n1200余家')).toBe(true);
    expect(unsure).toContain('来源：');
    const traditional = parseHtml(renderAnswer(answer({ confidence: 0.6, question: '園區有多少企業', script: 'traditional' }))).text;
    expect(traditional).toContain('可能相關');
  });

  it('renders not found honestly, without a figure', () => {
    const html = renderAnswer(answer({ found: false, best: null }));
    expect(parseHtml(html).text).toContain('没有在文档中找到');
    expect(html).not.toContain('<b>');
  });

  it('converts the reply to traditional for a traditional question, keeping the bold figure', () => {
    const html = renderAnswer(answer({ question: '園區有多少企業', script: 'traditional' }));
    const { text, entities } = parseHtml(html);
    expect(text).toContain('園區入駐企業');
    expect(text).toContain('來源');
    const bold = entities.filter((e) => e.type === 'bold').map((e) => text.slice(e.offset, e.offset + e.length));
    expect(bold[0]).toBe('1200餘家');
  });

  it('shows the question escaped when asked to', () => {
    const html = renderAnswer(answer({ question: '<script>alert(1)</script>有多少' }), { showQuestion: true });
    expect(parseHtml(html).text).toContain('<script>alert(1)</script>有多少');
  });

  it('shows a table answer as the row under its header, the cell of the figure in bold', () => {
    const row = {
      caption: '表1 2023年各区主要指标',
      header: ['地区', '常住人口（万人）', '地区生产总值（亿元）', '增长（%）'],
      cells: ['东城区', '85.2', '1200', ''],
      unit: '万人、亿元',
    };
    const c = candidate({ passage: '东城区：常住人口85.2万人，地区生产总值1200亿元。', figure: { text: '85.2万人', value: 852000, unit: '人' } });
    const { text, entities } = parseHtml(renderAnswer(answer({ best: c }), { row }));
    expect(text).toContain('表1 2023年各区主要指标（单位：万人、亿元）\n地区：东城区\n常住人口（万人）：85.2\n地区生产总值（亿元）：1200\n增长（%）：—');
    const bold = entities.filter((e) => e.type === 'bold').map((e) => text.slice(e.offset, e.offset + e.length));
    expect(bold).toEqual(['85.2万人', '地区：东城区', '85.2']);
    // A traditional reply converts the row too.
    expect(parseHtml(renderAnswer(answer({ best: c, script: 'traditional' }), { row })).text).toContain('地區生產總值（億元）：1200');
  });

  it('highlights only when the figure occurs in the passage', () => {
    expect(highlight('共有3家', '5家')).toBe('共有3家');
    expect(highlight('a<3家', '3家')).toBe('a&lt;<b>3家</b>');
  });

  it('truncates by characters, not UTF-16 units', () => {
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
    expect(truncate('短', 3)).toBe('短');
  });

  it('shows the section in the sentences the index has, so any passage can be shown in bold', () => {
    const paragraphs = ['他说《报告。》很好。然后走了！ 真的吗？', '“好。”他说；没有句号的一段'];
    const doc: CleanDocument = {
      id: 'd', file: 'd.txt', title: 'T', titleFrom: 'title', subtitle: null, author: null, byline: null, date: null, period: null, year: null, script: 'simplified',
      sections: [{ title: '节', kind: 'section', paragraphs }], warnings: [],
    };
    const index = new PassageIndex([doc]);
    expect(index.passages.map((p) => p.text)).toEqual(['他说《报告。》很好。', '然后走了！', '真的吗？', '“好。”', '他说；', '没有句号的一段']);
    for (const passage of index.passages) {
      const [html] = renderSection(doc, doc.sections[0]!, { highlight: passage.text });
      const { text, entities } = parseHtml(html!);
      const bold = entities.filter((e) => e.type === 'bold').map((e) => text.slice(e.offset, e.offset + e.length));
      expect(bold).toEqual(['《T》', '节', passage.text]);
      expect(text).toContain(paragraphs[0]);
    }
  });

  it('splits a long section under 4096 characters at sentence boundaries', () => {
    const sentence = '开发区全年完成固定资产投资<12.5>亿元&增长8%。';
    const paragraphs = Array.from({ length: 12 }, () => sentence.repeat(40));
    const doc: CleanDocument = {
      id: 'd',
      file: 'd.txt',
      title: '长文档',
      titleFrom: 'title',
      subtitle: null,
      author: null,
      byline: null,
      date: null,
      period: null,
      year: null,
      script: 'simplified',
      sections: [{ title: '长节', kind: 'section', paragraphs }],
      warnings: [],
    };
    const chunks = renderSection(doc, doc.sections[0]!);
    expect(chunks.length).toBeGreaterThan(1);
    let all = '';
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(4096);
      const { text } = parseHtml(chunk);
      const body = text.replace(/\n\n（\d+\/\d+）$/, '');
      expect(body.endsWith('。')).toBe(true);
      all += body;
    }
    expect(all.split(sentence).length - 1).toBe(12 * 40);
  });

  it('property: any text renders to valid Telegram HTML that shows the text unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ maxLength: 10 }), (passage, figure) => {
        const c = candidate({ passage: passage + 'x', figure: figure === '' ? null : { text: figure, value: null, unit: null } });
        const html = renderAnswer(answer({ best: c }));
        const { text } = parseHtml(html);
        expect(text).toContain(passage + 'x');
      }),
      { numRuns: 200 },
    );
  });

  it('property: sections of any text split into valid messages within the limit', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 }), { minLength: 1, maxLength: 8 }), (paragraphs) => {
        const doc: CleanDocument = {
          id: 'd', file: 'd.txt', title: 'T', titleFrom: 'title', subtitle: null, author: null, byline: null, date: null, period: null, year: null, script: 'simplified',
          sections: [{ title: '', kind: 'lead', paragraphs }], warnings: [],
        };
        for (const chunk of renderSection(doc, doc.sections[0]!, { limit: 300 })) {
          expect(chunk.length).toBeLessThanOrEqual(300);
          parseHtml(chunk);
        }
      }),
      { numRuns: 100 },
    );
  });
});
