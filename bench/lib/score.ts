/**
 * Scores engine answers against eval-format questions, with the eval's rules:
 * the figure must be one of the accepted forms and the passage must contain
 * the fragment; an unanswerable question must come back not found. Matching
 * folds traditional to simplified and full-width to half-width.
 */
import { readFileSync } from 'node:fs';
import { parseQuestionsFile } from '../../src/engine/evaluate.ts';
import { fold } from '../../src/engine/script.ts';
import type { Answer } from '../../src/engine/types.ts';

/** One eval question. */
export interface EvalQuestion {
  q: string;
  figure?: string[] | null;
  passage?: string;
  found?: false;
  /** What the question tests (the hard corpus's QuestionCase), for accuracy by case. */
  case?: string;
}

/** A questions file: its questions and the day they are imagined asked (`# asked on:`), or null. */
export interface QuestionsFile {
  questions: EvalQuestion[];
  askedOn: Date | null;
}

/** Reads a questions.jsonl file with its `# asked on:` line; blank lines and other # lines are skipped. */
export function readQuestionsFile(path: string): QuestionsFile {
  const text = readFileSync(path, 'utf8');
  const questions: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const q = JSON.parse(trimmed) as EvalQuestion;
    if (typeof q.q !== 'string') throw new Error(`${path}:${i + 1}: no "q"`);
    questions.push(q);
  });
  return { questions, askedOn: parseQuestionsFile(text, path).askedOn };
}

/** Reads the questions of a questions.jsonl file. */
export function readQuestions(path: string): EvalQuestion[] {
  return readQuestionsFile(path).questions;
}

/** Why an answer was judged wrong, or null when it is right. */
export function judge(question: EvalQuestion, answer: Answer): string | null {
  if (question.found === false) {
    return answer.found ? `expected not found, got ${answer.best?.figure?.text ?? 'a passage'}` : null;
  }
  if (!answer.found || !answer.best) return 'not found';
  const best = answer.best;
  const figure = best.figure?.text ?? null;
  if (question.figure === null || question.figure === undefined) {
    if (figure !== null) return `expected no figure, got ${figure}`;
  } else {
    const accepted = question.figure.map(fold);
    if (figure === null || !accepted.includes(fold(figure))) return `figure ${figure ?? 'null'} ∉ [${question.figure.join(', ')}]`;
  }
  if (question.passage && !fold(best.passage).includes(fold(question.passage))) {
    return `passage "${best.passage}" lacks "${question.passage}"`;
  }
  return null;
}

/** Takes `count` questions, cycling through the file when it is shorter. */
export function take(questions: EvalQuestion[], count: number): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  for (let i = 0; out.length < count && questions.length > 0; i++) out.push(questions[i % questions.length] as EvalQuestion);
  return out;
}

/**
 * How an answer turned out: right (the expected figure and passage), declined
 * (not found, rightly), wrong (a figure or passage other than the expected
 * one), missed (not found, though the documents say it), invented (a figure
 * for a question the documents cannot answer).
 */
export type Outcome = 'right' | 'declined' | 'wrong' | 'missed' | 'invented';

/** The outcome of one answer. */
export function outcome(question: EvalQuestion, answer: Answer): Outcome {
  if (question.found === false) return answer.found ? 'invented' : 'declined';
  if (judge(question, answer) === null) return 'right';
  return answer.found ? 'wrong' : 'missed';
}

/** Outcomes counted. */
export type Tally = Record<Outcome, number> & { total: number };

/** An empty tally. */
export function emptyTally(): Tally {
  return { total: 0, right: 0, declined: 0, wrong: 0, missed: 0, invented: 0 };
}

/** Share of questions answered as expected (right or rightly declined). */
export function accuracyOf(t: Tally): number {
  return t.total === 0 ? Number.NaN : (t.right + t.declined) / t.total;
}
