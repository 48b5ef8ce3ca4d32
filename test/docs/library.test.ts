import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempPathFor } from '../../src/engine/atomic-files.ts';
import { LibraryError } from '../../src/docs/errors.ts';
import { DocumentLibrary } from '../../src/docs/library.ts';
import { describeDataDir, describeProblem, duplicateWarning, needsInit, summaryLines } from '../../src/docs/messages.ts';
import { Engine } from '../../src/engine/engine.ts';
import { DataDirError, SourceError } from '../../src/engine/errors.ts';

const PDF = join(import.meta.dirname, '..', 'fixtures', 'pdf');

/** A small article of our own: title, byline, two sections with figures. */
const HARBOUR = `港城物流园区发展报告

（文/陈默）

园区概况

港城物流园区规划面积12.5平方公里，现有入驻企业860余家。

运输能力

园区全年完成货物吞吐量3200万吨，比上年增长9.2%。
`;

/** Another document, to be added and removed. */
const FOREST = `林场生态建设情况

林场经营面积4.8万亩，森林覆盖率达到93.6%。全年新植苗木36万株。
`;

let root: string;
let dataDir: string;
let inbox: string;
let logs: string[];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wenda-library-'));
  dataDir = join(root, 'data');
  inbox = join(root, 'inbox');
  await mkdir(inbox);
  await DocumentLibrary.init(dataDir);
  logs = [];
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function inboxFile(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(inbox, name);
  await writeFile(path, content);
  return path;
}

function openLibrary(options: { maxBytes?: number; threads?: number } = {}): Promise<DocumentLibrary> {
  return DocumentLibrary.open(dataDir, { ...options, log: (level, message) => logs.push(`${level}: ${message}`) });
}

async function sources(): Promise<string[]> {
  return (await readdir(join(dataDir, 'sources'))).sort();
}

/** A library that already holds the harbour article. */
async function withHarbour(): Promise<DocumentLibrary> {
  const library = await openLibrary();
  const result = await library.add([await inboxFile('港城物流.txt', HARBOUR)]);
  expect(result.failed).toEqual([]);
  return library;
}

describe('DocumentLibrary: the data folder', () => {
  it('refuses a folder that does not exist or has no sources/, and creates nothing', async () => {
    const missing = join(root, 'typo');
    const error = await DocumentLibrary.open(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirError);
    expect(describeDataDir(error as DataDirError)).toBe(`数据文件夹 ${missing} 不存在`);
    // In a chat no server path is shown.
    expect(describeProblem(error)).toBe('数据文件夹 typo 不存在');
    expect(needsInit(error)).toBe(true);
    await expect(stat(missing)).rejects.toThrow();
    // An existing folder that is not a data folder is refused too (DATA_DIR=/home/me would litter it).
    await expect(DocumentLibrary.open(inbox)).rejects.toThrow(/has no sources\/ folder/);
    await expect(readdir(inbox)).resolves.toEqual([]);
    const file = await inboxFile('a.txt', '文字');
    expect(describeDataDir((await DocumentLibrary.open(file).catch((e: unknown) => e)) as DataDirError)).toBe(`${file} 不是文件夹`);
  });

  it('init makes a data folder once; open with create makes one too', async () => {
    const fresh = join(root, 'fresh');
    expect(await DocumentLibrary.init(fresh)).toBe(true);
    expect(await DocumentLibrary.init(fresh)).toBe(false);
    expect(await readdir(join(fresh, 'sources'))).toEqual([]);
    expect((await DocumentLibrary.open(fresh)).getEngine().documents).toEqual([]);
    const created = join(root, 'created', 'nested');
    expect((await DocumentLibrary.open(created, { create: true })).sourcesDir).toBe(join(created, 'sources'));
    await expect(stat(join(created, 'sources'))).resolves.toBeDefined();
  });
});

describe('DocumentLibrary: adding', () => {
  it('starts empty on a new folder and answers nothing', async () => {
    const library = await openLibrary();
    expect(await library.list()).toEqual([]);
    expect((await library.getEngine().ask('园区有多少企业')).found).toBe(false);
  });

  it('adds a text document, summarises it and answers from it', async () => {
    const library = await openLibrary();
    const result = await library.add([await inboxFile('港城物流.txt', HARBOUR)]);
    expect(result.failed).toEqual([]);
    expect(result.added).toHaveLength(1);
    const [summary] = result.added;
    expect(summary).toMatchObject({ file: '港城物流.txt', id: '港城物流', title: '港城物流园区发展报告', author: '陈默', pages: null, replaced: null });
    expect(summary?.sections).toBeGreaterThanOrEqual(2);
    expect(summary?.passages).toBeGreaterThanOrEqual(2);
    expect(await sources()).toEqual(['港城物流.txt']);

    const answer = (await library.getEngine().ask('园区有多少家入驻企业'));
    expect(answer.found).toBe(true);
    expect(answer.best?.figure?.text).toBe('860余家');
    expect(answer.best?.documentId).toBe('港城物流');
  });

  it('answers from answer threads when asked to, and from the new documents after a change', async () => {
    const library = await openLibrary({ threads: 1 });
    await library.add([await inboxFile('港城物流.txt', HARBOUR)]);
    const first = library.getEngine();
    expect(first.threads).toBe(1);
    expect((await first.ask('园区有多少家入驻企业')).best?.figure?.text).toBe('860余家');
    await library.add([await inboxFile('林场.txt', FOREST)]);
    const second = library.getEngine();
    expect(second).not.toBe(first);
    expect(second.threads).toBe(1);
    expect((await second.ask('森林覆盖率是多少')).best?.figure?.text).toBe('93.6%');
    // The replaced engine still answers what reaches it during its grace period.
    expect((await first.ask('园区有多少家入驻企业')).best?.figure?.text).toBe('860余家');
    expect(logs.filter((line) => line.includes('main thread'))).toEqual([]);
    await Promise.all([first.close({ now: true }), second.close({ now: true })]);
  });

  it('adds PDFs with page numbers, repairs fake bold and reports it', async () => {
    const library = await openLibrary();
    const result = await library.add([join(PDF, 'report.pdf'), join(PDF, 'fake-bold.pdf')]);
    expect(result.failed).toEqual([]);
    const [report, bold] = result.added;
    expect(report).toMatchObject({ file: 'report.pdf', pages: 3, year: 2023 });
    expect(report?.passages).toBeGreaterThan(10);
    expect(bold).toMatchObject({ file: 'fake-bold.pdf', title: '河湾新区建设纪实', author: '王岚', pages: 2 });
    expect(bold?.warnings.join(' ')).toMatch(/doubled glyphs repaired on \d+ lines/);
    expect(summaryLines(bold!)).toEqual(expect.arrayContaining(['标题：河湾新区建设纪实', '作者：王岚', expect.stringMatching(/^清理：修复了 \d+ 行重复的字（伪粗体）$/)]));

    const answer = (await library.getEngine().ask('新区现有入驻企业多少家'));
    expect(answer.best?.figure?.text).toBe('1600余家');
    expect(answer.best?.page).toBe(1);
    const second = (await library.getEngine().ask('规模以上工业企业有多少家'));
    expect(second.best?.figure?.text).toBe('326家');
    expect(second.best?.page).toBe(2);
  });

  it('notices a byte-identical copy under another name (also within a batch, and after conversion to UTF-8), and adds it', async () => {
    const library = await withHarbour();
    const copy = await library.add([await inboxFile('副本.txt', HARBOUR)]);
    expect(copy.added[0]).toMatchObject({ file: '副本.txt', duplicateOf: '港城物流.txt' });
    expect(duplicateWarning(copy.added[0]!)).toBe('「副本.txt」与已有的「港城物流.txt」内容完全相同，同一份文档现在有两份');
    // Replacing a document with the same bytes is no copy (once the copy is gone); other content is none either.
    await library.remove('副本.txt');
    const again = await library.add([await inboxFile('港城物流.txt', HARBOUR)], { replace: true });
    expect(again.added[0]).toMatchObject({ replaced: '港城物流.txt', duplicateOf: null });
    const other = await library.add([await inboxFile('另一篇.txt', HARBOUR.replace('860', '861'))]);
    expect(other.added[0]?.duplicateOf).toBeNull();
    expect(duplicateWarning(other.added[0]!)).toBeNull();
    // Two equal files in one batch; and GB18030 bytes whose UTF-8 text equals a stored file.
    const gb = Buffer.from('c1d6b3a1beadd3aac3e6bbfd342e38cdf2c4b6a1a3', 'hex');
    const batch = await library.add([await inboxFile('甲.txt', '林场经营面积4.8万亩。'), await inboxFile('乙.txt', gb)]);
    expect(batch.added.map((s) => [s.file, s.duplicateOf])).toEqual([
      ['甲.txt', null],
      ['乙.txt', '甲.txt'],
    ]);
  });

  it('stores GB18030 text as UTF-8 and indexes it', async () => {
    const library = await openLibrary();
    // "林场经营面积4.8万亩。" in GB18030 (iconv -t gb18030).
    const gb = Buffer.from('c1d6b3a1beadd3aac3e6bbfd342e38cdf2c4b6a1a3', 'hex');
    const result = await library.add([await inboxFile('林场.txt', gb)]);
    expect(result.failed).toEqual([]);
    expect(await readFile(join(dataDir, 'sources', '林场.txt'), 'utf8')).toBe('林场经营面积4.8万亩。');
    expect((await library.getEngine().ask('林场经营面积多大')).best?.figure?.text).toBe('4.8万亩');
  });

  it('refuses bad files with a reason naming each, changing nothing', async () => {
    const library = await withHarbour();
    const engineBefore = library.getEngine();
    const sourcesBefore = await sources();
    const indexBefore = await readFile(join(dataDir, 'sections.json'), 'utf8');

    const result = await library.add([
      join(PDF, 'scanned.pdf'),
      join(PDF, 'corrupt.pdf'),
      join(PDF, 'empty.pdf'),
      await inboxFile('photo.txt', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46])),
      await inboxFile('slides.pptx', 'x'),
      join(inbox, 'missing.pdf'),
    ]);
    expect(result.added).toEqual([]);
    expect(result.failed.map((failure) => failure.input)).toEqual([
      'scanned.pdf',
      'corrupt.pdf',
      'empty.pdf',
      'photo.txt',
      'slides.pptx',
      'missing.pdf',
    ]);
    const chinese = result.failed.map((failure) => describeProblem(failure.error));
    expect(chinese).toEqual([
      'scanned.pdf：这个 PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）再添加',
      'corrupt.pdf：PDF 文件已损坏，无法打开',
      'empty.pdf：文件是空的',
      'photo.txt：这不是文本文件（含有二进制内容）',
      'slides.pptx：不支持的文件类型（.pptx），只能添加 .txt、.md 和 .pdf 文件',
      'missing.pdf：文件不存在',
    ]);
    expect(library.getEngine()).toBe(engineBefore);
    expect(await sources()).toEqual(sourcesBefore);
    expect(await readFile(join(dataDir, 'sections.json'), 'utf8')).toBe(indexBefore);
  });

  it('refuses files over the size cap', async () => {
    const library = await DocumentLibrary.open(dataDir, { maxBytes: 64 });
    const result = await library.add([await inboxFile('big.txt', '很长的内容。'.repeat(100))]);
    expect(result.failed[0]?.error).toBeInstanceOf(SourceError);
    expect(describeProblem(result.failed[0]?.error)).toBe('big.txt：文件太大（1.8 KB，上限为 64 B）');
    expect(await sources()).toEqual([]);
  });

  it('adds the good files of a batch and reports the bad ones', async () => {
    const library = await openLibrary();
    const result = await library.add([await inboxFile('港城物流.txt', HARBOUR), join(PDF, 'scanned.pdf')]);
    expect(result.added.map((summary) => summary.file)).toEqual(['港城物流.txt']);
    expect(result.failed.map((failure) => failure.input)).toEqual(['scanned.pdf']);
    expect(await sources()).toEqual(['港城物流.txt']);
  });
});

describe('DocumentLibrary: names', () => {
  it('sanitises names: no traversal, nothing written outside sources/', async () => {
    const library = await openLibrary();
    const path = await inboxFile('upload.bin', FOREST);
    const result = await library.add([{ path, name: '../../../林场\u202E.txt' }]);
    expect(result.added[0]?.file).toBe('林场.txt');
    expect(await sources()).toEqual(['林场.txt']);
    expect((await readdir(root)).sort()).toEqual(['data', 'inbox']);
  });

  it('does not overwrite another document unless asked to', async () => {
    const library = await withHarbour();
    const clash = await inboxFile('港城物流.PDF', await readFile(join(PDF, 'report.pdf')));

    const refused = await library.add([clash]);
    expect(refused.added).toEqual([]);
    const error = refused.failed[0]?.error;
    expect(error).toBeInstanceOf(LibraryError);
    expect((error as LibraryError).code).toBe('exists');
    expect(describeProblem(error, { replace: '请确认替换' })).toBe('港城物流.pdf：已经有同名文档「港城物流.txt」，请确认替换');
    expect(await sources()).toEqual(['港城物流.txt']);
    expect(await readFile(join(dataDir, 'sources', '港城物流.txt'), 'utf8')).toBe(HARBOUR);

    const replaced = await library.add([clash], { replace: true });
    expect(replaced.added[0]).toMatchObject({ file: '港城物流.pdf', replaced: '港城物流.txt', pages: 3 });
    expect(await sources()).toEqual(['港城物流.pdf']);
    expect(library.getEngine().documents.map((doc) => doc.id)).toEqual(['港城物流']);
    expect((await library.getEngine().ask('园区有多少家入驻企业')).best?.figure?.text).not.toBe('860余家');
  });

  it('keeps both on request, under a numbered name', async () => {
    const library = await withHarbour();
    const result = await library.add([await inboxFile('港城物流.txt', FOREST)], { keepBoth: true });
    expect(result.added[0]?.file).toBe('港城物流-2.txt');
    expect(await sources()).toEqual(['港城物流-2.txt', '港城物流.txt']);
  });

  it('keeps two documents with the same title distinct', async () => {
    const library = await openLibrary();
    const result = await library.add([await inboxFile('一月.txt', HARBOUR), await inboxFile('二月.txt', HARBOUR.replace('860余家', '900余家'))]);
    expect(result.failed).toEqual([]);
    const documents = library.getEngine().documents;
    expect(documents.map((doc) => doc.title)).toEqual(['港城物流园区发展报告', '港城物流园区发展报告']);
    expect(new Set(documents.map((doc) => doc.id)).size).toBe(2);
    const answer = (await library.getEngine().ask('园区有多少家入驻企业'));
    const figures = [answer.best, ...answer.alternatives].map((candidate) => `${candidate?.documentId}:${candidate?.figure?.text}`);
    expect(figures).toEqual(expect.arrayContaining(['一月:860余家', '二月:900余家']));

    await library.remove('一月.txt');
    expect(library.getEngine().documents.map((doc) => doc.id)).toEqual(['二月']);
  });
});

describe('DocumentLibrary: listing and removing', () => {
  it('lists documents with their summaries', async () => {
    const library = await withHarbour();
    await library.add([join(PDF, 'fake-bold.pdf')]);
    const entries = await library.list();
    expect(entries.map((entry) => entry.file)).toEqual(['fake-bold.pdf', '港城物流.txt']);
    expect(entries[0]).toMatchObject({ problem: null, document: { title: '河湾新区建设纪实', pages: 2 } });
    expect(entries[1]?.bytes).toBe(Buffer.byteLength(HARBOUR));
  });

  it('removes by file name or by name without extension, and answers no more from it', async () => {
    const library = await withHarbour();
    await library.add([await inboxFile('林场.txt', FOREST)]);
    expect((await library.getEngine().ask('森林覆盖率是多少')).best?.figure?.text).toBe('93.6%');

    const removed = await library.remove('林场');
    expect(removed).toMatchObject({ file: '林场.txt', title: '林场生态建设情况' });
    expect(await sources()).toEqual(['港城物流.txt']);
    expect((await library.getEngine().ask('森林覆盖率是多少')).best?.documentId).not.toBe('林场');

    await library.remove('港城物流.txt');
    expect(await sources()).toEqual([]);
    expect(library.getEngine().stats().documents).toBe(0);
    expect((await library.getEngine().ask('园区有多少家入驻企业')).found).toBe(false);
  });

  it('says when there is no such document', async () => {
    const library = await withHarbour();
    const error = await library.remove('不存在').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LibraryError);
    expect(describeProblem(error)).toBe('没有名为「不存在」的文档');
    expect(await sources()).toEqual(['港城物流.txt']);
  });

  it('lists a source the engine could not read with its problem', async () => {
    const library = await withHarbour();
    // Put a broken file in by hand, as a user might.
    await copyFile(join(PDF, 'scanned.pdf'), join(dataDir, 'sources', '扫描.pdf'));
    const reopened = await openLibrary();
    const entries = await reopened.list();
    expect(entries.find((entry) => entry.file === '扫描.pdf')).toMatchObject({ document: null, problem: expect.stringMatching(/no text layer/) });
    expect(entries.find((entry) => entry.file === '港城物流.txt')?.document?.title).toBe('港城物流园区发展报告');
    await library.remove('扫描.pdf');
  });
});

describe('DocumentLibrary: crashes and concurrency', () => {
  /** A pid no process can have (above Linux's pid_max), standing in for a crashed writer. */
  const DEAD_PID = 2 ** 30;

  it('recovers from a crash in the middle of writing a new source', async () => {
    const library = await withHarbour();
    const before = (await library.getEngine().ask('园区有多少家入驻企业'));
    // What a crash between "write temp file" and "rename" leaves: half a PDF under a temp name.
    const pdf = await readFile(join(PDF, 'report.pdf'));
    const temp = tempPathFor(join(dataDir, 'sources', 'report.pdf'), DEAD_PID);
    await writeFile(temp, pdf.subarray(0, pdf.length / 2));

    const reopened = await openLibrary();
    expect(await sources()).toEqual(['港城物流.txt']);
    expect(logs.join('\n')).toMatch(/removed 1 unfinished file/);
    expect((await reopened.list()).map((entry) => entry.file)).toEqual(['港城物流.txt']);
    expect((await reopened.getEngine().ask('园区有多少家入驻企业'))).toEqual(before);
  });

  it('recovers from a crash that left a partial index: detects it, says so once, rebuilds from sources', async () => {
    const library = await withHarbour();
    const before = (await library.getEngine().ask('园区有多少家入驻企业'));
    // Cut every file of the persisted index in half, as a crash mid-write would.
    const indexDir = join(dataDir, 'index');
    const pointer = JSON.parse(await readFile(join(indexDir, 'current.json'), 'utf8')) as { dir: string };
    for (const file of await readdir(join(indexDir, pointer.dir))) {
      const path = join(indexDir, pointer.dir, file);
      await truncate(path, Math.floor((await stat(path)).size / 2));
    }

    const reopened = await openLibrary();
    expect(logs.filter((line) => /corrupt or partial/.test(line))).toHaveLength(1);
    expect((await reopened.getEngine().ask('园区有多少家入驻企业'))).toEqual(before);
    // The rebuild was persisted: the next start loads it without complaint.
    logs = [];
    const third = await openLibrary();
    expect(logs).toEqual([]);
    expect((await third.getEngine().ask('园区有多少家入驻企业'))).toEqual(before);
  });

  it('after a crash between writing a source and rebuilding, the next start indexes it', async () => {
    await withHarbour();
    // The rename happened, the index build did not: sources/ is ahead of the index.
    await writeFile(join(dataDir, 'sources', '林场.txt'), FOREST);
    const reopened = await openLibrary();
    expect(reopened.getEngine().documents.map((doc) => doc.id).sort()).toEqual(['林场', '港城物流']);
    expect((await reopened.getEngine().ask('森林覆盖率是多少')).best?.figure?.text).toBe('93.6%');
  });

  it('answers questions throughout an add, each from the old or the new index, none failing', async () => {
    const library = await withHarbour();
    const questions = ['园区有多少家入驻企业', '规模以上工业企业有多少家', '新区现有入驻企业多少家'];
    const oldEngine = library.getEngine();
    const oldAnswers = await Promise.all(questions.map((question) => oldEngine.ask(question)));

    const adding = library.add([join(PDF, 'report.pdf'), join(PDF, 'fake-bold.pdf')]);
    let done = false;
    void adding.finally(() => {
      done = true;
    });
    const seen: { engine: unknown; index: number; answer: unknown }[] = [];
    for (let round = 0; !done; round++) {
      const index = round % questions.length;
      const engine = library.getEngine();
      seen.push({ engine, index, answer: (await engine.ask(questions[index]!)) });
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result = await adding;
    expect(result.failed).toEqual([]);
    const newEngine = library.getEngine();
    expect(newEngine).not.toBe(oldEngine);
    const newAnswers = await Promise.all(questions.map((question) => newEngine.ask(question)));

    // Questions were really asked while the new index was being built.
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((entry) => entry.engine === oldEngine)).toBe(true);
    for (const entry of seen) expect(entry.answer).toEqual(oldAnswers[entry.index]);
    // And the new index answers what the old one could not.
    expect(oldAnswers[2]?.best?.figure?.text).not.toBe('1600余家');
    expect(newAnswers[2]?.best?.figure?.text).toBe('1600余家');
    expect(newAnswers[0]?.best?.figure?.text).toBe('860余家');
  });

  it('undoes the change when building the new index fails: sources and live engine stay as they were', async () => {
    let failNext = false;
    const library = await DocumentLibrary.open(dataDir, {
      openEngine: async (dir, options) => {
        const engine = await Engine.open(dir, options);
        if (failNext) {
          failNext = false;
          throw new Error('simulated failure after the sources were written');
        }
        return engine;
      },
    });
    await library.add([await inboxFile('港城物流.txt', HARBOUR)]);
    const engineBefore = library.getEngine();

    failNext = true;
    const replacement = await inboxFile('港城物流.pdf', await readFile(join(PDF, 'report.pdf')));
    const error = await library
      .add([replacement, await inboxFile('林场.txt', FOREST)], { replace: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LibraryError);
    expect((error as LibraryError).code).toBe('build-failed');
    expect(describeProblem(error)).toMatch(/^重建索引失败，文档没有任何改动（.*simulated failure/u);
    expect(library.getEngine()).toBe(engineBefore);
    expect(await sources()).toEqual(['港城物流.txt']);
    expect(await readFile(join(dataDir, 'sources', '港城物流.txt'), 'utf8')).toBe(HARBOUR);

    // The index on disk may describe the failed set; the next start notices and rebuilds.
    const reopened = await openLibrary();
    expect(reopened.getEngine().documents.map((doc) => doc.id)).toEqual(['港城物流']);
    expect((await reopened.getEngine().ask('园区有多少家入驻企业')).best?.figure?.text).toBe('860余家');
  });

  it('runs changes one at a time when they overlap', async () => {
    const library = await openLibrary();
    const [first, second, removal] = await Promise.all([
      library.add([await inboxFile('港城物流.txt', HARBOUR)]),
      library.add([await inboxFile('林场.txt', FOREST)]),
      library.remove('港城物流'),
    ]);
    expect(first.added).toHaveLength(1);
    expect(second.added).toHaveLength(1);
    expect(removal.file).toBe('港城物流.txt');
    expect(await sources()).toEqual(['林场.txt']);
    expect(library.getEngine().documents.map((doc) => doc.id)).toEqual(['林场']);
  });
});
