import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_LENGTH } from '../../src/bot/render.ts';
import { renderComparison } from '../../src/bot/render-comparison.ts';
import type { Answer, Candidate, ComparisonItem } from '../../src/engine/types.ts';
import { parseHtml } from '../../src/local/telegram-html.ts';

/** A sentence of 6,600 characters full of characters that grow when escaped, the figure in its middle. */
const LONG = (figure: string) => `${'园区A&B<c>，'.repeat(420)}入驻企业${figure}，${'"引号"与&符号、'.repeat(330)}`;

const candidate = (i: number, figure: string): Candidate => ({
  passageId: i, passage: LONG(figure), figure: { text: figure, value: 1000 - i, unit: '家' }, score: 1,
  documentId: `d${i}`, document: '很长的文档标题&'.repeat(700), section: '很长的章节标题<'.repeat(600), sectionIndex: 0, page: 2,
});

const item = (i: number): ComparisonItem =>
  i % 7 === 3
    ? { entity: `第${i}开发区`, period: '2024', answer: null, confidence: 0, gap: { reason: 'not-found', figure: null } }
    : { entity: `第${i}开发区`, period: '2024', answer: candidate(i, `${1000 - i}家`), confidence: 1, gap: null };

const answer = (items: ComparisonItem[], over: Partial<Answer> = {}): Answer => ({
  question: '各开发区入驻企业排名'.repeat(60), script: 'simplified', found: items.some((i) => i.answer), confidence: 1,
  best: null, alternatives: [], kind: 'comparison', items, order: 'desc', ...over,
});

function shown(html: string): string {
  expect(html.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  const { text } = parseHtml(html);
  expect(text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  return text;
}

describe('renderComparison', () => {
  it('splits forty items with long sentences and titles between items, every part within 4096 after escaping', () => {
    const items = Array.from({ length: 40 }, (_, i) => item(i));
    const parts = renderComparison(answer(items), { showQuestion: true });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => p.items)).toEqual(items.map((_, i) => i));
    parts.forEach((part, k) => {
      const text = shown(part.html);
      expect(text.endsWith(`（${k + 1}/${parts.length}）`)).toBe(true);
      // Every item of the part is whole: its label line and, with a figure, its source line.
      for (const i of part.items) expect(text).toContain(`${i + 1}. 第${i}开发区：`);
    });
    expect(shown(parts[0]!.html)).toMatch(/^❓ /u);
    expect(shown(parts.at(-1)!.html)).toContain('⚠️ 6项文档未提及');
  });

  it('shortens each sentence around its figure, and leaves sentences out when compact', () => {
    const [part] = renderComparison(answer([item(0), item(1)]));
    const text = shown(part!.html);
    expect(text).toMatch(/…[^…\n]*入驻企业1000家[^…\n]*…/u);
    const compact = renderComparison(answer([item(0), item(1)]), { compact: true })[0]!;
    expect(compact.html.length).toBeLessThan(part!.html.length);
    expect(parseHtml(compact.html).text).not.toContain('入驻企业');
  });

  it('speaks traditional to a traditional question and says what is missing when nothing is found', () => {
    const [trad] = renderComparison(answer([item(0)], { script: 'traditional' }));
    expect(parseHtml(trad!.html).text).toContain('排名（從高到低）');
    const [none] = renderComparison(answer([item(3), { ...item(3), period: '2023' }], { found: false, order: undefined }));
    expect(parseHtml(none!.html).text).toContain('没有在文档中找到这个问题的答案：第3开发区 2024年、2023年，文档均未提及。');
  });
});
