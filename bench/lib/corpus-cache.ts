/**
 * Generated corpora cached under .bench-data/ (gitignored), one folder per
 * mode, generator version, seed, size and questions per document, reused
 * while its corpus.json says it is complete and of the current version.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './child.ts';
import { corpusVersion, writeCorpus, type CorpusManifest, type CorpusMode } from './corpus-write.ts';
import { progress } from './progress.ts';

/** What to generate. */
export interface CachedCorpusSpec {
  mode: CorpusMode;
  docs: number;
  seed: number;
  /** Questions per document; the generator's default when left out. */
  questionsPerDoc?: number;
}

/** A corpus in the cache. */
export interface CachedCorpus {
  dir: string;
  manifest: CorpusManifest;
  /** How long generating it took, or null when it was already there. */
  generatedMs: number | null;
}

/** The cache folder of a corpus: corpus-v3-s1-n10000 (the varied mode, as before) or hard-v1-s1-n1000-q3. */
export function corpusDir(spec: CachedCorpusSpec): string {
  const prefix = spec.mode === 'hard' ? 'hard' : 'corpus';
  const questions = spec.questionsPerDoc === undefined ? '' : `-q${spec.questionsPerDoc}`;
  return join(ROOT, '.bench-data', `${prefix}-v${corpusVersion(spec.mode)}-s${spec.seed}-n${spec.docs}${questions}`);
}

/** Generates the corpus into the cache unless a complete one of the current version is there. */
export function ensureCorpus(spec: CachedCorpusSpec): CachedCorpus {
  const dir = corpusDir(spec);
  const manifestPath = join(dir, 'corpus.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CorpusManifest;
    const mode = manifest.mode ?? 'varied';
    if (mode === spec.mode && manifest.version === corpusVersion(spec.mode) && manifest.docs === spec.docs && manifest.seed === spec.seed) {
      return { dir, manifest, generatedMs: null };
    }
  }
  mkdirSync(join(ROOT, '.bench-data'), { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const bar = progress(`${spec.mode === 'hard' ? 'hard corpus' : 'corpus'} ${spec.docs} docs`);
  const started = Date.now();
  const manifest = writeCorpus(tmp, { docs: spec.docs, seed: spec.seed, mode: spec.mode, questionsPerDoc: spec.questionsPerDoc }, (d, t) => bar.update(d, t));
  const generatedMs = Date.now() - started;
  bar.done(`${spec.docs} documents in ${(generatedMs / 1000).toFixed(1)} s`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { dir, manifest, generatedMs };
}
