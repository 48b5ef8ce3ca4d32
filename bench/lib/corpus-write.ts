/**
 * Writes a generated corpus to a data folder laid out like index-data:
 * DIR/sources/*.txt, DIR/questions.jsonl (eval format) and DIR/corpus.json
 * (what was generated, for cache checks). questions.jsonl and corpus.json are
 * written last and atomically, so their presence means the folder is complete.
 * Two modes: 'varied' (corpus-gen.ts: many templates, unique place names) and
 * 'hard' (hard-gen.ts: one template per kind, names sharing characters).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicSync } from '../../src/engine/atomic-files.ts';
import { generateDocument, mixQuestions, planCorpus, type CorpusDocument, type CorpusOptions, type CorpusQuestion } from './corpus-gen.ts';
import { ASKED_ON_LINE, HARD_DEFAULTS, generateHardDocument, mixHardQuestions, planHardCorpus } from './hard-gen.ts';
import { ASKED_ON } from './hard-model.ts';

/** Bumped whenever the generator's output changes, so cached corpora are regenerated. */
export const CORPUS_VERSION = 3;
/** The same for the hard mode's generator. */
export const HARD_CORPUS_VERSION = 1;

/** Which generator writes the corpus. */
export type CorpusMode = 'varied' | 'hard';

/** What `writeCorpus` generates. */
export interface WriteOptions extends CorpusOptions {
  /** Default 'varied'. */
  mode?: CorpusMode;
}

/** The version of a mode's generator. */
export function corpusVersion(mode: CorpusMode): number {
  return mode === 'hard' ? HARD_CORPUS_VERSION : CORPUS_VERSION;
}

/** What corpus.json records. */
export interface CorpusManifest {
  version: number;
  mode: CorpusMode;
  /** The day the questions are imagined asked (hard mode, `# asked on:` in questions.jsonl), or null. */
  askedOn: string | null;
  seed: number;
  docs: number;
  /** Characters of the clean text (paragraphs only), before damage. */
  cleanCharacters: number;
  /** Characters and bytes of the files as written (doubling adds to both). */
  characters: number;
  bytes: number;
  traditional: number;
  damaged: number;
  questions: number;
  unanswerable: number;
  /** Questions by what they test (hard mode: named, title-only, other-name …); empty for the varied mode. */
  cases: Record<string, number>;
}

/** Generates the corpus into `dir` (its sources/ folder is replaced) and returns the manifest. */
export function writeCorpus(
  dir: string,
  options: WriteOptions,
  onProgress?: (done: number, total: number) => void,
): CorpusManifest {
  const seed = options.seed ?? 1;
  const mode = options.mode ?? 'varied';
  let generate: (index: number) => CorpusDocument;
  let mix: (perDoc: CorpusQuestion[][]) => CorpusQuestion[];
  if (mode === 'hard') {
    const plan = planHardCorpus(seed, options.docs);
    generate = (i) => generateHardDocument(plan, i, options);
    mix = (perDoc) => mixHardQuestions(plan, perDoc, options.unanswerableShare ?? HARD_DEFAULTS.unanswerableShare);
  } else {
    const plan = planCorpus(seed, options.docs);
    generate = (i) => generateDocument(plan, i, options);
    mix = (perDoc) => mixQuestions(seed, perDoc, options.unanswerableShare);
  }
  const sources = join(dir, 'sources');
  rmSync(join(dir, 'corpus.json'), { force: true });
  rmSync(sources, { recursive: true, force: true });
  mkdirSync(sources, { recursive: true });
  const perDoc: CorpusQuestion[][] = [];
  let characters = 0;
  let cleanCharacters = 0;
  let bytes = 0;
  let traditional = 0;
  let damaged = 0;
  for (let i = 0; i < options.docs; i++) {
    const doc = generate(i);
    writeFileSync(join(sources, doc.file), doc.text);
    characters += doc.text.length;
    for (const p of doc.paragraphs) cleanCharacters += p.length;
    bytes += Buffer.byteLength(doc.text);
    if (doc.script === 'traditional') traditional++;
    if (doc.damaged) damaged++;
    perDoc.push(doc.questions);
    onProgress?.(i + 1, options.docs);
  }
  const questions = mix(perDoc);
  const header = mode === 'hard' ? [ASKED_ON_LINE] : [];
  writeFileAtomicSync(join(dir, 'questions.jsonl'), [...header, ...questions.map((q) => JSON.stringify(q))].join('\n') + '\n');
  const cases: Record<string, number> = {};
  for (const q of questions) if (q.case) cases[q.case] = (cases[q.case] ?? 0) + 1;
  const manifest: CorpusManifest = {
    version: corpusVersion(mode),
    mode,
    askedOn: mode === 'hard' ? ASKED_ON : null,
    seed,
    docs: options.docs,
    cleanCharacters,
    characters,
    bytes,
    traditional,
    damaged,
    questions: questions.length,
    unanswerable: questions.filter((q) => 'found' in q).length,
    cases,
  };
  writeFileAtomicSync(join(dir, 'corpus.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
