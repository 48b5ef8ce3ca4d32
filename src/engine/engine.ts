/**
 * The engine facade: opens a data folder (loading its persisted index when
 * the sources are unchanged and every file checks out, otherwise cleaning and
 * indexing them and saving the build) and answers questions — in this thread,
 * in answer threads, or with the posting lists in a store — always through
 * the one answering pipeline of answer.ts. It knows nothing of Telegram.
 */
import type { Answer, Candidate, CleanDocument, EngineStats, Section } from './types.ts';
import type { AnswerContext, AnswerOptions } from './answer.ts';
import { AnswerPool } from './answer-pool.ts';
import { answerAny } from './compare.ts';
import { CorpusModel } from './document-model.ts';
import { EngineError } from './errors.ts';
import type { IndexStore } from './index-store.ts';
import { PassageIndex } from './index.ts';
import {
  ENGINE_FORMAT, IndexCorruptError, type IndexPointer, type SectionsFile, readIndex, readPointer, readSections, sectionsChecksum, verifyIndex, writeIndex,
  writeSections,
} from './persist.ts';
import { PostingLists } from './postings.ts';
import { MemoryRetrieval, type Retrieval } from './retrieval.ts';
import { type FileDigest, type ProgressEvent, type SourceProblem, cleanSources, hashSources, listSources } from './sources.ts';

export { ENGINE_FORMAT } from './persist.ts';
export type { ProgressEvent, SourceProblem } from './sources.ts';

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
}

/** Who answers: the pipeline in this thread over some retrieval, or answer threads running it. */
interface Answerer {
  ask(question: string, options?: AnswerOptions): Promise<Answer>;
  close(options: { now?: boolean }): Promise<void>;
}

function localAnswerer(ctx: AnswerContext, retrieval: Retrieval): Answerer {
  return { ask: (question, options) => answerAny(ctx, retrieval, question, options), close: async () => {} };
}

/** What `Engine`'s constructor takes. */
interface EngineParts {
  index: PassageIndex;
  model: CorpusModel;
  problems: readonly SourceProblem[];
  sourcesHash: string | null;
  answerer?: Answerer;
  postings?: PostingLists;
  store?: StoreBinding;
  files?: Record<string, FileDigest>;
}

function modelOf(index: PassageIndex): CorpusModel {
  return new CorpusModel(index.documents, () => index.passages.map((p) => p.text));
}

/** Answers questions about the documents of one data folder. */
export class Engine {
  /** The cleaned documents. */
  readonly documents: readonly CleanDocument[];
  /** Sources that could not be read or cleaned. */
  readonly problems: readonly SourceProblem[];
  /** Content hash of the sources this engine was built from, or null when built in memory. */
  readonly sourcesHash: string | null;
  /** The paragraphs and sentences. */
  readonly index: PassageIndex;
  /** What answering knows of the documents: entities, times, terms. */
  readonly model: CorpusModel;
  /** The store that holds the posting lists, or null when they are in this process or in answer threads. */
  readonly store: StoreBinding | null;
  readonly #answerer: Answerer;
  readonly #postings: PostingLists | null;
  readonly #pool: AnswerPool | null;
  /** Digests of the sources this engine was built from (persisted with the index). */
  readonly #files: Record<string, FileDigest>;

  private constructor(parts: EngineParts) {
    this.index = parts.index;
    this.documents = parts.index.documents;
    this.model = parts.model;
    this.problems = parts.problems;
    this.sourcesHash = parts.sourcesHash;
    this.store = parts.store ?? null;
    this.#postings = parts.postings ?? null;
    this.#files = parts.files ?? {};
    if (parts.answerer) this.#answerer = parts.answerer;
    else if (parts.postings) this.#answerer = localAnswerer(parts, new MemoryRetrieval(parts.postings));
    else throw new EngineError('an engine needs posting lists or an answerer');
    this.#pool = this.#answerer instanceof AnswerPool ? this.#answerer : null;
  }

  /** How many worker threads answer (0: questions are answered in this thread). */
  get threads(): number {
    return this.#pool?.size ?? 0;
  }

  /** Builds an in-memory engine from already cleaned documents. */
  static fromDocuments(documents: CleanDocument[], options: Pick<OpenOptions, 'onProgress'> = {}): Engine {
    return Engine.#build(documents, [], null, {}, options);
  }

  static #build(documents: CleanDocument[], problems: SourceProblem[], sourcesHash: string | null, files: Record<string, FileDigest>, options: Pick<OpenOptions, 'onProgress'>): Engine {
    const index = new PassageIndex(documents);
    const model = modelOf(index);
    const postings = PostingLists.build(index.records(model, (done, total) => options.onProgress?.({ phase: 'index', done, total })));
    return new Engine({ index, model, problems, sourcesHash, postings, files });
  }

  /**
   * Opens a data folder: loads its persisted index when it matches the
   * sources, otherwise cleans every source, builds the index and persists it.
   * Sources that fail are reported in `problems`; the others are indexed.
   */
  static async open(dataDir: string, options: OpenOptions = {}): Promise<Engine> {
    const log = options.log ?? (() => {});
    const names = await listSources(dataDir);
    const pointer = Engine.#pointer(dataDir, log);
    const { hash: sourcesHash, files } = hashSources(dataDir, names, ENGINE_FORMAT, pointer?.format === ENGINE_FORMAT ? pointer.files : {});
    if (options.store) return Engine.#openWithStore(dataDir, names, sourcesHash, options.store, options);
    if ((options.threads ?? 0) > 0) return Engine.#openWithThreads(dataDir, sourcesHash, pointer, options);
    if (!options.rebuild && pointer) {
      const loaded = await Engine.#load(dataDir, sourcesHash, pointer, log);
      if (loaded) return loaded;
    }
    const { documents, problems } = await cleanSources(dataDir, names, options);
    const engine = Engine.#build(documents, problems, sourcesHash, files, options);
    if (options.persist !== false) {
      try {
        await engine.persist(dataDir);
      } catch (error) {
        log('warn', `wenda-bot: could not write the built index to ${dataDir} (${(error as Error).message}); answering from memory`);
      }
    }
    return engine;
  }

  /** The pointer to the persisted build; null (with one log line when it was damaged) when there is none to use. */
  static #pointer(dataDir: string, log: NonNullable<OpenOptions['log']>): IndexPointer | null {
    try {
      return readPointer(dataDir);
    } catch (error) {
      log('warn', `${(error as Error).message}; rebuilding from sources`);
      return null;
    }
  }

  /** The persisted build when it is current and every file checks out; null (with one log line when damaged) otherwise. */
  static async #load(dataDir: string, sourcesHash: string, pointer: IndexPointer, log: NonNullable<OpenOptions['log']>): Promise<Engine | null> {
    if (pointer.format !== ENGINE_FORMAT || pointer.sourcesHash !== sourcesHash) return null;
    try {
      const sections = await readSections(dataDir, sourcesHash, sectionsChecksum(pointer));
      if (!sections) throw new IndexCorruptError(`${dataDir}/sections.json`, 'older than the index');
      const { postings, layout } = await readIndex(dataDir, pointer);
      const index = new PassageIndex(sections.documents, layout);
      if (index.size !== pointer.paragraphs) throw new IndexCorruptError(`${dataDir}/index`, 'paragraph count differs');
      return new Engine({ index, model: modelOf(index), problems: sections.problems, sourcesHash, postings, files: pointer.files });
    } catch (error) {
      log('warn', `${(error as Error).message.replace(/^wenda-bot: /, 'wenda-bot: ')}; rebuilding from sources`);
      return null;
    }
  }

  /**
   * Opens a data folder whose posting lists live in a store: the documents
   * come from `sections.json` when it matches the sources (else they are
   * cleaned and it is written), the index is built in the store only when
   * no instance has built it yet.
   */
  static async #openWithStore(dataDir: string, names: string[], sourcesHash: string, store: IndexStore, options: OpenOptions): Promise<Engine> {
    const log = options.log ?? (() => {});
    let sections: SectionsFile | null = null;
    if (!options.rebuild) {
      sections = await readSections(dataDir, sourcesHash).catch((error: Error) => {
        log('warn', `${error.message}; cleaning the sources again`);
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
          log('warn', `wenda-bot: could not write ${dataDir}/sections.json (${(error as Error).message}); the documents stay in memory`);
        }
      }
    }
    const index = new PassageIndex(sections.documents);
    const model = modelOf(index);
    const namespace = `${ENGINE_FORMAT}-${sourcesHash}`;
    const outcome = await store.ensure(namespace, {
      size: index.size,
      records: () => index.records(model),
      onProgress: (done, total) => options.onProgress?.({ phase: 'index', done, total }),
    });
    const binding: StoreBinding = { location: store.location, namespace, outcome };
    return new Engine({ index, model, problems: sections.problems, sourcesHash, store: binding, answerer: localAnswerer({ index, model }, store.reader(namespace)) });
  }

  /**
   * Opens a data folder whose questions are answered in worker threads: the
   * persisted index is made current and checked here (built and written when
   * it is not), the threads load it, and this thread keeps the documents and
   * sentences. When the index cannot be persisted or a thread cannot start,
   * answers stay in this thread.
   */
  static async #openWithThreads(dataDir: string, sourcesHash: string, pointer: IndexPointer | null, options: OpenOptions): Promise<Engine> {
    const log = options.log ?? (() => {});
    const inThisThread = { ...options, threads: 0 };
    let current = pointer?.format === ENGINE_FORMAT && pointer.sourcesHash === sourcesHash && !options.rebuild ? pointer : null;
    let sections: SectionsFile | null = null;
    if (current) {
      try {
        sections = await readSections(dataDir, sourcesHash, sectionsChecksum(current));
        await verifyIndex(dataDir, current);
      } catch (error) {
        log('warn', `${(error as Error).message}; rebuilding from sources`);
        current = null;
      }
    }
    if (!current || !sections) {
      const built = await Engine.open(dataDir, { ...inThisThread, rebuild: true, persist: true });
      current = Engine.#pointer(dataDir, log);
      if (current?.format !== ENGINE_FORMAT || current.sourcesHash !== sourcesHash) {
        log('warn', `wenda-bot: the index of ${dataDir} could not be persisted for the answer threads; answering in the main thread`);
        return built;
      }
      sections = { format: ENGINE_FORMAT, sourcesHash, documents: [...built.documents], problems: [...built.problems] };
    }
    try {
      const index = new PassageIndex(sections.documents, (await readIndex(dataDir, current)).layout);
      const pool = await AnswerPool.start({ dataDir, sourcesHash, threads: options.threads ?? 1, log });
      return new Engine({ index, model: modelOf(index), problems: sections.problems, sourcesHash, answerer: pool });
    } catch (error) {
      log('warn', `wenda-bot: ${(error as Error).message.replace(/^wenda-bot: /, '')}; answering in the main thread`);
      // The index is persisted and current by now: load it rather than build it again.
      return Engine.open(dataDir, inThisThread);
    }
  }

  /** Writes `sections.json` and the index files atomically; the pointer is written last. */
  async persist(dataDir: string): Promise<void> {
    if (!this.sourcesHash) throw new EngineError('an in-memory engine has no sources to persist');
    if (!this.#postings) throw new EngineError('an engine whose index is in a store or in answer threads has no index here to persist');
    await writeIndex(
      dataDir,
      { format: ENGINE_FORMAT, sourcesHash: this.sourcesHash, documents: [...this.documents], problems: [...this.problems] },
      { postings: this.#postings, layout: this.index.exportLayout(), paragraphs: this.index.size, sources: this.#files },
    );
  }

  /** Answers a question wherever the index is: in memory, in answer threads, or in a store such as Redis. */
  ask(question: string, options?: AnswerOptions): Promise<Answer> {
    return this.#answerer.ask(question, options);
  }

  /**
   * Releases what the engine holds beyond memory: its answer threads, after
   * a grace period for questions already on their way (`now` skips it).
   */
  async close(options: { now?: boolean } = {}): Promise<void> {
    await this.#answerer.close(options);
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
    const row = doc.sections[para.section]!.rows?.[para.index];
    return {
      passageId,
      passage: passage.text,
      figure: null,
      ...(row ? { row } : {}),
      score: 0,
      documentId: doc.id,
      document: doc.title,
      section: doc.sections[para.section]!.title,
      sectionIndex: para.section,
      page: para.page,
    };
  }
}
