import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clauseEnd,
  clauseStart,
  endsSentence,
  hasClauseBreak,
  MAX_SENTENCE_LENGTH,
  sentenceBounds,
  splitClauses,
  splitSentences,
} from '../../src/engine/sentences.ts';

describe('splitSentences', () => {
  it('ends sentences at 。！？； with their closing quotes', () => {
    expect(splitSentences('他说：“好。”然后走了！真的吗？')).toEqual(['他说：“好。”', '然后走了！', '真的吗？']);
    expect(splitSentences('一是扩大投资；二是稳定就业。')).toEqual(['一是扩大投资；', '二是稳定就业。']);
    expect(splitSentences('  前后有空格。  第二句  ')).toEqual(['前后有空格。', '第二句']);
  });

  it('does not end a sentence inside a book title', () => {
    expect(splitSentences('他说《报告。》很好。')).toEqual(['他说《报告。》很好。']);
    // A stray 《 far from any 》 is not a title.
    expect(splitSentences(`《${'长'.repeat(80)}。后文。`)).toEqual([`《${'长'.repeat(80)}。`, '后文。']);
  });

  it('cuts a sentence longer than the maximum at clause breaks, keeping every character', () => {
    const clause = '全市规模以上工业增加值增长百分之七点三，';
    const long = clause.repeat(400) + '完。';
    expect(long.length).toBeGreaterThan(6000);
    const pieces = splitSentences(long);
    expect(pieces.length).toBeGreaterThan(long.length / MAX_SENTENCE_LENGTH);
    expect(pieces.join('')).toBe(long);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(MAX_SENTENCE_LENGTH);
      expect(piece.endsWith('，') || piece.endsWith('。')).toBe(true);
    }
  });

  it('cuts text without any clause break at 、 or spaces, else by length', () => {
    const listed = '项目'.repeat(5) + '、';
    const pieces = splitSentences(listed.repeat(100));
    expect(pieces.every((p) => p.length <= MAX_SENTENCE_LENGTH && p.endsWith('、'))).toBe(true);
    const bare = '字'.repeat(1000);
    expect(splitSentences(bare).map((p) => p.length)).toEqual([300, 300, 300, 100]);
    expect(splitSentences('😀'.repeat(400)).join('')).toBe('😀'.repeat(400));
  });

  it('property: bounds are ordered, within the text, trimmed, short enough and cover every non-space character', () => {
    const text = fc.string({ unit: fc.constantFrom('字', '。', '，', '、', '《', '》', '“', '”', ' ', '！', 'a', '1', '😀'), maxLength: 900 });
    fc.assert(
      fc.property(text, (paragraph) => {
        const bounds = sentenceBounds(paragraph);
        let last = 0;
        let covered = '';
        for (let i = 0; i < bounds.length; i += 2) {
          const [start, end] = [bounds[i]!, bounds[i + 1]!];
          expect(start).toBeGreaterThanOrEqual(last);
          expect(end).toBeGreaterThan(start);
          expect(end - start).toBeLessThanOrEqual(MAX_SENTENCE_LENGTH);
          expect(paragraph.slice(start, end)).toBe(paragraph.slice(start, end).trim());
          covered += paragraph.slice(start, end);
          last = end;
        }
        expect(covered.replace(/\s/g, '')).toBe(paragraph.replace(/\s/g, ''));
      }),
      { numRuns: 300 },
    );
  });
});

describe('clauses', () => {
  it('finds the clause around an offset', () => {
    const text = '全年新增企业300家，增长12%：其中高新技术企业52家。';
    const at = text.indexOf('12%');
    expect(text.slice(clauseStart(text, at), clauseEnd(text, at))).toBe('增长12%');
    expect(splitClauses(text)).toEqual(['全年新增企业300家', '增长12%', '其中高新技术企业52家', '']);
  });

  it('knows where a line may end a paragraph', () => {
    expect(endsSentence('全年增长5%。”')).toBe(true);
    expect(endsSentence('主要指标如下：')).toBe(true);
    expect(endsSentence('全年增长')).toBe(false);
    expect(endsSentence('”')).toBe(false);
  });
});

describe('clauses and thousands separators', () => {
  it('does not break a clause at the comma of 4,192亿元', () => {
    const text = '商品进口货值为4,192亿元，较上年同月的3,871亿元上升8.3%。';
    expect(splitClauses(text)).toEqual(['商品进口货值为4,192亿元', '较上年同月的3,871亿元上升8.3%', '']);
    expect(clauseStart(text, text.indexOf('8.3%'))).toBe(text.indexOf('较'));
    expect(hasClauseBreak('3,871亿元')).toBe(false);
  });
});
