/**
 * Scores comparison and series answers against a questions file in the
 * comparison format (one JSON object per line: `q`, `kind`, `items` of
 * `{entity, period, figure, passage}` or `{…, missing: true}`, optional
 * `order`, or `found: false`); lines without `kind` are ordinary
 * single-figure questions, judged as evaluate.ts judges them and required
 * to be answered as one figure. A question is right when every expected
 * item is right (its figure and passage) or rightly missing (named as a
 * gap), the answer lists no figure the expectation does not, and a ranking
 * is in the expected order. Every figure an answer gives that is not an
 * expected one is counted as invented.
 */
import { z } from 'zod';
import type { Answer, ComparisonItem } from './types.ts';
import { isAbbreviationOf, splitName } from './entities.ts';
import { EngineError } from './errors.ts';
import { type EvalQuestion, judge, matches, parseQuestionLine } from './evaluate.ts';
import { fold } from './script.ts';

const ItemSchema = z.object({
  entity: z.string().nullable().optional(),
  period: z.string().nullable().optional(),
  figure: z.array(z.string()).optional(),
  passage: z.string().optional(),
  missing: z.boolean().optional(),
  why: z.string().optional(),
});

const CompareQuestionSchema = z.object({
  q: z.string().min(1),
  kind: z.enum(['comparison', 'series']).optional(),
  items: z.array(ItemSchema).optional(),
  order: z.enum(['desc', 'asc']).optional(),
  found: z.boolean().optional(),
  figure: z.array(z.string()).nullable().optional(),
  passage: z.string().optional(),
  why: z.string().optional(),
});

/** One line of a comparison questions file. */
export type CompareQuestion = z.infer<typeof CompareQuestionSchema>;
/** One expected item. */
export type ExpectedItem = z.infer<typeof ItemSchema>;

/** A comparison questions file: its questions, the day they are asked, and the data folder it is about (`# data:`). */
export interface CompareFile {
  questions: CompareQuestion[];
  askedOn: Date | null;
  /** The data folder named by a `# data: path` line (relative to the project), or null. */
  data: string | null;
}

const ASKED_ON = /^#\s*asked on:\s*(\d{4})-(\d{2})-(\d{2})\s*$/i;
const DATA = /^#\s*data:\s*(\S+)\s*$/i;

/** Parses a comparison questions file; blank lines and comments (#) are skipped. */
export function parseCompareFile(text: string, file = 'questions'): CompareFile {
  const out: CompareFile = { questions: [], askedOn: null, data: null };
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    const asked = ASKED_ON.exec(trimmed);
    if (asked) out.askedOn = new Date(Number(asked[1]), Number(asked[2]) - 1, Number(asked[3]), 12);
    const data = DATA.exec(trimmed);
    if (data) out.data = data[1]!;
    if (!trimmed || trimmed.startsWith('#')) return;
    const question = parseQuestionLine(CompareQuestionSchema, trimmed, `${file}:${i + 1}`);
    if (question.kind && !question.items && question.found !== false) throw new EngineError(`${file}:${i + 1}: a comparison needs items or found: false`);
    out.questions.push(question);
  });
  return out;
}

/** The verdict on one question. */
export interface CompareResult {
  question: CompareQuestion;
  answer: Answer;
  ok: boolean;
  /** Figures the answer gives that are not expected (a wrong figure, or one where a gap is expected). */
  invented: number;
  /** Expected items right (figure and passage, or rightly missing) out of all expected items. */
  itemsRight: number;
  itemsTotal: number;
  /** Why it failed, in a few words; empty when ok. */
  reason: string;
}

/**
 * Whether an answer's entity is the expected one: one name containing the
 * other (苏州, 苏州市), or the expected name written as the answer's core and
 * a short form of its kind (临渚综保区 for 临渚综合保税区), or both the same
 * core with a kind (桐溪经开区, 桐溪开发区).
 */
function sameEntity(expected: string | null | undefined, actual: string | null): boolean {
  if (!expected) return true;
  if (!actual) return false;
  const a = fold(expected.normalize('NFKC'));
  const b = fold(actual.normalize('NFKC'));
  if (a.includes(b) || b.includes(a)) return true;
  const { core, kind } = splitName(b);
  if (a.startsWith(core) && isAbbreviationOf(a.slice(core.length), kind)) return true;
  // Two short forms of one zone's kind (桐溪经开区 expected, 桐溪开发区 asked and echoed): the same core.
  const other = splitName(a);
  return core.length >= 2 && other.core === core && kind !== '' && other.kind !== '';
}

function samePeriod(expected: string | null | undefined, actual: string | null): boolean {
  return !expected || expected === actual;
}

/** The answer item an expected item speaks of, or undefined. */
function findItem(items: readonly ComparisonItem[], expected: ExpectedItem): ComparisonItem | undefined {
  return items.find((i) => sameEntity(expected.entity, i.entity) && samePeriod(expected.period, i.period));
}

/** Whether an answer item gives the expected figure in a sentence with the expected fragment. */
function itemRight(expected: ExpectedItem, item: ComparisonItem | undefined): boolean {
  if (expected.missing) return item !== undefined && item.answer === null;
  if (!item?.answer) return false;
  return matches({ q: '', figure: expected.figure ?? null, passage: expected.passage }, item.answer.figure?.text ?? null, item.answer.passage, item.answer.row);
}

/**
 * Whether the answer gives the one expected item — a change the documents
 * state (比上年增加32家) — as its stated change, with the two figures it
 * compares beside it: they support the change, they are no extra answers.
 */
function answersWithStatedChange(expected: readonly ExpectedItem[], answer: Answer): boolean {
  const [only] = expected;
  if (expected.length !== 1 || only!.missing) return false;
  return (answer.changes ?? []).some((c) => {
    if (c.basis !== 'stated' || !c.source) return false;
    const to = answer.items[c.to];
    return to !== undefined && findItem([to], only!) !== undefined && matches({ q: '', figure: only!.figure ?? null, passage: only!.passage }, c.figure, c.source.passage, c.source.row);
  });
}

/** Judges a single-figure line: it must be answered as one figure, as evaluate.ts judges it. */
function judgeSingle(question: CompareQuestion, answer: Answer): CompareResult {
  const base = { question, answer, itemsRight: 0, itemsTotal: 0 };
  if (answer.kind !== 'single') {
    const invented = answer.items.filter((i) => i.answer).length;
    return { ...base, ok: false, invented, reason: `expected one figure, got a ${answer.kind}` };
  }
  const verdict = judge(question as EvalQuestion, answer);
  const invented = !verdict.ok && answer.found && answer.best?.figure ? 1 : 0;
  return { ...base, ok: verdict.ok, invented, reason: verdict.reason };
}

/** Judges one answer against a line of a comparison questions file. */
export function judgeComparison(question: CompareQuestion, answer: Answer): CompareResult {
  if (!question.kind) return judgeSingle(question, answer);
  const given = answer.items.filter((i) => i.answer);
  if (question.found === false) {
    const ok = !answer.found && answer.kind !== 'single';
    return { question, answer, ok, invented: given.length, itemsRight: 0, itemsTotal: 0, reason: ok ? '' : answer.kind === 'single' ? 'answered as one figure' : `expected nothing, got ${given.length} figures` };
  }
  const expected = question.items ?? [];
  if (answersWithStatedChange(expected, answer)) return { question, answer, ok: true, invented: 0, itemsRight: 1, itemsTotal: 1, reason: '' };
  const reasons: string[] = [];
  if (answer.kind !== question.kind) reasons.push(`kind ${answer.kind}`);
  let itemsRight = 0;
  const used = new Set<ComparisonItem>();
  for (const e of expected) {
    const item = findItem(answer.items, e);
    if (item) used.add(item);
    if (itemRight(e, item)) itemsRight++;
    else reasons.push(`${e.entity ?? ''}${e.period ?? ''}: ${item ? (item.answer?.figure?.text ?? 'missing') : 'not listed'}`);
  }
  // Figures the answer gives that no expected item accepts.
  const invented = given.filter((i) => !expected.some((e) => !e.missing && findItem([i], e) && itemRight(e, i))).length;
  const extra = given.filter((i) => !used.has(i)).length;
  if (extra > 0) reasons.push(`${extra} extra items`);
  if (question.order) {
    const wanted = expected.filter((e) => !e.missing).map((e) => findItem(answer.items, e));
    const got = answer.items.filter((i) => wanted.includes(i));
    if (answer.order !== question.order || got.some((i, k) => i !== wanted[k])) reasons.push('order');
  }
  return { question, answer, ok: reasons.length === 0, invented, itemsRight, itemsTotal: expected.length, reason: reasons.join('; ') };
}
