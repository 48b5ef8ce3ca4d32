/**
 * Writes a generated corpus to a data folder laid out like index-data:
 * DIR/sources/*.txt, DIR/questions.jsonl (eval format) and DIR/corpus.json
 * (what was generated, for cache checks). questions.jsonl and corpus.json are
 * written last and atomically, so their presence means the folder is complete.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDocument, mixQuestions, planCorpus, type CorpusOptions, type CorpusQuestion } from './corpus-gen.ts';

/** Bumped whenever the generator's output changes, so cached corpora are regenerated. */
export const CORPUS_VERSION = 3;

/** What corpus.json records. */
export interface CorpusManifest {
  version: number;
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
}

function writeAtomic(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Generates the corpus into `dir` (its sources/ folder is replaced) and returns the manifest. */
export function writeCorpus(
  dir: string,
  options: CorpusOptions,
  onProgress?: (done: number, total: number) => void,
): CorpusManifest {
  const seed = options.seed ?? 1;
  const plan = planCorpus(seed, options.docs);
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
    const doc = generateDocument(plan, i, options);
    writeFileSync(join(sources, doc.file), doc.text);
    characters += doc.text.length;
    for (const p of doc.paragraphs) cleanCharacters += p.length;
    bytes += Buffer.byteLength(doc.text);
    if (doc.script === 'traditional') traditional++;
    if (doc.damaged) damaged++;
    perDoc.push(doc.questions);
    onProgress?.(i + 1, options.docs);
  }
  const questions = mixQuestions(seed, perDoc, options.unanswerableShare);
  writeAtomic(join(dir, 'questions.jsonl'), questions.map((q) => JSON.stringify(q)).join('\n') + '\n');
  const manifest: CorpusManifest = {
    version: CORPUS_VERSION,
    seed,
    docs: options.docs,
    cleanCharacters,
    characters,
    bytes,
    traditional,
    damaged,
    questions: questions.length,
    unanswerable: questions.filter((q) => 'found' in q).length,
  };
  writeAtomic(join(dir, 'corpus.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}
