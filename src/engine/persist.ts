/**
 * What a data folder keeps between starts: `sections.json` (the cleaned
 * documents, committed for the default data) and `index/` (the posting lists
 * and sentence layout of one build, and `current.json` pointing at it with
 * the checksum of every file). Everything is written atomically, the pointer
 * last; anything that does not match its checksum or its expected shape is
 * reported as corrupt, so the engine rebuilds and saves a good copy.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CleanDocument } from './types.ts';
import { writeFileAtomic } from './atomic-files.ts';
import { EngineError } from './errors.ts';
import { PostingLists } from './postings.ts';
import type { FileDigest, SourceProblem } from './sources.ts';

/**
 * The version of everything persisted: cleaning, sentences, tokens, the
 * document model's time tokens and the file layout. Bump it with any change
 * that alters them (test/engine/format.test.ts fails until you do), so an
 * index built by older code is rebuilt rather than trusted. It is a constant,
 * so it survives `npm run build`.
 */
export const ENGINE_FORMAT = 'wenda-engine-8';

/** A persisted file that is damaged: truncated, altered, or not what it should hold. */
export class IndexCorruptError extends EngineError {
  override name = 'IndexCorruptError';
  /** The file that failed its check. */
  readonly file: string;
  constructor(file: string, reason: string) {
    super(`${file} is corrupt or partial (${reason})`);
    this.file = file;
  }
}

/** The cleaned documents of a data folder, as written to `sections.json`. */
export interface SectionsFile {
  format: string;
  sourcesHash: string;
  documents: CleanDocument[];
  problems: SourceProblem[];
}

/** The pointer to the current build (`index/current.json`), written last. */
export interface IndexPointer {
  format: string;
  sourcesHash: string;
  /** The build's folder inside `index/`. */
  dir: string;
  /** Size, modification time and hash of each source, so the next start reads only changed files. */
  files: Record<string, FileDigest>;
  /** SHA-256 of `sections.json` and of every file of the build. */
  checksums: Record<string, string>;
  /** The keys of FlexSearch's export chunks, one file each. */
  chunks: string[];
  /** How many paragraphs the build indexes. */
  paragraphs: number;
}

const FREQUENCIES = 'frequencies.txt';
const LAYOUT = 'layout.i32';

/** The file of one FlexSearch export chunk. */
function chunkFile(key: string): string {
  return `flex-${encodeURIComponent(key)}.json`;
}
const SECTIONS = 'sections.json';

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads little-endian int32 numbers from bytes (copied: a Buffer's offset need not be aligned). */
function toInt32(bytes: Uint8Array, file: string): Int32Array {
  if (bytes.byteLength % 4 !== 0) throw new IndexCorruptError(file, 'truncated');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Int32Array(copy.buffer);
}

function int32Bytes(numbers: Int32Array): Uint8Array {
  return new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength);
}

/** The pointer to the persisted index; null when there is none, an error when it is unreadable. */
export function readPointer(dataDir: string): IndexPointer | null {
  const path = join(dataDir, 'index', 'current.json');
  if (!existsSync(path)) return null;
  let pointer: IndexPointer;
  try {
    pointer = JSON.parse(readFileSync(path, 'utf8')) as IndexPointer;
  } catch {
    throw new IndexCorruptError(path, 'not JSON');
  }
  const ok =
    pointer !== null && typeof pointer === 'object' && typeof pointer.format === 'string' && typeof pointer.sourcesHash === 'string' &&
    typeof pointer.dir === 'string' && typeof pointer.checksums === 'object' && pointer.checksums !== null && Number.isInteger(pointer.paragraphs) &&
    Array.isArray(pointer.chunks);
  if (!ok) throw new IndexCorruptError(path, 'not an index pointer');
  return pointer;
}

/** Whether a value has the shape of a cleaned document (the fields answering reads). */
function isDocument(value: unknown): value is CleanDocument {
  const d = value as CleanDocument;
  return (
    typeof d === 'object' && d !== null && typeof d.id === 'string' && typeof d.title === 'string' && typeof d.file === 'string' &&
    Array.isArray(d.sections) &&
    d.sections.every((s) => typeof s === 'object' && s !== null && typeof s.title === 'string' && Array.isArray(s.paragraphs) && s.paragraphs.every((p) => typeof p === 'string'))
  );
}

/**
 * The cleaned documents of `sections.json` when they were made from these
 * sources by this engine; null when the file is missing or stale.
 *
 * @throws {IndexCorruptError} when it is not what it should be (or not the bytes `checksum` names).
 */
export async function readSections(dataDir: string, sourcesHash: string, checksum?: string): Promise<SectionsFile | null> {
  const path = join(dataDir, SECTIONS);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (checksum !== undefined && sha256(bytes) !== checksum) throw new IndexCorruptError(path, 'checksum mismatch');
  let sections: SectionsFile;
  try {
    sections = JSON.parse(bytes.toString('utf8')) as SectionsFile;
  } catch {
    throw new IndexCorruptError(path, 'not JSON');
  }
  if (typeof sections !== 'object' || sections === null || typeof sections.format !== 'string') throw new IndexCorruptError(path, 'not a sections file');
  if (sections.format !== ENGINE_FORMAT || sections.sourcesHash !== sourcesHash) return null;
  if (!Array.isArray(sections.documents) || !sections.documents.every(isDocument) || !Array.isArray(sections.problems)) {
    throw new IndexCorruptError(path, 'documents of the wrong shape');
  }
  return sections;
}

/** Writes `sections.json` atomically; returns its checksum. */
export async function writeSections(dataDir: string, sections: SectionsFile): Promise<string> {
  const text = `${JSON.stringify(sections, null, 2)}\n`;
  await writeFileAtomic(join(dataDir, SECTIONS), text);
  return sha256(text);
}

/** A build's posting lists and sentence layout. */
export interface IndexFiles {
  postings: PostingLists;
  layout: Int32Array;
}

/** Reads one file of a build and checks it against the pointer's checksum. */
async function readChecked(dataDir: string, pointer: IndexPointer, name: string): Promise<Buffer> {
  const path = join(dataDir, 'index', pointer.dir, name);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new IndexCorruptError(path, (error as NodeJS.ErrnoException).code ?? 'unreadable');
  }
  if (sha256(bytes) !== pointer.checksums[name]) throw new IndexCorruptError(path, 'checksum mismatch');
  return bytes;
}

/**
 * Reads the build the pointer names.
 *
 * @throws {IndexCorruptError} when a file is missing, altered or does not fit the others.
 */
export async function readIndex(dataDir: string, pointer: IndexPointer): Promise<IndexFiles> {
  const chunks = new Map<string, string>();
  for (const key of pointer.chunks) chunks.set(key, (await readChecked(dataDir, pointer, chunkFile(key))).toString('utf8'));
  const frequencies = (await readChecked(dataDir, pointer, FREQUENCIES)).toString('utf8');
  const layout = toInt32(await readChecked(dataDir, pointer, LAYOUT), LAYOUT);
  let postings: PostingLists;
  try {
    postings = PostingLists.deserialize(chunks, frequencies);
  } catch (error) {
    throw new IndexCorruptError(join(dataDir, 'index', pointer.dir), (error as Error).message.replace(/^wenda-bot: /, ''));
  }
  return { postings, layout };
}

/** Checks every file of the build against its checksum without loading it (for a thread that will load it). */
export async function verifyIndex(dataDir: string, pointer: IndexPointer): Promise<void> {
  for (const name of [...pointer.chunks.map(chunkFile), FREQUENCIES, LAYOUT]) await readChecked(dataDir, pointer, name);
}

/**
 * Writes `sections.json` and a build beside the live one, then points
 * `current.json` at it and removes older builds. Readers see the old build
 * or the new one, never a mix.
 */
export async function writeIndex(
  dataDir: string,
  sections: SectionsFile,
  files: IndexFiles & { paragraphs: number; sources: Record<string, FileDigest> },
): Promise<void> {
  const sectionsSum = await writeSections(dataDir, sections);
  const indexDir = join(dataDir, 'index');
  await mkdir(indexDir, { recursive: true });
  const dirName = `${sections.sourcesHash}-${process.pid}-${Date.now().toString(36)}`;
  const tmpDir = join(indexDir, `${dirName}.tmp`);
  await mkdir(tmpDir, { recursive: true });
  const { chunks, frequencies } = files.postings.serialize();
  const contents: [string, Uint8Array | string][] = [
    ...[...chunks].map(([key, value]): [string, string] => [chunkFile(key), value]),
    [FREQUENCIES, frequencies],
    [LAYOUT, int32Bytes(files.layout)],
  ];
  const checksums: Record<string, string> = { [SECTIONS]: sectionsSum };
  for (const [name, data] of contents) {
    await writeFile(join(tmpDir, name), data);
    checksums[name] = sha256(data);
  }
  await rename(tmpDir, join(indexDir, dirName));
  const pointer: IndexPointer = {
    format: ENGINE_FORMAT,
    sourcesHash: sections.sourcesHash,
    dir: dirName,
    files: files.sources,
    checksums,
    chunks: [...chunks.keys()],
    paragraphs: files.paragraphs,
  };
  await writeFileAtomic(join(indexDir, 'current.json'), JSON.stringify(pointer));
  // Older builds are garbage now; a reader that still holds one has already loaded it.
  for (const entry of await readdir(indexDir)) {
    if (entry !== dirName && entry !== 'current.json' && !entry.startsWith('current.json.tmp')) {
      await rm(join(indexDir, entry), { recursive: true, force: true });
    }
  }
}

/** The checksum `sections.json` must have for a pointer's build. */
export function sectionsChecksum(pointer: IndexPointer): string | undefined {
  return pointer.checksums[SECTIONS];
}
