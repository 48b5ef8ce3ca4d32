/**
 * Shared pieces of the command-line tools: argument parsing, opening the
 * engine with progress on a terminal, and error reporting to stderr.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Engine, type ProgressEvent } from '../engine/engine.ts';
import { describeDataDir, describeProblem, needsInit, skippedSourcesLines } from '../docs/messages.ts';
import { DataDirError, EngineError } from '../engine/errors.ts';
import { RedisIndexStore } from '../engine/redis-store.ts';

/** The default data folder, relative to the working directory. */
export const DEFAULT_DATA_DIR = process.env.DATA_DIR ?? 'index-data';

/** A progress line on stderr, only when stderr is a terminal; quiet in pipes and CI. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ((event: ProgressEvent) => void) & { done(): void } {
  const enabled = Boolean(stream.isTTY) && !process.env.CI;
  let last = 0;
  let shown = false;
  const report = (event: ProgressEvent): void => {
    if (!enabled) return;
    const now = Date.now();
    if (now - last < 100 && event.done !== event.total) return;
    last = now;
    const label = event.phase === 'clean' ? '清理文档' : '建立索引';
    stream.write(`\r${label} ${event.done}/${event.total}`.padEnd(40));
    shown = true;
  };
  return Object.assign(report, {
    done(): void {
      if (enabled && shown) stream.write('\r'.padEnd(41) + '\r');
    },
  });
}

/** Closed when the command ends (`run`), such as the index store's connection. */
const cleanups: (() => Promise<void>)[] = [];

/** Options of {@link openEngine}. */
export interface OpenEngineOptions {
  /** Clean and index again even when a current build exists. */
  rebuild?: boolean;
  /** Redis URL of the index store; defaults to `INDEX_STORE` (unset: the index is in memory). */
  store?: string | undefined;
}

/** Opens the engine for a data folder, with progress and problems on stderr. */
export async function openEngine(dataDir: string, options: OpenEngineOptions = {}): Promise<Engine> {
  const progress = progressReporter();
  const log = (_level: 'info' | 'warn', message: string): void => {
    progress.done();
    process.stderr.write(`${message}\n`);
  };
  const url = options.store ?? (process.env.INDEX_STORE?.trim() || undefined);
  let store: RedisIndexStore | undefined;
  if (url) {
    store = await RedisIndexStore.connect(url, { log });
    cleanups.push(() => store!.close());
  }
  let engine: Engine;
  try {
    engine = await Engine.open(dataDir, { rebuild: options.rebuild, onProgress: progress, log, store });
  } finally {
    progress.done();
  }
  // Said on every run, not only when the sources are cleaned: a skipped file stays skipped until fixed.
  for (const line of skippedSourcesLines(engine.problems)) process.stderr.write(`${line}\n`);
  return engine;
}

/**
 * Parses arguments, exiting with a usage message on unknown options. Every
 * command takes `--help`/`-h`: the usage on stdout, exit 0.
 */
export function parseCli<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  const withHelp = { ...config, options: { ...config.options, help: { type: 'boolean', short: 'h', default: false } } } as T;
  let parsed: ReturnType<typeof parseArgs<T>>;
  try {
    parsed = parseArgs(withHelp);
  } catch (error) {
    process.stderr.write(`参数有误：${(error as Error).message}\n\n${usage}\n`);
    process.exit(2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return parsed;
}

/** What to do about a data folder that cannot be used. */
export function dataDirHint(error: DataDirError): string {
  return needsInit(error)
    ? `用 npm run docs -- init ${error.dir} 创建数据文件夹，再用 npm run docs -- add 文件 --data ${error.dir} 添加文档。`
    : `用 npm run docs -- add 文件 --data ${error.dir} 添加文档。`;
}

/** The Chinese message for a known error on stderr: what went wrong and, for a data folder, what to do. */
export function errorText(error: EngineError): string {
  if (error instanceof DataDirError) return `错误：${describeDataDir(error)}\n${dataDirHint(error)}\n`;
  return `错误：${describeProblem(error)}\n`;
}

/** Runs a CLI main function: errors go to stderr with a non-zero exit code, never a stack trace for known errors. */
export function run(main: () => Promise<number | void>): void {
  const finish = async (): Promise<void> => {
    await Promise.all(cleanups.splice(0).map((close) => close().catch(() => {})));
  };
  main().finally(finish).then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (error instanceof EngineError) process.stderr.write(errorText(error));
      else process.stderr.write(`wenda-bot: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
