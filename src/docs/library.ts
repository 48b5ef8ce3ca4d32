/**
 * The document library: the source files of a data folder (DIR/sources/) and
 * the engine built from them. Adding, replacing and removing documents writes
 * the sources atomically, builds a new engine beside the live one, and swaps
 * it in only when it is complete; if anything fails, the files are put back
 * and the live engine stays as it was.
 */
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { cleanSource } from '../engine/clean.ts';
import { Engine, type OpenOptions } from '../engine/engine.ts';
import { DataDirError, EngineError, SourceError } from '../engine/errors.ts';
import type { PdfLimits } from '../engine/extract/pdf-extract.ts';
import { DEFAULT_MAX_SOURCE_BYTES, isSourceFile, readSource } from '../engine/extract/read-source.ts';
import type { CleanDocument } from '../engine/types.ts';
import { removeStaleTemps, writeFileAtomic } from '../engine/atomic-files.ts';
import { EngineHolder } from './engine-holder.ts';
import { LibraryError } from './errors.ts';
import { documentKey, freeName, sanitizeFileName } from './file-names.ts';

/** Options of {@link DocumentLibrary.open}. */
export interface DocumentLibraryOptions {
  /** Largest source file accepted, in bytes. Defaults to 20 MB, the Telegram download limit. */
  maxBytes?: number;
  /** Progress of each engine build, for terminal progress bars. Defaults to none. */
  onProgress?: OpenOptions['onProgress'];
  /** Where warnings go (recovered temp files, unreadable sources, rebuilt index). Defaults to none. */
  log?: (level: 'info' | 'warn', message: string) => void;
  /**
   * Builds the engine of the data folder after a change. Defaults to
   * `Engine.open`; a wrapper can add behaviour (tests use one to fail a build).
   */
  openEngine?: (dataDir: string, options: OpenOptions) => Promise<Engine>;
  /** Where the posting lists live (see `OpenOptions.store`). Defaults to none: in memory. */
  store?: OpenOptions['store'];
  /** Answer threads per engine (see `OpenOptions.threads`). Defaults to 0: answer in the calling thread. */
  threads?: number;
  /** Time and memory limits of reading an added PDF. Defaults to `DEFAULT_PDF_LIMITS` (pdf-extract.ts). */
  pdfLimits?: Partial<PdfLimits>;
  /**
   * Create the data folder and its `sources/` when they are missing. Defaults to false: a
   * folder that is not a data folder (a typo in DATA_DIR or --data) is refused with a
   * {@link DataDirError}; `npm run docs -- init DIR` makes one (see {@link DocumentLibrary.init}).
   */
  create?: boolean;
}

/** A file to add: a path on disk, optionally with the name it should be known by (an upload's name). */
export interface AddInput {
  /** Where the file is now. It is copied, never moved. */
  path: string;
  /** The document's file name; defaults to the file name of `path`. Sanitised either way. */
  name?: string;
}

/** Options of {@link DocumentLibrary.add}. */
export interface AddOptions {
  /** Replace a document with the same name (ignoring extension and case). Defaults to false. */
  replace?: boolean;
  /** On a name clash, keep both by numbering the new one (`报告-2.pdf`). Defaults to false. */
  keepBoth?: boolean;
  /** Abandons reading the new files (shutdown); nothing is changed then. Defaults to none. */
  signal?: AbortSignal;
}

/** What was found in a document, for the summary shown after adding it. */
export interface DocumentSummary {
  /** The file name inside `sources/`. */
  file: string;
  /** The engine's document id. */
  id: string;
  /** The title the cleaner found (or the file name). */
  title: string;
  /** The author from a byline, or null. */
  author: string | null;
  /** The year the document speaks of, or null. */
  year: number | null;
  /** Pages, for PDFs; null for text files. */
  pages: number | null;
  /** Number of sections. */
  sections: number;
  /** Number of passages (sentences) indexed. */
  passages: number;
  /** What the cleaner repaired ("doubled glyphs repaired on 13 lines"). */
  warnings: string[];
  /** The file this document replaced, or null. */
  replaced: string | null;
  /**
   * A document already in the library (or earlier in the same batch) whose
   * stored content is byte for byte the same, or null. The copy is still
   * added; callers warn that the same document is there twice.
   */
  duplicateOf: string | null;
}

/** A file that could not be added, and why. */
export interface AddFailure {
  /** The name the file was given as (path or upload name). */
  input: string;
  /** What went wrong; a {@link SourceError} or a {@link LibraryError}. */
  error: EngineError;
}

/** The outcome of {@link DocumentLibrary.add}: every input is in exactly one of the lists. */
export interface AddResult {
  added: DocumentSummary[];
  failed: AddFailure[];
}

/** One document in {@link DocumentLibrary.list}. */
export interface LibraryEntry {
  /** The file name inside `sources/`. */
  file: string;
  /** Size of the source file in bytes. */
  bytes: number;
  /** The indexed document, or null when the source could not be read (see `problem`). */
  document: DocumentSummary | null;
  /** Why the source is not indexed, or null. */
  problem: string | null;
}

/** A source staged for writing: validated, named, read into memory. */
interface Staged {
  input: string;
  name: string;
  bytes: Uint8Array;
  pages: number | null;
  /** The existing file this replaces, if any. */
  replaces: string | null;
  /** An existing or earlier staged file with the same bytes, if any. */
  duplicateOf: string | null;
}

/** Manages the documents of one data folder and the engine built from them. */
export class DocumentLibrary {
  /** The data folder. */
  readonly dataDir: string;
  /** The folder with the source files. */
  readonly sourcesDir: string;
  /** Holds the live engine; give `holder.getEngine` to whatever answers questions. */
  readonly holder: EngineHolder;
  readonly #options: DocumentLibraryOptions;
  readonly #maxBytes: number;
  /** Page counts of PDFs, remembered from when they were read. */
  readonly #pages = new Map<string, number>();
  /** Serialises changes: one add or remove at a time. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(dataDir: string, engine: Engine, options: DocumentLibraryOptions) {
    this.dataDir = dataDir;
    this.sourcesDir = join(dataDir, 'sources');
    this.holder = new EngineHolder(engine);
    this.#options = options;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  }

  /**
   * Opens the library of `dataDir`: removes temporary files a crashed writer
   * left behind and opens the engine (which loads its persisted index, or
   * rebuilds it when it is stale, partial or corrupt). A folder without
   * sources gives an empty engine, so documents can be added to it.
   */
  static async open(dataDir: string, options: DocumentLibraryOptions = {}): Promise<DocumentLibrary> {
    const sourcesDir = join(dataDir, 'sources');
    if (options.create) await mkdir(sourcesDir, { recursive: true });
    else await requireDataDir(dataDir);
    const stale = await removeStaleTemps(sourcesDir);
    if (stale.length > 0) {
      options.log?.('warn', `wenda-bot: removed ${stale.length} unfinished file(s) left in ${sourcesDir} by an interrupted write`);
    }
    const engine = await openEngine(dataDir, await listSources(sourcesDir), options);
    return new DocumentLibrary(dataDir, engine, options);
  }

  /**
   * Makes `dataDir` a data folder: creates it and its `sources/` where missing.
   * Returns false when it already was one. Throws a {@link DataDirError} when
   * the path is taken by a file.
   */
  static async init(dataDir: string): Promise<boolean> {
    const sourcesDir = join(dataDir, 'sources');
    const existed = await isFolder(sourcesDir);
    try {
      await mkdir(sourcesDir, { recursive: true });
    } catch (error) {
      throw new DataDirError(dataDir, `cannot be created (${errorMessage(error)})`);
    }
    return !existed;
  }

  /** The live engine. */
  readonly getEngine = (): Engine => this.holder.getEngine();

  /** The documents in `sources/`, sorted by file name, with what the live engine knows of them. */
  async list(): Promise<LibraryEntry[]> {
    const engine = this.holder.getEngine();
    const passages = passagesPerDocument(engine);
    const entries: LibraryEntry[] = [];
    for (const file of await listSources(this.sourcesDir)) {
      const bytes = await stat(join(this.sourcesDir, file)).then(
        (info) => info.size,
        () => 0,
      );
      const document = engine.documents.find((doc) => doc.file === file);
      const problem = engine.problems.find((entry) => entry.file === file || basename(entry.file) === file);
      entries.push({
        file,
        bytes,
        document: document ? this.#summarize(document, passages, null) : null,
        problem: document ? null : (problem?.message ?? 'not indexed yet'),
      });
    }
    return entries;
  }

  /**
   * Adds files to the library. Each file is read and cleaned first; files
   * that fail (unreadable, empty, binary, too large, corrupt or scanned PDF,
   * name clash) are reported in `failed` and change nothing. The others are
   * written to `sources/` atomically, a new engine is built and swapped in.
   * If that build fails, the written files are taken back and the live
   * engine stays; the error is then thrown.
   */
  add(inputs: readonly (string | AddInput)[], options: AddOptions = {}): Promise<AddResult> {
    return this.#exclusive(() => this.#add(inputs.map((input) => (typeof input === 'string' ? { path: input } : input)), options));
  }

  /**
   * Removes a document, given by file name or by name without extension
   * (case-insensitive), rebuilds and swaps in the engine, and returns what was
   * removed. Throws a {@link LibraryError} with code `not-found` when there is
   * no such document.
   */
  remove(name: string): Promise<DocumentSummary> {
    return this.#exclusive(() => this.#remove(name));
  }

  /** Finds a document by file name, or by name without extension, ignoring case. */
  async find(name: string): Promise<string | undefined> {
    const files = await listSources(this.sourcesDir);
    const wanted = name.trim();
    return files.find((file) => file === wanted) ?? files.find((file) => documentKey(file) === documentKey(`${wanted}.x`)) ??
      files.find((file) => documentKey(file) === documentKey(wanted));
  }

  async #add(inputs: AddInput[], options: AddOptions): Promise<AddResult> {
    await mkdir(this.sourcesDir, { recursive: true });
    const existing = await listSources(this.sourcesDir);
    const byKey = new Map(existing.map((file) => [documentKey(file), file]));
    const taken = new Set(byKey.keys());
    const staged: Staged[] = [];
    const failed: AddFailure[] = [];
    const sizes = await this.#sizes(existing);

    for (const input of inputs) {
      const display = input.name ?? basename(input.path);
      try {
        const item = await this.#stage(input, display, options, byKey, taken);
        item.duplicateOf = await this.#duplicateOf(item, sizes, staged);
        staged.push(item);
      } catch (error) {
        failed.push({ input: display, error: asEngineError(error, display) });
      }
    }
    if (staged.length === 0) return { added: [], failed };

    const engine = await this.#commit(staged, async () => {
      for (const item of staged) {
        await writeFileAtomic(join(this.sourcesDir, item.name), item.bytes);
        if (item.replaces !== null && item.replaces !== item.name) await unlink(join(this.sourcesDir, item.replaces));
      }
    });
    for (const item of staged) {
      if (item.pages === null) this.#pages.delete(item.name);
      else this.#pages.set(item.name, item.pages);
    }
    const passages = passagesPerDocument(engine);
    const added = staged.map((item) => {
      const document = engine.documents.find((doc) => doc.file === item.name);
      // The document was cleaned before writing, so the engine has it; guard anyway.
      if (!document) throw new LibraryError('build-failed', item.name, 'the new index does not contain the document');
      return { ...this.#summarize(document, passages, item.replaces), duplicateOf: item.duplicateOf };
    });
    return { added, failed };
  }

  /** The sources by size in bytes, to find byte-identical copies without reading every file. */
  async #sizes(files: string[]): Promise<Map<number, string[]>> {
    const sizes = new Map<number, string[]>();
    for (const file of files) {
      const size = await stat(join(this.sourcesDir, file)).then(
        (info) => info.size,
        () => -1,
      );
      sizes.set(size, [...(sizes.get(size) ?? []), file]);
    }
    return sizes;
  }

  /** A source (not the one `item` replaces) or an earlier staged item with exactly `item`'s bytes. */
  async #duplicateOf(item: Staged, sizes: Map<number, string[]>, staged: readonly Staged[]): Promise<string | null> {
    const same = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(item.bytes);
    for (const file of sizes.get(item.bytes.byteLength) ?? []) {
      if (file === item.replaces) continue;
      const bytes = await readFile(join(this.sourcesDir, file)).catch(() => undefined);
      if (bytes !== undefined && same(bytes)) return file;
    }
    return staged.find((earlier) => same(earlier.bytes))?.name ?? null;
  }

  /** Validates one input and decides its name; throws when it cannot be added. */
  async #stage(
    input: AddInput,
    display: string,
    options: AddOptions,
    byKey: Map<string, string>,
    taken: Set<string>,
  ): Promise<Staged> {
    let name = sanitizeFileName(display);
    const raw = await readSource(input.path, {
      maxBytes: this.#maxBytes,
      name: display,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(this.#options.pdfLimits ? { pdfLimits: this.#options.pdfLimits } : {}),
    });
    // Clean it now, so a document the cleaner cannot use never reaches sources/.
    const cleaned = cleanSource(raw, { id: stem(name), file: name });
    if (cleaned.sections.every((section) => section.paragraphs.length === 0)) {
      throw new SourceError(display, 'no text was left after cleaning');
    }
    // Text is stored as UTF-8 whatever it came in (GB18030, UTF-16, with a BOM), so
    // sources/ reads the same everywhere; PDFs are stored byte for byte.
    let bytes: Uint8Array;
    try {
      bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : await readFile(input.path);
    } catch (error) {
      throw new SourceError(display, 'the file cannot be read', { cause: error });
    }

    let replaces: string | null = null;
    const key = documentKey(name);
    const clash = byKey.get(key);
    if (taken.has(key)) {
      if (clash === undefined) {
        // Taken by another file of this same batch.
        if (!options.keepBoth) throw new LibraryError('exists', name, 'the same name was given twice');
        name = freeName(name, taken);
      } else if (options.replace) {
        replaces = clash;
      } else if (options.keepBoth) {
        name = freeName(name, taken);
      } else {
        throw new LibraryError('exists', name, `a document named "${clash}" already exists; replace it explicitly`);
      }
    }
    taken.add(documentKey(name));
    byKey.delete(key);
    return { input: display, name, bytes, pages: Array.isArray(raw) ? raw.length : null, replaces, duplicateOf: null };
  }

  async #remove(name: string): Promise<DocumentSummary> {
    const file = await this.find(name);
    if (file === undefined) throw new LibraryError('not-found', name, 'there is no such document');
    const before = this.holder.getEngine();
    const document = before.documents.find((doc) => doc.file === file);
    const summary: DocumentSummary = document
      ? this.#summarize(document, passagesPerDocument(before), null)
      : { ...emptySummary(file), pages: this.#pages.get(file) ?? null };
    await this.#commit([{ input: file, name: file, bytes: new Uint8Array(0), pages: null, replaces: file, duplicateOf: null }], () =>
      unlink(join(this.sourcesDir, file)),
    );
    this.#pages.delete(file);
    return summary;
  }

  /**
   * Applies a change to `sources/`, builds a new engine and swaps it in. On
   * any failure, restores every file the change touched (from memory, the
   * sources are at most a few files of ≤ 20 MB) and keeps the live engine.
   */
  async #commit(changes: Staged[], apply: () => Promise<void>): Promise<Engine> {
    const backups = new Map<string, Uint8Array | null>();
    for (const change of changes) {
      for (const file of [change.name, change.replaces]) {
        if (file === null || backups.has(file)) continue;
        backups.set(file, await readFile(join(this.sourcesDir, file)).catch(() => null));
      }
    }
    try {
      await apply();
      const engine = await openEngine(this.dataDir, await listSources(this.sourcesDir), this.#options);
      const broken = engine.problems.filter((problem) => changes.some((change) => problem.file === change.name || basename(problem.file) === change.name));
      if (broken.length > 0) {
        await engine.close({ now: true });
        throw new LibraryError('build-failed', broken[0]?.file ?? null, broken.map((problem) => problem.message).join('; '));
      }
      // The replaced engine keeps answering what it was already asked, then lets its threads go.
      void this.holder.swap(engine).close();
      return engine;
    } catch (error) {
      for (const [file, bytes] of backups) {
        const path = join(this.sourcesDir, file);
        if (bytes === null) await unlink(path).catch(() => undefined);
        else await writeFileAtomic(path, bytes);
      }
      this.#options.log?.('warn', `wenda-bot: the change to ${this.sourcesDir} failed and was undone: ${errorMessage(error)}`);
      if (error instanceof LibraryError) throw error;
      throw new LibraryError('build-failed', null, `building the new index failed; nothing was changed (${errorMessage(error)})`, {
        cause: error,
      });
    }
  }

  #summarize(document: CleanDocument, passages: Map<string, number>, replaced: string | null): DocumentSummary {
    return {
      file: document.file,
      id: document.id,
      title: document.title,
      author: document.author,
      year: document.year,
      pages: this.#pages.get(document.file) ?? maxPage(document),
      sections: document.sections.length,
      passages: passages.get(document.id) ?? 0,
      warnings: [...document.warnings],
      replaced,
      duplicateOf: null,
    };
  }

  /** Runs `task` after every earlier change has finished. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

/** Whether `path` is a folder. */
async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

/** Refuses a path that is not a data folder: missing, not a folder, or without `sources/`. */
async function requireDataDir(dataDir: string): Promise<void> {
  const info = await stat(dataDir).catch(() => undefined);
  if (info === undefined) throw new DataDirError(dataDir, 'data folder does not exist');
  if (!info.isDirectory()) throw new DataDirError(dataDir, 'is not a folder');
  if (!(await isFolder(join(dataDir, 'sources')))) throw new DataDirError(dataDir, 'has no sources/ folder with documents');
}

/** Source files in `dir`, sorted; hidden and temporary files are not sources. */
async function listSources(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && isSourceFile(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

async function openEngine(dataDir: string, sources: string[], options: DocumentLibraryOptions): Promise<Engine> {
  if (sources.length === 0) return Engine.fromDocuments([]);
  const openOptions: OpenOptions = {};
  if (options.onProgress) openOptions.onProgress = options.onProgress;
  if (options.log) openOptions.log = options.log;
  if (options.store) openOptions.store = options.store;
  if (options.threads) openOptions.threads = options.threads;
  return (options.openEngine ?? ((dir, opts) => Engine.open(dir, opts)))(dataDir, openOptions);
}

/** Counts passages per document id by walking the engine's passages. */
function passagesPerDocument(engine: Engine): Map<string, number> {
  const counts = new Map<string, number>();
  const total = engine.stats().passages;
  // Passage ids are 0 … passages − 1 (see Engine.passage).
  for (let id = 0; id < total; id++) {
    const passage = engine.passage(id);
    if (!passage) continue;
    counts.set(passage.documentId, (counts.get(passage.documentId) ?? 0) + 1);
  }
  return counts;
}

function maxPage(document: CleanDocument): number | null {
  let max = 0;
  for (const section of document.sections) for (const page of section.pages ?? []) max = Math.max(max, page);
  return max > 0 ? max : null;
}

function emptySummary(file: string): DocumentSummary {
  return { file, id: stem(file), title: file, author: null, year: null, pages: null, sections: 0, passages: 0, warnings: [], replaced: null, duplicateOf: null };
}

function stem(file: string): string {
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

function asEngineError(error: unknown, file: string): EngineError {
  if (error instanceof EngineError) return error;
  return new SourceError(file, errorMessage(error), { cause: error });
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
