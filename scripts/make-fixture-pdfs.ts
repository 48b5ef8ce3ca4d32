/**
 * Builds the fixture PDFs in test/fixtures/pdf/ that the extraction and
 * document-library tests read. The PDFs are committed, so tests and CI need
 * neither this script nor a CJK font; rerun it only to change a fixture:
 *
 *   npx tsx scripts/make-fixture-pdfs.ts [--font FILE.ttf] [--out DIR]
 *
 * The default font is AR PL SungtiL GB (Debian: `apt-get install
 * fonts-arphic-gbsn00lp`), a GB2312 Song face with Latin letters and digits;
 * only the glyphs used are embedded (a subset).
 *
 * Fixtures:
 *   report.pdf       three-page statistics bulletin: title, byline, headings,
 *                    figures, paragraphs wrapped by width (numbers may be cut)
 *   fake-bold.pdf    two pages where every glyph is drawn twice a hair apart
 *   two-column.pdf   one page, two columns, a sentence running across the break
 *   cid-song.pdf     non-embedded STSong-Light with UniGB-UCS2-H: needs pdf.js cMaps
 *   table.pdf        a bulletin page: title, issuer and date lines, a caption, a unit
 *                    note and a table whose cells stand in columns (no ruling lines)
 *
 * table.pdf and report.pdf are also written into the layout fixture folders
 * test/fixtures/docs/layout-tables and layout-titles (their sources/ folders).
 *   scanned.pdf      two pages of images only, no text layer
 *   corrupt.pdf      a PDF header followed by garbage
 *   empty.pdf        zero bytes
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  beginText,
  endText,
  moveText,
  rgb,
  setFontAndSize,
  showText,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';

const { values } = parseArgs({
  options: {
    font: { type: 'string', default: '/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf' },
    out: { type: 'string', default: 'test/fixtures/pdf' },
  },
});
const fontPath = values.font ?? '';
const outDir = values.out ?? 'test/fixtures/pdf';

/** Fixed dates and producer so metadata does not change on every run. */
async function newDocument(title: string): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const date = new Date('2024-03-01T00:00:00Z');
  doc.setTitle(title);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.setProducer('wenda-bot make-fixture-pdfs');
  doc.setCreator('wenda-bot make-fixture-pdfs');
  return doc;
}

interface Block {
  kind: 'title' | 'byline' | 'heading' | 'paragraph';
  text: string;
}

interface FlowOptions {
  pageSize: [number, number];
  margin: number;
  size: number;
  /** Draw every glyph twice, 0.3 pt apart, as fake-bold printers do. */
  fakeBold?: boolean;
}

/**
 * Lays blocks out top to bottom, wrapping paragraphs at the column width
 * (wherever that falls, mid-word or mid-number) and starting new pages.
 */
function flow(doc: PDFDocument, font: PDFFont, blocks: Block[], options: FlowOptions): void {
  const [width, height] = options.pageSize;
  const { margin } = options;
  let page = doc.addPage(options.pageSize);
  let y = height - margin;

  for (const block of blocks) {
    const size = block.kind === 'title' ? options.size * 1.5 : block.kind === 'heading' ? options.size * 1.2 : options.size;
    const leading = size * 1.6;
    const gapBefore = block.kind === 'heading' ? size * 1.6 : block.kind === 'byline' ? size * 0.8 : 0;
    const indent = block.kind === 'paragraph' ? font.widthOfTextAtSize('　　', size) : 0;
    const lines = wrap(font, block.text, size, width - 2 * margin, indent);
    y -= gapBefore;
    // Keep a heading with the first lines below it, as typesetters do.
    if (block.kind === 'heading' && y - size - 2 * options.size * 1.6 < margin) {
      page = doc.addPage(options.pageSize);
      y = height - margin;
    }
    lines.forEach((line, index) => {
      if (y - size < margin) {
        page = doc.addPage(options.pageSize);
        y = height - margin;
      }
      const lineWidth = font.widthOfTextAtSize(line, size);
      const x =
        block.kind === 'title' || block.kind === 'byline'
          ? (width - lineWidth) / 2
          : margin + (index === 0 ? indent : 0);
      drawLine(page, font, line, x, y - size, size, options.fakeBold === true);
      y -= leading;
    });
    if (block.kind === 'title' || block.kind === 'byline') y -= size * 0.6;
  }
}

/** Greedy wrap by measured width; the first line is shortened by `indent`. */
function wrap(font: PDFFont, text: string, size: number, maxWidth: number, indent: number): string[] {
  const lines: string[] = [];
  let line = '';
  let limit = maxWidth - indent;
  for (const char of text) {
    if (line !== '' && font.widthOfTextAtSize(line + char, size) > limit) {
      lines.push(line);
      line = '';
      limit = maxWidth;
    }
    line += char;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function drawLine(page: PDFPage, font: PDFFont, text: string, x: number, y: number, size: number, fakeBold: boolean): void {
  if (!fakeBold) {
    page.drawText(text, { x, y, size, font });
    return;
  }
  let cursor = x;
  for (const char of text) {
    page.drawText(char, { x: cursor, y, size, font });
    page.drawText(char, { x: cursor + 0.3, y, size, font });
    cursor += font.widthOfTextAtSize(char, size);
  }
}

function blocksFrom(source: string): Block[] {
  return source
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const match = /^(title|byline|heading|paragraph): (.*)$/u.exec(line.trim());
      if (!match) throw new Error(`make-fixture-pdfs: bad block line "${line}"`);
      return { kind: match[1] as Block['kind'], text: match[2] ?? '' };
    });
}

const REPORT = blocksFrom(`
title: 青禾县2023年国民经济和社会发展统计公报
byline: 青禾县统计局
heading: 一、综合
paragraph: 初步核算，全年全县地区生产总值412.6亿元，比上年增长5.8%。其中，第一产业增加值38.2亿元，增长3.1%；第二产业增加值171.4亿元，增长6.9%；第三产业增加值203.0亿元，增长5.4%。
paragraph: 年末全县户籍人口56.3万人，常住人口51.8万人，常住人口城镇化率达到61.2%，比上年末提高0.9个百分点。
heading: 二、工业和建筑业
paragraph: 年末全县规模以上工业企业达到326家，比上年增加21家。全年规模以上工业增加值增长7.4%，其中高新技术产业增加值占规模以上工业增加值的比重为38.5%。
paragraph: 全县累计培育省级以上专精特新企业47家，新增国家级绿色工厂3家。全年建筑业总产值96.7亿元，增长4.2%。
heading: 三、农业
paragraph: 全年粮食播种面积62.4万亩，粮食总产量27.9万吨，比上年增长2.3%。新建高标准农田4.6万亩。
paragraph: 茶叶种植面积达到8.1万亩，茶叶产量1.2万吨，茶产业综合产值超过30亿元。
heading: 四、居民生活和社会保障
paragraph: 全年全体居民人均可支配收入35862元，比上年增长6.1%。按常住地分，城镇居民人均可支配收入46315元，农村居民人均可支配收入24108元。
paragraph: 年末全县共有养老机构23个，床位3100余张；参加城乡居民基本养老保险人数近28万人。
`);

const FAKE_BOLD = blocksFrom(`
title: 河湾新区建设纪实
byline: （文/王岚）
heading: 产业集聚成效明显
paragraph: 河湾新区坚持项目为王，全年签约重点项目58个，总投资超过420亿元。新区现有入驻企业1600余家，其中高新技术企业135家。
heading: 城市功能不断完善
paragraph: 新区建成区面积达到24.5平方公里，新建道路31公里。全年新增就业岗位1.2万余个，城镇登记失业率控制在3%以内。
heading: 营商环境持续优化
paragraph: 新区推行“一窗受理”改革，企业开办时间压缩至1个工作日，政务服务事项网上可办率达到98.6%。
`);

/** A two-column page: the first column's last sentence continues at the top of the second. */
async function twoColumn(font: PDFFont, doc: PDFDocument): Promise<void> {
  const page = doc.addPage([595, 420]);
  const size = 11;
  const title = '县域旅游发展简报';
  page.drawText(title, { x: (595 - font.widthOfTextAtSize(title, 16)) / 2, y: 380, size: 16, font });
  const left =
    '全年全县共接待国内外游客1860万人次，比上年增长23.5%，实现旅游总收入152.3亿元。乡村旅游持续升温，全县星级农家乐达到210家，' +
    '带动农户增收明显。古镇景区完成提升改造，游客平均停留时间由1.5天延长到';
  const right =
    '2.3天。全年举办各类节庆活动46场次，线上宣传浏览量超过8000万次。新增A级旅游景区4家，全县A级旅游景区总数达到19家。';
  const columnWidth = 595 / 2 - 60;
  const drawColumn = (text: string, x: number): void => {
    let y = 340;
    for (const line of wrap(font, text, size, columnWidth, 0)) {
      page.drawText(line, { x, y, size, font });
      y -= size * 1.6;
    }
  };
  drawColumn(left, 40);
  drawColumn(right, 595 / 2 + 20);
}

/** The table page: cells are placed at column positions, as statistical bulletins print them. */
function tablePage(font: PDFFont, doc: PDFDocument): void {
  const page = doc.addPage([420, 420]);
  const size = 10;
  const centre = (text: string, y: number, at: number): void => {
    page.drawText(text, { x: (420 - font.widthOfTextAtSize(text, at)) / 2, y, size: at, font });
  };
  centre('柏溪市2023年各区经济运行情况', 380, 15);
  centre('柏溪市统计局', 356, 10);
  centre('2024年2月20日', 340, 10);
  const lead = '2023年，全市各区经济运行稳中向好，主要指标见下表。';
  page.drawText(lead, { x: 36, y: 310, size, font });
  centre('表1 2023年各区主要经济指标', 282, 11);
  page.drawText('单位：万人、亿元', { x: 300, y: 264, size: 9, font });
  const columns = [36, 110, 200, 320];
  const rows = [
    ['地区', '常住人口（万人）', '地区生产总值（亿元）', '增长（%）'],
    ['东湖区', '85.2', '1206.4', '5.6'],
    ['西岭区', '62.7', '980.5', '4.3'],
    ['南浦区', '40.1', '512.8', '6.1'],
    ['北塘区', '33.6', '—', '3.9'],
  ];
  let y = 244;
  for (const row of rows) {
    row.forEach((cell, i) => page.drawText(cell, { x: columns[i]!, y, size, font }));
    y -= size * 1.8;
  }
  page.drawText('注：地区生产总值按现价计算，增长速度按不变价格计算。', { x: 36, y: y - 10, size: 9, font });
}

/**
 * A page in a CID font that is not embedded (STSong-Light, UniGB-UCS2-H), as
 * many government PDFs have: text is two-byte UCS-2 codes that only pdf.js's
 * character maps turn back into characters.
 */
function cidSong(doc: PDFDocument): void {
  const context = doc.context;
  const descriptor = context.register(
    context.obj({
      Type: 'FontDescriptor',
      FontName: 'STSong-Light',
      Flags: 6,
      FontBBox: [-25, -254, 1000, 880],
      ItalicAngle: 0,
      Ascent: 880,
      Descent: -120,
      CapHeight: 880,
      StemV: 93,
    }),
  );
  const cidFont = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'CIDFontType0',
      BaseFont: 'STSong-Light',
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('GB1'), Supplement: 4 },
      FontDescriptor: descriptor,
      DW: 1000,
    }),
  );
  const type0 = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: 'STSong-Light',
      Encoding: 'UniGB-UCS2-H',
      DescendantFonts: [cidFont],
    }),
  );
  const page = doc.addPage([420, 595]);
  const key: PDFName = page.node.newFontDictionary('STSong', type0);
  const lines = [
    '关于开展2024年节能宣传周活动的通知',
    '各乡镇人民政府，县直各部门：',
    '今年全国节能宣传周为6月10日至16日，',
    '请各单位结合实际组织开展宣传活动，',
    '全县计划发放宣传资料1.5万份。',
  ];
  let y = 540;
  for (const line of lines) {
    const hex = [...line].map((char) => (char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')).join('');
    page.pushOperators(beginText(), setFontAndSize(key, 12), moveText(40, y), showText(PDFHexString.of(hex)), endText());
    y -= 24;
  }
}

/** A minimal greyscale PNG, enough to stand in for a scanned page image. */
function greyPng(width: number, height: number, pixel: (x: number, y: number) => number): Uint8Array {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = pixel(x, y);
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const fontBytes = await readFile(fontPath).catch((error: unknown) => {
    throw new Error(
      `make-fixture-pdfs: cannot read the CJK font ${fontPath} (${String(error)}); install fonts-arphic-gbsn00lp or pass --font FILE.ttf`,
    );
  });
  const write = async (name: string, bytes: Uint8Array): Promise<void> => {
    await writeFile(join(outDir, name), bytes);
    console.log(`${join(outDir, name)}  ${bytes.length} bytes`);
  };
  // Copies for the layout fixture folders (only when writing the committed fixtures).
  const writeCopy = async (folder: string, name: string, bytes: Uint8Array): Promise<void> => {
    if (values.out !== 'test/fixtures/pdf') return;
    const path = join('test/fixtures/docs', folder, 'sources', name);
    await writeFile(path, bytes);
    console.log(`${path}  ${bytes.length} bytes`);
  };

  const report = await newDocument('青禾县2023年国民经济和社会发展统计公报');
  flow(report, await report.embedFont(fontBytes, { subset: true }), REPORT, { pageSize: [300, 340], margin: 36, size: 10 });
  const reportBytes = await report.save();
  await write('report.pdf', reportBytes);
  await writeCopy('layout-titles', 'qinghe-2023.pdf', reportBytes);

  const bold = await newDocument('河湾新区建设纪实');
  flow(bold, await bold.embedFont(fontBytes, { subset: true }), FAKE_BOLD, {
    pageSize: [300, 300],
    margin: 30,
    size: 10,
    fakeBold: true,
  });
  await write('fake-bold.pdf', await bold.save());

  const columns = await newDocument('县域旅游发展简报');
  await twoColumn(await columns.embedFont(fontBytes, { subset: true }), columns);
  await write('two-column.pdf', await columns.save());

  const table = await newDocument('柏溪市2023年各区经济运行情况');
  tablePage(await table.embedFont(fontBytes, { subset: true }), table);
  const tableBytes = await table.save();
  await write('table.pdf', tableBytes);
  await writeCopy('layout-tables', 'baixi-districts.pdf', tableBytes);

  const song = await newDocument('节能宣传周通知');
  cidSong(song);
  await write('cid-song.pdf', await song.save());

  const scanned = await newDocument('扫描件');
  // Dark bars on light grey, like lines of print photographed without OCR.
  const image = await scanned.embedPng(
    greyPng(200, 280, (x, y) => (y % 20 < 8 && x > 20 && x < 180 && y > 20 && y < 260 ? 40 : 225)),
  );
  for (let index = 0; index < 2; index++) {
    const page = scanned.addPage([300, 420]);
    page.drawRectangle({ x: 0, y: 0, width: 300, height: 420, color: rgb(1, 1, 1) });
    page.drawImage(image, { x: 30, y: 30, width: 240, height: 360 });
  }
  await write('scanned.pdf', await scanned.save());

  // A real header, so only the structure is broken: no objects, no xref, no trailer.
  const garbage = Buffer.alloc(600);
  for (let index = 0; index < garbage.length; index++) garbage[index] = (index * 73 + 41) % 251;
  await write('corrupt.pdf', Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), garbage]));

  await write('empty.pdf', new Uint8Array(0));
}

await main();
