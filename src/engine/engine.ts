/**
 * The engine facade: opens a data folder (loading its persisted index when
 * the sources are unchanged, otherwise cleaning and indexing them) and
 * answers questions. It knows nothing of Telegram.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Answer, Candidate, CleanDocument, EngineStats, Section } from './types.ts';
import { answer, answerFromStore, type AnswerOptions } from './answer.ts';
import { AnswerPool } from './answer-pool.ts';
import { writeFileAtomic } from './atomic-files.ts';
import { cleanSource } from './clean.ts';
import { DataDirError, EngineError, SourceError } from './errors.ts';
import { isSourceFile, readSource } from './extract/read-source.ts';
import type { IndexStore, PostingSource } from './index-store.ts';
import { PassageIndex } from './index.ts';

/**
 * Bumped whenever cleaning, tokens or the index layout change, so persisted
 * indexes built by older code are rebuilt rather than trusted.
 */
/** The engine files that decide what is persisted: extraction, cleaning, sentences, tokens, layout. */
const INDEX_SHAPING = ['clean.ts', 'engine.ts', 'index.ts', 'script.ts', 'script-tables.json', 'sentences.ts', 'tokenize.ts', 'types.ts'];

export const ENGINE_FORMAT = `wenda-engine-1-${engineCodeHash()}`;

/**
 * A hash of the engine code that shapes the persisted index, so an index
 * built by other cleaning or tokenising code is never loaded as if it were
 * current (ranking code may change freely).
 */
function engineCodeHash(): string {
  const dir = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  const extract = join(dir, 'extract');
  const files = [
    ...INDEX_SHAPING.map((n) => join(dir, n)),
    ...(existsSync(extract) ? readdirSync(extract).sort().map((n) => join(extract, n)) : []),
  ];
  for (const file of files) {
    if (existsSync(file)) hash.update(basename(file)).update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 12);
}

/** Sentence bounds saved beside the index (little-endian int32). */
const LAYOUT_FILE = 'layout.i32';

/** Reads little-endian int32 numbers from bytes (copied: a Buffer's offset need not be aligned). */
function bytesToInt32(bytes: Uint8Array): Int32Array {
  if (bytes.byteLength % 4 !== 0) throw new EngineError('the saved sentence layout is truncated');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Int32Array(copy.buffer);
}

/** A progress event during a build. */
export interface ProgressEvent {
  phase: 'clean' | 'index';
  done: number;
  total: number;
}

/** A source that could not be read or cleaned. */
export interface SourceProblem {
  /** The file name inside `sources/`. */
  file: string;
  /** What went wrong. */
  message: string;
}

/** Options for `Engine.open`. */
export interface OpenOptions {
  /** Called during a build, for progress bars. */
  onProgress?: (event: ProgressEvent) => void;
  /** Rebuild even when a fresh persisted index exists. Default false. */
  rebuild?: boolean;
  /** Where notices go (a corrupt index, a folder that cannot be written). Default: nowhere. Sources that fail are in `Engine.problems`. */
  log?: (level: 'info' | 'warn', message: string) => void;
  /** Write `sections.json` and the index after a build. Default true; read-only folders are tolerated. */
  persist?: boolean;
  /**
   * Keep the posting lists in this store (Redis, see redis-store.ts) instead
   * of in memory. The store holds one build per engine version and sources,
   * shared by every instance that uses it; each instance keeps only the
   * documents and their sentences. Default: none (the index lives in memory).
   */
  store?: IndexStore;
  /**
   * Answer in this many worker threads (see answer-pool.ts) instead of the
   * calling thread: each thread loads the persisted index, this thread keeps
   * only the documents and sentences. Default 0 (answer in this thread).
   * Not combined with `store`.
   */
  threads?: number;
}

/** Where an engine's posting lists are when they are not in memory. */
export interface StoreBinding {
  /** The store's location (no password). */
  location: string;
  /** The namespace of this build in the store. */
  namespace: string;
  /** Whether this engine built the namespace ('built') or found it ('found'). */
  outcome: 'found' | 'built';
  source: PostingSource;
}

interface SectionsFile {
  format: string;
  sourcesHash: string;
  documents: CleanDocument[];
  problems: SourceProblem[];
}

interface IndexPointer {
  format: string;
  sourcesHash: string;
  dir: string;
  keys: string[];
  /** Size, modification time and hash of each source, so the next start reads only changed files. */
  files?: Record<string, FileDigest>;
}

async function listSources(dataDir: string): Promise<string[]> {
  const dir = join(dataDir, 'sources');
  if (!existsSync(dataDir)) throw new DataDirError(dataDir, 'data folder does not exist');
  if (!existsSync(dir)) throw new DataDirError(dataDir, 'has no sources/ folder with documents');
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.') && isSourceFile(n)).sort();
  if (names.length === 0) throw new DataDirError(dataDir, 'sources/ has no .txt, .md or .pdf documents');
  return names;
}

/** What is known of one source file: size and modification time, and the hash of its bytes. */
type FileDigest = [size: number, mtimeMs: number, sha: string];

/**
 * The content hash of all sources. A file whose size and modification time
 * match the previous build's record keeps its recorded hash; only new or
 * changed files are read (10,000 sources: 40 ms instead of 3 s).
 */
function hashSources(dataDir: string, names: string[], known: Record<string, FileDigest> = {}): { hash: string; files: Record<string, FileDigest> } {
  const hash = createHash('sha256').update(ENGINE_FORMAT);
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

/** The pointer to the persisted index, or null when there is none or it cannot be read. */
function readPointer(dataDir: string): IndexPointer | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'index', 'current.json'), 'utf8')) as IndexPointer;
  } catch {
    return null;
  }
}

/** The saved sentence layout of a persisted index, if it has one. */
async function readLayout(dataDir: string, pointer: IndexPointer): Promise<Int32Array | undefined> {
  const path = join(dataDir, 'index', pointer.dir, LAYOUT_FILE);
  return existsSync(path) ? bytesToInt32(await readFile(path)) : undefined;
}

/** Reads and cleans every source; a source that fails becomes a problem, not an error. */
async function cleanSources(dataDir: string, names: string[], options: OpenOptions): Promise<{ documents: CleanDocument[]; problems: SourceProblem[] }> {
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

/** The cleaned documents of `sections.json` when they were made from these sources by this engine, else null. */
async function readSections(dataDir: string, sourcesHash: string): Promise<SectionsFile | null> {
  let sections: SectionsFile;
  try {
    sections = JSON.parse(await readFile(join(dataDir, 'sections.json'), 'utf8')) as SectionsFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return sections.format === ENGINE_FORMAT && sections.sourcesHash === sourcesHash ? sections : null;
}

async function writeSections(dataDir: string, sections: SectionsFile): Promise<void> {
  await writeFileAtomic(join(dataDir, 'sections.json'), `${JSON.stringify(sections, null, 2)}\n`);
}

/** Answers questions about the documents of one data folder. */
export class Engine {
  /** The cleaned documents. */
  readonly documents: readonly CleanDocument[];
  /** Sources that could not be read or cleaned. */
  readonly problems: readonly SourceProblem[];
  /** Content hash of the sources this engine was built from, or null when built in memory. */
  readonly sourcesHash: string | null;
  /** The passage index (sentences, paragraphs, FlexSearch). */
  readonly index: PassageIndex;
  /** The store that holds the posting lists, or null when they are in memory. */
  readonly store: StoreBinding | null;
  /** The threads that answer, or null when `answer` runs in this thread. */
  readonly #pool: AnswerPool | null;
  /** Digests of the sources this engine was built from (persisted with the index). */
  private files: Record<string, FileDigest> = {};

  private constructor(
    index: PassageIndex,
    problems: readonly SourceProblem[],
    sourcesHash: string | null,
    store: StoreBinding | null = null,
    pool: AnswerPool | null = null,
  ) {
    this.index = index;
    this.documents = index.documents;
    this.problems = problems;
    this.sourcesHash = sourcesHash;
    this.store = store;
    this.#pool = pool;
  }

  /** How many worker threads answer (0: `answer` runs in this thread). */
  get threads(): number {
    return this.#pool?.size ?? 0;
  }

  /** Builds an in-memory engine from already cleaned documents. */
  static fromDocuments(documents: CleanDocument[], options: Pick<OpenOptions, 'onProgress'> = {}): Engine {
    const index = PassageIndex.build(documents, {
      onProgress: (done, total) => options.onProgress?.({ phase: 'index', done, total }),
    });
    return new Engine(index, [], null);
  }

  /**
   * Opens a data folder: loads its persisted index when it matches the
   * sources, otherwise cleans every source, builds the index and persists it.
   * Sources that fail are reported in `problems`; the others are indexed.
   */
  static async open(dataDir: string, options: OpenOptions = {}): Promise<Engine> {
    const log = options.log ?? (() => {});
    const names = await listSources(dataDir);
    const previous = readPointer(dataDir);
    const { hash: sourcesHash, files } = hashSources(dataDir, names, previous?.format === ENGINE_FORMAT ? previous.files : {});
    if (options.store) return Engine.openWithStore(dataDir, names, sourcesHash, options.store, options);
    if ((options.threads ?? 0) > 0) return Engine.openWithThreads(dataDir, sourcesHash, previous, options);
    if (!options.rebuild) {
      const loaded = await Engine.load(dataDir, sourcesHash, previous, log);
      if (loaded) return loaded;
    }
    const { documents, problems } = await cleanSources(dataDir, names, options);
    const index = PassageIndex.build(documents, {
      onProgress: (done, total) => options.onProgress?.({ phase: 'index', done, total }),
    });
    const engine = new Engine(index, problems, sourcesHash);
    engine.files = files;
    if (options.persist !== false) {
      try {
        await engine.persist(dataDir);
      } catch (error) {
        log('warn', `wenda-bot: could not write the built index to ${dataDir} (${(error as Error).message}); answering from memory`);
      }
    }
    return engine;
  }

  /**
   * Opens a data folder whose posting lists live in a store: the documents
   * come from `sections.json` when it matches the sources (else they are
   * cleaned and it is written), the index is built in the store only when
   * no instance has built it yet.
   */
  private static async openWithStore(dataDir: string, names: string[], sourcesHash: string, store: IndexStore, options: OpenOptions): Promise<Engine> {
    const log = options.log ?? (() => {});
    let sections: SectionsFile | null = null;
    if (!options.rebuild) {
      sections = await readSections(dataDir, sourcesHash).catch((error: Error) => {
        log('warn', `wenda-bot: ${join(dataDir, 'sections.json')} is corrupt or partial (${error.message}); cleaning the sources again`);
        return null;
      });
    }
    if (!sections) {
      const { documents, problems } = await cleanSources(dataDir, names, options);
      sections = { format: ENGINE_FORMAT, sourcesHash, documents, problems };
      if (options.persist !== false) {
        try {
          await writeSections(dataDir, sections);
        } catch (error) {
          log('warn', `wenda-bot: could not write ${join(dataDir, 'sections.json')} (${(error as Error).message}); the documents stay in memory`);
        }
      }
    }
    const index = PassageIndex.withoutPostings(sections.documents);
    const namespace = `${ENGINE_FORMAT}-${sourcesHash}`;
    const outcome = await store.ensure(namespace, {
      size: index.size,
      records: () => index.records(),
      onProgress: (done, total) => options.onProgress?.({ phase: 'index', done, total }),
    });
    const binding: StoreBinding = { location: store.location, namespace, outcome, source: store.reader(namespace) };
    return new Engine(index, sections.problems, sourcesHash, binding);
  }

  /**
   * Opens a data folder whose questions are answered in worker threads: the
   * persisted index is made current here (built and written when it is not),
   * the threads load it, and this thread keeps the documents and sentences.
   * When the index cannot be persisted or a thread cannot start, answers
   * stay in this thread.
   */
  private static async openWithThreads(dataDir: string, sourcesHash: string, pointer: IndexPointer | null, options: OpenOptions): Promise<Engine> {
    const log = options.log ?? (() => {});
    const inThisThread = { ...options, threads: 0 };
    let built: Engine | null = null;
    if (options.rebuild || pointer?.format !== ENGINE_FORMAT || pointer.sourcesHash !== sourcesHash) {
      built = await Engine.open(dataDir, { ...inThisThread, persist: true });
      pointer = readPointer(dataDir);
      if (pointer?.format !== ENGINE_FORMAT || pointer.sourcesHash !== sourcesHash) {
        log('warn', `wenda-bot: the index of ${dataDir} could not be persisted for the answer threads; answering in the main thread`);
        return built;
      }
    }
    try {
      let documents: CleanDocument[];
      let problems: readonly SourceProblem[];
      if (built) {
        documents = [...built.documents];
        problems = built.problems;
      } else {
        const sections = await readSections(dataDir, sourcesHash);
        if (!sections) throw new EngineError('sections.json does not match the persisted index');
        documents = sections.documents;
        problems = sections.problems;
      }
      // This thread needs no posting lists; the one just built is left to the garbage collector.
      built = null;
      const index = PassageIndex.withoutPostings(documents, await readLayout(dataDir, pointer));
      const pool = await AnswerPool.start({ dataDir, sourcesHash, threads: options.threads ?? 1, log });
      return new Engine(index, problems, sourcesHash, null, pool);
    } catch (error) {
      log('warn', `wenda-bot: ${(error as Error).message.replace(/^wenda-bot: /, '')}; answering in the main thread`);
      // The index is persisted and current by now: load it rather than build it again.
      return Engine.open(dataDir, { ...inThisThread, rebuild: false });
    }
  }

  private static async load(
    dataDir: string,
    sourcesHash: string,
    pointer: IndexPointer | null,
    log: (level: 'info' | 'warn', message: string) => void,
  ): Promise<Engine | null> {
    if (!pointer) {
      // A pointer file that exists but could not be read is a crash's leftover.
      if (existsSync(join(dataDir, 'index', 'current.json'))) {
        log('warn', `wenda-bot: the built index in ${dataDir} is corrupt or partial (unreadable current.json); rebuilding from sources`);
      }
      return null;
    }
    try {
      if (pointer.format !== ENGINE_FORMAT || pointer.sourcesHash !== sourcesHash) return null;
      const sections = await readSections(dataDir, sourcesHash);
      if (!sections) return null;
      const data: Record<string, string> = {};
      for (const key of pointer.keys) {
        data[key] = await readFile(join(dataDir, 'index', pointer.dir, `${encodeURIComponent(key)}.json`), 'utf8');
      }
      const index = PassageIndex.fromExport(sections.documents, data, await readLayout(dataDir, pointer));
      return new Engine(index, sections.problems, sourcesHash);
    } catch (error) {
      log('warn', `wenda-bot: the built index in ${dataDir} is corrupt or partial (${(error as Error).message}); rebuilding from sources`);
      return null;
    }
  }

  /** Writes `sections.json` and the index files atomically; the pointer is written last. */
  async persist(dataDir: string): Promise<void> {
    if (!this.sourcesHash) throw new EngineError('an in-memory engine has no sources to persist');
    if (this.store || this.#pool) throw new EngineError('an engine whose index is in a store or in answer threads has no index here to persist');
    await writeSections(dataDir, {
      format: ENGINE_FORMAT,
      sourcesHash: this.sourcesHash,
      documents: [...this.documents],
      problems: [...this.problems],
    });
    const indexDir = join(dataDir, 'index');
    await mkdir(indexDir, { recursive: true });
    const dirName = `${this.sourcesHash}-${process.pid}-${Date.now().toString(36)}`;
    const tmpDir = join(indexDir, `${dirName}.tmp`);
    await mkdir(tmpDir, { recursive: true });
    const data = this.index.exportData();
    for (const [key, value] of Object.entries(data)) {
      await writeFile(join(tmpDir, `${encodeURIComponent(key)}.json`), value);
    }
    const layout = this.index.exportLayout();
    await writeFile(join(tmpDir, LAYOUT_FILE), new Uint8Array(layout.buffer, layout.byteOffset, layout.byteLength));
    await rename(tmpDir, join(indexDir, dirName));
    const pointer: IndexPointer = {
      format: ENGINE_FORMAT,
      sourcesHash: this.sourcesHash,
      dir: dirName,
      keys: Object.keys(data),
      files: this.files,
    };
    await writeFileAtomic(join(indexDir, 'current.json'), JSON.stringify(pointer));
    // Older builds are garbage now; a reader that still holds one has already loaded it.
    for (const entry of await readdir(indexDir)) {
      if (entry !== dirName && entry !== 'current.json' && !entry.startsWith('current.json.tmp')) {
        await rm(join(indexDir, entry), { recursive: true, force: true });
      }
    }
  }

  /**
   * Answers a question from the in-memory index: the best passage and
   * figure, alternatives, or found=false.
   *
   * @throws {EngineError} when the index is in a store; use `ask` there.
   */
  answer(question: string, options?: AnswerOptions): Answer {
    if (this.store) throw new EngineError(`the index is in ${this.store.location}; answer with ask()`);
    if (this.#pool) throw new EngineError('questions are answered in worker threads; answer with ask()');
    return answer(this.index, question, options);
  }

  /** Answers a question wherever the index is: in memory, in answer threads, or in a store such as Redis. */
  async ask(question: string, options?: AnswerOptions): Promise<Answer> {
    if (this.store) return answerFromStore(this.index, this.store.source, question, options);
    if (this.#pool) return this.#pool.ask(question, options);
    return answer(this.index, question, options);
  }

  /**
   * Releases what the engine holds beyond memory: its answer threads, after
   * a grace period for questions already on their way (`now` skips it).
   */
  async close(options: { now?: boolean } = {}): Promise<void> {
    await this.#pool?.close(options);
  }

  /** Counts of what is loaded. */
  stats(): EngineStats {
    return {
      documents: this.documents.length,
      sections: this.documents.reduce((n, d) => n + d.sections.length, 0),
      passages: this.index.passages.length,
    };
  }

  /** A section by document id and index. */
  section(documentId: string, sectionIndex: number): { document: CleanDocument; section: Section } | undefined {
    const document = this.documents.find((d) => d.id === documentId);
    const section = document?.sections[sectionIndex];
    return document && section ? { document, section } : undefined;
  }

  /** A passage by id, with its source (figure null). */
  passage(passageId: number): Candidate | undefined {
    const passage = this.index.passages[passageId];
    if (!passage) return undefined;
    const para = this.index.paragraphs[passage.paragraph]!;
    const doc = this.documents[para.doc]!;
    return {
      passageId,
      passage: passage.text,
      figure: null,
      score: 0,
      documentId: doc.id,
      document: doc.title,
      section: doc.sections[para.section]!.title,
      sectionIndex: para.section,
      page: para.page,
    };
  }
}
