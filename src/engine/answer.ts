/**
 * Ranking and answering: finds candidate paragraphs with FlexSearch, scores
 * each of their sentences by keyword coverage (IDF-weighted, with paragraph
 * and section-title context), figure fit, proximity and year, and picks the
 * figure that answers the question — or says honestly that nothing does.
 */
import type { Answer, Candidate, Figure } from './types.ts';
import type { FigureKind, FigureMatch } from './figures.ts';
import { extractFigures } from './figures.ts';
import type { PassageIndex } from './index.ts';
import { yearsIn } from './index.ts';
import type { Question } from './question.ts';
import { analyzeQuestion } from './question.ts';
import { fold } from './script.ts';
import { tokensOfFolded, yearToken } from './tokenize.ts';

/** Options for answering. */
export interface AnswerOptions {
  /** How many candidates to return in all (best + alternatives). Default 6. */
  limit?: number;
}

/** Share of the question's weighted keywords a passage must cover to count as an answer. */
const MIN_COVERAGE = 0.55;
/** How many candidate paragraphs to score. */
const CANDIDATE_PARAGRAPHS = 40;

const COUNT_FAMILY = new Set<FigureKind>(['count']);
const NEVER_ANSWERS = new Set<FigureKind>(['date', 'ordinal', 'year']);

interface Scored {
  passageId: number;
  paragraphId: number;
  coverage: number;
  score: number;
  figure: FigureMatch | null;
}

function idf(index: PassageIndex, token: string): number {
  return Math.log(1 + (index.size + 1) / (index.documentFrequency(token) + 0.5));
}

/** How well a figure's kind and unit fit what the question asks for (0 = not at all). */
function fit(question: Question, figure: FigureMatch): number {
  const expect = question.expect;
  if (!expect) return 0;
  if (NEVER_ANSWERS.has(figure.kind) && !expect.kinds.includes(figure.kind)) return 0;
  if (expect.kinds.length === 0) return figure.kind === 'number' ? 0.4 : 0.7;
  const at = expect.kinds.indexOf(figure.kind);
  if (at < 0) {
    // A count asked with 名 may be written with 个 ("30个青年骨干"): same family, lower fit.
    if (figure.kind === 'number' && expect.kinds.includes('count')) return 0.2;
    return 0;
  }
  let score = at === 0 ? 1 : 0.85;
  if (expect.unit && COUNT_FAMILY.has(figure.kind)) {
    const unitMatches = figure.unit === expect.unit || figure.unitAsWritten?.includes(expect.unit);
    if (!unitMatches) score *= expect.unit === '人' && figure.unit === '名' ? 0.95 : 0.75;
  } else if (expect.unit && figure.unitAsWritten && !figure.unitAsWritten.includes(expect.unit)) {
    score *= expect.unit.endsWith('元') && figure.unit?.endsWith('元') ? 0.9 : 0.8;
  }
  return score;
}

/** Positions of question keywords in a folded sentence. */
function keywordPositions(folded: string, tokens: string[]): number[] {
  const out: number[] = [];
  for (const t of tokens) {
    let at = folded.indexOf(t);
    while (at >= 0) {
      out.push(at + t.length);
      at = folded.indexOf(t, at + 1);
    }
  }
  return out;
}

const CLAUSE_BREAK = /[，,；;。！？]/;

/** Prefers figures that follow the keywords closely, in the same clause. */
function proximity(sentence: string, positions: number[], figure: FigureMatch): number {
  let best = 0;
  for (const end of positions) {
    const before = end <= figure.start;
    const lo = Math.min(end, figure.start);
    const hi = Math.max(end, figure.end);
    const between = sentence.slice(lo, hi);
    const clauses = between.split(CLAUSE_BREAK).length - 1;
    const distance = before ? figure.start - end : end - figure.end + 4;
    const value = 1 / (1 + Math.max(0, distance) / 6 + clauses * 1.5);
    if (value > best) best = value;
  }
  return best;
}

function toFigure(match: FigureMatch): Figure {
  return { text: match.text, value: match.value, unit: match.unit };
}

/** Answers one question from the index. */
export function answer(index: PassageIndex, questionText: string, options: AnswerOptions = {}): Answer {
  const limit = Math.max(1, options.limit ?? 6);
  const question = analyzeQuestion(questionText);
  const empty: Answer = { question: questionText, script: question.script, found: false, best: null, alternatives: [] };
  if (question.terms.length === 0) return empty;

  const weights = new Map<string, number>();
  for (const t of question.terms) weights.set(t, idf(index, t));
  const synonymWeights = new Map<string, number>();
  for (const t of question.synonymTerms) synonymWeights.set(t, idf(index, t) * 0.9);
  const total = [...weights.values()].reduce((a, b) => a + b, 0);

  const queryTokens = [...question.terms, ...question.synonymTerms];
  if (question.year) queryTokens.push(yearToken(question.year));
  const candidates = index.search(queryTokens, CANDIDATE_PARAGRAPHS);

  const scored: Scored[] = [];
  for (const paragraphId of candidates) {
    const para = index.paragraphs[paragraphId]!;
    const doc = index.documents[para.doc]!;
    const section = doc.sections[para.section]!;
    const titleTokens = new Set(tokensOfFolded(fold(section.title)));
    const docTitleTokens = new Set(tokensOfFolded(fold(doc.title)));
    const sentences = index.passages.slice(para.first, para.first + para.count);
    const folded = sentences.map((p) => fold(p.text));
    const sentenceTokens = folded.map((f) => new Set(tokensOfFolded(f)));
    const paragraphTokens = new Set<string>();
    for (const set of sentenceTokens) for (const t of set) paragraphTokens.add(t);
    let contextYear: number | null = yearsIn(section.title)[0] ?? null;

    sentences.forEach((passage, i) => {
      const own = sentenceTokens[i]!;
      const ownYears = yearsIn(passage.text);
      const weightOf = (t: string): number =>
        own.has(t) ? 1 : titleTokens.has(t) ? 0.7 : paragraphTokens.has(t) ? 0.35 : docTitleTokens.has(t) ? 0.3 : 0;
      let matched = 0;
      for (const [t, w] of weights) matched += w * weightOf(t);
      for (const [t, w] of synonymWeights) matched += w * weightOf(t);
      const coverage = total > 0 ? Math.min(1, matched / total) : 0;

      let figure: FigureMatch | null = null;
      let figureScore = 0;
      if (question.expect) {
        const positions = keywordPositions(folded[i]!, [...question.terms, ...question.synonymTerms]);
        for (const f of extractFigures(passage.text)) {
          const base = fit(question, f);
          if (base <= 0) continue;
          const s = base * (0.55 + 0.45 * proximity(folded[i]!, positions, f));
          if (s > figureScore) {
            figureScore = s;
            figure = f;
          }
        }
      }

      let yearScore = 0;
      if (question.year) {
        const known = ownYears.length ? ownYears : contextYear ? [contextYear] : doc.year ? [doc.year] : [];
        if (known.includes(question.year)) yearScore = ownYears.length ? 2 : 1.5;
        else if (known.length) yearScore = -3;
      }
      if (ownYears.length) contextYear = ownYears[ownYears.length - 1]!;

      const score = coverage * 10 + figureScore * 4 + yearScore;
      scored.push({ passageId: passage.id, paragraphId, coverage, score, figure });
    });
  }

  const needsFigure = question.expect !== null;
  const eligible = scored
    .filter((s) => s.coverage >= MIN_COVERAGE && (!needsFigure || s.figure !== null))
    .sort((a, b) => b.score - a.score || a.passageId - b.passageId);
  if (eligible.length === 0) return empty;

  const toCandidate = (s: Scored): Candidate => {
    const para = index.paragraphs[s.paragraphId]!;
    const doc = index.documents[para.doc]!;
    return {
      passageId: s.passageId,
      passage: index.passages[s.passageId]!.text,
      figure: s.figure ? toFigure(s.figure) : null,
      score: Number(s.score.toFixed(3)),
      documentId: doc.id,
      document: doc.title,
      section: doc.sections[para.section]!.title,
      sectionIndex: para.section,
      page: para.page,
    };
  };
  const results = eligible.slice(0, limit).map(toCandidate);
  return {
    question: questionText,
    script: question.script,
    found: true,
    best: results[0]!,
    alternatives: results.slice(1),
  };
}
