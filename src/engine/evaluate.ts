/**
 * Scores an engine against a questions file (one JSON object per line:
 * `q`, `figure` list of accepted forms or null, `passage` fragment, or
 * `found: false`). Matching folds traditional to simplified and full-width
 * to half-width, as the eval format says.
 */
import { z } from 'zod';
import type { Answer, TableRow } from './types.ts';
import { EngineError } from './errors.ts';
import { fold } from './script.ts';
import { splitSentences } from './sentences.ts';

const EvalQuestionSchema = z.object({
  q: z.string().min(1),
  figure: z.array(z.string()).nullable().optional(),
  passage: z.string().optional(),
  found: z.boolean().optional(),
});

/** One question of an eval file. */
export type EvalQuestion = z.infer<typeof EvalQuestionSchema>;

/** The verdict on one question. */
export interface EvalResult {
  question: EvalQuestion;
  answer: Answer;
  ok: boolean;
  /** Why it failed, in a few words; empty when ok. */
  reason: string;
}

/** A questions file: its questions, and the day they are imagined asked (`# asked on: YYYY-MM-DD`), which decides 去年/今年. */
export interface QuestionsFile {
  questions: EvalQuestion[];
  askedOn: Date | null;
}

const ASKED_ON = /^#\s*asked on:\s*(\d{4})-(\d{2})-(\d{2})\s*$/i;

/** Parses a JSONL questions file with its `# asked on:` line, if any. */
export function parseQuestionsFile(text: string, file = 'questions'): QuestionsFile {
  let askedOn: Date | null = null;
  for (const line of text.split('\n')) {
    const m = ASKED_ON.exec(line.trim());
    if (m) askedOn = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  }
  return { questions: parseQuestions(text, file), askedOn };
}

/** Parses a JSONL questions file; blank lines and lines starting with # are skipped. */
export function parseQuestions(text: string, file = 'questions'): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    out.push(parseQuestionLine(EvalQuestionSchema, trimmed, `${file}:${i + 1}`));
  });
  return out;
}

/** One line of a questions file read by its schema; `where` (file:line) names it in the error. */
export function parseQuestionLine<T>(schema: z.ZodType<T>, line: string, where: string): T {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new EngineError(`${where}: not valid JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new EngineError(`${where}: ${parsed.error.issues[0]?.message ?? 'invalid question'}`);
  return parsed.data;
}

function norm(text: string): string {
  // Cell separators (tabs, runs of spaces, Markdown's |) and Markdown's emphasis and code marks
  // (a fragment copied from a .md source: 出口 **402.3亿元**) are layout, not text.
  return fold(text.normalize('NFKC')).replace(/[\s|*`]+/g, '');
}

/** Words around a number that bound or round it (约42.6亿元, 6%左右): the same figure when an expectation leaves them out. */
const QUALIFIERS = /^(?:超过|大约|将近|接近|不足|不到|超|近|约|逾)|(?:以上|左右|上下|以内|以下)$/g;

/**
 * Whether a figure is one expected: as written, without the qualifier the
 * expectation left out, or — a table cell — with the unit its table states
 * (2,661,087,455.90 as 2,661,087,455.90元).
 */
function figureMatches(expected: readonly string[], figure: string, row: TableRow | undefined): boolean {
  const given = norm(figure);
  const forms = new Set([given, given.replace(QUALIFIERS, '')]);
  const cells = new Set(row?.cells.map(norm));
  return expected.some((e) => forms.has(norm(e)) || (row?.unit != null && forms.has(norm(e + row.unit))) || cellWithUnit(norm(e), given, cells));
}

/** A table cell as expected (438.9) given with the unit of its unit column (438.9亿元). */
function cellWithUnit(expected: string, given: string, cells: ReadonlySet<string>): boolean {
  return cells.has(expected) && given.startsWith(expected) && !/^[\d.,]/.test(given.slice(expected.length));
}

/**
 * Whether a passage (one sentence) holds the expected fragment: all of it,
 * or — a fragment that runs over a sentence end (增长6%左右；一般…) — its
 * sentence that holds the figure.
 */
function holdsFragment(passage: string, fragment: string, figure: string | null): boolean {
  if (passage.includes(fragment)) return true;
  const pieces = splitSentences(fragment);
  return pieces.length > 1 && figure !== null && pieces.some((p) => p.includes(figure) && passage.includes(p));
}

/**
 * Whether a candidate answer (its figure as written, or null, and its
 * passage) is what the question expects. A passage read from a table row
 * also matches a fragment of the row as written (its cells in order).
 */
export function matches(question: EvalQuestion, figure: string | null, passage: string, row?: TableRow): boolean {
  if (question.found === false) return false;
  if (question.figure === null && figure !== null) return false;
  if (question.figure !== undefined && question.figure !== null && (figure === null || !figureMatches(question.figure, figure, row))) return false;
  if (!question.passage) return true;
  const fragment = norm(question.passage);
  return holdsFragment(norm(passage), fragment, figure === null ? null : norm(figure).replace(QUALIFIERS, '')) || (row !== undefined && norm(row.cells.join('')).includes(fragment));
}

/** Judges one answer against its expectation. */
export function judge(question: EvalQuestion, answer: Answer): EvalResult {
  const fail = (reason: string): EvalResult => ({ question, answer, ok: false, reason });
  if (question.found === false) {
    if (answer.found) return fail(`expected not found, got ${answer.best?.figure?.text ?? 'a passage'}`);
    return { question, answer, ok: true, reason: '' };
  }
  if (!answer.found || !answer.best) return fail('not found');
  const figure = answer.best.figure?.text ?? null;
  if (question.figure === null && figure !== null) return fail(`expected no figure, got ${figure}`);
  if (question.figure !== undefined && question.figure !== null && !matches({ q: question.q, figure: question.figure }, figure, answer.best.passage, answer.best.row)) {
    return fail(`figure ${figure ?? 'null'}`);
  }
  if (!matches({ q: question.q, passage: question.passage }, figure, answer.best.passage, answer.best.row)) return fail('passage does not contain the fragment');
  return { question, answer, ok: true, reason: '' };
}
