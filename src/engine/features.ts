/**
 * The ranking model's features: for every candidate answer (a sentence of a
 * candidate paragraph and one of its figures) a vector of named numbers —
 * where the question's keywords stand (BM25F-style fields: sentence, section
 * title, paragraph, document title), how the figure fits, and where the asked
 * entity and time are matched — plus the contradiction that rules it out, if
 * any. Features do not depend on the weights, so the tuner computes them once.
 */
import type { CorpusModel } from './document-model.ts';
import {
  AVERAGE_MARK, averaged, clauseCoverage, clausePrecision, closeness, figureRole, flowUnasked, modifierMissing, standingShare, fit, inQuestion, isBreakdown, isOldValue, keywordPositions, opensWithoutSubject, phraseBefore, questionRole, siblingUnasked, totalMarked,
} from './figure-fit.ts';
import { type FigureMatch, extractFigures } from './figures.ts';
import { type EntityFit, type FigureTime, type Level, entityFit, figurePlan, figureTime, paragraphTimes, timeFit } from './context.ts';
import type { PassageIndex } from './index.ts';
import { type Keywords, conceptShare } from './keywords.ts';
import type { Question } from './question.ts';
import { respectively } from './respectively.ts';
import { fold } from './script.ts';
import { withoutQuotes } from './sentences.ts';

/** The features, in vector order. Each is documented with its weight in `RankingWeights`. */
export const FEATURES = [
  'coverageSentence', 'coverageSection', 'coverageParagraph', 'coverageTitle',
  'fit', 'clause', 'precision', 'headMissing', 'conceptMissing', 'closeness', 'phrase', 'roleMatch', 'roleMismatch',
  'oldValue', 'otherItem', 'ownItem', 'breakdown', 'average', 'averageUnmet', 'modifierMissing', 'totalMark', 'flowUnasked', 'siblingUnasked', 'rowAsked', 'rowUnasked',
  'targetUnasked', 'targetAsked',
  'entitySentence', 'entityParagraph', 'entitySection', 'entityDocument', 'entityMissing', 'otherEntity',
  'yearSentence', 'yearParagraph', 'yearSection', 'yearDocument', 'yearMissing', 'olderDocument',
  'spanMatched', 'spanMissing', 'spanUnasked',
] as const;

export type FeatureName = (typeof FEATURES)[number];

/** Index of each feature in a vector. */
export const F = Object.fromEntries(FEATURES.map((name, i) => [name, i])) as Record<FeatureName, number>;

/** Why a candidate can never be the answer. */
export type Contradiction = 'entity' | 'year' | 'period' | 'plan';

/** One candidate answer with its features. */
export interface Scored {
  passageId: number;
  paragraphId: number;
  /** The figure (offsets in the folded sentence), or null for a question that asks for no number. */
  figure: FigureMatch | null;
  features: Float64Array;
  contradiction: Contradiction | null;
  /** What the context says, for `--explain`. */
  context: { entity: Level | 'missing' | null; time: FigureTime; plan: boolean };
}

/** A concept counts as one a passage must have from this weight (an IDF of about one rare word). */
const MISSING_WEIGHT = 2;
/** How much of the question's head word a sentence must hold to have it. */
const HEAD_PRESENT = 0.5;
/** A sentence whose keyword shares, summed over all fields, fall below this is not a candidate at all. */
const CANDIDATE_COVERAGE = 0.3;
/** How far `PHRASE` lengths count (a phrase of this many characters or more scores 1). */
const PHRASE_FULL = 8;
/** A phrase shorter than this is chance, not the question's wording. */
const PHRASE_MIN = 3;

/** Everything about one paragraph that all its candidates share. */
interface ParagraphView {
  folded: string[];
  plain: string[];
  /** Per concept: its share in the section title, the whole paragraph, the document title. */
  section: Float64Array;
  paragraph: Float64Array;
  title: Float64Array;
  paragraphPlain: string;
  sectionPlain: string;
  titlePlain: string;
}

function viewParagraph(index: PassageIndex, paragraphId: number, keywords: Keywords): ParagraphView {
  const para = index.paragraphs[paragraphId]!;
  const doc = index.documents[para.doc]!;
  const folded: string[] = [];
  const plain: string[] = [];
  for (let i = 0; i < para.count; i++) {
    const text = fold(index.passages[para.first + i]!.text);
    folded.push(text);
    plain.push(withoutQuotes(text));
  }
  const paragraphPlain = plain.join('');
  const sectionPlain = withoutQuotes(fold(doc.sections[para.section]!.title));
  const titlePlain = withoutQuotes(fold(doc.title));
  const n = keywords.concepts.length;
  const view = { folded, plain, section: new Float64Array(n), paragraph: new Float64Array(n), title: new Float64Array(n), paragraphPlain, sectionPlain, titlePlain };
  keywords.concepts.forEach((c, k) => {
    view.section[k] = conceptShare(c, sectionPlain);
    view.paragraph[k] = conceptShare(c, paragraphPlain);
    view.title[k] = conceptShare(c, titlePlain);
  });
  return view;
}

/**
 * The concepts' coverage of one sentence by field (BM25F-style): what the
 * sentence has, then what only the section title adds, then the rest of the
 * paragraph, then the document title — each a share of the concepts' weight.
 */
function coverage(sentence: string, view: ParagraphView, keywords: Keywords): [number, number, number, number] {
  const shares: [number, number, number, number] = [0, 0, 0, 0];
  if (keywords.total <= 0) return shares;
  keywords.concepts.forEach((c, k) => {
    const w = c.weight / keywords.total;
    const own = conceptShare(c, sentence);
    const section = Math.max(own, view.section[k]!);
    const paragraph = Math.max(section, view.paragraph[k]!);
    const title = Math.max(paragraph, view.title[k]!);
    shares[0] += w * own;
    shares[1] += w * (section - own);
    shares[2] += w * (paragraph - section);
    shares[3] += w * (title - paragraph);
  });
  return shares;
}

/** The shortest part of a table row's label that names it (无为 of 无为市). */
const ROW_LABEL_MIN = 2;

/**
 * Whether a paragraph is a table row the question names by its label
 * (地区生产总值 | 462.9) or one it does not (a county's row when the city's
 * total is asked); null for text.
 */
function rowFeature(index: PassageIndex, paragraphId: number, question: Question): number | null {
  const para = index.paragraphs[paragraphId]!;
  const row = index.documents[para.doc]!.sections[para.section]!.rows?.[para.index];
  if (!row) return null;
  const label = withoutQuotes(fold(row.cells[0] ?? '')).replace(/[\s：:（(].*$/u, '');
  if (label.length < ROW_LABEL_MIN) return null;
  const asked = withoutQuotes(question.folded);
  // The question may name the row in another wording (GDP for the row 地区生产总值).
  const tokens = new Set([...question.terms.map((t) => t.token), ...question.synonymTerms]);
  const wordedOtherwise = (part: string) => [...part].slice(0, -1).every((_, i) => tokens.has(part.slice(i, i + 2)));
  for (let len = label.length; len >= ROW_LABEL_MIN; len--) {
    const part = label.slice(0, len);
    if (asked.includes(part) || wordedOtherwise(part)) return F.rowAsked;
  }
  return F.rowUnasked;
}

/**
 * The line before a paragraph that opens by saying only how something changed
 * (全县实现地区生产总值61.37亿元 / 按不变价格计算同比增长5.8%): its words count
 * as the sentence's own. '' for any other paragraph.
 */
function subjectLine(index: PassageIndex, paragraphId: number, view: ParagraphView): string {
  const para = index.paragraphs[paragraphId]!;
  const prev = index.paragraphs[paragraphId - 1];
  if (!prev || prev.doc !== para.doc || prev.section !== para.section) return '';
  const first = extractFigures(view.folded[0]!)[0];
  if (!first || !opensWithoutSubject(view.folded[0]!, first.start)) return '';
  return withoutQuotes(fold(index.passages[prev.first + prev.count - 1]!.text));
}

/** The folded sentences of a document, quote marks removed. */
function* documentSentences(index: PassageIndex, doc: number): Generator<string> {
  for (let p = index.firstParagraph[doc]!; p < index.firstParagraph[doc + 1]!; p++) {
    const para = index.paragraphs[p]!;
    for (let i = 0; i < para.count; i++) yield withoutQuotes(fold(index.passages[para.first + i]!.text));
  }
}

function setLevel(features: Float64Array, prefix: 'entity' | 'year', level: Level | 'missing' | null): void {
  if (!level) return;
  const name = `${prefix}${level[0]!.toUpperCase()}${level.slice(1)}` as FeatureName;
  features[F[name]] = 1;
}

/**
 * Scores every sentence (and, when the question asks for a number, every
 * fitting figure) of one candidate paragraph.
 */
export function scoreParagraph(index: PassageIndex, model: CorpusModel, question: Question, keywords: Keywords, paragraphId: number, out: Scored[]): void {
  const para = index.paragraphs[paragraphId]!;
  const docContext = model.documents[para.doc]!;
  const sectionContext = model.sections[para.doc]![para.section]!;
  const view = viewParagraph(index, paragraphId, keywords);
  const row = rowFeature(index, paragraphId, question);
  const times = paragraphTimes(view.folded, docContext.year);
  const subject = subjectLine(index, paragraphId, view);
  for (let i = 0; i < para.count; i++) {
    const shares = coverage(i === 0 ? subject + view.plain[0]! : view.plain[i]!, view, keywords);
    // The head word must stand as a word of its own (出口, not the 出口 of 进出口); any concept of
    // weight may be missing from the whole paragraph (清明 where 春节 is written).
    const headMissing = keywords.concepts.some((c) => c.head && standingShare(c, view.plain[i]!, question) < HEAD_PRESENT);
    const conceptMissing = keywords.concepts.some((c) => c.weight >= MISSING_WEIGHT && Math.max(view.paragraph[keywords.concepts.indexOf(c)]!, view.section[keywords.concepts.indexOf(c)]!) < HEAD_PRESENT);
    if (shares[0] + shares[1] + shares[2] + shares[3] < CANDIDATE_COVERAGE) continue;
    const texts = { sentence: view.plain[i]!, paragraph: view.paragraphPlain, section: view.sectionPlain, title: view.titlePlain };
    const entity = entityFit(model.lexicon, question, docContext, texts);
    const base = (figure: FigureMatch | null, at: number): Scored => {
      const features = new Float64Array(FEATURES.length);
      features.set(shares, 0);
      if (row !== null) features[row] = 1;
      if (headMissing) features[F.headMissing] = 1;
      if (conceptMissing) features[F.conceptMissing] = 1;
      if (question.period === null && model.hasLater(para.doc)) features[F.olderDocument] = 1;
      const time = figureTime(at, times[i]!, sectionContext, docContext, view.folded[i]!);
      const plan = figurePlan(view.folded[i]!, at, times[i]!, sectionContext, time.year, docContext.year);
      return {
        passageId: para.first + i,
        paragraphId,
        figure,
        features,
        contradiction: contextFeatures(features, question, entity, time, plan),
        context: { entity: entity.level, time, plan },
      };
    };
    if (!question.expect) {
      out.push(base(null, view.folded[i]!.length));
      continue;
    }
    const text = view.folded[i]!;
    const figures = extractFigures(text);
    const specific = model.specificity.weigher(para.doc, () => documentSentences(index, para.doc));
    const positions = keywordPositions(text, keywords.tokens);
    for (const figure of figures) {
      const fitness = fit(question, figure);
      if (fitness <= 0 || inQuestion(question, figure)) continue;
      const scored = base(figure, figure.start);
      figureFeatures(scored.features, text, figure, figures, question, keywords, positions, fitness, specific);
      out.push(scored);
    }
  }
}

/** Sets the entity, time and plan features; returns the contradiction, if any. */
function contextFeatures(features: Float64Array, question: Question, entity: EntityFit, time: FigureTime, plan: boolean): Contradiction | null {
  if (entity.contradiction) return 'entity';
  setLevel(features, 'entity', entity.level);
  if (entity.otherNamed) features[F.otherEntity] = 1;
  const t = timeFit(question.period, time);
  if (t.contradiction) return t.contradiction;
  setLevel(features, 'year', t.yearLevel);
  if (t.yearMissing) features[F.yearMissing] = 1;
  if (t.spanMatched) features[F.spanMatched] = 1;
  if (t.spanMissing) features[F.spanMissing] = 1;
  if (t.spanUnasked) features[F.spanUnasked] = 1;
  if (question.plan && !plan) return 'plan';
  if (plan) features[question.plan ? F.targetAsked : F.targetUnasked] = 1;
  return null;
}

/** Sets the features of one figure of a sentence. */
function figureFeatures(
  features: Float64Array,
  text: string,
  figure: FigureMatch,
  figures: readonly FigureMatch[],
  question: Question,
  keywords: Keywords,
  positions: readonly number[],
  fitness: number,
  specific: (bigram: string) => number,
): void {
  features[F.fit] = fitness;
  features[figureRole(text, figure, figures) === questionRole(question) ? F.roleMatch : F.roleMismatch] = 1;
  features[F.clause] = clauseCoverage(text, figure, keywords.concepts, question);
  features[F.precision] = clausePrecision(text, figure, keywords.asked, specific);
  features[F.closeness] = closeness(positions, figure);
  const phrase = phraseBefore(text, figure, withoutQuotes(question.folded));
  features[F.phrase] = phrase >= PHRASE_MIN ? Math.min(PHRASE_FULL, phrase) / PHRASE_FULL : 0;
  if (isOldValue(text, figure, figures)) features[F.oldValue] = 1;
  const listed = respectively(text, figure, figures, withoutQuotes(question.folded));
  if (listed === false) features[F.otherItem] = 1;
  if (listed === true) features[F.ownItem] = 1;
  if (isBreakdown(text, figure, question)) features[F.breakdown] = 1;
  const averageAsked = AVERAGE_ASKED.test(question.folded);
  const average = averaged(text, figure, keywords.asked);
  if (average && !averageAsked) features[F.average] = 1;
  if (!average && averageAsked) features[F.averageUnmet] = 1;
  if (question.total && totalMarked(text, figure)) features[F.totalMark] = 1;
  if (flowUnasked(text, figure, question)) features[F.flowUnasked] = 1;
  if (siblingUnasked(text, figure, question)) features[F.siblingUnasked] = 1;
  if (modifierMissing(text, figure, question, keywords)) features[F.modifierMissing] = 1;
}

/** A question asking for an average or a figure per unit (人均GDP, 亩均税收, 单位GDP能耗). */
const AVERAGE_ASKED = new RegExp(`${AVERAGE_MARK.source}|单位`);
