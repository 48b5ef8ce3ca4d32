/**
 * Generates the synthetic benchmark corpus: Chinese work reports of fictional
 * places, each about 2,000 characters, with facts (figures with units and
 * qualifiers) whose questions are generated alongside. Pure and deterministic:
 * the same seed and index always give the same document, independent of the
 * other documents, so a corpus can be written in any order or in parallel.
 */
import * as OpenCC from 'opencc-js';
import { damageDocument, type DamageDocumentInput } from '../../test/support/damage.ts';
import {
  ENTITY_KINDS, FILLER_ACTIONS, FILLER_OPENERS, FILLER_RESULTS, GIVEN_NAMES, HEADINGS, METRICS, PLACE_CHARS,
  PROJECTS, SURNAMES, TITLES, UNANSWERABLE, type FigureFormat, type Metric, type Topic,
} from './corpus-model.ts';
import { mixSeed, Random } from './prng.ts';

/** Options of the generator. All shares are probabilities in [0, 1]. */
export interface CorpusOptions {
  /** Seed of every random choice. Default 1. */
  seed?: number;
  /** Number of documents. */
  docs: number;
  /** Share of documents rendered as a damaged PDF extraction (doubling, wraps, column breaks). Default 0.3. */
  damagedShare?: number;
  /** Share of documents written in traditional Chinese. Default 0.15. */
  traditionalShare?: number;
  /** Questions generated per document. Default 3. */
  questionsPerDoc?: number;
  /** Share of unanswerable questions among all questions. Default 0.07. */
  unanswerableShare?: number;
  /** Target length of a document in characters (clean text). Default 2000. */
  targetChars?: number;
}

/**
 * One line of questions.jsonl, in the format of the project's eval files;
 * `case` says what the question tests (the hard corpus's QuestionCase).
 */
export type CorpusQuestion =
  | { q: string; figure: string[]; passage: string; case?: string }
  | { q: string; found: false; case?: string };

/** A fact stated in a document. */
export interface CorpusFact {
  metric: string;
  /** The figure as written (in the document's script). */
  figure: string;
  /** The paired figure in the same sentence (growth, points, an amount), or null. */
  pair: string | null;
  /** The sentence stating it (in the document's script, clean). */
  sentence: string;
}

/** One generated document. */
export interface CorpusDocument {
  /** File name inside sources/. */
  file: string;
  /** File name without extension (the engine's document id). */
  id: string;
  entity: string;
  year: number;
  script: 'simplified' | 'traditional';
  damaged: boolean;
  /** The text written to the file. */
  text: string;
  /** The document's clean paragraphs (title, headings and byline excluded), in its script. */
  paragraphs: string[];
  facts: CorpusFact[];
  questions: CorpusQuestion[];
}

/** Where documents and entities come from; computed once per seed. */
export interface CorpusPlan {
  seed: number;
  docs: number;
  /** Entity index of each document. */
  entityOf: Int32Array;
  names: string[];
}

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Writes 1–99 in Chinese numerals (十六, 二十). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`chineseNumeral: ${n} is out of range`);
  if (n < 10) return CHINESE_DIGITS[n] as string;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十${ones === 0 ? '' : CHINESE_DIGITS[ones]}`;
}

/** Every second document of a 7-document block repeats the previous one's place for another year. */
function isSecondYear(index: number): boolean {
  return index % 7 === 6;
}

/** Plans which place each document is about; place names are unique per place. */
export function planCorpus(seed: number, docs: number): CorpusPlan {
  const rng = new Random(mixSeed(seed, 0x9a3e));
  const pairs: string[] = [];
  for (const a of PLACE_CHARS) for (const b of PLACE_CHARS) if (a !== b) pairs.push(a + b);
  rng.shuffle(pairs);
  const entityOf = new Int32Array(docs);
  let entities = 0;
  for (let i = 0; i < docs; i++) entityOf[i] = i > 0 && isSecondYear(i) ? (entityOf[i - 1] as number) : entities++;
  const names: string[] = [];
  for (let e = 0; e < entities; e++) {
    // Beyond the two-character names, use three characters (still unique).
    names.push(e < pairs.length ? (pairs[e] as string) : (pairs[e % pairs.length] as string) + (PLACE_CHARS[Math.floor(e / pairs.length) % PLACE_CHARS.length] as string));
  }
  return { seed, docs, entityOf, names };
}

/** Base-26 letters for a document number, so file names hold no digits but the year. */
export function letters(n: number): string {
  let s = '';
  for (let i = 0; i < 4; i++) {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return s;
}

/** A figure as written, with the forms an answer may take. */
export interface Rendered {
  text: string;
  /** Accepted forms; the first is as written. */
  accepted: string[];
}

function trimNumber(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}

/** Draws a value and writes it the way a report would, with qualifiers now and then. */
export function renderFigure(format: FigureFormat, rng: Random, afterVerb = false): Rendered {
  const scale = 10 ** format.decimals;
  let value = Math.round((format.min + rng.next() * (format.max - format.min)) * scale) / scale;
  let unit = format.unit;
  let number: string;
  // "九大产业集群" is how reports write groups; counts are Chinese now and then.
  if (format.chinese && Number.isInteger(value) && value <= 20 && (unit === '大' || rng.chance(0.6))) {
    const measure = unit === '大' ? '大' : unit;
    return { text: chineseNumeral(value) + measure, accepted: [chineseNumeral(value) + measure, `${value}${measure}`] };
  }
  if (format.wan && value >= 10_000) {
    value = Math.round(value / 1000) / 10;
    unit = `万${unit}`;
  }
  number = trimNumber(value, format.decimals);
  const magnitude = /^[万亿]/.test(unit) ? unit[0] as string : '';
  const rest = unit.slice(magnitude.length);
  if ((format.qualifiers ?? true) && rng.chance(0.25)) {
    const choices = unit === '%' ? ['超', '近', '约'] : ['余', '多', '超', '近', '约'];
    const q = rng.pick(afterVerb ? choices.filter((c) => c !== '超') : choices);
    if (q === '余' || q === '多') {
      if (magnitude === '') {
        // "2400余家": a round integer before the qualifier.
        const round = value >= 1000 ? 100 : value >= 100 ? 10 : 1;
        number = String(Math.max(round, Math.floor(value / round) * round));
        const text = `${number}${q}${unit}`;
        return { text, accepted: [text] };
      }
      // "1.8万余人", "30余亿元".
      if (magnitude === '亿') number = String(Math.max(1, Math.floor(value)));
      const text = `${number}${magnitude}${q}${rest}`;
      return { text, accepted: [text] };
    }
    const text = `${q}${number}${unit}`;
    return { text, accepted: [text] };
  }
  const text = `${number}${unit}`;
  return { text, accepted: [text] };
}

/** Fills {X} slots of a template; a slot without a value is a bug in the vocabulary. */
export function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{([A-Z])\}/g, (_, k: string) => {
    const v = slots[k];
    if (v === undefined) throw new Error(`corpus: template slot {${k}} has no value in "${template}"`);
    return v;
  });
}

function fillerSentence(rng: Random, entity: string): string {
  const opener = rng.pick(FILLER_OPENERS);
  const [a, b] = rng.sample(FILLER_ACTIONS, 2);
  const result = rng.pick(FILLER_RESULTS);
  return rng.chance(0.4) ? `${entity}${opener}，${a}，${b}，${result}。` : `${opener}，${a}，${b}，${result}。`;
}

/** Span from the first to the last of several substrings of a sentence. */
export function fragment(sentence: string, parts: string[]): string {
  let start = Infinity;
  let end = -1;
  for (const part of parts) {
    const at = sentence.indexOf(part);
    if (at < 0) throw new Error(`corpus: "${part}" not in "${sentence}"`);
    start = Math.min(start, at);
    end = Math.max(end, at + part.length);
  }
  return sentence.slice(start, end);
}

interface DraftFact {
  metric: Metric;
  sentence: string;
  main: Rendered;
  pair: Rendered | null;
  project: string;
}

/** The question's subject: the place, with the year in one of the ways people put it. */
function subject(rng: Random, entity: string, year: number, withYear: boolean, beforeNoun: boolean): string {
  if (!withYear) return entity;
  // "2021年X县的有多少家…" is wrong: 的 only before the metric's noun.
  const forms = [`${entity}${year}年`, `${year}年${entity}`];
  if (beforeNoun) forms.push(`${year}年${entity}的`);
  return rng.pick(forms);
}

/** How users dress a question: 请问 now and then, a question mark more often. */
export function phrase(rng: Random, q: string): string {
  let out = q;
  if (rng.chance(0.1)) out = `请问${out}`;
  if (rng.chance(0.3)) out += '？';
  return out;
}

/** Generates document `index` of the corpus planned by `plan`. */
export function generateDocument(plan: CorpusPlan, index: number, options: CorpusOptions): CorpusDocument {
  const rng = new Random(mixSeed(plan.seed, index, 0xd0c));
  const entityIndex = plan.entityOf[index] as number;
  const erng = new Random(mixSeed(plan.seed, entityIndex, 0xe27));
  const kind = erng.pick(ENTITY_KINDS);
  const baseYear = erng.int(2016, 2023);
  const secondYear = index > 0 && isSecondYear(index);
  const year = secondYear ? baseYear + 1 : baseYear;
  const hasTwin = secondYear || (index + 1 < plan.docs && isSecondYear(index + 1));
  const entity = `${plan.names[entityIndex] as string}${kind.suffix}`;
  const target = options.targetChars ?? 2000;
  const traditional = rng.chance(options.traditionalShare ?? 0.15);
  const damaged = rng.chance(options.damagedShare ?? 0.3);

  // Sections: topics in random order, each with a few metrics, until the target length.
  const topics = rng.shuffle(Object.keys(HEADINGS) as Topic[]);
  const numbered = rng.chance(0.5);
  const projectName = rng.pick(PROJECTS);
  const facts: DraftFact[] = [];
  const sections: { title: string; paragraphs: string[] }[] = [];
  const leadParagraph = `${year}年，${fillerSentence(rng, entity)}${fillerSentence(rng, entity)}${fillerSentence(rng, entity)}`;
  let length = leadParagraph.length;
  for (const topic of topics) {
    if (length >= target && sections.length >= 3) break;
    const metrics = rng.shuffle(METRICS.filter((m) => m.topic === topic));
    const paragraphs: string[] = [];
    let paragraph: string[] = [rng.chance(0.95) ? fillerSentence(rng, entity) : ''];
    for (const metric of metrics.slice(0, rng.int(3, 5))) {
      const template = rng.pick(metric.statements);
      // Chinese numerals read naturally only before the noun ("组建十六个工作专班").
      const numeralFirst = template.indexOf('{F}') < template.indexOf(metric.key);
      // "达到超…" reads wrong: after 达/到/为/至 no 超.
      const afterVerb = /[达到为至]$/.test(template.slice(0, template.indexOf('{F}')));
      const main = renderFigure({ ...metric.format, chinese: numeralFirst && metric.format.chinese === true }, rng, afterVerb);
      const pair = metric.pair ? renderFigure(metric.pair.format, rng) : null;
      const slots: Record<string, string> = { E: entity, F: main.text, P: projectName };
      if (pair) slots.G = pair.text;
      let sentence = fill(template, slots);
      if (sentence.startsWith(entity) && rng.chance(0.25)) sentence = `${year}年，${sentence}`;
      sentence += '。';
      // "控制在1.8‰以内": the bound is part of the figure as written, the bare figure is accepted too.
      const bound = /\{F\}(以内|以上|以下)/.exec(template)?.[1];
      if (bound) main.accepted.push(`${main.text}${bound}`);
      facts.push({ metric, sentence, main, pair, project: projectName });
      paragraph.push(sentence);
      if (rng.chance(0.6)) paragraph.push(fillerSentence(rng, entity));
      if (paragraph.join('').length > 160 || rng.chance(0.25)) {
        paragraphs.push(paragraph.join(''));
        paragraph = [];
      }
    }
    if (paragraph.join('') !== '') paragraphs.push(paragraph.join(''));
    const heading = rng.pick(HEADINGS[topic]);
    const title = numbered ? `${chineseNumeral(sections.length + 1)}、${heading}` : heading;
    sections.push({ title, paragraphs });
    length += title.length + paragraphs.join('').length;
  }

  const convert = traditional ? toTraditional : (s: string) => s;
  const byline = rng.pick(SURNAMES) + rng.pick(GIVEN_NAMES);
  const docTitle = fill(rng.pick(TITLES), { E: entity, Y: String(year) });
  const input: DamageDocumentInput = {
    title: convert(docTitle),
    sections: sections.map((s) => ({ title: convert(s.title), paragraphs: s.paragraphs.map(convert) })),
    byline: convert(byline),
    lead: convert(leadParagraph),
  };
  const text = damaged
    ? damageDocument(input, { seed: mixSeed(plan.seed, index, 0xda3), leadPosition: rng.chance(0.5) ? 'end' : 'start' })
    : renderClean(input, rng.chance(0.5));

  // Questions from facts; with a twin (same place, other year) the year is always asked.
  const questions: CorpusQuestion[] = [];
  for (const fact of rng.sample(facts, options.questionsPerDoc ?? 3)) {
    const askPair = fact.pair !== null && fact.metric.pair !== undefined && rng.chance(0.35);
    const figure = askPair ? (fact.pair as Rendered) : fact.main;
    const templates = askPair ? (fact.metric.pair?.questions ?? []) : fact.metric.questions;
    const withYear = hasTwin || rng.chance(0.35);
    const template = rng.pick(templates);
    const beforeNoun = fact.metric.verbal !== true && template.startsWith(`{S}${fact.metric.key}`);
    let q = fill(template, { S: subject(rng, entity, year, withYear, beforeNoun), P: fact.project });
    q = phrase(rng, q);
    const sentence = convert(fact.sentence);
    const keyPart = convert(fact.metric.key);
    const figText = convert(figure.text);
    let passage = fragment(sentence, [keyPart, figText]);
    if (passage.length > 40) passage = figText;
    const accepted = [...new Set(figure.accepted.flatMap((f) => [convert(f), f]))];
    const asked = traditional && rng.chance(0.5) ? toTraditional(q) : q;
    questions.push({ q: asked, figure: accepted, passage });
  }

  const id = `r${letters(index)}-${kind.slug}-${year}`;
  return {
    file: `${id}.txt`,
    id,
    entity,
    year,
    script: traditional ? 'traditional' : 'simplified',
    damaged,
    text,
    paragraphs: [convert(leadParagraph), ...input.sections.flatMap((s) => s.paragraphs)],
    facts: facts.map((f) => ({
      metric: f.metric.key,
      figure: convert(f.main.text),
      pair: f.pair === null ? null : convert(f.pair.text),
      sentence: convert(f.sentence),
    })),
    questions,
  };
}

/** Renders a clean document: title, byline, lead, headings and paragraphs, blank lines between. */
function renderClean(input: DamageDocumentInput, bylineFirst: boolean): string {
  const blocks: string[] = [];
  const title = input.title;
  if (title !== undefined) blocks.push(typeof title === 'string' ? title : title.join(''));
  if (bylineFirst && input.byline) blocks.push(`（文/${input.byline}）`);
  if (input.lead) blocks.push(input.lead);
  for (const section of input.sections) {
    if (section.title !== undefined) blocks.push(typeof section.title === 'string' ? section.title : section.title.join(''));
    blocks.push(...section.paragraphs);
  }
  if (!bylineFirst && input.byline) blocks.push(`（文/${input.byline}）`);
  return `${blocks.join('\n\n')}\n`;
}

/** Questions the corpus cannot answer, varied by phrasing. */
export function unanswerableQuestion(rng: Random): CorpusQuestion {
  const kind = rng.pick(UNANSWERABLE);
  return { q: phrase(rng, fill(kind.template, { X: rng.pick(kind.fills) })), found: false };
}

/**
 * Interleaves the documents' questions with unanswerable ones and shuffles
 * them (seeded), so any prefix of the file is a fair sample.
 */
export function mixQuestions(seed: number, perDoc: CorpusQuestion[][], unanswerableShare = 0.07): CorpusQuestion[] {
  const rng = new Random(mixSeed(seed, 0x9e5));
  const all = perDoc.flat();
  const extra = Math.round((all.length * unanswerableShare) / (1 - unanswerableShare));
  for (let i = 0; i < extra; i++) all.push(unanswerableQuestion(rng));
  return rng.shuffle(all);
}
