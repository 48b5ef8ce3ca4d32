/**
 * Plain-text and JSON renderings of an answer for the command line. The
 * readable answer is in the question's script, as the bot's; JSON keeps the
 * document's text as written and says which script the question was in.
 */
import { converterFor } from '../engine/script.ts';
import type { Answer, Candidate, Script } from '../engine/types.ts';

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
  /** The script the question was written in (the readable answer is converted to it). */
  script: Script;
  found: boolean;
  figure: string | null;
  value: number | null;
  unit: string | null;
  passage: string | null;
  section: string | null;
  document: string | null;
  documentId: string | null;
  page: number | null;
  passageId: number | null;
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
    script: answer.script,
    found: answer.found,
    figure: best?.figure?.text ?? null,
    value: best?.figure?.value ?? null,
    unit: best?.figure?.unit ?? null,
    passage: best?.passage ?? null,
    section: best ? best.section : null,
    document: best?.document ?? null,
    documentId: best?.documentId ?? null,
    page: best?.page ?? null,
    passageId: best?.passageId ?? null,
    score: best?.score ?? 0,
    alternatives: answer.alternatives.map(candidateJson),
  };
}

/** The `--jsonl` line for a blank input line: nothing asked, nothing found (line N answers line N). */
export function blankAnswerJson(): AnswerJson {
  return {
    question: '',
    script: 'simplified',
    found: false,
    figure: null,
    value: null,
    unit: null,
    passage: null,
    section: null,
    document: null,
    documentId: null,
    page: null,
    passageId: null,
    score: 0,
    alternatives: [],
  };
}

/** "document · section · 第N页" */
export function sourceLine(c: Pick<Candidate, 'document' | 'section' | 'page'>): string {
  return [c.document, c.section || '导语', c.page ? `第${c.page}页` : ''].filter(Boolean).join(' · ');
}

/** A readable answer in the question's script; bold via ANSI only when `color` is set (a terminal). */
export function answerText(answer: Answer, color = false): string {
  const convert = converterFor(answer.script);
  const bold = (s: string): string => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string): string => (color ? `\x1b[2m${s}\x1b[22m` : s);
  if (!answer.found || !answer.best) {
    return convert('没有在文档中找到这个问题的答案。');
  }
  const best = answer.best;
  const lines: string[] = [];
  const figure = best.figure === null ? null : convert(best.figure.text);
  if (figure !== null) lines.push(bold(figure));
  let passage = convert(best.passage);
  if (figure !== null && color) passage = passage.replace(figure, bold(figure));
  lines.push(passage);
  lines.push(dim(convert(`来源：${sourceLine(best)}`)));
  return lines.join('\n');
}
