import { mkdtemp, mkdir, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../src/engine/errors.ts';
import { SOURCE_EXTENSIONS, isSourceFile, readSource } from '../../src/engine/extract/read-source.ts';

/** "青禾县年末共有企业326家，比上年增长5.8%。\n茶叶产量1.2万吨。\n" encoded by iconv -t gb18030. */
const GB_TEXT_HEX =
  'c7e0bacccfd8c4eac4a9b9b2d3d0c6f3d2b5333236bcd2a3acb1c8c9cfc4ead4f6b3a4352e3825a1a30ab2e8d2b6b2fac1bf312e32cdf2b6d6a1a30a';
const GB_TEXT = '青禾县年末共有企业326家，比上年增长5.8%。\n茶叶产量1.2万吨。\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wenda-read-source-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function put(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** Runs readSource and returns the SourceError it must throw. */
async function sourceError(path: string, options?: Parameters<typeof readSource>[1]): Promise<SourceError> {
  const error = await readSource(path, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('readSource: text files', () => {
  it('lists the source extensions', () => {
    expect(SOURCE_EXTENSIONS).toEqual(['.txt', '.md', '.pdf']);
    expect(isSourceFile('报告.PDF')).toBe(true);
    expect(isSourceFile('notes.docx')).toBe(false);
  });

  it('reads UTF-8 text as is', async () => {
    const text = '双创园区现有企业2400余家。\n（文/张超）\n';
    expect(await readSource(await put('a.txt', text))).toBe(text);
  });

  it('strips a UTF-8 byte order mark', async () => {
    const path = await put('bom.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# 标题\n正文。', 'utf8')]));
    expect(await readSource(path)).toBe('# 标题\n正文。');
  });

  it('detects GB18030/GBK text and converts it', async () => {
    const path = await put('gbk.txt', Buffer.from(GB_TEXT_HEX, 'hex'));
    expect(await readSource(path)).toBe(GB_TEXT);
  });

  it('decodes four-byte GB18030 sequences outside GBK', async () => {
    // "𠀀龘" in GB18030: the first is a four-byte code point beyond the BMP.
    const body = Buffer.concat([Buffer.from(GB_TEXT_HEX, 'hex'), Buffer.from('95328236fd93', 'hex')]);
    expect(await readSource(await put('gb18030.txt', body))).toBe(`${GB_TEXT}𠀀龘`);
  });

  it('reads UTF-16 with a byte order mark', async () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('全年增长6.1%。', 'utf16le')]);
    expect(await readSource(await put('utf16.txt', body))).toBe('全年增长6.1%。');
  });

  it('refuses an empty file, naming it', async () => {
    const error = await sourceError(await put('空白.txt', ''));
    expect(error.file).toBe('空白.txt');
    expect(error.message).toContain('空白.txt');
    expect(error.message).toMatch(/empty/);
  });

  it('refuses a file of only white space', async () => {
    const error = await sourceError(await put('blank.md', ' \n\u3000\n\t'));
    expect(error.message).toMatch(/blank\.md.*empty/);
  });

  it('refuses a binary file with NUL bytes', async () => {
    const error = await sourceError(await put('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49])));
    expect(error.file).toBe('image.txt');
    expect(error.message).toMatch(/binary/);
  });

  it('refuses bytes that are neither UTF-8 nor plausible GB18030', async () => {
    const noise = Buffer.alloc(400);
    for (let index = 0; index < noise.length; index++) noise[index] = 0x81 + ((index * 37) % 0x7e);
    const error = await sourceError(await put('noise.txt', noise));
    expect(error.message).toMatch(/noise\.txt/);
    expect(error.message).toMatch(/binary|neither UTF-8 nor GB18030/);
  });

  it('refuses control-character soup as binary', async () => {
    const soup = Buffer.from(Array.from({ length: 200 }, (_, index) => (index % 3 === 0 ? 0x01 : 0x41)));
    const error = await sourceError(await put('soup.txt', soup));
    expect(error.message).toMatch(/binary/);
  });

  it('refuses a file over the size cap, with both sizes in the message', async () => {
    const path = await put('big.txt', '很长的文字。'.repeat(200));
    const error = await sourceError(path, { maxBytes: 1024 });
    expect(error.message).toMatch(/big\.txt: the file is too large \(3\.5 KB; the limit is 1 KB\)/);
  });

  it('uses the 20 MB cap by default', async () => {
    const path = join(dir, 'huge.txt');
    // A sparse file: 21 MB on paper, nothing on disk.
    await writeFile(path, '');
    const { truncate } = await import('node:fs/promises');
    await truncate(path, 21 * 1024 * 1024);
    const error = await sourceError(path);
    expect(error.message).toMatch(/too large \(21 MB; the limit is 20 MB\)/);
  });

  it('refuses a missing file, a folder and an unknown extension', async () => {
    expect((await sourceError(join(dir, 'missing.txt'))).message).toMatch(/missing\.txt: the file cannot be read \(it does not exist\)/);
    await mkdir(join(dir, 'folder.txt'));
    expect((await sourceError(join(dir, 'folder.txt'))).message).toMatch(/folder\.txt: not a regular file/);
    expect((await sourceError(await put('table.xlsx', 'a,b'))).message).toMatch(/unsupported file type "\.xlsx"/);
  });

  it.skipIf(process.getuid?.() === 0)('refuses an unreadable file', async () => {
    const path = await put('locked.txt', '内容。');
    await chmod(path, 0o000);
    expect((await sourceError(path)).message).toMatch(/locked\.txt: the file cannot be read \(permission denied\)/);
  });

  it('names the file by the display name when one is given', async () => {
    const error = await sourceError(await put('upload-123.tmp.txt', ''), { name: '年报.txt' });
    expect(error.file).toBe('年报.txt');
    expect(error.message).not.toContain('upload-123');
  });
});
