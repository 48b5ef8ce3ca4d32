import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';
import { afterAll, describe, expect, it } from 'vitest';
import { chineseNumeral, generateDocument, planCorpus, type CorpusDocument } from '../../bench/lib/corpus-gen.ts';
import {
  FILLER_ACTIONS, FILLER_OPENERS, FILLER_RESULTS, HEADINGS, METRICS, PLACE_CHARS, PROJECTS, TITLES,
} from '../../bench/lib/corpus-model.ts';
import { writeCorpus } from '../../bench/lib/corpus-write.ts';
import { doubleGlyphs } from '../support/damage.ts';

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const DOCS = 210;
const options = { docs: DOCS, seed: 7 };
const plan = planCorpus(7, DOCS);
const docs: CorpusDocument[] = Array.from({ length: DOCS }, (_, i) => generateDocument(plan, i, options));

const tmp: string[] = [];
afterAll(() => {
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
});

describe('corpus vocabulary', () => {
  const keys = METRICS.map((m) => m.key);
  const everyOtherText = (except: string): string[] => [
    ...METRICS.filter((m) => m.key !== except).flatMap((m) => [...m.statements, ...m.questions, ...(m.pair?.questions ?? [])]),
    ...FILLER_OPENERS, ...FILLER_ACTIONS, ...FILLER_RESULTS, ...Object.values(HEADINGS).flat(), ...TITLES, ...PROJECTS,
  ];

  it('has unique metric keys, none inside another key or another metric’s text', () => {
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      for (const other of keys) if (other !== key) expect(other.includes(key), `${key} in ${other}`).toBe(false);
      for (const text of everyOtherText(key)) expect(text.includes(key), `${key} in "${text}"`).toBe(false);
    }
  });

  it('states every metric with its key before or after the figure, and asks for it by key', () => {
    for (const m of METRICS) {
      for (const s of m.statements) {
        expect(s, m.key).toContain(m.key);
        expect(s, m.key).toContain('{F}');
        expect(s.includes('{G}'), m.key).toBe(m.pair !== undefined);
      }
      for (const q of [...m.questions, ...(m.pair?.questions ?? [])]) {
        expect(q.startsWith('{S}'), q).toBe(true);
      }
    }
  });

  it('uses place-name characters nowhere else', () => {
    const text = [...everyOtherText(''), ...keys].join('');
    for (const ch of PLACE_CHARS) expect(text.includes(ch), ch).toBe(false);
  });

  it('writes Chinese numerals', () => {
    expect([1, 9, 10, 16, 20, 35].map(chineseNumeral)).toEqual(['一', '九', '十', '十六', '二十', '三十五']);
  });
});

describe('generated documents', () => {
  it('are deterministic for a seed and differ for another seed', () => {
    const again = generateDocument(planCorpus(7, DOCS), 123, options);
    expect(again).toEqual(docs[123]);
    const other = generateDocument(planCorpus(8, DOCS), 123, { ...options, seed: 8 });
    expect(other.text).not.toBe(docs[123]?.text);
  });

  it('have the promised shape: year in the name and text, about 2,000 characters, headings, mixed scripts and damage', () => {
    let clean = 0;
    for (const doc of docs) {
      expect(doc.file).toMatch(/^r[a-z]{4}-[a-z]+-(20\d\d)\.txt$/);
      expect(doc.file).toContain(String(doc.year));
      const year = `${doc.year}年`;
      expect(doc.text.includes(year) || doc.text.includes(doubleGlyphs(year)), doc.file).toBe(true);
      clean += doc.paragraphs.join('').length;
      expect(doc.facts.length).toBeGreaterThanOrEqual(10);
    }
    const average = clean / DOCS;
    expect(average).toBeGreaterThan(1700);
    expect(average).toBeLessThan(2300);
    const traditional = docs.filter((d) => d.script === 'traditional');
    const damaged = docs.filter((d) => d.damaged);
    expect(traditional.length / DOCS).toBeGreaterThan(0.07);
    expect(traditional.length / DOCS).toBeLessThan(0.25);
    expect(damaged.length / DOCS).toBeGreaterThan(0.2);
    expect(damaged.length / DOCS).toBeLessThan(0.4);
    for (const doc of traditional) expect(toSimplified(doc.paragraphs.join(''))).not.toBe(doc.paragraphs.join(''));
    // Fake bold: every damaged file has doubled headings such as "一一、、" or "经经济济".
    for (const doc of damaged) expect(doc.text).toMatch(/(\p{Script=Han})\1(\p{Script=Han})\2(\p{Script=Han})\3/u);
    for (const doc of docs.filter((d) => !d.damaged)) {
      for (const p of doc.paragraphs) expect(doc.text).toContain(p);
    }
  });

  it('write figures with units, qualifiers and Chinese numerals', () => {
    const figures: string[] = docs.flatMap((d) => d.facts.flatMap((f) => [toSimplified(f.figure), toSimplified(f.pair ?? '')]));
    for (const unit of ['亿元', '万元', '%', '个百分点', '‰', '家', '个', '名', '人', '万人', '平方公里', '个月', '亿美元', '万人次']) {
      expect(figures.some((f) => f.endsWith(unit)), unit).toBe(true);
    }
    for (const q of ['余', '多', '超', '近', '约']) expect(figures.some((f) => f.includes(q)), q).toBe(true);
    expect(figures.some((f) => /^[一二三四五六七八九十]+[个大]$/.test(f))).toBe(true);
  });

  it('keep place names unique per place and each metric once per document', () => {
    const names = new Map<string, number>();
    for (const doc of docs) names.set(doc.entity, (names.get(doc.entity) ?? 0) + 1);
    // Some places have reports for two years; none has more.
    expect(Math.max(...names.values())).toBe(2);
    expect([...names.values()].filter((n) => n === 2).length).toBeGreaterThan(DOCS / 10);
    for (const doc of docs) {
      const metrics = doc.facts.map((f) => f.metric);
      expect(new Set(metrics).size).toBe(metrics.length);
    }
  });
});

describe('generated questions', () => {
  it('are answered by their own document: figure and passage fragment in one sentence', () => {
    for (const doc of docs) {
      const twin = docs.some((d) => d !== doc && d.entity === doc.entity);
      for (const q of doc.questions) {
        if (!('figure' in q)) throw new Error('document questions always have a figure');
        const simple = toSimplified(q.q);
        expect(simple, q.q).toContain(toSimplified(doc.entity));
        if (twin) expect(simple, q.q).toContain(`${doc.year}年`);
        const sentence = doc.facts
          .map((f) => f.sentence)
          .find((s) => s.includes(q.passage) && q.figure.some((f) => s.includes(f)));
        expect(sentence, `${q.q} → ${q.passage}`).toBeDefined();
        expect(doc.paragraphs.some((p) => p.includes(sentence as string))).toBe(true);
        expect(q.passage.length).toBeGreaterThan(0);
        expect(q.passage.length).toBeLessThanOrEqual(40);
        // 的 only before a noun: "2021年X县的高新技术企业…", never "…的有多少家".
        const afterDe = /的(.*)$/.exec(simple)?.[1];
        if (afterDe !== undefined) {
          expect(METRICS.some((m) => m.verbal !== true && afterDe.startsWith(m.key)), q.q).toBe(true);
        }
      }
    }
  });

  it('are written with the data folder, mixed with unanswerable ones, byte-identical on a rerun', () => {
    const a = mkdtempSync(join(tmpdir(), 'wenda-corpus-'));
    const b = mkdtempSync(join(tmpdir(), 'wenda-corpus-'));
    tmp.push(a, b);
    const manifest = writeCorpus(a, { docs: 30, seed: 3 });
    writeCorpus(b, { docs: 30, seed: 3 });
    const files = readdirSync(join(a, 'sources')).sort();
    expect(files).toHaveLength(30);
    expect(readdirSync(join(b, 'sources')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(a, 'sources', f), 'utf8')).toBe(readFileSync(join(b, 'sources', f), 'utf8'));
    const text = readFileSync(join(a, 'questions.jsonl'), 'utf8');
    expect(readFileSync(join(b, 'questions.jsonl'), 'utf8')).toBe(text);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(manifest.questions);
    const unanswerable = lines.filter((l) => l.found === false);
    expect(unanswerable.length).toBe(manifest.unanswerable);
    expect(unanswerable.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(typeof l.q).toBe('string');
      if (l.found === false) expect(Object.keys(l).sort()).toEqual(['found', 'q']);
      else {
        expect(Object.keys(l).sort()).toEqual(['figure', 'passage', 'q']);
        expect(Array.isArray(l.figure)).toBe(true);
      }
    }
    expect(JSON.parse(readFileSync(join(a, 'corpus.json'), 'utf8'))).toEqual(manifest);
  });
});
