/**
 * Scores engine answers against eval-format questions, with the eval's rules:
 * the figure must be one of the accepted forms and the passage must contain
 * the fragment; an unanswerable question must come back not found. Matching
 * folds traditional to simplified and full-width to half-width.
 */
import { readFileSync } from 'node:fs';
import { fold } from '../../src/engine/script.ts';
import type { Answer } from '../../src/engine/types.ts';

/** One eval question. */
export interface EvalQuestion {
  q: string;
  figure?: string[] | null;
  passage?: string;
  found?: false;
}

/** Reads a questions.jsonl file. */
export function readQuestions(path: string): EvalQuestion[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const q = JSON.parse(line) as EvalQuestion;
      if (typeof q.q !== 'string') throw new Error(`${path}:${i + 1}: no "q"`);
      return q;
    });
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
