/**
 * The document model: what each document is about and when, read from its
 * own text, and the context every sentence inherits (clause → sentence →
 * paragraph → section title → document title). Built from the cleaned
 * documents in every mode (in memory, answer threads, index store), so it is
 * deterministic and cheap: titles, a few lines and the corpus's own names.
 */
import type { CleanDocument } from './types.ts';
import { EntityLexicon, type EntityName, areaKinds, entityFromTitle, gazetteerPlaces, sharedKinds, splitName } from './entities.ts';
import { FULL_YEAR, PLAN_MARK, type MonthSpan, type Period, periodOf, timeMentions } from './periods.ts';
import { fold } from './script.ts';

/** What a document is about and when, as its title and first lines say. */
export interface DocumentContext {
  /** The entity the document is about (from its title, else its issuer line or first lines), or null. */
  entity: EntityName | null;
  /**
   * The year the document speaks from: its title's year, else the first year
   * its opening paragraph names, else its file name's. Its 今年 is this year,
   * its 去年 the one before.
   */
  year: number | null;
  /** The period its title names (一季度, 1—5月), or null for a document of a whole year or none. */
  span: MonthSpan | null;
  /** Several years its title names (2021—2025年规划), or null. */
  years: [number, number] | null;
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
  const mention = timeMentions(folded).find((m) => !m.comparison);
  if (!mention) return { period: null, lead: folded, rest: '' };
  return { period: periodOf(mention, reference), lead: folded.slice(0, mention.start), rest: folded.slice(mention.end) };
}

/** The first year the opening of a document names (outside comparisons), or null. */
function openingYear(doc: CleanDocument): number | null {
  const opening = doc.sections.flatMap((s) => s.paragraphs).slice(0, 2).join('').slice(0, 200);
  return timeMentions(fold(opening)).find((m) => !m.comparison && m.year !== null)?.year ?? null;
}

/** The entity of a document whose title leads with none: the issuer line's or the title's place. */
function fallbackEntity(doc: CleanDocument, kinds: readonly string[]): EntityName | null {
  for (const text of [doc.title, doc.author ?? '']) {
    const folded = fold(text);
    const place = gazetteerPlaces(folded)[0];
    if (place) return place;
    // An issuer line that names a zone (汇川经济技术开发区管理委员会).
    for (const kind of kinds) {
      const at = folded.indexOf(kind);
      if (kind.length >= 2 && at >= 2) return splitName(folded.slice(Math.max(0, at - 4), at + kind.length).replace(/^.*?([\p{Script=Han}]{2,4})$/u, '$1'), kinds);
    }
  }
  return null;
}

/** A document's context: entity, year, period and kind, from its title and first lines. */
export function documentContext(doc: CleanDocument, kinds: readonly string[]): DocumentContext {
  const titleYear = titleTime(doc.title, null);
  const year = titleYear.period?.year ?? openingYear(doc) ?? doc.year;
  const { period, lead, rest } = titleTime(doc.title, year);
  const entity = (period ? entityFromTitle(lead, kinds) : null) ?? fallbackEntity(doc, kinds);
  return {
    entity,
    year: period?.year ?? year,
    span: period?.span && !(period.span.from === FULL_YEAR.from && period.span.to === FULL_YEAR.to) ? period.span : null,
    years: period?.years ?? null,
    kind: rest.replace(/^[\s份度]+/u, ''),
  };
}

/** The section's context: the time its title names and whether it announces plans. */
export function sectionContext(title: string, docYear: number | null): SectionContext {
  if (!title) return { period: null, plan: false };
  const { period } = titleTime(title, docYear);
  return { period, plan: PLAN_MARK.test(fold(title)) || /展望|安排|打算|部署|任务/.test(fold(title)) };
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
    const found = new Map<string, number>();
    for (const term of this.#byChar.get(short[0]!) ?? []) {
      for (let at = term.indexOf(short[0]!); at >= 0; at = term.indexOf(short[0]!, at + 1)) {
        const long = abbreviated(short, term, at);
        if (long && long !== short) found.set(long, (found.get(long) ?? 0) + this.#counts.get(term)!);
      }
    }
    return [...found].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit).map(([t]) => t);
  }
}

/** The term from `at` to its end when `short` abbreviates it there (characters in order, gaps of at most 4), else null. */
export function abbreviated(short: string, term: string, at: number): string | null {
  let pos = at;
  for (let i = 1; i < short.length; i++) {
    const next = term.indexOf(short[i]!, pos + 1);
    if (next < 0 || next - pos > 5) return null;
    pos = next;
  }
  return term.length - at > short.length ? term.slice(at) : null;
}

/** What answering knows of a corpus beyond its text: document and section contexts, names and terms. */
export class CorpusModel {
  readonly documents: readonly DocumentContext[];
  /** Per document, per section. */
  readonly sections: readonly (readonly SectionContext[])[];
  readonly lexicon: EntityLexicon;
  readonly terms: TermVocabulary;
  /** Documents by entity core, for the document stage of retrieval. */
  readonly #byCore = new Map<string, number[]>();

  constructor(docs: readonly CleanDocument[], sentences: Iterable<string>) {
    const leads = docs.map((d) => titleTime(d.title, null)).filter((t) => t.period).map((t) => t.lead);
    const kinds = [...new Set([...sharedKinds(leads), ...areaKinds()])].sort((a, b) => b.length - a.length);
    this.documents = docs.map((d) => documentContext(d, kinds));
    this.sections = docs.map((d, i) => d.sections.map((s) => sectionContext(s.title, this.documents[i]!.year)));
    this.lexicon = new EntityLexicon(this.documents.flatMap((d) => (d.entity ? [d.entity] : [])));
    this.documents.forEach((d, i) => {
      if (!d.entity) return;
      const list = this.#byCore.get(d.entity.core);
      if (list) list.push(i);
      else this.#byCore.set(d.entity.core, [i]);
    });
    this.terms = new TermVocabulary(sentences);
  }

  /** Documents whose own entity has this core. */
  documentsOf(core: string): readonly number[] {
    return this.#byCore.get(core) ?? [];
  }
}
