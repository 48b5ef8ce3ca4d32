/**
 * The comparison fixtures (test/fixtures/compare): documents of several
 * places and years, written clean in <folder>/clean/<id>.txt (first line the
 * title, then issuer lines, headings such as 一、 or （一）, and paragraphs),
 * and rendered into <folder>/sources/<id>.txt — damaged like an extracted PDF
 * (test/support/damage.ts) when <folder>/damage.json gives options for the
 * id, else copied as they are.
 *
 * It also checks the comparison question files (test/fixtures/compare/
 * questions/*.jsonl, each naming its data folder in a `# data:` line): every
 * expected figure must stand, verbatim, in a sentence of that folder that
 * holds the expected passage fragment.
 *
 * Usage: npx tsx scripts/make-compare-fixtures.ts [--check]
 *   --check  write nothing; exit 1 when a source is stale or a question is not backed by the text.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomicSync } from '../src/engine/atomic-files.ts';
import { parseCompareFile } from '../src/engine/evaluate-compare.ts';
import { splitSentences } from '../src/engine/sentences.ts';
import { type DamageOptions, type DamageSection, damageDocument } from '../test/support/damage.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const COMPARE_DIR = join(root, 'test/fixtures/compare');
export const COMPARE_QUESTIONS_DIR = join(COMPARE_DIR, 'questions');

const HEADING = /^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+[章部分])/u;

/** The folders of comparison fixtures (those with clean/). */
export function compareFixtureFolders(): string[] {
  return readdirSync(COMPARE_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(COMPARE_DIR, d.name, 'clean')))
    .map((d) => d.name)
    .sort();
}

/** The ids of a folder's clean documents. */
export function cleanIds(folder: string): string[] {
  return readdirSync(join(COMPARE_DIR, folder, 'clean'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .sort();
}

function damageOptions(folder: string): Record<string, DamageOptions> {
  const file = join(COMPARE_DIR, folder, 'damage.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, DamageOptions>) : {};
}

/** A clean document read into title and sections (lines before the first heading form an untitled section). */
function parseClean(text: string): { title: string; sections: DamageSection[] } {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const sections: DamageSection[] = [{ paragraphs: [] }];
  for (const line of lines.slice(1)) {
    if (HEADING.test(line)) sections.push({ title: line, paragraphs: [] });
    else sections[sections.length - 1]!.paragraphs.push(line);
  }
  return { title: lines[0] ?? '', sections: sections.filter((s) => s.title !== undefined || s.paragraphs.length > 0) };
}

/** The source file of a clean document: damaged when the folder's damage.json names it, else as written. */
export function renderCompareSource(folder: string, id: string): string {
  const text = readFileSync(join(COMPARE_DIR, folder, 'clean', `${id}.txt`), 'utf8');
  const options = damageOptions(folder)[id];
  return options ? damageDocument(parseClean(text), options) : text;
}

/** The sentences of a data folder's text: the clean originals when it has them, else its sources. */
function sentencesOf(dataDir: string): string[] {
  const clean = join(dataDir, 'clean');
  const dir = existsSync(clean) ? clean : join(dataDir, 'sources');
  return readdirSync(dir)
    .filter((f) => /\.(txt|md)$/.test(f))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
    .flatMap((line) => splitSentences(line.trim()));
}

/** The comparison question files. */
export function compareQuestionFiles(): string[] {
  return readdirSync(COMPARE_QUESTIONS_DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(COMPARE_QUESTIONS_DIR, f));
}

/** A message for every expected figure of a question file that its folder's text does not back. */
export function checkCompareQuestions(file: string): string[] {
  const parsed = parseCompareFile(readFileSync(file, 'utf8'), file);
  if (!parsed.data) return [`${file}: no "# data:" line`];
  const sentences = sentencesOf(join(root, parsed.data));
  const problems: string[] = [];
  const check = (q: string, figure: string[] | null | undefined, passage: string | undefined): void => {
    if (!passage) return void problems.push(`"${q}": no passage fragment`);
    // A fragment running over a sentence end is held, as the judge holds it, by its piece with the figure.
    const piece = splitSentences(passage).find((p) => figure?.some((f) => p.includes(f)));
    const fragment = sentences.some((s) => s.includes(passage)) || !piece ? passage : piece;
    const holders = sentences.filter((s) => s.includes(fragment));
    if (holders.length === 0) return void problems.push(`"${q}": passage "${passage}" is in no sentence`);
    if (figure && !figure.some((f) => holders.some((s) => s.includes(f)))) problems.push(`"${q}": no figure of ${figure.join('/')} beside "${passage}"`);
  };
  for (const question of parsed.questions) {
    if (question.found === false) continue;
    if (!question.kind) check(question.q, question.figure, question.passage);
    for (const item of question.items ?? []) if (!item.missing) check(question.q, item.figure, item.passage);
  }
  return problems;
}

/** Writes a generated file atomically, making its folder first. */
function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomicSync(file, text);
}

function main(): void {
  const check = process.argv.includes('--check');
  const problems: string[] = [];
  for (const folder of compareFixtureFolders()) {
    for (const id of cleanIds(folder)) {
      const file = join(COMPARE_DIR, folder, 'sources', `${id}.txt`);
      const text = renderCompareSource(folder, id);
      const current = existsSync(file) ? readFileSync(file, 'utf8') : null;
      if (current === text) continue;
      if (check) problems.push(`${folder}/${id}: source is stale`);
      else writeAtomic(file, text);
    }
  }
  for (const file of compareQuestionFiles()) problems.push(...checkCompareQuestions(file));
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
