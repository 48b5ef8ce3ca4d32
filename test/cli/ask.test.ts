import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOW_CONFIDENCE } from '../../src/engine/ranking.ts';
import { hostileLine, PROPERTY_NAMES } from '../support/hostile-strings.ts';

const root = new URL('../../', import.meta.url).pathname;
const tsx = join(root, 'node_modules', '.bin', 'tsx');
let data: string;

beforeAll(() => {
  data = mkdtempSync(join(tmpdir(), 'wenda-cli-'));
  cpSync(join(root, 'index-data', 'sources'), join(data, 'sources'), { recursive: true });
});
afterAll(() => rmSync(data, { recursive: true, force: true }));

function ask(args: string[], input?: string) {
  return spawnSync(tsx, [join(root, 'src/cli/ask.ts'), '--data', data, ...args], { input, encoding: 'utf8', env: { ...process.env, CI: '1' } });
}

describe('ask CLI', () => {
  it('prints one JSON object with --json', () => {
    const out = ask(['--json', '双创园区有多少企业']);
    expect(out.status).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json).toMatchObject({ question: '双创园区有多少企业', found: true, figure: '2400余家', value: 2400, unit: '家' });
    expect(json.passage).toContain('入驻企业2400余家');
    expect(Array.isArray(json.alternatives)).toBe(true);
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['section', 'document', 'score']));
    // The best answer carries the same ids as the alternatives do.
    expect(json).toMatchObject({ script: 'simplified', documentId: 'kaifaqu-2022', passageId: expect.any(Number) });
    for (const alternative of json.alternatives) expect(alternative).toMatchObject({ documentId: expect.any(String), passageId: expect.any(Number) });
    expect(json.alternatives.map((a: { passageId: number }) => a.passageId)).not.toContain(json.passageId);
  });

  it('answers one JSON line per input line with --jsonl, in order, blank lines with an empty result', () => {
    const out = ask(['--jsonl'], '双创园区有多少企业\n今天天气怎么样\n\n   \n进出口同比增长多少\n');
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.question, l.found, l.figure])).toEqual([
      ['双创园区有多少企业', true, '2400余家'],
      ['今天天气怎么样', false, null],
      ['', false, null],
      ['', false, null],
      ['进出口同比增长多少', true, '7.3%'],
    ]);
    expect(lines[2]).toMatchObject({ passage: null, documentId: null, passageId: null, alternatives: [] });
  });

  it('prints a readable answer and keeps stdout clean of progress', () => {
    const out = ask(['双创园区有多少企业']);
    expect(out.stdout.split('\n')[0]).toBe('2400余家');
    expect(out.stdout).toContain('来源：全力建设全市新旧动能转换先行区 · 深化“放管服”改革推进“一次办好”');
  });

  it('prints an answer it is not sure of as possibly related, as the bot does, and its confidence in --json', () => {
    const tie = mkdtempSync(join(tmpdir(), 'wenda-cli-tie-'));
    try {
      mkdirSync(join(tie, 'sources'));
      writeFileSync(join(tie, 'sources', 'east.txt'), '东区概况\n\n东区园区入驻企业120家，带动就业3000人。\n');
      writeFileSync(join(tie, 'sources', 'west.txt'), '西区概况\n\n西区园区入驻企业260家，带动就业5000人。\n');
      const run = (args: string[]) => spawnSync(tsx, [join(root, 'src/cli/ask.ts'), '--data', tie, ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });
      expect(run(['园区入驻企业多少家']).stdout.split('\n')[0]).toBe('没有把握，以下内容可能相关，请核对原文：');
      const json = JSON.parse(run(['--json', '园区入驻企业多少家']).stdout);
      expect(json.confidence).toBeLessThan(LOW_CONFIDENCE);
      expect(JSON.parse(run(['--json', '西区园区入驻企业多少家']).stdout).confidence).toBeGreaterThanOrEqual(LOW_CONFIDENCE);
    } finally {
      rmSync(tie, { recursive: true, force: true });
    }
  });

  it('answers a traditional question in traditional, as the bot does; JSON keeps the text as written', () => {
    const out = ask(['雙創園區有多少企業']);
    expect(out.stdout.split('\n')[0]).toBe('2400餘家');
    expect(out.stdout).toContain('來源：全力建設全市新舊動能轉換先行區');
    expect(ask(['今天天氣怎麼樣']).stdout.trim()).toBe('沒有在文檔中找到這個問題的答案。');
    const json = JSON.parse(ask(['--json', '雙創園區有多少企業']).stdout);
    expect(json).toMatchObject({ script: 'traditional', figure: '2400余家' });
  });

  it('eval --help describes the questions file format', () => {
    const out = spawnSync(tsx, [join(root, 'src/cli/eval.ts'), '--help'], { encoding: 'utf8' });
    expect(out.status).toBe(0);
    for (const part of ['问题文件格式', 'JSON Lines', '"q"', 'figure', 'passage', 'found', '"found":false']) expect(out.stdout).toContain(part);
  });

  it('exits non-zero with a clear message for a missing data folder', () => {
    const out = spawnSync(tsx, [join(root, 'src/cli/ask.ts'), '--data', join(data, 'nope'), 'x'], { encoding: 'utf8' });
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/^错误：数据文件夹 .*nope 不存在\n用 npm run docs -- init .*nope 创建数据文件夹/);
    expect(out.stdout).toBe('');
  });

  it('eval scores the seed questions 18/18', () => {
    const out = execFileSync(tsx, [join(root, 'src/cli/eval.ts'), '--data', data], { encoding: 'utf8', cwd: root });
    expect(out).toContain('18/18 (100.0%)');
  });
});

describe('ask CLI under hostile questions (issue 13, item 1)', () => {
  it.each(['constructor', '__proto__'])('answers --json %s with a JSON object and exit code 0', (word) => {
    const out = ask(['--json', word]);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({ question: word, found: expect.any(Boolean) });
  });

  it('answers one JSON line for every property name and fuzzed line with --jsonl', () => {
    const fuzz = fc.sample(hostileLine, { numRuns: 400, seed: 13 });
    const questions = [...PROPERTY_NAMES, ...fuzz].map((q) => q.trim()).filter((q) => q !== '');
    const out = ask(['--jsonl'], `${questions.join('\n')}\n`);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as { question: string; found: boolean });
    expect(lines.map((l) => l.question)).toEqual(questions);
  });
});

describe('ask CLI: comparisons and series (issue 11)', () => {
  let zones: string;
  beforeAll(() => {
    zones = mkdtempSync(join(tmpdir(), 'wenda-cli-compare-'));
    cpSync(join(root, 'test/fixtures/compare/zones/sources'), join(zones, 'sources'), { recursive: true });
  });
  afterAll(() => rmSync(zones, { recursive: true, force: true }));
  const askZones = (args: string[]) =>
    spawnSync(tsx, [join(root, 'src/cli/ask.ts'), '--data', zones, '--now', '2025-03-01', ...args], { encoding: 'utf8', env: { ...process.env, CI: '1' } });

  it('--json gives kind and items, gaps as missing with why, and a difference with its basis', () => {
    const out = askZones(['--json', '石湾开发区近三年地区生产总值各多少']);
    expect(out.status).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json).toMatchObject({ kind: 'series', found: true, figure: null, passage: null });
    expect(json.items).toEqual([
      expect.objectContaining({ entity: '石湾开发区', period: '2022', figure: '198.7亿元', value: 19870000000, unit: '元', documentId: 'shiwan-2022', section: '一、经济指标', page: null }),
      expect.objectContaining({ entity: '石湾开发区', period: '2023', figure: null, passage: null, missing: true, why: '文档未提及' }),
      expect.objectContaining({ entity: '石湾开发区', period: '2024', figure: '221.4亿元', passage: expect.stringContaining('221.4亿元') }),
    ]);
    const change = JSON.parse(askZones(['--json', '枫港2023年高新技术企业比上年多了多少家']).stdout);
    expect(change.changes).toEqual([expect.objectContaining({ from: 0, to: 1, figure: '23家', computed: false, text: '2023年比2022年增加23家（文档原文）' })]);
    // A one-figure answer keeps its fields, with kind single and no items.
    expect(JSON.parse(askZones(['--json', '枫港经开区2024年GDP多少']).stdout)).toMatchObject({ kind: 'single', items: [], figure: '467.3亿元' });
  });

  it('prints a small table: one row per item with its source, the gaps and the ranking', () => {
    const out = askZones(['各园区2024年进出口总额排名']);
    expect(out.status).toBe(0);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('2024年 · 排名（从高到低）');
    expect(lines[1]).toMatch(/^1\. 临渚综合保税区\s+612\.8亿元\s+来源：临渚综合保税区2024年工作总结 · 一、主要指标$/);
    expect(lines[2]).toContain('实现进出口总额612.8亿元');
    expect(lines.at(-1)).toMatch(/^宁峪高新技术产业开发区\s+52\.3亿美元（单位不同，未参与比较）$/);
  });
});
