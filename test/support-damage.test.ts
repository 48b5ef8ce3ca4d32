import { describe, expect, it } from 'vitest';
import {
  damageDocument,
  doubleGlyphs,
  expectedParagraphs,
  insertColumnBreaks,
  insertNoiseSpaces,
  mulberry32,
  splitPairs,
  wrapLines,
  type DamageDocumentInput,
} from './support/damage.ts';

/** Undoes wrapping, column breaks and noise spaces the naive way, for checks on the simulator only. */
function unwrap(text: string): string {
  return text.replace(/[ \n]/g, '');
}

function undouble(line: string): string {
  const chars = Array.from(line);
  let out = '';
  for (let i = 0; i < chars.length; i += 2) out += chars[i];
  return out;
}

const doc: DamageDocumentInput = {
  sections: [
    {
      title: ['稳中求进抓发展', '经济运行总体向好'],
      paragraphs: [
        '2023年，全区实现地区生产总值1286.5亿元，同比增长6.2%，增速比上年提高1.4个百分点。人人参与、天天有进展，常常受到表扬。',
        '全年新增市场主体1.2万余户，其中新增企业3860家；城镇新增就业2.36万人，城镇调查失业率控制在5.5%以内。',
      ],
    },
    {
      title: '民生保障持续改善',
      paragraphs: ['新建改扩建中小学和幼儿园12所，新增学位8600个，建成区面积达到56.8平方公里，村村通公交率达100%。'],
    },
  ],
  byline: '李明',
  lead: '今年以来，全区上下紧紧围绕高质量发展主题，聚焦九大重点任务，组建了十六个工作专班，每2周调度一次，经济社会发展稳中有进。',
};

describe('mulberry32', () => {
  it('is deterministic per seed and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(100);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });
});

describe('doubleGlyphs', () => {
  it('doubles every character but keeps line breaks', () => {
    expect(doubleGlyphs('2024年')).toBe('22002244年年');
    expect(doubleGlyphs('(文/张超)')).toBe('((文文//张张超超))');
    expect(doubleGlyphs('常常\n天天')).toBe('常常常常\n天天天天');
  });
});

describe('wrapLines', () => {
  it('cuts paragraphs into lines of the width and separates paragraphs with a blank line', () => {
    const out = wrapLines('一二三四五六七八九十甲乙\n子丑寅卯', 5);
    expect(out).toBe('一二三四五\n六七八九十\n甲乙\n\n子丑寅卯');
  });

  it('cuts numbers mid-way and keeps all text', () => {
    const text = '进出口完成33.3亿元，同比增长7.3%。';
    const out = wrapLines(text, 7, { orphanPunctuationRate: 1 });
    expect(out.split('\n')[0]).toBe('进出口完成33');
    expect(unwrap(out)).toBe(text);
  });

  it('hangs closing punctuation unless it is left orphaned', () => {
    const text = '甲乙丙丁。戊己庚辛。';
    expect(wrapLines(text, 4).split('\n')[0]).toBe('甲乙丙丁。');
    expect(wrapLines(text, 4, { orphanPunctuationRate: 1 }).split('\n')[1]).toBe('。戊己庚');
  });

  it('draws one width from a range per call, deterministically', () => {
    const text = '春'.repeat(200);
    const a = wrapLines(text, { min: 10, max: 30 }, { rng: mulberry32(7) });
    const b = wrapLines(text, { min: 10, max: 30 }, { rng: mulberry32(7) });
    expect(a).toBe(b);
    const lengths = new Set(a.split('\n').slice(0, -1).map((l) => l.length));
    expect(lengths.size).toBe(1);
    const [w] = [...lengths];
    expect(w).toBeGreaterThanOrEqual(10);
    expect(w).toBeLessThanOrEqual(30);
  });

  it('rejects a nonsense width', () => {
    expect(() => wrapLines('甲乙', 1)).toThrow(RangeError);
  });
});

describe('insertColumnBreaks', () => {
  it('adds blank lines only mid-sentence and never after a first line', () => {
    const text = wrapLines('甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥。甲乙丙丁戊己庚辛壬癸。', 4);
    const out = insertColumnBreaks(text, mulberry32(1), 1);
    expect(out).not.toBe(text);
    expect(unwrap(out)).toBe(unwrap(text));
    const blocks = out.split('\n\n');
    for (let i = 0; i < blocks.length - 1; i++) expect(blocks[i]!.endsWith('。')).toBe(false);
    expect(blocks[0]!.split('\n').length).toBeGreaterThanOrEqual(2);
    expect(insertColumnBreaks(text, mulberry32(1), 0)).toBe(text);
  });
});

describe('insertNoiseSpaces', () => {
  it('puts spaces between doubled pairs inside numbers only', () => {
    const line = doubleGlyphs('带动就业1.8万余人');
    const out = insertNoiseSpaces(line, mulberry32(3), 1);
    expect(out).toBe('带带动动就就业业11 .. 88万万余余人人');
  });

  it('puts spaces between digits of plain text', () => {
    expect(insertNoiseSpaces('增长12.5%', mulberry32(3), 1)).toBe('增长1 2 . 5%');
    expect(insertNoiseSpaces('增长12.5%', mulberry32(3), 0)).toBe('增长12.5%');
  });
});

describe('damageDocument', () => {
  it('renders the seed shape: doubled headings on two lines, doubled byline, plain wrapped lead', () => {
    const out = damageDocument(doc, { seed: 5, noiseSpaceRate: 0 });
    expect(out.startsWith(' 稳稳中中求求进进抓抓发发展展\n\n经经济济运运行行')).toBe(true);
    expect(out).toContain('((文文//李李明明))');
    const tail = out.trimEnd().split('\n\n').pop()!;
    expect(tail.startsWith('今年以来')).toBe(true);
    expect(tail.split('\n').length).toBeGreaterThan(3);
    expect(unwrap(tail)).toBe(doc.lead);
    // Genuine reduplication is doubled like any other glyph.
    expect(unwrap(out)).toContain('人人人人参参与与');
    expect(unwrap(out)).toContain('村村村村通通');
  });

  it('keeps every body character recoverable when undoubled', () => {
    const out = damageDocument(doc, { seed: 9, columnBreakRate: 0.3, noiseSpaceRate: 0.5 });
    const body = out.split('((文文')[0]!;
    const recovered = body
      .split('\n')
      .map((l) => undouble(l.replace(/ /g, '')))
      .join('');
    for (const p of expectedParagraphs(doc).slice(0, -1)) expect(recovered).toContain(p);
  });

  it('is deterministic per seed and varies between seeds', () => {
    expect(damageDocument(doc, { seed: 11 })).toBe(damageDocument(doc, { seed: 11 }));
    const variants = new Set([1, 2, 3, 4, 5, 6].map((seed) => damageDocument(doc, { seed })));
    expect(variants.size).toBeGreaterThan(1);
  });

  it('can leave a document undoubled and put the lead first', () => {
    const out = damageDocument(doc, { seed: 2, double: false, leadPosition: 'start', edgeSpaces: false });
    expect(out.startsWith('今年以来')).toBe(true);
    expect(out).toContain('(文/李明)');
    expect(out).not.toContain('稳稳');
    expect(expectedParagraphs(doc, 'start')[0]).toBe(doc.lead);
  });
});

describe('splitPairs', () => {
  it('moves the last glyph of a line to the next line, keeping every character', () => {
    const text = doubleGlyphs('出口完成30.4\n亿元。');
    const out = splitPairs(text, mulberry32(1), 1);
    expect(out).toBe('出出口口完完成成3300..4\n4亿亿元元。。');
    expect(splitPairs(text, mulberry32(1), 0)).toBe(text);
  });

  it('is used by damageDocument only when asked', () => {
    const plain = damageDocument(doc, { seed: 4 });
    const split = damageDocument(doc, { seed: 4, splitPairRate: 1 });
    expect(plain).not.toBe(split);
    expect(unwrap(split)).toBe(unwrap(plain));
  });
});

describe('insertNoiseSpaces on split pairs', () => {
  it('still spaces whole pairs when a line starts or ends with half a pair', () => {
    expect(insertNoiseSpaces('4亿亿元元11..88', mulberry32(1), 1)).toBe('4亿亿元元11 .. 88');
    expect(insertNoiseSpaces('进进口口2288..5', mulberry32(1), 1)).toBe('进进口口22 88 .. 5');
  });
});
