/**
 * Generates the hard template corpus: reports of invented zones, parks and
 * counties, one template per group of kinds, so that documents of a template
 * differ only by entity, year and figures. Names are pairs of characters of
 * one small pool (汇川, 川汇, 汇泽), some entities have reports for two or
 * three years, and a share of the facts stand in paragraphs that say 全区 or
 * 全县 instead of the name, which only the title and the issuer line give.
 * Questions write the kind short (汇川经开区), leave it out (汇川) or write it
 * in full, name the year or say 去年 (against ASKED_ON); about 15% cannot be
 * answered though they look answerable: a name of the pool's characters that
 * no document has, a year the entity's reports do not cover, an indicator its
 * template lacks.
 *
 * Pure and deterministic like corpus-gen.ts: a document depends on the seed,
 * its index and the plan; the plan of a larger corpus extends that of a
 * smaller one (the same first documents, entities and names).
 */
import * as OpenCC from 'opencc-js';
import { damageDocument, type DamageDocumentInput } from '../../test/support/damage.ts';
import {
  chineseNumeral, fill, fragment, letters, phrase, renderFigure, type CorpusDocument, type CorpusFact, type CorpusOptions,
  type CorpusQuestion, type Rendered,
} from './corpus-gen.ts';
import { FILLER_ACTIONS, FILLER_OPENERS, FILLER_RESULTS, METRICS, PROJECTS, type Metric } from './corpus-model.ts';
import {
  ASKED_ON, HARD_KINDS, LAST_YEAR, NAME_CHARS, TEMPLATES, type HardKind, type TemplateGroup, type TemplateSpec,
} from './hard-model.ts';
import { mixSeed, Random } from './prng.ts';

/**
 * What a question tests: an answerable fact whose paragraph names the entity
 * ('named') or does not ('title-only'), or an unanswerable one: a name no
 * document has ('other-name'), a year the entity's reports lack
 * ('other-year'), an indicator its reports lack ('missing-indicator').
 */
export type QuestionCase = 'named' | 'title-only' | 'other-name' | 'other-year' | 'missing-indicator';

/** Every case, answerable ones first. */
export const QUESTION_CASES: readonly QuestionCase[] = ['named', 'title-only', 'other-name', 'other-year', 'missing-indicator'];

/** An entity of the corpus. */
export interface HardEntity {
  /** The invented two-character name: 汇川. */
  name: string;
  kind: HardKind;
  /** Years of its documents in this corpus, ascending and consecutive. */
  years: number[];
  /** Index of its first document (the others follow it). */
  firstDoc: number;
}

/** Which entity each document is about; computed once per seed and size. */
export interface HardPlan {
  seed: number;
  docs: number;
  entityOf: Int32Array;
  entities: HardEntity[];
  /** Names in use. */
  names: ReadonlySet<string>;
  /** Pairs of the characters of names in use that no entity has (川汇 beside 汇川). */
  strangers: string[];
}

/** A fact of a hard document: whether its paragraph names the entity. */
export interface HardFact extends CorpusFact {
  named: boolean;
}

/** A generated hard document. */
export interface HardDocument extends CorpusDocument {
  /** The entity's kind as its title writes it. */
  kind: string;
  template: TemplateGroup;
  facts: HardFact[];
}

/** Default shares of the hard mode: clean, simplified text, so what is measured is telling entities and years apart. */
export const HARD_DEFAULTS = { damagedShare: 0, traditionalShare: 0, questionsPerDoc: 3, unanswerableShare: 0.15 } as const;

/** Shares of entities with one, two or three years of reports. */
const YEAR_COUNTS: readonly [count: number, weight: number][] = [[1, 0.4], [2, 0.35], [3, 0.25]];
/** How far back an entity's last report may be (most end with LAST_YEAR, so 去年 finds them). */
const LAST_YEAR_BACK: readonly [back: number, weight: number][] = [[0, 0.6], [1, 0.25], [2, 0.15]];
/** Share of a template's facts whose paragraph names the entity (the others say 全区/全县). */
const NAMED_FACTS = 0.45;
/** Share of questions that name a year when the entity has one report; with several, the year is always asked. */
const YEAR_ASKED = 0.35;
/** Share of year questions about LAST_YEAR that say 去年. */
const LAST_YEAR_AS_QUJIAN = 0.4;
/** Share of questions that ask for the paired figure (growth, total investment). */
const PAIR_ASKED = 0.35;
/** Share of each layer of names that no entity gets (see nameOrder). */
const RESERVED_NAMES = 0.25;

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

function weighted<T>(rng: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let x = rng.next() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** Names in draw order, each with the layer it belongs to. */
interface NameOrder {
  names: string[];
  layerOf: number[];
  /** Per layer, the pairs no entity gets: names of the same characters for unanswerable questions. */
  reserved: string[][];
}

/**
 * Every pair of name characters in draw order: layer k adds the pairs of the
 * k-th character with the earlier ones (both orders), shuffled within the
 * layer; a share of each layer is reserved and never names an entity.
 */
function nameOrder(seed: number): NameOrder {
  const rng = new Random(mixSeed(seed, 0x4a3e));
  const order: NameOrder = { names: [], layerOf: [], reserved: [] };
  for (let k = 1; k < NAME_CHARS.length; k++) {
    const layer: string[] = [];
    for (let i = 0; i < k; i++) layer.push(NAME_CHARS[i]! + NAME_CHARS[k]!, NAME_CHARS[k]! + NAME_CHARS[i]!);
    rng.shuffle(layer);
    const held = Math.floor(layer.length * RESERVED_NAMES);
    order.reserved.push(layer.slice(0, held));
    for (const name of layer.slice(held)) {
      order.names.push(name);
      order.layerOf.push(k - 1);
    }
  }
  return order;
}

/** Plans the entities of a hard corpus of `docs` documents. */
export function planHardCorpus(seed: number, docs: number): HardPlan {
  const order = nameOrder(seed);
  const entities: HardEntity[] = [];
  const entityOf = new Int32Array(docs);
  for (let doc = 0; doc < docs; ) {
    const e = entities.length;
    if (e >= order.names.length) throw new RangeError(`hard corpus: names run out after ${order.names.length} entities; ask for fewer documents`);
    const rng = new Random(mixSeed(seed, e, 0x3e7));
    const kind = weighted(rng, HARD_KINDS.map((k) => [k, k.weight] as const));
    const count = weighted(rng, YEAR_COUNTS);
    const last = LAST_YEAR - weighted(rng, LAST_YEAR_BACK);
    // The corpus may end inside an entity's run of years: it keeps the first ones.
    const years = Array.from({ length: Math.min(count, docs - doc) }, (_, j) => last - count + 1 + j);
    entities.push({ name: order.names[e]!, kind, years, firstDoc: doc });
    entityOf.fill(e, doc, doc + years.length);
    doc += years.length;
  }
  const names = new Set(entities.map((e) => e.name));
  const strangers = order.reserved.slice(0, order.layerOf[entities.length - 1]! + 1).flat();
  return { seed, docs, entityOf, entities, names, strangers };
}

/** Who a sentence names: the full name, the short form (汇川经开区), the body's word (全区), or nobody. */
type Subject = 'full' | 'short' | 'generic' | 'none';

interface TemplateSentence {
  metric: Metric;
  statement: string;
  subject: Subject;
  /** Which of the kind's two generic words. */
  generic: 0 | 1;
  /** Whether the sentence opens with the year (2024年，全区…). */
  yearFirst: boolean;
  /** A number-free sentence after it ({G} the generic word), or ''. */
  filler: string;
}

interface TemplateParagraph {
  named: boolean;
  sentences: TemplateSentence[];
}

/** A template with every choice made: what all documents of its group share. */
interface BuiltTemplate {
  spec: TemplateSpec;
  lead: string[];
  sections: { heading: string; paragraphs: TemplateParagraph[] }[];
  /** Per target: 左右 or 以上 after its figure. */
  targetBounds: string[];
  targetsFiller: string;
  /** The day in January of the next year the report is dated. */
  day: number;
  project: string;
}

function fillerTemplate(rng: Random, withSubject: boolean): string {
  const [a, b] = rng.sample(FILLER_ACTIONS, 2);
  return `${withSubject ? '{G}' : ''}${rng.pick(FILLER_OPENERS)}，${a}，${b}，${rng.pick(FILLER_RESULTS)}。`;
}

const METRIC_BY_KEY = new Map(METRICS.map((m) => [m.key, m]));

function metric(key: string): Metric {
  const m = METRIC_BY_KEY.get(key);
  if (!m) throw new Error(`hard corpus: no metric "${key}" in corpus-model.ts`);
  return m;
}

const built = new Map<string, BuiltTemplate>();

/** The template of a group for a seed (the same for every document of the corpus). */
function template(seed: number, group: TemplateGroup): BuiltTemplate {
  const key = `${seed}|${group}`;
  const cached = built.get(key);
  if (cached) return cached;
  const spec = TEMPLATES[group];
  const rng = new Random(mixSeed(seed, Object.keys(TEMPLATES).indexOf(group), 0x7e3));
  // Paragraphs of two or three metrics; then which of them name the entity, chosen so that their
  // facts are as close to NAMED_FACTS of all as whole paragraphs allow (the same share for every seed).
  const chunks = spec.sections.map((section) => {
    const keys = [...section.metrics];
    const out: string[][] = [];
    while (keys.length > 0) out.push(keys.splice(0, rng.int(2, 3)));
    return out;
  });
  const all = chunks.flat();
  const wanted = Math.round(NAMED_FACTS * all.reduce((n, c) => n + c.length, 0));
  const named = new Set<string[]>();
  let namedFacts = 0;
  for (const chunk of rng.shuffle([...all])) {
    if (namedFacts + chunk.length > wanted) continue;
    named.add(chunk);
    namedFacts += chunk.length;
  }
  const sections = spec.sections.map((section, s) => ({
    heading: section.heading,
    paragraphs: chunks[s]!.map((chunk): TemplateParagraph => ({
      named: named.has(chunk),
      sentences: chunk.map((k, i): TemplateSentence => {
        const m = metric(k);
        const first = i === 0;
        const subject: Subject = first ? (named.has(chunk) ? (rng.chance(0.5) ? 'full' : 'short') : 'generic') : rng.chance(0.3) ? 'generic' : 'none';
        return {
          metric: m,
          statement: rng.pick(m.statements),
          subject,
          generic: rng.chance(0.5) ? 0 : 1,
          yearFirst: first && rng.chance(0.2),
          filler: rng.chance(0.5) ? fillerTemplate(rng, rng.chance(0.4)) : '',
        };
      }),
    })),
  }));
  const result: BuiltTemplate = {
    spec,
    lead: [fillerTemplate(rng, true), fillerTemplate(rng, false), fillerTemplate(rng, true)],
    sections,
    targetBounds: spec.targets.map(() => (rng.chance(0.6) ? '左右' : '以上')),
    targetsFiller: fillerTemplate(rng, false),
    day: rng.int(8, 28),
    project: rng.pick(PROJECTS),
  };
  built.set(key, result);
  return result;
}

/** The entity as a question writes it: full, short (汇川经开区), or the bare name. */
function entityForm(rng: Random, entity: Pick<HardEntity, 'name' | 'kind'>): string {
  const forms = [entity.name + entity.kind.kind, entity.name];
  if (entity.kind.short !== entity.kind.kind) forms.push(entity.name + entity.kind.short);
  return rng.pick(forms);
}

/** The question's subject: the entity with the year (2023年, 去年) before or after it, or without one. */
function subjectOf(rng: Random, entity: string, year: number | null, beforeNoun: boolean): string {
  if (year === null) return entity;
  const y = year === LAST_YEAR && rng.chance(LAST_YEAR_AS_QUJIAN) ? '去年' : `${year}年`;
  // "2021年X县的有多少家…" is wrong: 的 only before the metric's noun.
  const forms = [`${entity}${y}`, `${y}${entity}`];
  if (beforeNoun) forms.push(`${y}${entity}的`);
  return rng.pick(forms);
}

/** A question for `metric` (its main or paired figure) about an entity in a year. */
function askFor(rng: Random, m: Metric, entity: string, year: number | null, pair: boolean, project: string): string {
  const templates = pair && m.pair ? m.pair.questions : m.questions;
  const chosen = rng.pick(templates);
  const beforeNoun = m.verbal !== true && chosen.startsWith(`{S}${m.key}`);
  return phrase(rng, fill(chosen, { S: subjectOf(rng, entity, year, beforeNoun), P: project }));
}

/** The year a question names, if any: always when the entity has reports for several years. */
function askedYear(rng: Random, entity: HardEntity, year: number): number | null {
  return entity.years.length > 1 || rng.chance(YEAR_ASKED) ? year : null;
}

/** Generates document `index` of the corpus planned by `plan`. */
export function generateHardDocument(plan: HardPlan, index: number, options: CorpusOptions): HardDocument {
  const rng = new Random(mixSeed(plan.seed, index, 0x4d0c));
  const entity = plan.entities[plan.entityOf[index]!]!;
  const year = entity.years[index - entity.firstDoc]!;
  const kind = entity.kind;
  const t = template(plan.seed, kind.group);
  const full = entity.name + kind.kind;
  const traditional = rng.chance(options.traditionalShare ?? HARD_DEFAULTS.traditionalShare);
  const damaged = rng.chance(options.damagedShare ?? HARD_DEFAULTS.damagedShare);
  const words: Record<Subject, (s: TemplateSentence) => string> = {
    full: () => full,
    short: () => entity.name + kind.short,
    generic: (s) => kind.generic[s.generic],
    none: () => '',
  };
  const generic = (text: string): string => text.replace('{G}', kind.generic[0]);

  const facts: { fact: HardFact; metric: Metric; main: Rendered; pair: Rendered | null }[] = [];
  const sections: { title: string; paragraphs: string[] }[] = [];
  for (const [s, section] of t.sections.entries()) {
    const paragraphs = section.paragraphs.map((p) => {
      const sentences: string[] = [];
      for (const ts of p.sentences) {
        const m = ts.metric;
        const numeralFirst = ts.statement.indexOf('{F}') < ts.statement.indexOf(m.key);
        const afterVerb = /[达到为至]$/.test(ts.statement.slice(0, ts.statement.indexOf('{F}')));
        const main = renderFigure({ ...m.format, chinese: numeralFirst && m.format.chinese === true }, rng, afterVerb);
        const pair = m.pair ? renderFigure(m.pair.format, rng) : null;
        const slots: Record<string, string> = { E: words[ts.subject](ts), F: main.text, P: t.project };
        if (pair) slots.G = pair.text;
        let sentence = `${fill(ts.statement, slots)}。`;
        if (ts.yearFirst) sentence = `${year}年，${sentence}`;
        const bound = /\{F\}(以内|以上|以下)/.exec(ts.statement)?.[1];
        if (bound) main.accepted.push(`${main.text}${bound}`);
        facts.push({ fact: { metric: m.key, figure: main.text, pair: pair?.text ?? null, sentence, named: p.named }, metric: m, main, pair });
        sentences.push(sentence, generic(ts.filler));
      }
      return sentences.join('');
    });
    sections.push({ title: `${chineseNumeral(s + 1)}、${section.heading}`, paragraphs });
  }
  const next = year + 1;
  const targets = t.spec.targets.map((key, i) => `${key}增长${rng.int(10, 24) / 2}%${t.targetBounds[i]}`);
  sections.push({
    title: `${chineseNumeral(sections.length + 1)}、${fill(t.spec.targetsHeading, { N: String(next) })}`,
    paragraphs: [`${next}年，${kind.generic[0]}主要预期目标是：${targets.join('，')}。${t.targetsFiller}`],
  });
  const lead = `${year}年，${t.lead.map(generic).join('')}`;

  const convert: (text: string) => string = traditional ? toTraditional : (text) => text;
  const title = fill(t.spec.title, { E: full, Y: String(year) });
  const issuer = `${full}${kind.issuer}`;
  const dated = `${next}年1月${t.day}日`;
  const converted = sections.map((s) => ({ title: convert(s.title), paragraphs: s.paragraphs.map(convert) }));
  const text = damaged
    ? damageDocument(
        { title: [title, issuer, dated].map(convert), sections: converted, lead: convert(lead) } satisfies DamageDocumentInput,
        { seed: mixSeed(plan.seed, index, 0x4da3), leadPosition: 'start' },
      )
    : `${[title, issuer, dated, lead, ...sections.flatMap((s) => [s.title, ...s.paragraphs])].map(convert).join('\n\n')}\n`;

  const questions: CorpusQuestion[] = [];
  for (const { fact, metric: m, main, pair } of rng.sample(facts, options.questionsPerDoc ?? HARD_DEFAULTS.questionsPerDoc)) {
    const figure = pair !== null && rng.chance(PAIR_ASKED) ? pair : main;
    const q = askFor(rng, m, entityForm(rng, entity), askedYear(rng, entity, year), figure === pair, t.project);
    const sentence = convert(fact.sentence);
    const figText = convert(figure.text);
    let passage = fragment(sentence, [convert(m.key), figText]);
    if (passage.length > 40) passage = figText;
    const accepted = [...new Set(figure.accepted.flatMap((f) => [convert(f), f]))];
    questions.push({ q: traditional && rng.chance(0.5) ? toTraditional(q) : q, figure: accepted, passage, case: fact.named ? 'named' : 'title-only' });
  }

  const id = `h${letters(index)}-${kind.slug}-${year}`;
  return {
    file: `${id}.txt`,
    id,
    entity: full,
    kind: kind.kind,
    template: kind.group,
    year,
    script: traditional ? 'traditional' : 'simplified',
    damaged,
    text,
    paragraphs: [convert(lead), ...converted.flatMap((s) => s.paragraphs)],
    facts: facts.map(({ fact: f }) => ({ metric: f.metric, figure: convert(f.figure), pair: f.pair === null ? null : convert(f.pair), sentence: convert(f.sentence), named: f.named })),
    questions,
  };
}

/** The metrics (keys) reports of a group state as results. */
export function templateMetrics(group: TemplateGroup): string[] {
  return TEMPLATES[group].sections.flatMap((s) => [...s.metrics]);
}

/** A question that looks answerable but is not (see QuestionCase). */
export function hardUnanswerable(plan: HardPlan, rng: Random): CorpusQuestion {
  const entity = rng.pick(plan.entities);
  const own = templateMetrics(entity.kind.group);
  const project = template(plan.seed, entity.kind.group).project;
  const which = rng.pick(['other-name', 'other-year', 'missing-indicator'] as const);
  const year = (): number => rng.pick(entity.years);
  if (which === 'other-name' && plan.strangers.length > 0) {
    // The entity's name reversed when no entity has it, else a pair no entity has that shares a character with it.
    const reversed = Array.from(entity.name).reverse().join('');
    const near = plan.strangers.filter((p) => p.includes(entity.name[0]!) || p.includes(entity.name[1]!));
    const name = !plan.names.has(reversed) ? reversed : rng.pick(near.length > 0 ? near : plan.strangers);
    const m = metric(rng.pick(own));
    const q = askFor(rng, m, entityForm(rng, { name, kind: entity.kind }), rng.chance(0.5) ? year() : null, rng.chance(PAIR_ASKED), project);
    return { q, found: false, case: 'other-name' };
  }
  if (which === 'missing-indicator') {
    const others = (Object.keys(TEMPLATES) as TemplateGroup[]).flatMap(templateMetrics).filter((k) => !own.includes(k) && !TEMPLATES[entity.kind.group].targets.includes(k));
    const m = metric(rng.pick([...new Set(others)]));
    const q = askFor(rng, m, entityForm(rng, entity), askedYear(rng, entity, year()), rng.chance(PAIR_ASKED), project);
    return { q, found: false, case: 'missing-indicator' };
  }
  // A year next to the entity's reports: before the first, or after the last (up to LAST_YEAR: a
  // later one would be 今年, whose targets the last report states).
  const first = entity.years[0]!;
  const last = entity.years[entity.years.length - 1]!;
  const missing = last < LAST_YEAR && rng.chance(0.5) ? last + 1 : first - 1;
  const q = askFor(rng, metric(rng.pick(own)), entityForm(rng, entity), missing, rng.chance(PAIR_ASKED), project);
  return { q, found: false, case: 'other-year' };
}

/** Mixes the documents' questions with unanswerable ones (share of all) and shuffles them, seeded. */
export function mixHardQuestions(plan: HardPlan, perDoc: CorpusQuestion[][], unanswerableShare: number = HARD_DEFAULTS.unanswerableShare): CorpusQuestion[] {
  const rng = new Random(mixSeed(plan.seed, 0x4e5));
  const all = perDoc.flat();
  const extra = Math.round((all.length * unanswerableShare) / (1 - unanswerableShare));
  for (let i = 0; i < extra; i++) all.push(hardUnanswerable(plan, rng));
  return rng.shuffle(all);
}

/** The first line of a hard questions file: the day 去年 is counted from. */
export const ASKED_ON_LINE = `# asked on: ${ASKED_ON}`;
