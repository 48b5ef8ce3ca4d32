/**
 * The document model: what each document is about and when, read from its
 * own text, and the context every sentence inherits (clause → sentence →
 * paragraph → section title → document title). Built from the cleaned
 * documents in every mode (in memory, answer threads, index store), so it is
 * deterministic and cheap: titles, a few lines and the corpus's own names.
 */
import type { CleanDocument } from './types.ts';
import { EntityLexicon, type EntityName, areaKinds, entityFromTitle, gazetteerPlaces, isProperName, sharedKinds, splitName, standsFor } from './entities.ts';
import { FULL_YEAR, type MonthSpan, type Period, periodOf, timeMentions, titleAnnouncesPlan } from './periods.ts';
import { fold } from './script.ts';

/** What a document is about and when, as its title and first lines say. */
export interface DocumentContext {
  /** The entity the document is about (from its title, else its issuer line or first lines), or null. */
  entity: EntityName | null;
  /**
   * The year the document speaks from: its title's year, else its file
   * name's, else the first year its opening paragraph names. Its 今年 is this
   * year, its 去年 the one before.
   */
  year: number | null;
  /** The period its title names (一季度, 1—5月), or null for a document of a whole year or none. */
  span: MonthSpan | null;
  /** Several years its title names (2021—2025年规划), or null. */
  years: [number, number] | null;
  /** The holiday or season its title names (2025年春节假期…), or null. */
  occasion: string | null;
  /** Its title's kind of document: the text after the title's time (统计公报, 工作总结), or ''. */
  kind: string;
}

/** The time and mode a section title gives its paragraphs. */
export interface SectionContext {
  period: Period | null;
  /** Whether the title announces plans or targets (主要目标任务, 2025年工作安排). */
  plan: boolean;
}

/** Years, periods and plans read from a title (section or document). */
function titleTime(title: string, reference: number | null): { period: Period | null; lead: string; rest: string } {
  const folded = fold(title);
  // A single year is the title's own time over a span it also names (2023年和过去五年工作回顾).
  const mentions = timeMentions(folded).filter((m) => !m.comparison);
  const mention = mentions.find((m) => periodOf(m, reference).year !== null) ?? mentions[0];
  if (!mention) return { period: null, lead: folded, rest: '' };
  return { period: periodOf(mention, reference), lead: folded.slice(0, mention.start), rest: folded.slice(mention.end) };
}

/** The first year the opening of a document names (outside comparisons), or null. */
function openingYear(doc: CleanDocument): number | null {
  const opening = doc.sections.flatMap((s) => s.paragraphs).slice(0, 2).join('').slice(0, 200);
  return timeMentions(fold(opening)).find((m) => !m.comparison && m.year !== null)?.year ?? null;
}

/** A name of two or three characters and 市 or 县 opening a line. */
const CITY_OR_COUNTY = /^\p{Script=Han}{2,3}?[市县](?!长|委|区|级|场|民)/u;

/** Reads names before kinds of area with no corpus names: the gazetteer's and unknown ones. */
const UNNAMED_LEXICON = new EntityLexicon([]);

/** The first characters of a document's text: where a title the cleaner missed stands. */
const OPENING_TITLE_REACH = 60;

/**
 * The entity of a document whose title leads with none: a place its title
 * names, else a proper name (a place, or a name no dictionary knows) leading
 * its opening or its issuer line (汇川经济技术开发区管理委员会) — not a body
 * such as 政府统计处.
 */
function fallbackEntity(doc: CleanDocument, kinds: readonly string[]): EntityName | null {
  const opening = fold(doc.sections.flatMap((s) => s.paragraphs)[0]?.slice(0, OPENING_TITLE_REACH) ?? '');
  const lines = [doc.title, doc.author ?? '', doc.byline ?? '', doc.subtitle ?? ''].map(fold);
  // A place the gazetteer knows, first in the title, then under it (——滁州经开区光伏产业园采访见闻).
  for (const text of [lines[0]!, ...lines.slice(1), opening]) {
    const place = gazetteerPlaces(text)[0];
    if (place) return place;
  }
  // A city or county leading the title after its time (2023年苓山县国民经济…, 2025年1—4月岳川市规模以上…),
  // though the segmenter reads its name as a word.
  const titled = cityOrCounty(titleTime(lines[0]!, null).rest, kinds);
  if (titled) return titled;
  const { period, lead } = titleTime(opening, null);
  const fromOpening = period && lead ? entityFromTitle(lead, kinds) : null;
  if (fromOpening && isProperName(fromOpening.core)) return fromOpening;
  // A name no dictionary knows before a kind of area (在云枫县第十八届…, 云陵县代县长).
  for (const text of [...lines, opening]) {
    const named = UNNAMED_LEXICON.mentions(text).find((m) => m.kind && isProperName(m.core));
    if (named) return { name: named.name, core: named.core, kind: named.kind };
  }
  // The characters before a kind read blindly, in the byline and the opening only (not 2023年全市… of a title).
  for (const text of [lines[1]!, opening]) {
    for (const kind of kinds) {
      const at = text.indexOf(kind);
      const name = at > 0 ? /\p{Script=Han}{2,4}$/u.exec(text.slice(Math.max(0, at - 4), at))?.[0] : undefined;
      if (name && (kind.length >= 2 || name.length >= 2) && isProperName(name)) return splitName(name + kind, kinds);
    }
  }
  // A city or county leading the issuer (岳川市统计局).
  return cityOrCounty(lines[2]!, kinds);
}

/** The city or county a text opens with (岳川市统计局), or null. */
function cityOrCounty(text: string, kinds: readonly string[]): EntityName | null {
  const name = CITY_OR_COUNTY.exec(text.trim())?.[0];
  return name ? entityFromTitle(name, kinds) : null;
}

/** A numbered heading (一、综合) taken for a title: the real title is then the opening line. */
const HEADING_TITLE = /^(?:第[一二三四五六七八九十]+[章节部分篇]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|表\d)/;

/**
 * A document's context: entity, year, period and kind, from its title (or
 * the opening line, when a numbered heading was taken for the title), its
 * file name's year, and its first lines. A document whose title names a year and no part of it (2024年…统计公报,
 * 2025年政府工作报告) speaks of whole years.
 */
export function documentContext(doc: CleanDocument, kinds: readonly string[]): DocumentContext {
  // A numbered heading taken for the title means the real title is the opening line.
  const head = HEADING_TITLE.test(doc.title) ? (doc.sections.flatMap((s) => s.paragraphs)[0]?.slice(0, OPENING_TITLE_REACH) ?? '') : doc.title;
  const year = titleTime(head, null).period?.year ?? doc.year ?? openingYear(doc);
  const { period, lead, rest } = titleTime(head, year);
  const entity = (period ? entityFromTitle(lead, kinds) : null) ?? fallbackEntity(doc, kinds);
  const span = period?.span ?? (period?.year != null ? { ...FULL_YEAR } : null);
  const occasion = timeMentions(fold(head)).find((m) => m.occasion && !m.comparison)?.occasion ?? null;
  return { entity, year: period?.year ?? year, span, years: period?.years ?? null, occasion, kind: rest.replace(/^[\s份度]+/u, '') };
}

/** The section's own context: the time its title names and whether it announces plans. */
export function sectionContext(title: string, docYear: number | null): SectionContext {
  if (!title) return { period: null, plan: false };
  const { period } = titleTime(title, docYear);
  return { period, plan: titleAnnouncesPlan(fold(title)) };
}

/** Outline levels of numbered headings: 第一章 0, 一、 1, （一） 2, 1. 3; null for an unnumbered one. */
function headingLevel(title: string): number | null {
  if (/^第[一二三四五六七八九十百零〇\d]+[章部分篇]/.test(title)) return 0;
  if (/^[一二三四五六七八九十]+、/.test(title)) return 1;
  if (/^[（(][一二三四五六七八九十]+[）)]/.test(title)) return 2;
  if (/^\d+[.、．]/.test(title)) return 3;
  return null;
}

/**
 * The contexts of a document's sections: a numbered sub-heading that names
 * no time or plan of its own ((一)主要目标) takes them from the heading it
 * belongs under (二、2025年工作思路).
 */
export function sectionContexts(titles: readonly string[], docYear: number | null): SectionContext[] {
  const parents: (SectionContext & { level: number })[] = [];
  return titles.map((title) => {
    const own = sectionContext(title, docYear);
    const level = headingLevel(title);
    if (level === null) return own;
    while (parents.length && parents[parents.length - 1]!.level >= level) parents.pop();
    const parent = parents[parents.length - 1];
    const context = { period: own.period ?? parent?.period ?? null, plan: own.plan || (parent?.plan ?? false) };
    parents.push({ ...context, level });
    return context;
  });
}

/** Han runs right before a number: the names of what reports measure (社会消费品零售总额318.4亿元). */
const FIGURE_HEAD = /(\p{Script=Han}{3,14})(?=[\d零〇一二两三四五六七八九十百千]+(?:\.\d+)?\s*(?:[%‰万亿千百]|[\p{Script=Han}]))/gu;

/**
 * The corpus's own terms for what it measures, so a short form in a question
 * (社零, 规上) can be read as the longer term the documents use: every
 * character of the short form appears in the term, in order, the first
 * starting it (社会消费品零售总额, 规模以上工业增加值).
 */
export class TermVocabulary {
  /** Term → how many sentences use it before a figure. */
  readonly #counts = new Map<string, number>();
  /** Terms by each character they contain. */
  readonly #byChar = new Map<string, string[]>();
  /** Expansions already worked out (questions repeat their short forms). */
  readonly #expansions = new Map<string, string[]>();

  constructor(sentences: Iterable<string>) {
    for (const sentence of sentences) {
      FIGURE_HEAD.lastIndex = 0;
      for (let m = FIGURE_HEAD.exec(sentence); m; m = FIGURE_HEAD.exec(sentence)) {
        const term = m[1]!;
        this.#counts.set(term, (this.#counts.get(term) ?? 0) + 1);
      }
    }
    for (const term of this.#counts.keys()) {
      for (const ch of new Set(term)) {
        const list = this.#byChar.get(ch);
        if (list) list.push(term);
        else this.#byChar.set(ch, [term]);
      }
    }
    // Commonest first, so a short form's search can stop after the commonest terms.
    for (const list of this.#byChar.values()) list.sort((a, b) => this.#counts.get(b)! - this.#counts.get(a)!);
  }

  /** How many distinct terms the corpus has. */
  get size(): number {
    return this.#counts.size;
  }

  /**
   * Longer terms a short form may stand for, most used first: the part of a
   * corpus term from the short form's first character to the end of the term,
   * holding the other characters in order within four characters each.
   */
  expand(short: string, limit = 2): string[] {
    if (short.length < 2) return [];
    const key = `${short}\u0000${limit}`;
    const cached = this.#expansions.get(key);
    if (cached) return cached;
    const out = this.#expand(short, limit);
    if (this.#expansions.size >= EXPANSION_CACHE) this.#expansions.delete(this.#expansions.keys().next().value!);
    this.#expansions.set(key, out);
    return out;
  }

  #expand(short: string, limit: number): string[] {
    // Where the short form's characters run in each term (cheap), counted; only the commonest
    // runs are then cut at word ends (the segmenter is slow).
    const runs = new Map<string, { term: string; at: number; end: number; count: number }>();
    for (const term of (this.#byChar.get(short[0]!) ?? []).slice(0, SCANNED_TERMS)) {
      for (let at = term.indexOf(short[0]!); at >= 0; at = term.indexOf(short[0]!, at + 1)) {
        const end = matchedEnd(short, term, at);
        if (end < 0) continue;
        const key = term.slice(at, end);
        const run = runs.get(key);
        if (run) run.count += this.#counts.get(term)!;
        else runs.set(key, { term, at, end, count: this.#counts.get(term)! });
      }
    }
    const found = new Map<string, number>();
    for (const run of [...runs.values()].sort((a, b) => b.count - a.count).slice(0, EXPANDED_RUNS)) {
      const long = abbreviated(short, run.term, run.at);
      if (long && long !== short) found.set(long, (found.get(long) ?? 0) + run.count);
    }
    return [...found].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([t]) => t);
  }
}

/** How many of the commonest terms holding a short form's first character are searched. */
const SCANNED_TERMS = 5000;
/** How many of the commonest runs of a short form are cut at word ends. */
const EXPANDED_RUNS = 8;

/** Where `short`'s characters, found in order from `at` with gaps of at most 4, end in `term` (exclusive); −1 when they are not. */
function matchedEnd(short: string, term: string, at: number): number {
  let pos = at;
  for (let i = 1; i < short.length; i++) {
    const next = term.indexOf(short[i]!, pos + 1);
    if (next < 0 || next - pos > 5) return -1;
    pos = next;
  }
  return pos + 1;
}

const termSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });
/** How many expansions and terms' word ends are kept. */
const EXPANSION_CACHE = 4096;
const WORD_ENDS_CACHE = 16384;
const wordEndsOf = new Map<string, number[]>();

/** Where the words of a term end (the segmenter is slow; terms repeat). */
function wordEnds(term: string): number[] {
  let ends = wordEndsOf.get(term);
  if (!ends) {
    ends = [];
    for (const { index, segment } of termSegmenter.segment(term)) ends.push(index + segment.length);
    if (wordEndsOf.size >= WORD_ENDS_CACHE) wordEndsOf.delete(wordEndsOf.keys().next().value!);
    wordEndsOf.set(term, ends);
  }
  return ends;
}

/**
 * The words a short form abbreviates in a corpus term, when it does from
 * offset `at`: its characters in order (gaps of at most 4), the expansion
 * ending with the word that holds the last one (固投 in 全市固定资产投资同比增长
 * → 固定资产投资; 规上 → 规模以上). Null when it does not, or adds nothing.
 */
export function abbreviated(short: string, term: string, at: number): string | null {
  const last = matchedEnd(short, term, at) - 1;
  if (last < 0) return null;
  const end = wordEnds(term).find((e) => e > last) ?? term.length;
  const long = term.slice(at, end);
  return long.length > short.length ? long : null;
}

/** What answering knows of a corpus beyond its text: document and section contexts, names and terms. */
export class CorpusModel {
  readonly documents: readonly DocumentContext[];
  /** Per document, per section. */
  readonly sections: readonly (readonly SectionContext[])[];
  readonly lexicon: EntityLexicon;
  /** The corpus's terms, read from every sentence the first time a question needs them (short forms are rare). */
  get terms(): TermVocabulary {
    this.#terms ??= new TermVocabulary(this.#sentences());
    return this.#terms;
  }
  #terms: TermVocabulary | undefined;
  readonly #sentences: () => Iterable<string>;
  /** How specific words are within each document (for the precision feature). */
  readonly specificity = new DocumentSpecificity();
  /** Documents by entity core, for the document stage of retrieval. */
  readonly #byCore = new Map<string, number[]>();
  #unnamed: number[] | undefined;

  constructor(docs: readonly CleanDocument[], sentences: () => Iterable<string>) {
    this.#sentences = sentences;
    const leads = docs.map((d) => titleTime(d.title, null)).filter((t) => t.period).map((t) => t.lead);
    const kinds = [...new Set([...sharedKinds(leads), ...areaKinds()])].sort((a, b) => b.length - a.length);
    this.documents = docs.map((d) => documentContext(d, kinds));
    this.sections = docs.map((d, i) => sectionContexts(d.sections.map((s) => s.title), this.documents[i]!.year));
    this.lexicon = new EntityLexicon(this.documents.flatMap((d) => (d.entity ? [d.entity, ...(d.entity.parent ? [d.entity.parent] : [])] : [])));
    this.documents.forEach((d, i) => {
      if (!d.entity) return;
      const list = this.#byCore.get(d.entity.core);
      if (list) list.push(i);
      else this.#byCore.set(d.entity.core, [i]);
    });
  }

  /**
   * Whether a later document about the same entity exists (the 2024 report
   * beside the 2025 one): asked with no time, a reader means the latest.
   */
  hasLater(doc: number): boolean {
    this.#later ??= this.documents.map((d) =>
      d.entity !== null && d.year !== null && this.documentsOf(d.entity.core).some((o) => (this.documents[o]!.year ?? 0) > d.year! && standsFor(this.documents[o]!.entity!, d.entity!)),
    );
    return this.#later[doc]!;
  }
  #later: boolean[] | undefined;

  /** Documents whose own entity is unknown (they never say what they are about). */
  unnamedDocuments(): readonly number[] {
    this.#unnamed ??= this.documents.flatMap((d, i) => (d.entity ? [] : [i]));
    return this.#unnamed;
  }

  /** Documents whose own entity has this core. */
  documentsOf(core: string): readonly number[] {
    return this.#byCore.get(core) ?? [];
  }
}

/** How many documents' bigram statistics are kept (a question reads a few documents). */
const SPECIFICITY_CACHE = 256;

/**
 * How specific each bigram is within one document: rare in its sentences
 * (保税物流) or common (全年, 同比, 增长). Computed per document when a
 * question first reads it, from the text every mode keeps in memory.
 */
export class DocumentSpecificity {
  readonly #cache = new Map<number, { sentences: number; counts: Map<string, number> }>();

  /** The weight of a bigram in document `doc` (the document's sentences given by `sentences`). */
  weigher(doc: number, sentences: () => Iterable<string>): (bigram: string) => number {
    let entry = this.#cache.get(doc);
    if (!entry) {
      const counts = new Map<string, number>();
      let n = 0;
      for (const sentence of sentences()) {
        n++;
        const seen = new Set<string>();
        for (let i = 0; i + 1 < sentence.length; i++) seen.add(sentence.slice(i, i + 2));
        for (const b of seen) counts.set(b, (counts.get(b) ?? 0) + 1);
      }
      entry = { sentences: n, counts };
      if (this.#cache.size >= SPECIFICITY_CACHE) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(doc, entry);
    }
    const { sentences: n, counts } = entry;
    return (bigram) => Math.log(1 + (n + 1) / ((counts.get(bigram) ?? 0) + 0.5));
  }
}
