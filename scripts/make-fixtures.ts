/**
 * Generates the damaged fixture sources from their clean originals.
 *
 * Every test/fixtures/docs/<folder>/clean/<id>.json holds a clean document
 * (title, author, sections, lead) and the damage options to render it with;
 * this script writes test/fixtures/docs/<folder>/sources/<id>.txt, laid out
 * like index-data, so the engine can open each folder as a data folder.
 *
 * It also checks the question files test/fixtures/eval/<folder>.jsonl: every
 * accepted figure and every passage fragment must appear verbatim in the
 * clean text of that folder, and a figure must sit in a sentence that also
 * holds the passage fragment.
 *
 * Usage: npx tsx scripts/make-fixtures.ts [--check]
 *   --check  write nothing; exit 1 when a source is stale or a question is inconsistent.
 */
import { existsSync, readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomicSync } from '../src/engine/atomic-files.ts';
import { splitSentences } from '../src/engine/sentences.ts';
import { damageDocument, type DamageOptions, type DamageSection } from '../test/support/damage.ts';

/** A clean fixture document as stored in clean/<id>.json. */
export interface CleanFixture {
  id: string;
  /** The title line(s); an array is a title printed on several lines. */
  title: string | string[] | null;
  author: string | null;
  year: number | null;
  script: 'simplified' | 'traditional';
  sections: { title: string | string[] | null; paragraphs: string[] }[];
  /** An undoubled lead paragraph (paragraphs separated by "\n"), or null. */
  lead: string | null;
  damage: DamageOptions;
}

/** One line of a question file. */
export interface FixtureQuestion {
  q: string;
  figure?: string[] | null;
  passage?: string;
  found?: boolean;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DOCS_DIR = join(root, 'test/fixtures/docs');
export const EVAL_DIR = join(root, 'test/fixtures/eval');

/** Lists the fixture folders (those with a clean/ subfolder). */
export function fixtureFolders(): string[] {
  return readdirSync(DOCS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(DOCS_DIR, d.name, 'clean')))
    .map((d) => d.name)
    .sort();
}

/** Reads the clean documents of a fixture folder, sorted by id. */
export function readCleanFixtures(folder: string): CleanFixture[] {
  const dir = join(DOCS_DIR, folder, 'clean');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CleanFixture);
}

/** Renders a clean fixture into the damaged text of its source file. */
export function renderFixture(doc: CleanFixture): string {
  const sections: DamageSection[] = doc.sections.map((s) =>
    s.title === null ? { paragraphs: s.paragraphs } : { title: s.title, paragraphs: s.paragraphs },
  );
  return damageDocument(
    {
      ...(doc.title === null ? {} : { title: doc.title }),
      sections,
      ...(doc.author === null ? {} : { byline: doc.author }),
      ...(doc.lead === null ? {} : { lead: doc.lead }),
    },
    doc.damage,
  );
}

/** All clean paragraphs of a document, lead included. */
export function cleanParagraphs(doc: CleanFixture): string[] {
  const lead = doc.lead === null ? [] : doc.lead.split('\n');
  return [...doc.sections.flatMap((s) => s.paragraphs), ...lead];
}

/** Splits a paragraph into sentences the way the engine's passages are cut. */
export function sentences(paragraph: string): string[] {
  return splitSentences(paragraph);
}

/** Reads a question file (JSON lines). */
export function readQuestions(file: string): FixtureQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.trim().startsWith('#'))
    .map((l) => JSON.parse(l) as FixtureQuestion);
}

/** Returns a message for every question of a folder that its clean documents cannot back. */
export function checkQuestions(folder: string): string[] {
  const file = join(EVAL_DIR, `${folder}.jsonl`);
  if (!existsSync(file)) return [`${folder}: no question file ${file}`];
  const allSentences = readCleanFixtures(folder).flatMap((d) => cleanParagraphs(d).flatMap(sentences));
  const problems: string[] = [];
  for (const question of readQuestions(file)) {
    if (question.found === false) continue;
    if (question.passage === undefined) {
      problems.push(`${folder}: "${question.q}" has no passage fragment`);
      continue;
    }
    const passage = question.passage;
    const holders = allSentences.filter((s) => s.includes(passage));
    if (holders.length === 0) {
      problems.push(`${folder}: "${question.q}": passage "${passage}" is in no sentence`);
      continue;
    }
    if (Array.isArray(question.figure)) {
      if (question.figure.length === 0) problems.push(`${folder}: "${question.q}": empty figure list`);
      const ok = question.figure.some((f) => holders.some((s) => s.includes(f)));
      if (!ok) problems.push(`${folder}: "${question.q}": no accepted figure sits in a sentence with "${passage}"`);
    } else if (question.figure !== null) {
      problems.push(`${folder}: "${question.q}": figure must be a list or null`);
    }
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
  for (const folder of fixtureFolders()) {
    for (const doc of readCleanFixtures(folder)) {
      const file = join(DOCS_DIR, folder, 'sources', `${doc.id}.txt`);
      const text = renderFixture(doc);
      if (check) {
        if (!existsSync(file) || readFileSync(file, 'utf8') !== text) problems.push(`${folder}/${doc.id}: source is stale`);
      } else {
        writeAtomic(file, text);
        process.stderr.write(`wrote ${join('test/fixtures/docs', folder, 'sources', `${doc.id}.txt`)} (${Array.from(text).length} chars)\n`);
      }
    }
    problems.push(...checkQuestions(folder));
  }
  for (const p of problems) process.stderr.write(`make-fixtures: ${p}\n`);
  if (problems.length > 0) process.exit(1);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
