/**
 * Ranking and answering: finds candidate paragraphs with FlexSearch, scores
 * each of their sentences by keyword coverage (IDF-weighted, with paragraph
 * and section-title context), figure fit, proximity and year, and picks the
 * figure that answers the question — or says honestly that nothing does.
 */
import type { Answer, Candidate, Figure } from './types.ts';
import type { FigureKind, FigureMatch } from './figures.ts';
import { extractFigures } from './figures.ts';
import type { PostingSource } from './index-store.ts';
import type { PassageIndex } from './index.ts';
import { postingsToRead, yearsIn, yearsInFolded } from './index.ts';
import type { Question } from './question.ts';
import { analyzeQuestion } from './question.ts';
import { respectively } from './respectively.ts';
import { clauseEnd, clauseStart, hasClauseBreak, QUOTE_MARKS, splitClauses, withoutQuotes } from './sentences.ts';
import { fold, foldsTo } from './script.ts';
import { yearToken } from './tokenize.ts';

/** Options for answering. */
export interface AnswerOptions {
  /** How many candidates to return in all (best + alternatives). Default 6. */
  limit?: number;
}

/** Share of the question's weighted keywords a passage must cover to count as an answer. */
const MIN_COVERAGE = 0.55;
/** Share a passage must cover to be offered among the alternatives ("更多相关段落"). */
const RELATED_COVERAGE = 0.4;
/** How many candidate paragraphs to score (IDF-ranked retrieval has the answer in the top 20 for 99.6% of corpus questions). */
export const CANDIDATE_PARAGRAPHS = 12;

const COUNT_FAMILY = new Set<FigureKind>(['count']);
/** Kinds that answer only a question that asks for them (哪一年, 第几, 几大). */
const NEVER_ANSWERS = new Set<FigureKind>(['date', 'ordinal', 'year', 'group']);

interface Scored {
  passageId: number;
  paragraphId: number;
  coverage: number;
  score: number;
  figure: FigureMatch | null;
  /** How well the figure fits the question (0 without one). */
  figureScore: number;
}

/** Inverse document frequency of a token found in `df` of the index's paragraphs. */
function idf(index: { readonly size: number }, df: number): number {
  return Math.log(1 + (index.size + 1) / (df + 0.5));
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
    if (!unitMatches) score *= expect.unit === '人' && figure.unit === '名' ? 0.95 : 0.6;
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

const PRONOUN = /[她他其该]|这些|此/;

/** Where a keyword the sentence lacks is found instead: nowhere, in a title, or elsewhere in the paragraph. */
const NOWHERE = 0;
const IN_TITLE = 1;
const IN_PARAGRAPH = 2;

/** How much a keyword counts for a sentence that lacks it, found where `where` says. */
function contextWeight(where: number, context: number): number {
  return where === IN_TITLE ? 0.7 : where === IN_PARAGRAPH ? context : 0;
}

/** Folded text without quote marks, so “双创”园区 contains 创园 as its tokens do. */
function matchable(folded: string): string {
  return withoutQuotes(folded);
}

/** A regular-expression class of UTF-16 codes (empty: matches nothing). */
function codeClass(codes: number[]): string {
  return `[${codes.map((c) => `\\u${c.toString(16).padStart(4, '0')}`).join('')}]`;
}

/**
 * Finds `text` in raw text wherever `matchable(fold(raw))` has it, without
 * folding the raw text: each code may be written in any form that folds to
 * it, with quote marks (in any form) between.
 */
function matchablePattern(text: string): RegExp {
  const quotes = `${codeClass([...QUOTE_MARKS].flatMap((q) => foldsTo(q.charCodeAt(0))))}*`;
  const codes: string[] = [];
  for (let i = 0; i < text.length; i++) codes.push(codeClass(foldsTo(text.charCodeAt(i))));
  return new RegExp(codes.join(quotes));
}

/** Weighted share of the question's keywords in the figure's clause (and, less, the clause before). */
const wordSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAN_CHAR = /\p{Script=Han}/u;

/**
 * Words of the clauses segmented while ranking one question's candidates
 * (cleared for each): one clause is segmented for each keyword and figure in it.
 */
const clauseWords = new Map<string, string[]>();

function wordsOf(clause: string): string[] {
  let words = clauseWords.get(clause);
  if (words === undefined) {
    words = [];
    for (const { segment } of wordSegmenter.segment(clause)) words.push(segment);
    clauseWords.set(clause, words);
  }
  return words;
}

/**
 * Whether `token` stands in `clause` as (part of) its own word, not only
 * inside a longer word the question did not use: 出口 in 其中出口完成 counts,
 * 出口 in 完成进出口 does not.
 */
function standsAlone(clause: string, token: string, question: string): boolean {
  // Quick path: an occurrence after a non-Chinese character, or after the same character as in
  // the question, stands as the question has it; only the rest needs the word segmenter.
  for (let at = clause.indexOf(token); at >= 0; at = clause.indexOf(token, at + 1)) {
    const before = clause[at - 1];
    if (!before || !HAN_CHAR.test(before) || question.includes(before + token)) return true;
  }
  let inside = false;
  for (const segment of wordsOf(clause)) {
    const at = segment.indexOf(token);
    if (at < 0) continue;
    inside = true;
    // At the start of a word (出口, 出口额) or inside a word the question uses too (进出口).
    if (at === 0 || question.includes(segment)) return true;
  }
  // Not inside any one word: it spans a word boundary (创园 in 双创|园区), as the substring test found.
  return !inside;
}

function clauseCoverage(
  sentence: string,
  figure: FigureMatch,
  weights: Map<string, number>,
  focus: string[],
  question: string,
): number {
  const start = clauseStart(sentence, figure.start);
  const end = clauseEnd(sentence, figure.end);
  const prevStart = clauseStart(sentence, Math.max(0, start - 1));
  const own = matchable(sentence.slice(start, end));
  const prev = matchable(sentence.slice(prevStart, Math.max(prevStart, start - 1)));
  let matched = 0;
  // The word asked about (总数, 交付) decides between figures of one sentence.
  let possible = 0;
  for (const [t, w0] of weights) {
    const w = focus.includes(t) ? 3 * w0 : w0;
    possible += w;
    const inOwn = own.includes(t) && standsAlone(own, t, question);
    matched += inOwn ? w : prev.includes(t) ? 0.6 * w : own.includes(t) ? 0.3 * w : 0;
  }
  return possible > 0 ? matched / possible : 0;
}

/** Distance in characters between the figure and the nearest keyword, as a 0..1 closeness. */
function closeness(positions: number[], figure: FigureMatch): number {
  let best = 0;
  for (const end of positions) {
    const distance = end <= figure.start ? figure.start - end : Math.max(0, end - figure.end - 2);
    best = Math.max(best, 1 / (1 + distance / 4));
  }
  return best;
}

const FROM_MARK = /由|从|过去|原来|原先|以前/;
const TO_MARK = /(?:压缩|缩短|减少|降低|下降|提高|提升|增加|增长|扩大|降|减|缩|增|达)(?:到|至)/;

/**
 * In "由过去的9个月压缩到3至4个月" the first figure is the old value; the
 * question asks for the current one.
 */
function isOldValue(sentence: string, figure: FigureMatch, all: FigureMatch[]): boolean {
  // Only the words since the previous figure, in the same clause, can mark this one as "from".
  const previous = all.filter((f) => f.end <= figure.start).pop();
  const before = sentence.slice(Math.max(previous?.end ?? 0, figure.start - 12), figure.start);
  if (!FROM_MARK.test(splitClauses(before).pop() ?? '')) return false;
  return all.some((other) => {
    if (other.start < figure.end || other.kind !== figure.kind) return false;
    const between = sentence.slice(figure.end, other.start);
    return TO_MARK.test(between) && !hasClauseBreak(between);
  });
}

/** Length of the text right before a figure that the question has word for word (封装测试企业|9家). */
function phraseBefore(sentence: string, figure: FigureMatch, question: string): number {
  const start = Math.max(clauseStart(sentence, figure.start), figure.start - 12);
  const before = matchable(sentence.slice(start, figure.start));
  for (let n = before.length; n >= 2; n--) if (question.includes(before.slice(-n))) return n;
  return 0;
}

const PLAN = /目标|计划|力争|预计|争取|拟|将(?:达到|实现|新增|建成|突破)/;
const TOTAL_MARK = /累计|共计|总数|总量|总计|合计|共有|已有|现有|拥有|达到|达/;

/** The figure as written: folding keeps offsets, so the original text is sliced at the same place. */
function toFigure(match: FigureMatch, original: string): Figure {
  return { text: original.slice(match.start, match.end), value: match.value, unit: match.unit };
}

/** How answering sees the index's posting lists: the in-memory index, or what was fetched from a store. */
export interface PostingLookup {
  /** Number of paragraphs in the index. */
  readonly size: number;
  /** In how many paragraphs a token occurs. */
  documentFrequency(token: string): number;
}

/** The question's keywords weighed against the index, and the tokens to search for. */
export interface AnswerPlan {
  question: Question;
  weights: Map<string, number>;
  synonymWeights: Map<string, number>;
  clauseWeights: Map<string, number>;
  total: number;
  /** Tokens to find candidate paragraphs with. */
  queryTokens: string[];
  /** Tokens whose positions in a sentence count for closeness. */
  keywordTokens: string[];
}

/** Every token whose document frequency answering may look up (for stores that fetch them in one go). */
export function lookupTokens(question: Question): string[] {
  const tokens = [...question.terms.map((t) => t.token), ...question.synonymTerms, ...question.head];
  if (question.year) tokens.push(yearToken(question.year));
  return [...new Set(tokens)];
}

/** The answer that says the documents do not say. */
function notFound(question: Question): Answer {
  return { question: question.original, script: question.script, found: false, best: null, alternatives: [] };
}

/**
 * Weighs the question's keywords by their IDF in the index. Null when nothing
 * can answer: no keyword any document has, or a thing to count that no
 * document names.
 */
export function planAnswer(question: Question, lookup: PostingLookup): AnswerPlan | null {
  if (question.terms.length === 0) return null;
  const weights = new Map<string, number>();
  for (const term of question.terms) {
    const df = lookup.documentFrequency(term.token);
    // A bigram spanning two words that no document has is an artefact of the question's wording.
    if (df === 0 && !term.strict) continue;
    weights.set(term.token, idf(lookup, df) * term.weight);
  }
  const synonymWeights = new Map<string, number>();
  for (const t of question.synonymTerms) synonymWeights.set(t, idf(lookup, lookup.documentFrequency(t)) * 0.9);
  const total = [...weights.values()].reduce((a, b) => a + b, 0);

  const termTokens = [...weights.keys()];
  const clauseWeights = new Map([...synonymWeights, ...weights]);
  if (termTokens.length === 0) return null;
  // Asked to count something no document names at all (多少家银行): nothing can answer.
  // Only a word the segmenter knows (银行) counts here; an abbreviation it splits (规|上) may be written out.
  const strictTokens = new Set(question.terms.filter((t) => t.strict).map((t) => t.token));
  if (question.head.length > 0 && question.head.every((t) => strictTokens.has(t) && lookup.documentFrequency(t) === 0)) {
    const synonyms = question.synonymTerms.filter((t) => lookup.documentFrequency(t) > 0);
    if (synonyms.length === 0) return null;
  }
  const keywordTokens = [...termTokens, ...question.synonymTerms];
  const queryTokens = [...keywordTokens];
  if (question.year) queryTokens.push(yearToken(question.year));
  return { question, weights, synonymWeights, clauseWeights, total, queryTokens, keywordTokens };
}

/** Answers one question from the in-memory index. */
export function answer(index: PassageIndex, questionText: string, options: AnswerOptions = {}): Answer {
  const question = analyzeQuestion(questionText);
  const plan = planAnswer(question, index);
  if (!plan) return notFound(question);
  return rankCandidates(index, plan, index.search(plan.queryTokens, CANDIDATE_PARAGRAPHS), options);
}

/**
 * Answers one question with the posting lists in a store: the question's
 * document frequencies in one round trip, then the lists it reads (rarest
 * first, the same budget as in memory) in a second. Candidates and answers
 * are the same as from the in-memory index of the same documents.
 */
export async function answerFromStore(index: PassageIndex, source: PostingSource, questionText: string, options: AnswerOptions = {}): Promise<Answer> {
  const question = analyzeQuestion(questionText);
  if (question.terms.length === 0) return notFound(question);
  const frequencies = await source.frequencies(lookupTokens(question));
  const lookup: PostingLookup = { size: index.size, documentFrequency: (token) => frequencies.get(token) ?? 0 };
  const plan = planAnswer(question, lookup);
  if (!plan) return notFound(question);
  const read = postingsToRead(plan.queryTokens, lookup.documentFrequency);
  const lists = await source.postings(read.map((r) => r.token));
  const candidates = index.rank(read.map((r) => ({ ids: lists.get(r.token) ?? [], df: r.df })), CANDIDATE_PARAGRAPHS);
  return rankCandidates(index, plan, candidates, options);
}

/**
 * Scores the sentences of the candidate paragraphs and picks the answer (the
 * last step of answering, wherever the candidates came from).
 */
export function rankCandidates(index: PassageIndex, plan: AnswerPlan, candidates: readonly number[], options: AnswerOptions = {}): Answer {
  const limit = Math.max(1, options.limit ?? 6);
  clauseWords.clear();
  const { question, weights, synonymWeights, clauseWeights, total, keywordTokens } = plan;
  const questionText = question.original;
  const empty = notFound(question);

  // Whether a document names every place the question names (folding the whole document is slow).
  // Places are Chinese words, so none spans the line breaks between title, headings and paragraphs.
  const placePatterns = question.places.map(matchablePattern);
  const namesPlacesOf = new Map<number, boolean>();
  const namesPlaces = (d: number): boolean => {
    if (placePatterns.length === 0) return true;
    let names = namesPlacesOf.get(d);
    if (names === undefined) {
      const doc = index.documents[d]!;
      names = placePatterns.every((pattern) => pattern.test(doc.title) || doc.sections.some((s) => pattern.test(s.title) || s.paragraphs.some((p) => pattern.test(p))));
      namesPlacesOf.set(d, names);
    }
    return names;
  };

  // Keywords in the order the coverage sums them (weights, then synonyms), and what the
  // question says once per answer rather than once per figure.
  const keywords = [...weights.keys(), ...synonymWeights.keys()];
  const keywordWeights = [...weights.values(), ...synonymWeights.values()];
  const questionPlain = matchable(question.folded);
  const questionPlans = PLAN.test(question.folded);
  const questionAverages = /人均|平均/.test(question.original);
  const questionBreakdown = question.folded.includes('其中');
  // Per keyword, where the paragraph has it when the sentence does not (see `contextWeight`).
  const where = new Uint8Array(keywords.length);

  const scored: Scored[] = [];
  for (const paragraphId of candidates) {
    const para = index.paragraphs[paragraphId]!;
    // A document about another place (柏川市 asked, 云溪市 written) does not answer.
    if (!namesPlaces(para.doc)) continue;
    const doc = index.documents[para.doc]!;
    const section = doc.sections[para.section]!;
    const titleText = matchable(fold(section.title));
    const docTitleText = matchable(fold(doc.title));
    const folded: string[] = [];
    const plain: string[] = [];
    for (let i = 0; i < para.count; i++) {
      const text = fold(index.passages[para.first + i]!.text);
      folded.push(text);
      plain.push(matchable(text));
    }
    const paragraphText = plain.join('');
    for (let k = 0; k < keywords.length; k++) {
      const t = keywords[k]!;
      where[k] = titleText.includes(t) ? IN_TITLE : paragraphText.includes(t) ? IN_PARAGRAPH : docTitleText.includes(t) ? IN_TITLE : NOWHERE;
    }
    let contextYear: number | null = yearsIn(section.title)[0] ?? null;

    for (let i = 0; i < para.count; i++) {
      const passage = index.passages[para.first + i]!;
      const own = plain[i]!;
      const ownYears = yearsInFolded(folded[i]!);
      const contextBefore = contextYear;
      if (ownYears.length) contextYear = ownYears[ownYears.length - 1]!;
      // Substring tests on quote-free folded text give the same answer as comparing bigram tokens.
      // A sentence that says 她/其/该 speaks of what the paragraph named before.
      const context = PRONOUN.test(own) ? 0.8 : 0.35;
      let matched = 0;
      for (let k = 0; k < keywords.length; k++) {
        matched += keywordWeights[k]! * (own.includes(keywords[k]!) ? 1 : contextWeight(where[k]!, context));
      }
      const coverage = total > 0 ? Math.min(1, matched / total) : 0;
      if (coverage < RELATED_COVERAGE) continue;

      let figure: FigureMatch | null = null;
      let figureScore = 0;
      if (question.expect) {
        const text = folded[i]!;
        const positions = keywordPositions(text, keywordTokens);
        const figures = extractFigures(text);
        const plans = PLAN.test(text);
        for (const f of figures) {
          let base = fit(question, f);
          if (base <= 0) continue;
          // A number the question itself names (10亿元以上项目) is a condition, not the answer.
          if (question.numbers.some((n) => f.text.startsWith(n) || f.text.includes(`${n}${f.unitAsWritten ?? ''}`))) continue;
          // A figure the question itself contains (近三年) is part of the question, not its answer.
          if (question.folded.includes(f.text)) continue;
          if (isOldValue(text, f, figures)) base *= 0.7;
          const listed = respectively(text, f, figures, questionPlain);
          if (listed === false) base *= 0.6;
          if (question.total && TOTAL_MARK.test(text.slice(Math.max(0, f.start - 6), f.start))) base *= 1.4;
          if (!questionAverages && /人均|平均/.test(text.slice(Math.max(0, f.start - 12), f.start))) base *= 0.8;
          // The question's own words right before the figure (专精特新小巨人企业19家) point at it.
          const phrase = phraseBefore(text, f, questionPlain);
          if (phrase >= 3) base *= 1 + 0.03 * Math.min(8, phrase);
          // "…增长9.4%，其中工业投资增长16.8%": a breakdown after 其中 is not the whole.
          if (!questionBreakdown) {
            const breakdown = /其中([^，,；;。]*)$/.exec(text.slice(0, f.start));
            if (breakdown && !question.numbers.some((n) => breakdown[1]!.includes(n))) base *= 0.85;
          }
          // A target (今年目标…, 力争…) is not what was achieved, unless the question asks for it.
          if (plans && !questionPlans) base *= 0.75;
          const s = base * (0.45 + 0.45 * clauseCoverage(text, f, clauseWeights, question.focus, question.folded) + 0.1 * closeness(positions, f));
          if (s > figureScore) {
            figureScore = s;
            figure = f;
          }
        }
      }

      let yearScore = 0;
      if (question.year) {
        const known = ownYears.length ? ownYears : contextBefore ? [contextBefore] : doc.year ? [doc.year] : [];
        if (known.includes(question.year)) yearScore = ownYears.length ? 2 : 1.5;
        else if (known.length) yearScore = -3;
      }
      // A passage known to speak of another year does not answer a question about this one.
      if (yearScore < 0) continue;
      const score = coverage * 10 + figureScore * 6 + yearScore;
      scored.push({ passageId: passage.id, paragraphId, coverage, score, figure, figureScore });
    }
  }

  const needsFigure = question.expect !== null;
  const ranked = scored
    .filter((s) => !needsFigure || s.figure !== null)
    .sort((a, b) => b.score - a.score || a.passageId - b.passageId);
  // The answer must cover the question well; related passages may cover less.
  const bestIndex = ranked.findIndex((s) => s.coverage >= MIN_COVERAGE);
  if (bestIndex < 0) return empty;
  // Alternatives show their figure in bold, so a figure that barely fits (a bare "1") is left out.
  const related = ranked.filter((s, i) => i !== bestIndex && (!needsFigure || s.figureScore >= 0.3));
  const eligible = [ranked[bestIndex]!, ...related];

  const toCandidate = (s: Scored): Candidate => {
    const para = index.paragraphs[s.paragraphId]!;
    const doc = index.documents[para.doc]!;
    return {
      passageId: s.passageId,
      passage: index.passages[s.passageId]!.text,
      figure: s.figure ? toFigure(s.figure, index.passages[s.passageId]!.text) : null,
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
