import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { METRICS, type Metric } from '../../bench/lib/corpus-model.ts';
import { writeCorpus } from '../../bench/lib/corpus-write.ts';
import {
  generateHardDocument, mixHardQuestions, planHardCorpus, templateMetrics, type HardDocument, type HardEntity, type HardPlan,
} from '../../bench/lib/hard-gen.ts';
import { ASKED_ON, HARD_KINDS, LAST_YEAR, NAME_CHARS } from '../../bench/lib/hard-model.ts';
import { curvePlan } from '../../bench/lib/part-curve.ts';

const DOCS = 300;
const SEED = 5;
const plan = planHardCorpus(SEED, DOCS);
const docs: HardDocument[] = Array.from({ length: DOCS }, (_, i) => generateHardDocument(plan, i, { docs: DOCS, seed: SEED }));
const entityOfDoc = (i: number): HardEntity => plan.entities[plan.entityOf[i]!]!;
const questions = mixHardQuestions(plan, docs.map((d) => d.questions));
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const words = (text: string): string[] => [...segmenter.segment(text)].map((s) => s.segment);

const tmp: string[] = [];
afterAll(() => {
  for (const dir of tmp) rmSync(dir, { recursive: true, force: true });
});

/** Every way a document or question may write the entity, longest first. */
function forms(entity: Pick<HardEntity, 'name' | 'kind'>): string[] {
  return [entity.name + entity.kind.kind, entity.name + entity.kind.short, entity.name];
}

/** The names of the plan a text contains. */
function namesIn(text: string, p: HardPlan): HardEntity[] {
  return p.entities.filter((e) => text.includes(e.name));
}

/** Whether a question is one of a metric's question templates (main or paired figure). */
function asks(question: string, metric: Metric): boolean {
  const q = question.replace(/？$/, '');
  return [...metric.questions, ...(metric.pair?.questions ?? [])].some((t) => q.endsWith(t.replace('{S}', '').split('{P}').pop()!));
}

/** A document's text with its entity, years and figures masked: what all documents of its template share. */
function skeleton(doc: HardDocument, entity: HardEntity): string {
  let text = doc.text;
  for (const form of forms(entity)) text = text.replaceAll(form, 'Ｅ');
  return text
    .replace(/\d{4}年/g, 'Ｙ')
    .replace(/(?:超|近|约)?\d+(?:\.\d+)?(?:万|亿)?(?:余|多)?/g, 'Ｆ')
    .replace(/[一二三四五六七八九十]+(?=[个大家所])/g, 'Ｆ');
}

describe('hard corpus plan', () => {
  it('draws names from a small pool first, so names share characters even in a small corpus', () => {
    const small = planHardCorpus(SEED, 10);
    const chars = new Set(small.entities.flatMap((e) => Array.from(e.name)));
    expect(chars.size).toBeLessThanOrEqual(4);
    for (const e of small.entities) expect(small.entities.some((o) => o !== e && [...e.name].some((c) => o.name.includes(c))), e.name).toBe(true);
    expect(new Set(plan.entities.map((e) => e.name)).size).toBe(plan.entities.length);
    expect(plan.strangers.length).toBeGreaterThan(0);
    for (const s of plan.strangers) expect(plan.names.has(s), s).toBe(false);
  });

  it('extends a smaller plan: the same entities, names, kinds and documents first', () => {
    const small = planHardCorpus(SEED, 50);
    const last = small.entities.length - 1;
    for (let e = 0; e < last; e++) expect(plan.entities[e]).toEqual(small.entities[e]);
    const smallDocs = small.entities[last]!.firstDoc;
    for (let i = 0; i < smallDocs; i += 7) expect(generateHardDocument(small, i, { docs: 50, seed: SEED })).toEqual(docs[i]);
  });

  it('has every kind, and entities with one, two and three years of reports up to the year before the questions', () => {
    expect(new Set(plan.entities.map((e) => e.kind.kind))).toEqual(new Set(HARD_KINDS.map((k) => k.kind)));
    const counts = new Set(plan.entities.map((e) => e.years.length));
    expect(counts).toEqual(new Set([1, 2, 3]));
    for (const e of plan.entities) {
      expect(Math.max(...e.years)).toBeLessThanOrEqual(LAST_YEAR);
      e.years.forEach((y, i) => i > 0 && expect(y).toBe(e.years[i - 1]! + 1));
    }
    expect(Number(ASKED_ON.slice(0, 4))).toBe(LAST_YEAR + 1);
  });

  it('uses names the word segmenter does not know, in titles and in questions', () => {
    for (const e of [...plan.entities.slice(0, 60), ...plan.strangers.slice(0, 20).map((name) => ({ ...plan.entities[0]!, name }))]) {
      for (const text of [`${e.name}${e.kind.kind}2024年工作总结`, `去年${e.name}${e.kind.short}有多少家高新技术企业`, `${e.name}2023年税收收入是多少`]) {
        const ws = words(text);
        expect(ws, text).toContain(e.name[0]);
        expect(ws[ws.indexOf(e.name[0]!) + 1], text).toBe(e.name[1]);
      }
    }
  });
});

describe('hard documents', () => {
  it('are deterministic for a seed and differ for another seed', () => {
    expect(generateHardDocument(planHardCorpus(SEED, DOCS), 123, { docs: DOCS, seed: SEED })).toEqual(docs[123]);
    expect(generateHardDocument(planHardCorpus(SEED + 1, DOCS), 123, { docs: DOCS, seed: SEED + 1 }).text).not.toBe(docs[123]!.text);
  });

  it('of one template differ only by entity, year and figures', () => {
    const byTemplate = new Map<string, Set<string>>();
    docs.forEach((doc, i) => {
      const set = byTemplate.get(doc.template) ?? new Set();
      set.add(skeleton(doc, entityOfDoc(i)));
      byTemplate.set(doc.template, set);
    });
    expect([...byTemplate.keys()].sort()).toEqual(['county', 'park', 'zone']);
    // Two kinds share the zone and park templates, with their own words for 全区 and their own issuers' names.
    for (const [group, skeletons] of byTemplate) expect(skeletons.size, group).toBeLessThanOrEqual(group === 'county' ? 1 : 2);
  });

  it('name their entity and year in the title and issuer line, and use name characters nowhere else', () => {
    docs.forEach((doc, i) => {
      const entity = entityOfDoc(i);
      const [title, issuer, dated] = doc.text.split('\n\n');
      expect(title).toContain(`${doc.entity}${doc.year}年`);
      expect(issuer!.startsWith(doc.entity)).toBe(true);
      expect(dated).toMatch(new RegExp(`^${doc.year + 1}年1月\\d+日$`));
      let rest = doc.text;
      for (const form of forms(entity)) rest = rest.replaceAll(form, '');
      for (const ch of NAME_CHARS) expect(rest.includes(ch), `${doc.file}: ${ch}`).toBe(false);
      expect(doc.file).toMatch(new RegExp(`^h[a-z]{4}-${HARD_KINDS.find((k) => k.kind === doc.kind)!.slug}-${doc.year}\\.txt$`));
    });
  });

  it('leave the entity out of the paragraphs of a share of facts (全区, 全县 instead)', () => {
    let titleOnly = 0;
    let facts = 0;
    docs.forEach((doc, i) => {
      const entity = entityOfDoc(i);
      for (const fact of doc.facts) {
        const paragraph = doc.paragraphs.find((p) => p.includes(fact.sentence));
        expect(paragraph, fact.sentence).toBeDefined();
        expect(paragraph!.includes(entity.name), fact.sentence).toBe(fact.named);
        facts++;
        if (!fact.named) titleOnly++;
      }
    });
    expect(titleOnly / facts).toBeGreaterThan(0.5);
    expect(titleOnly / facts).toBeLessThan(0.65);
  });

  it('end with next year’s targets for indicators the report also states as results', () => {
    for (const doc of docs.slice(0, 30)) {
      const targets = doc.paragraphs[doc.paragraphs.length - 1]!;
      expect(targets).toMatch(new RegExp(`^${doc.year + 1}年，.+主要预期目标是：`));
      expect(doc.facts.some((f) => targets.includes(f.metric))).toBe(true);
    }
  });
});

describe('hard questions', () => {
  const answerable = questions.filter((q): q is Extract<typeof q, { figure: string[] }> => 'figure' in q);
  const unanswerable = questions.filter((q) => 'found' in q);

  it('are answered by a sentence of their own document, naming its entity and, when it has several reports, the year', () => {
    const forms = { full: 0, short: 0, bare: 0, lastYear: 0 };
    docs.forEach((doc, i) => {
      const entity = entityOfDoc(i);
      for (const q of doc.questions) {
        if (!('figure' in q)) throw new Error('document questions always have a figure');
        expect(namesIn(q.q, plan).map((e) => e.name), q.q).toEqual([entity.name]);
        const year = /(\d{4})年/.exec(q.q)?.[1];
        if (q.q.includes('去年')) {
          expect(doc.year, q.q).toBe(LAST_YEAR);
          forms.lastYear++;
        } else if (year) expect(Number(year), q.q).toBe(doc.year);
        else expect(entity.years, q.q).toHaveLength(1);
        if (q.q.includes(entity.name + entity.kind.kind)) forms.full++;
        else if (entity.kind.short !== entity.kind.kind && q.q.includes(entity.name + entity.kind.short)) forms.short++;
        else forms.bare++;
        const sentence = doc.facts.map((f) => f.sentence).find((s) => s.includes(q.passage) && q.figure.some((f) => s.includes(f)));
        expect(sentence, `${q.q} → ${q.passage}`).toBeDefined();
        expect(q.case).toBe(doc.facts.find((f) => f.sentence === sentence)!.named ? 'named' : 'title-only');
      }
    });
    for (const [form, n] of Object.entries(forms)) expect(n, form).toBeGreaterThan(20);
  });

  it('include about 15% that look answerable but are not, of each case', () => {
    expect(unanswerable.length / questions.length).toBeGreaterThan(0.13);
    expect(unanswerable.length / questions.length).toBeLessThan(0.17);
    const cases = new Map<string, number>();
    for (const q of unanswerable) cases.set(q.case!, (cases.get(q.case!) ?? 0) + 1);
    for (const c of ['other-name', 'other-year', 'missing-indicator']) expect(cases.get(c), c).toBeGreaterThan(unanswerable.length / 5);
    expect(answerable.length + unanswerable.length).toBe(questions.length);
  });

  it('ask about a name of the pool’s characters no document has, a year the entity lacks, or an indicator its reports lack', () => {
    const poolPair = new RegExp(`[${NAME_CHARS.join('')}]{2}`);
    const metricsOf = (e: HardEntity) => new Set(templateMetrics(e.kind.group));
    for (const q of unanswerable) {
      const named = namesIn(q.q, plan);
      if (q.case === 'other-name') {
        expect(named, q.q).toEqual([]);
        expect(q.q, q.q).toMatch(poolPair);
        continue;
      }
      expect(named, q.q).toHaveLength(1);
      const entity = named[0]!;
      if (q.case === 'other-year') {
        const year = q.q.includes('去年') ? LAST_YEAR : Number(/(\d{4})年/.exec(q.q)?.[1]);
        expect(entity.years, q.q).not.toContain(year);
      } else {
        const texts = docs.filter((_, i) => entityOfDoc(i) === entity).map((d) => d.text).join('');
        const asked = METRICS.filter((m) => asks(q.q, m));
        expect(asked.length, q.q).toBeGreaterThan(0);
        for (const m of asked) {
          expect(metricsOf(entity).has(m.key), q.q).toBe(false);
          expect(texts.includes(m.key), q.q).toBe(false);
        }
      }
    }
  });

  it('are written with an asked-on line, byte-identical on a rerun, counted by case in corpus.json', () => {
    const a = mkdtempSync(join(tmpdir(), 'wenda-hard-'));
    const b = mkdtempSync(join(tmpdir(), 'wenda-hard-'));
    tmp.push(a, b);
    const manifest = writeCorpus(a, { docs: 40, seed: 3, mode: 'hard' });
    writeCorpus(b, { docs: 40, seed: 3, mode: 'hard' });
    const files = readdirSync(join(a, 'sources')).sort();
    expect(files).toHaveLength(40);
    for (const f of files) expect(readFileSync(join(a, 'sources', f), 'utf8')).toBe(readFileSync(join(b, 'sources', f), 'utf8'));
    const text = readFileSync(join(a, 'questions.jsonl'), 'utf8');
    expect(readFileSync(join(b, 'questions.jsonl'), 'utf8')).toBe(text);
    const [header, ...lines] = text.trim().split('\n');
    expect(header).toBe(`# asked on: ${ASKED_ON}`);
    expect(lines).toHaveLength(manifest.questions);
    expect(manifest).toMatchObject({ mode: 'hard', askedOn: ASKED_ON, docs: 40, damaged: 0, traditional: 0 });
    expect(Object.values(manifest.cases).reduce((x, y) => x + y, 0)).toBe(manifest.questions);
  });
});

describe('accuracy curve plan', () => {
  it('repeats small sizes over seeds and asks enough questions of each point', () => {
    expect(curvePlan(10)).toEqual({ corpora: 10, questionsPerDoc: 9 });
    expect(curvePlan(100)).toEqual({ corpora: 10, questionsPerDoc: 3 });
    expect(curvePlan(10_000)).toEqual({ corpora: 1, questionsPerDoc: 3 });
  });
});
