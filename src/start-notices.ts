/**
 * What `npm start` says about the documents on every start, not only when
 * the sources are cleaned: the sources that are skipped and why, and that the
 * library is empty. In the local chat the terminal is a chat, so these are
 * Chinese lines of text; otherwise they are log lines for the operator.
 */
import { skippedSourcesLines } from './docs/messages.ts';
import type { Engine } from './engine/engine.ts';
import type { Logger } from './logger.ts';

/** Options of {@link reportDocuments}. */
export interface StartNoticeOptions {
  /** The data folder, for the log. */
  dataDir: string;
  /** Whether the local chat is starting (text on `write`) rather than a bot with a log. */
  local: boolean;
  logger: Logger;
  /** Where the local chat's notices go. Default: stderr. */
  write?: (line: string) => void;
}

/** The local chat's notice for an empty library. */
export const NO_DOCUMENTS_LOCAL = '还没有文档：用 /upload 文件路径 发送 .txt、.md 或 .pdf 文件，或运行 npm run docs -- add 文件。';

/** Tells about skipped sources and an empty library. */
export function reportDocuments(engine: Pick<Engine, 'problems' | 'documents'>, options: StartNoticeOptions): void {
  const { dataDir, logger } = options;
  if (options.local) {
    const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
    for (const line of skippedSourcesLines(engine.problems)) write(line);
    if (engine.documents.length === 0) write(NO_DOCUMENTS_LOCAL);
    return;
  }
  for (const problem of engine.problems) {
    logger.warn({ dataDir, file: problem.file, problem: problem.message }, `wenda-bot: skipping source ${problem.file}: it cannot be read and is not answered from`);
  }
  if (engine.documents.length === 0) {
    logger.warn({ dataDir }, 'wenda-bot: no documents yet; admins can send .txt, .md or .pdf files to the bot, or run `npm run docs -- add FILE`');
  }
}
