import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SourceError } from '../../src/engine/errors.ts';
import { buildLines } from '../../src/engine/extract/pdf-text.ts';
import { readSource } from '../../src/engine/extract/read-source.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'pdf');
const fixture = (name: string): string => join(FIXTURES, name);

async function pages(name: string): Promise<string[]> {
  const result = await readSource(fixture(name));
  expect(Array.isArray(result)).toBe(true);
  return result as string[];
}

async function sourceError(path: string): Promise<SourceError> {
  const error = await readSource(path).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('PDF extraction (fixtures from scripts/make-fixture-pdfs.ts)', () => {
  it('reads a three-page report page by page, with lines and figures intact', async () => {
    const report = await pages('report.pdf');
    expect(report).toHaveLength(3);
    const [first = '', second = '', third = ''] = report;
    expect(first.split('\n').slice(0, 7)).toEqual([
      '青禾县2023年国民经济和社会发展',
      '统计公报',
      '',
      '青禾县统计局',
      '',
      '一、综合',
      '',
    ]);
    expect(first).toContain('青禾县统计局');
    expect(first).toContain('一、综合');
    expect(first).toContain('初步核算，全年全县地区生产总值412.6亿元，');
    // Wraps are kept as line breaks; joining them is the cleaner's job.
    expect(first).toContain('比上年末提高0.\n9个百分点。');
    // A paragraph's indented first line keeps its indent.
    expect(second.split('\n').slice(0, 3)).toEqual(['二、工业和建筑业', '', '\u3000\u3000年末全县规模以上工业企业达到326家，比上年']);
    expect(second).toContain('年末全县规模以上工业企业达到326家');
    expect(second).toContain('粮食总产量27.9\n万吨');
    expect(third.split('\n')[0]).toBe('四、居民生活和社会保障');
    expect(third).toContain('床位3100余张');
    // Each heading sits on a line of its own.
    expect(report.join('\n').split('\n')).toEqual(expect.arrayContaining(['二、工业和建筑业', '四、居民生活和社会保障']));
  });

  it('keeps fake-bold text doubled, glyph by glyph, for the cleaner to repair', async () => {
    const bold = await pages('fake-bold.pdf');
    expect(bold).toHaveLength(2);
    const [first = '', second = ''] = bold;
    expect(first.split('\n').slice(0, 5)).toEqual(['河河湾湾新新区区建建设设纪纪实实', '', '（（文文//王王岚岚））', '', '产产业业集集聚聚成成效效明明显显']);
    expect(first).toContain('（（文文//王王岚岚））');
    expect(first).toContain('11660000余余家家');
    expect(first).toContain('2244..55平平方方公公里里');
    expect(second).toContain('9988..66%%。。');
    // Every non-blank line is doubled throughout: no glyph lost or merged.
    for (const line of bold.join('\n').split('\n').filter((text) => text !== '')) {
      const chars = [...line];
      expect(chars.length % 2).toBe(0);
      for (let index = 0; index < chars.length; index += 2) expect(chars[index + 1]).toBe(chars[index]);
    }
  });

  it('reads a two-column page column by column, with a blank line at the column break', async () => {
    const [page = ''] = await pages('two-column.pdf');
    const left = page.indexOf('全年全县共接待国内外游客1860万人次');
    const right = page.indexOf('全年举办各类节庆活动46场次');
    expect(left).toBeGreaterThan(0);
    expect(right).toBeGreaterThan(left);
    expect(page).toContain('停留时间由1.5天延长到\n\n2.3天。');
  });

  it('reads a CID font that is not embedded (STSong-Light, UniGB-UCS2-H) through the bundled cMaps', async () => {
    const [page = ''] = await pages('cid-song.pdf');
    expect(page.split('\n').slice(0, 5)).toEqual([
      '关于开展2024年节能宣传周活动的通知',
      '各乡镇人民政府，县直各部门：',
      '今年全国节能宣传周为6月10日至16日，',
      '请各单位结合实际组织开展宣传活动，',
      '全县计划发放宣传资料1.5万份。',
    ]);
  });

  it('says a scanned PDF has no text layer', async () => {
    const error = await sourceError(fixture('scanned.pdf'));
    expect(error.file).toBe('scanned.pdf');
    expect(error.message).toMatch(/scanned\.pdf: the PDF has no text layer \(2 pages/);
  });

  it('says a corrupt PDF is corrupt', async () => {
    const error = await sourceError(fixture('corrupt.pdf'));
    expect(error.file).toBe('corrupt.pdf');
    expect(error.message).toMatch(/corrupt\.pdf: the PDF is corrupt/);
  });

  it('says an empty PDF is empty', async () => {
    expect((await sourceError(fixture('empty.pdf'))).message).toMatch(/empty\.pdf: the file is empty/);
  });

  describe('with damaged copies', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'wenda-pdf-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('refuses text that only pretends to be a PDF', async () => {
      const path = join(dir, 'fake.pdf');
      await writeFile(path, '这不是PDF文件。');
      expect((await sourceError(path)).message).toMatch(/fake\.pdf: the PDF is corrupt or not a PDF/);
    });

    it('reads a renamed copy under its own name, and leaves the file untouched', async () => {
      const path = join(dir, '统计公报.pdf');
      await copyFile(fixture('report.pdf'), path);
      const before = await readFile(path);
      const report = await readSource(path);
      expect(report).toHaveLength(3);
      expect(Buffer.compare(before, await readFile(path))).toBe(0);
    });
  });

  it('prints nothing to the console while extracting', async () => {
    const spies = (['log', 'warn', 'error', 'info'] as const).map((method) => vi.spyOn(console, method));
    try {
      await pages('report.pdf');
      await pages('cid-song.pdf');
      await sourceError(fixture('corrupt.pdf'));
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('buildLines', () => {
  const item = (str: string, y: number, hasEOL = false, height = 10): { str: string; transform: number[]; height: number; hasEOL: boolean } => ({
    str,
    transform: [height, 0, 0, height, 0, y],
    height,
    hasEOL,
  });

  it('starts a new line when y changes and keeps items of one line together', () => {
    expect(buildLines([item('第一', 700), item('行', 700), item('第二行', 686)])).toBe('第一行\n第二行\n');
  });

  it('treats a hair of y jitter as the same line', () => {
    expect(buildLines([item('全全', 700), item('力力', 700.3)])).toBe('全全力力\n');
  });

  it('leaves a blank line at a large gap and at a jump back up (column break)', () => {
    expect(buildLines([item('上', 700), item('下', 600)])).toBe('上\n\n下\n');
    expect(buildLines([item('左栏末', 100), item('右栏首', 700)])).toBe('左栏末\n\n右栏首\n');
  });

  it('leaves a blank line where the type size changes (title, heading, body)', () => {
    expect(buildLines([item('标题', 700, false, 15), item('正文第一行', 680), item('正文第二行', 666)])).toBe('标题\n\n正文第一行\n正文第二行\n');
  });

  it('honours end-of-line marks and ignores empty items', () => {
    expect(buildLines([item('甲', 700, true), item('', 700, true), item('乙', 700)])).toBe('甲\n乙\n');
  });

  const placed = (str: string, x: number, y: number, width = 10 * [...str].length): { str: string; transform: number[]; height: number; width: number; hasEOL: boolean } => ({
    str,
    transform: [10, 0, 0, 10, x, y],
    height: 10,
    width,
    hasEOL: false,
  });

  it('separates table cells at wide gaps with tabs, also where extraction put a space between them', () => {
    expect(buildLines([placed('地区', 36, 700), placed('常住人口', 110, 700), placed('东湖区', 36, 682), placed(' ', 66, 682, 3), placed('85.2', 110, 682, 20)])).toBe(
      '地区\t常住人口\n东湖区\t85.2\n',
    );
    // Items that touch, or a space between words, stay one cell.
    expect(buildLines([placed('开发', 36, 700), placed('区', 56, 700), placed(' ', 66, 700, 3), placed('GDP', 69, 700, 20)])).toBe('开发区 GDP\n');
  });

  it('indents a paragraph\'s first line that starts right of the lines below it', () => {
    expect(buildLines([placed('首行缩进', 56, 700), placed('第二行文字', 36, 686), placed('第三行', 36, 672), placed('新段', 56, 658), placed('末行', 36, 644)])).toBe(
      '\u3000\u3000首行缩进\n第二行文字\n第三行\n\u3000\u3000新段\n末行\n',
    );
  });
});
