/**
 * Plain-text and JSON renderings of an answer for the command line.
 */
import type { Answer, Candidate } from '../engine/types.ts';

/** The JSON shape of one candidate (`--json` alternatives). */
export interface CandidateJson {
  figure: string | null;
  value: number | null;
  unit: string | null;
  passage: string;
  section: string;
  document: string;
  documentId: string;
  page: number | null;
  passageId: number;
  score: number;
}

/** The JSON shape printed by `ask --json` (a contract other tools rely on). */
export interface AnswerJson {
  question: string;
  found: boolean;
  figure: string | null;
  value: number | null;
  unit: string | null;
  passage: string | null;
  section: string | null;
  document: string | null;
  page: number | null;
  score: number;
  alternatives: CandidateJson[];
}

function candidateJson(c: Candidate): CandidateJson {
  return {
    figure: c.figure?.text ?? null,
    value: c.figure?.value ?? null,
    unit: c.figure?.unit ?? null,
    passage: c.passage,
    section: c.section,
    document: c.document,
    documentId: c.documentId,
    page: c.page,
    passageId: c.passageId,
    score: c.score,
  };
}

/** Converts an answer into the `--json` object. */
export function answerJson(answer: Answer): AnswerJson {
  const best = answer.best;
  return {
    question: answer.question,
    found: answer.found,
    figure: best?.figure?.text ?? null,
    value: best?.figure?.value ?? null,
    unit: best?.figure?.unit ?? null,
    passage: best?.passage ?? null,
    section: best ? best.section : null,
    document: best?.document ?? null,
    page: best?.page ?? null,
    score: best?.score ?? 0,
    alternatives: answer.alternatives.map(candidateJson),
  };
}

/** "document · section · 第N页" */
export function sourceLine(c: Pick<Candidate, 'document' | 'section' | 'page'>): string {
  return [c.document, c.section || '导语', c.page ? `第${c.page}页` : ''].filter(Boolean).join(' · ');
}

/** A readable answer; bold via ANSI only when `color` is set (a terminal). */
export function answerText(answer: Answer, color = false): string {
  const bold = (s: string): string => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string): string => (color ? `\x1b[2m${s}\x1b[22m` : s);
  if (!answer.found || !answer.best) {
    return '文档中没有找到这个问题的答案。';
  }
  const best = answer.best;
  const lines: string[] = [];
  if (best.figure) lines.push(bold(best.figure.text));
  let passage = best.passage;
  if (best.figure && color) passage = passage.replace(best.figure.text, bold(best.figure.text));
  lines.push(passage);
  lines.push(dim(`来源：${sourceLine(best)}`));
  return lines.join('\n');
}
