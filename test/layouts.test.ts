/**
 * The layout fixtures: hand-written sources (Markdown, tables in text and
 * PDF, one item per line, title/byline/caption variants, a traditional
 * table) in test/fixtures/docs/layout-*, with questions in
 * test/fixtures/eval/layout-*.jsonl. The cleaner must give each the right
 * title, byline, sections and table rows, and every answer must stand in one
 * sentence of the cleaned text; the answers themselves are the answer
 * model's to find (held to a floor here, scored in full by `npm run eval`).
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../src/engine/engine.ts';
import { judge, parseQuestions } from '../src/engine/evaluate.ts';
import { fold } from '../src/engine/script.ts';
import type { CleanDocument } from '../src/engine/types.ts';

const DOCS = join(import.meta.dirname, 'fixtures', 'docs');
const EVAL = join(import.meta.dirname, 'fixtures', 'eval');
const temp: string[] = [];
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

async function open(folder: string): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'wenda-layout-'));
  temp.push(dir);
  cpSync(join(DOCS, folder, 'sources'), join(dir, 'sources'), { recursive: true });
  return Engine.open(dir, { persist: false });
}

/** What each document must clean to: metadata, section titles, and how many table rows. */
interface Expected {
  title: string;
  titleFrom?: CleanDocument['titleFrom'];
  author?: string | null;
  date?: string | null;
  period?: string | null;
  sections: string[];
  rows?: number;
}

const EXPECTED: Record<string, Record<string, Expected>> = {
  'layout-markdown': {
    'dongshan-2024': {
      title: '东山镇2024年工作总结',
      author: '东山镇人民政府',
      date: '2025-01-08',
      period: '2024年',
      sections: ['', '一、经济发展 （一）工业经济', '一、经济发展 （二）现代农业', '二、民生保障', '三、2025年工作安排'],
      rows: 3,
    },
  },
  'layout-tables': {
    'tongxi-2023': {
      title: '桐溪市2023年国民经济和社会发展统计公报',
      author: '桐溪市统计局',
      date: '2024年3月18日',
      period: '2023年',
      sections: ['', '一、综合', '二、工业', '三、人口'],
      rows: 13,
    },
    'baixi-districts': {
      title: '柏溪市2023年各区经济运行情况',
      author: '柏溪市统计局',
      date: '2024年2月20日',
      period: '2023年',
      sections: [''],
      rows: 4,
    },
  },
  'layout-notes': {
    'hewan-2024q3': { title: '河湾街道2024年第三季度工作简报', period: '2024年第三季度', sections: ['一、重点工作进展', '（一）就业帮扶', '（二）社会救助', '三、下一步打算'] },
    'safety-meeting': { title: '安全生产工作会议纪要', date: '2024年6月12日', sections: [''] },
  },
  'layout-titles': {
    'dongshan-review': { title: '东山镇2024年发展综述', titleFrom: 'title', sections: ['聚焦主导产业发展', '培育新兴产业集群', '优化营商环境'] },
    'yunling-h1': { title: '2024年上半年云岭市经济运行情况', period: '2024年上半年', sections: [''] },
    'lanxi-news': { title: '兰溪：小柑橘撑起致富大产业', author: '周航', date: '2024年11月6日', sections: [''] },
    'caption-first': { title: 'caption-first', titleFrom: 'file', sections: [''], rows: 3 },
    'qinghe-2023': {
      title: '青禾县2023年国民经济和社会发展统计公报',
      author: '青禾县统计局',
      period: '2023年',
      sections: ['一、综合', '二、工业和建筑业', '三、农业', '四、居民生活和社会保障'],
    },
  },
  'layout-traditional': {
    'taoyuan-113q1': {
      title: '桃源市113年第一季觀光統計快報',
      author: '桃源市政府觀光局',
      date: '中華民國113年4月20日',
      period: '113年第一季',
      sections: ['一、觀光人次', '二、住宿業', '三、觀光收入'],
      rows: 7,
    },
  },
};

/** Share of each folder's questions the answer model must get right today. */
const ANSWER_FLOOR = 0.75;

const norm = (text: string): string => fold(text.normalize('NFKC')).replace(/\s+/g, '');

const folders = readdirSync(DOCS).filter((name) => name.startsWith('layout-')).sort();

describe('layout fixtures', () => {
  it('are all described here', () => {
    expect(folders).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(folders)('%s', (folder) => {
    let engine: Engine;

    it('cleans each document to its title, byline, date, period, sections and table rows', async () => {
      engine = await open(folder);
      expect(engine.problems).toEqual([]);
      expect(engine.documents.map((d) => d.id).sort()).toEqual(Object.keys(EXPECTED[folder]!).sort());
      for (const doc of engine.documents) {
        const want = EXPECTED[folder]![doc.id]!;
        const got: Expected = { title: doc.title, sections: doc.sections.map((s) => s.title), rows: doc.sections.flatMap((s) => (s.rows ?? []).filter((r) => r !== null)).length };
        if ('titleFrom' in want) got.titleFrom = doc.titleFrom;
        if ('author' in want) got.author = doc.author;
        if ('date' in want) got.date = doc.date;
        if ('period' in want) got.period = doc.period;
        expect(got, doc.id).toEqual({ rows: 0, ...want });
      }
    });

    it('has every answer in one sentence of the cleaned text', () => {
      const sentences = engine.index.passages.map((p) => norm(p.text));
      const problems: string[] = [];
      for (const q of parseQuestions(readFileSync(join(EVAL, `${folder}.jsonl`), 'utf8'))) {
        if (q.found === false || q.passage === undefined) continue;
        const holders = sentences.filter((s) => s.includes(norm(q.passage!)));
        if (holders.length === 0) problems.push(`${q.q}: no sentence holds "${q.passage}"`);
        else if (q.figure && !q.figure.some((f) => holders.some((s) => s.includes(norm(f))))) problems.push(`${q.q}: no sentence with "${q.passage}" holds ${q.figure.join('/')}`);
      }
      expect(problems).toEqual([]);
    });

    it(`answers at least ${ANSWER_FLOOR * 100}% of its questions`, async () => {
      const questions = parseQuestions(readFileSync(join(EVAL, `${folder}.jsonl`), 'utf8'));
      const answers = await Promise.all(questions.map((q) => engine.ask(q.q)));
      const failures = questions.map((q, i) => judge(q, answers[i]!)).filter((r) => !r.ok).map((r) => `${r.question.q}: ${r.reason}`);
      expect(questions.filter((q) => q.found === false).length).toBeGreaterThanOrEqual(3);
      expect(1 - failures.length / questions.length, failures.join('\n')).toBeGreaterThanOrEqual(ANSWER_FLOOR);
    });
  });
});
