/**
 * Example questions for /start, made from the loaded documents rather than
 * written for one document: a clause that states a number becomes "…有多少？",
 * and an example is kept only when the engine answers it with that very
 * passage. Cached per engine instance (a hot reload brings new examples).
 */
import type { AnswerEngine } from './context.ts';

/** An example question and the passage that answers it. */
export interface Example {
  passageId: number;
  question: string;
}

const cache = new WeakMap<object, Promise<Example[]>>();

/** How many passages to look at before giving up (keeps /start fast on big corpora). */
const SCAN_LIMIT = 400;

/**
 * Turns a passage into a question about its first number, or undefined.
 * Deterministic, so a button can carry just the passage id.
 */
export function questionFromPassage(passage: string): string | undefined {
  for (const clause of passage.split(/[，,；;：:。！？!?]/u)) {
    const m = /\d/.exec(clause);
    if (m === null) continue;
    const subject = clause
      .slice(0, m.index)
      .replace(/[“”‘’"'《》（）()、\s]/gu, '')
      .replace(/^(?:其中|目前|同时|并且|并|共|累计|全年|截至|截止)/u, '')
      .replace(/(?:达到|达|为|约|共|超过|超|近|突破|实现|完成|增长|同比增长)$/u, '');
    const cjk = subject.match(/\p{Script=Han}/gu)?.length ?? 0;
    if (cjk < 4 || cjk !== Array.from(subject).length || cjk > 12) continue;
    // A subject that opens with a preposition or adverb, or ends in 等, reads badly as a question.
    if (/^(?:围绕|对|从|在|按|以|通过|陆续|重点|强力|大力|仅|每|把|将|由|向|为)/u.test(subject)) continue;
    if (/[等每]/u.test(subject) || subject.endsWith('的')) continue;
    return `${subject}有多少？`;
  }
  return undefined;
}

/** How many examples are looked for (and at most returned). */
const EXAMPLES = 3;

/** Up to `max` (at most 3) example questions that the engine answers correctly. */
export async function exampleQuestions(engine: AnswerEngine, max = EXAMPLES): Promise<Example[]> {
  let found = cache.get(engine);
  if (found === undefined) {
    // Cached as a promise, so updates that arrive together look for examples once;
    // a failure (the index store unreachable) is not cached.
    found = findExamples(engine, EXAMPLES);
    cache.set(engine, found);
    found.catch(() => cache.delete(engine));
  }
  return (await found).slice(0, max);
}

async function findExamples(engine: AnswerEngine, max: number): Promise<Example[]> {
  const examples: Example[] = [];
  const sections = new Set<string>();
  const total = Math.min(engine.stats().passages, SCAN_LIMIT);
  // Prefer one example per section; fill up from repeated sections afterwards.
  const spare: Example[] = [];
  for (let id = 0; id < total && examples.length < max; id++) {
    const candidate = engine.passage(id);
    if (candidate === undefined) continue;
    const question = questionFromPassage(candidate.passage);
    if (question === undefined) continue;
    const answer = await engine.ask(question, { limit: 1 });
    const figure = answer.best?.figure;
    if (!answer.found || answer.best?.passageId !== id || figure == null || figure.unit === null) continue;
    const key = `${candidate.documentId}#${candidate.sectionIndex}`;
    if (sections.has(key)) spare.push({ passageId: id, question });
    else {
      sections.add(key);
      examples.push({ passageId: id, question });
    }
  }
  return [...examples, ...spare].slice(0, max);
}
