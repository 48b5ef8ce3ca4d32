import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const PDF = join(ROOT, 'test', 'fixtures', 'pdf');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a CLI script the way `npm run` does (tsx), in a pipe: no TTY, so no progress output. */
async function cli(script: string, ...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', script), ...args], {
      cwd: ROOT,
      env: { ...process.env, CI: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wenda-docs-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run docs', () => {
  it('adds a PDF and a text file, prints summaries, refuses a scanned PDF on stderr with exit 1; ask answers with the page', async () => {
    const text = join(dir, '港城物流.txt');
    await writeFile(text, '港城物流园区发展报告\n\n（文/陈默）\n\n园区概况\n\n港城物流园区现有入驻企业860余家。\n');
    const data = join(dir, 'data');
    const added = await cli('docs.ts', 'add', join(PDF, 'fake-bold.pdf'), text, join(PDF, 'scanned.pdf'), '--data', data);
    expect(added.code).toBe(1);
    expect(added.stdout).toContain('已添加 fake-bold.pdf\n  标题：河湾新区建设纪实\n  作者：王岚\n  内容：2 页，');
    expect(added.stdout).toMatch(/清理：doubled glyphs repaired on \d+ lines/);
    expect(added.stdout).toContain('已添加 港城物流.txt\n  标题：港城物流园区发展报告\n  作者：陈默');
    expect(added.stderr).toBe('无法添加 scanned.pdf：这个 PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）再添加\n');
    expect((await readdir(join(data, 'sources'))).sort()).toEqual(['fake-bold.pdf', '港城物流.txt']);

    const asked = await cli('ask.ts', '--data', data, '--json', '新区现有入驻企业多少家');
    expect(asked.code).toBe(0);
    const answer = JSON.parse(asked.stdout) as { figure: string; page?: number | null };
    expect(answer.figure).toBe('1600余家');
    expect(answer.page).toBe(1);

    const listed = await cli('docs.ts', 'list', '--data', data);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^fake-bold\.pdf（\d+ KB）\n  标题：河湾新区建设纪实\n/u);
    expect(listed.stdout).toContain('港城物流.txt（1 KB）\n  标题：港城物流园区发展报告');

    const removed = await cli('docs.ts', 'remove', '港城物流', '--data', data);
    expect(removed).toMatchObject({ code: 0, stdout: '已删除 港城物流.txt（港城物流园区发展报告）\n', stderr: '' });
  });

  it('prints usage with exit 2 when no command is given', async () => {
    const none = await cli('docs.ts');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^usage:\n  npm run docs -- add FILE/u);
    expect(none.stdout).toBe('');
  });
});
