/**
 * The context of a figure at each level — the sentence up to the figure, the
 * paragraph before it, the section title, the document — and how it meets
 * the question's slots: where the asked entity and time are matched, and
 * whether the context names another entity, year or period (a contradiction:
 * such a figure is never the answer).
 */
import type { DocumentContext, SectionContext } from './document-model.ts';
import { type EntityLexicon, type EntityMention, standsFor } from './entities.ts';
import { FULL_YEAR, type MonthSpan, type Period, announcesPlan, introducesPlans, periodOf, sameSpan, timeMentions } from './periods.ts';
import type { Question } from './question.ts';

/** Where a slot is matched, nearest first. */
export type Level = 'sentence' | 'paragraph' | 'section' | 'document';

/** A time mention of a sentence, resolved, with its offset. */
interface PlacedPeriod extends Period {
  start: number;
}

/** What one sentence of a paragraph says of time and plans, and what it inherits from the sentences before it. */
export interface SentenceTime {
  /** Its own time mentions (comparisons left out), in order. */
  own: PlacedPeriod[];
  /** Its comparison bases (比2023年末的…), with where each ends: a figure right after one is of that time. */
  bases: (Period & { end: number })[];
  /** The last time the paragraph named before this sentence, or null. */
  carried: Period | null;
  /** Whether an earlier sentence of the paragraph announced targets (今年主要预期目标是：). */
  planCarried: boolean;
}

/**
 * The time a text speaks of after one more mention: a mention with a year
 * starts afresh (2023年); one with months only keeps the year before it
 * (2021年 … 全年 → 2021年全年).
 */
function follow(before: Period | null, next: Period): Period {
  if (next.year !== null || next.years !== null || !before) return next;
  return { year: before.year, years: before.years, span: next.span ?? before.span };
}

/** The time and plan context of each sentence of a paragraph (folded sentences). */
export function paragraphTimes(sentences: readonly string[], docYear: number | null): SentenceTime[] {
  let carried: Period | null = null;
  let planCarried = false;
  return sentences.map((sentence) => {
    const mentions = timeMentions(sentence);
    const own = mentions.filter((m) => !m.comparison).map((m) => ({ ...periodOf(m, docYear), start: m.start }));
    const bases = mentions.filter((m) => m.comparison).map((m) => ({ ...periodOf(m, docYear), end: m.end }));
    const out: SentenceTime = { own, bases, carried, planCarried };
    for (const p of own) carried = follow(carried, p);
    planCarried ||= introducesPlans(sentence);
    return out;
  });
}

/** What may stand between a comparison base and its own value (比2023年末的9870家). */
const BASE_VALUE = /^(?:的|为|是)?$/;

/** The time a figure speaks of, and at which level its year and months were found. */
export interface FigureTime {
  year: number | null;
  years: [number, number] | null;
  span: MonthSpan | null;
  /** The holiday or season the figure is of (春节), when one is named. */
  occasion: string | null;
  yearLevel: Level | null;
}

/**
 * The time of a figure at offset `at`: the nearest level that names a year
 * gives the year, and the months named at or below that level (a sentence
 * that names only 2023年 in a 一季度 report speaks of that whole year).
 */
export function figureTime(at: number, time: SentenceTime, section: SectionContext, doc: DocumentContext, sentence = ''): FigureTime {
  // 比2023年末的9870家: the figure is the comparison base's own value.
  const base = time.bases.find((b) => b.end <= at && BASE_VALUE.test(sentence.slice(b.end, at)));
  if (base && (base.year !== null || base.years !== null)) return { year: base.year, years: base.years, span: base.span, occasion: base.occasion ?? null, yearLevel: 'sentence' };
  let own: Period | null = null;
  for (const p of time.own) if (p.start <= at) own = follow(own, p);
  const levels: [Level, Period | null][] = [
    ['sentence', own],
    ['paragraph', time.carried],
    ['section', section.period],
    ['document', { year: doc.year, years: doc.years, span: doc.span, occasion: doc.occasion }],
  ];
  let span: MonthSpan | null = null;
  const occasion = levels.find(([, p]) => p?.occasion)?.[1]?.occasion ?? null;
  for (const [level, period] of levels) {
    if (!period) continue;
    span ??= period.span;
    if (period.year === null && period.years === null) continue;
    // A year named with no months speaks of the whole year — or of the document's own part of it,
    // when it is the document's year (2024年，… in a 2024年一季度 release).
    span ??= period.year === doc.year && doc.span ? doc.span : period.year !== null ? { ...FULL_YEAR } : null;
    return { year: period.year, years: period.years, span, occasion, yearLevel: level };
  }
  return { year: null, years: null, span, occasion, yearLevel: null };
}

/** An estimate (预计): of a year the document looks back on, it reports a result whose final figure is not yet out. */
const ESTIMATE = /预计/g;

/**
 * Whether the figure at offset `at` is a target or plan: announced before it
 * in its sentence, paragraph or section title — not an estimate of a year
 * before the document's own (预计全年地区生产总值达到323.5亿元 in the review).
 */
export function figurePlan(sentence: string, at: number, time: SentenceTime, section: SectionContext, year: number | null, docYear: number | null): boolean {
  const before = sentence.slice(0, at);
  const estimate = year !== null && docYear !== null && year < docYear && !announcesPlan(before.replace(ESTIMATE, ''));
  return (announcesPlan(before) && !estimate) || time.planCarried || section.plan;
}

/** How the asked time meets a figure's: matched (at a level), missing, or contradicted. */
export interface TimeFit {
  contradiction: 'year' | 'period' | null;
  yearLevel: Level | null;
  yearMissing: boolean;
  spanMatched: boolean;
  spanMissing: boolean;
  /** The figure is of part of a year (一季度) and the question names no period. */
  spanUnasked: boolean;
}

function isFullYear(span: MonthSpan): boolean {
  return sameSpan(span, FULL_YEAR);
}

/**
 * Several asked years (过去五年, 2017到2021这五年) meet a figure of the same
 * years. A figure of other years, or of one year by its own sentence or
 * paragraph (2021年增长8.7%), is of another period; one whose year only the
 * section or document gives may still be of the span, unconfirmed.
 */
function fitYears(asked: [number, number], time: FigureTime, out: TimeFit): void {
  if (time.years !== null) {
    if (time.years[0] === asked[0] && time.years[1] === asked[1]) out.yearLevel = time.yearLevel;
    else out.contradiction = 'year';
  } else if (time.year !== null && (time.yearLevel === 'sentence' || time.yearLevel === 'paragraph' || time.year < asked[0] || time.year > asked[1])) {
    out.contradiction = 'year';
  } else {
    out.yearMissing = true;
  }
}

/** Compares the question's time with a figure's. */
export function timeFit(asked: Period | null, time: FigureTime): TimeFit {
  const out: TimeFit = { contradiction: null, yearLevel: null, yearMissing: false, spanMatched: false, spanMissing: false, spanUnasked: false };
  if (asked?.year != null) {
    if (time.years !== null || (time.year !== null && time.year !== asked.year)) out.contradiction = 'year';
    else if (time.year === null) out.yearMissing = true;
    else out.yearLevel = time.yearLevel;
  } else if (asked?.years) {
    fitYears(asked.years, time, out);
  }
  if (asked?.occasion) {
    if (time.occasion && time.occasion !== asked.occasion) out.contradiction = 'period';
    else if (!time.occasion) out.spanMissing = true;
    else out.spanMatched = true;
  }
  if (asked?.span) {
    if (time.span && !sameSpan(time.span, asked.span) && !(isFullYear(asked.span) && isFullYear(time.span))) out.contradiction ??= 'period';
    else if (time.span) out.spanMatched = true;
    else if (!isFullYear(asked.span)) out.spanMissing = true;
  } else if (time.span && !isFullYear(time.span)) {
    out.spanUnasked = true;
  }
  return out;
}

/** The texts a figure's entity may be named in, folded and without quote marks. */
export interface EntityTexts {
  sentence: string;
  paragraph: string;
  section: string;
  title: string;
}

/** How the asked entities meet a candidate: the farthest level any is matched at, or a contradiction. */
export interface EntityFit {
  /** Null when the question names no entity; 'missing' when nothing names it and the document's entity is unknown. */
  level: Level | 'missing' | null;
  contradiction: boolean;
  /** The entity is the document's, and the sentence names another one (温州 in 浙江's bulletin). */
  otherNamed: boolean;
}

const LEVEL_ORDER: (Level | 'missing')[] = ['sentence', 'paragraph', 'section', 'document', 'missing'];

/**
 * Where one asked entity is matched for a candidate: a level, 'missing' when
 * nothing names it but the document's own entity is unknown, or null when the
 * document is about another entity (the candidate is about something else).
 */
function entityLevel(lexicon: EntityLexicon, mention: EntityMention, doc: DocumentContext, texts: EntityTexts, ownAsked: boolean): Level | 'missing' | null {
  if (doc.entity && standsFor(mention, doc.entity)) return 'document';
  if (lexicon.named(texts.sentence, mention)) return 'sentence';
  if (lexicon.named(texts.paragraph, mention)) return 'paragraph';
  if (lexicon.named(texts.section, mention)) return 'section';
  // A title naming the area the document's own one lies in (东湖区 of 东湖区梅岭街道) speaks of a part of it.
  if (doc.entity?.parent && standsFor(mention, doc.entity.parent)) return ownAsked ? 'document' : null;
  if (lexicon.named(texts.title, mention)) return 'document';
  return doc.entity ? null : 'missing';
}

/** Compares the question's entities with a candidate's document and text. */
export function entityFit(lexicon: EntityLexicon, question: Question, doc: DocumentContext, texts: EntityTexts): EntityFit {
  if (question.entities.length === 0) return { level: null, contradiction: false, otherNamed: false };
  let worst = 0;
  const ownAsked = doc.entity !== null && question.entities.some((m) => standsFor(m, doc.entity!));
  for (const mention of question.entities) {
    const level = entityLevel(lexicon, mention, doc, texts, ownAsked);
    if (level === null) return { level: null, contradiction: true, otherNamed: false };
    worst = Math.max(worst, LEVEL_ORDER.indexOf(level));
  }
  const level = LEVEL_ORDER[worst]!;
  const otherNamed = level === 'document' && question.entities.every((m) => lexicon.namesOther(texts.sentence, m, doc.entity));
  return { level, contradiction: false, otherNamed };
}
