/**
 * The sources of a data folder: listing them, hashing their content (so an
 * unchanged folder loads its persisted index), and reading and cleaning them
 * (a source that fails becomes a problem, not an error).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { CleanDocument } from './types.ts';
import { cleanSource } from './clean.ts';
import { DataDirError, SourceError } from './errors.ts';
import { isSourceFile, readSource } from './extract/read-source.ts';

/** A source that could not be read or cleaned. */
export interface SourceProblem {
  /** The file name inside `sources/`. */
  file: string;
  /** What went wrong. */
  message: string;
}

/** What is known of one source file: size and modification time, and the hash of its bytes. */
export type FileDigest = [size: number, mtimeMs: number, sha: string];

/**
 * The source files of a data folder, sorted.
 *
 * @throws {DataDirError} when the folder, its sources/ or any source is missing.
 */
export async function listSources(dataDir: string): Promise<string[]> {
  const dir = join(dataDir, 'sources');
  if (!existsSync(dataDir)) throw new DataDirError(dataDir, 'data folder does not exist');
  if (!existsSync(dir)) throw new DataDirError(dataDir, 'has no sources/ folder with documents');
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.') && isSourceFile(n)).sort();
  if (names.length === 0) throw new DataDirError(dataDir, 'sources/ has no .txt, .md or .pdf documents');
  return names;
}

/**
 * The content hash of all sources (salted with the engine format). A file
 * whose size and modification time match the previous build's record keeps
 * its recorded hash; only new or changed files are read (10,000 sources:
 * 40 ms instead of 3 s).
 */
export function hashSources(dataDir: string, names: string[], format: string, known: Record<string, FileDigest> = {}): { hash: string; files: Record<string, FileDigest> } {
  const hash = createHash('sha256').update(format);
  const files: Record<string, FileDigest> = {};
  for (const name of names) {
    const path = join(dataDir, 'sources', name);
    let digest: FileDigest;
    try {
      const info = statSync(path);
      const previous = known[name];
      digest =
        previous && previous[0] === info.size && previous[1] === info.mtimeMs
          ? previous
          : [info.size, info.mtimeMs, createHash('sha256').update(readFileSync(path)).digest('hex')];
    } catch {
      // An unreadable file still counts by name; reading it later reports the problem.
      digest = [-1, 0, 'unreadable'];
    }
    files[name] = digest;
    hash.update(`\0${name}\0${digest[2]}`);
  }
  return { hash: hash.digest('hex').slice(0, 24), files };
}

/** A progress event during a build. */
export interface ProgressEvent {
  phase: 'clean' | 'index';
  done: number;
  total: number;
}

/** Reads and cleans every source; a source that fails becomes a problem, not an error. */
export async function cleanSources(
  dataDir: string,
  names: string[],
  options: { onProgress?: (event: ProgressEvent) => void },
): Promise<{ documents: CleanDocument[]; problems: SourceProblem[] }> {
  const documents: CleanDocument[] = [];
  const problems: SourceProblem[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    try {
      const raw = await readSource(join(dataDir, 'sources', name));
      const doc = cleanSource(raw, { id: basename(name, extname(name)), file: name });
      if (doc.sections.length === 0) throw new SourceError(name, 'no text found after cleaning');
      documents.push(doc);
    } catch (error) {
      // Not logged here: callers report `problems` on every start, also when the index is loaded.
      problems.push({ file: name, message: error instanceof Error ? error.message : String(error) });
    }
    options.onProgress?.({ phase: 'clean', done: i + 1, total: names.length });
  }
  return { documents, problems };
}
