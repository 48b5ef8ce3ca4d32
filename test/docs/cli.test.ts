import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
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

const HARBOUR = '港城物流园区发展报告\n\n（文/陈默）\n\n园区概况\n\n港城物流园区现有入驻企业860余家。\n';

describe('npm run docs', () => {
  it('adds a PDF and a text file, prints summaries, refuses a scanned PDF on stderr with exit 1; ask answers with the page', async () => {
    const text = join(dir, '港城物流.txt');
    await writeFile(text, HARBOUR);
    const data = join(dir, 'data');
    // A folder that does not exist is refused (a typo must not make a new library), with the way to make one.
    const refused = await cli('docs.ts', 'add', text, '--data', data);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`错误：数据文件夹 ${data} 不存在\n用 npm run docs -- init ${data} 创建数据文件夹，再用 npm run docs -- add 文件 --data ${data} 添加文档。\n`);
    const init = await cli('docs.ts', 'init', data);
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain(`已创建数据文件夹 ${data}`);
    expect(await readdir(join(data, 'sources'))).toEqual([]);
    expect((await cli('docs.ts', 'init', '--data', data)).stdout).toBe(`${data} 已经是数据文件夹，没有改动。\n`);

    const added = await cli('docs.ts', 'add', join(PDF, 'fake-bold.pdf'), text, join(PDF, 'scanned.pdf'), '--data', data);
    expect(added.code).toBe(1);
    expect(added.stdout).toContain('已添加 fake-bold.pdf\n  标题：河湾新区建设纪实\n  作者：王岚\n  内容：2 页，');
    expect(added.stdout).toMatch(/清理：修复了 \d+ 行重复的字（伪粗体）/);
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
    expect(listed.stdout).toMatch(/^fake-bold\.pdf（[\d.]+ KB）\n  标题：河湾新区建设纪实\n/u);
    expect(listed.stdout).toMatch(/港城物流\.txt（\d+ B）\n  标题：港城物流园区发展报告/u);

    const removed = await cli('docs.ts', 'remove', '港城物流', '--data', data);
    expect(removed).toMatchObject({ code: 0, stdout: '已删除 港城物流.txt（港城物流园区发展报告）\n', stderr: '' });
  });

  it('names a source that cannot be read, with its reason, in list and on every later run, not only the first', async () => {
    const data = join(dir, 'skipped');
    await mkdir(join(data, 'sources'), { recursive: true });
    await writeFile(join(data, 'sources', '港城物流.txt'), HARBOUR);
    await writeFile(join(data, 'sources', '空白.txt'), '');
    const listed = await cli('docs.ts', 'list', '--data', data);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain('空白.txt（0 B）\n  跳过（无法读取）：文件是空的\n');
    for (let run = 0; run < 2; run++) {
      const again = await cli('ask.ts', '--data', data, '港城物流园区有多少家入驻企业');
      expect(again.stderr).toBe('跳过 1 个无法读取的源文件（不会用它们回答）：\n  空白.txt：文件是空的\n');
      expect(again.stdout).toContain('860余家');
    }
  });

  it('adds the same file under another name with a warning on stderr', async () => {
    const data = join(dir, 'copies');
    await mkdir(join(data, 'sources'), { recursive: true });
    await writeFile(join(data, 'sources', '港城物流.txt'), HARBOUR);
    const copy = join(dir, '副本.txt');
    await writeFile(copy, HARBOUR);
    const copied = await cli('docs.ts', 'add', copy, '--data', data);
    expect(copied.code).toBe(0);
    expect(copied.stdout).toContain('已添加 副本.txt');
    expect(copied.stderr).toBe('警告：「副本.txt」与已有的「港城物流.txt」内容完全相同，同一份文档现在有两份；不需要两份时用 npm run docs -- remove 副本.txt 删除。\n');
  });

  it('prints usage with exit 2 when no command is given', async () => {
    const none = await cli('docs.ts');
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^用法：\n  npm run docs -- init \[DIR\]\n  npm run docs -- add 文件/u);
    expect(none.stdout).toBe('');
  });
});
