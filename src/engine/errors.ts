/**
 * Typed errors of the engine. Messages read "wenda-bot: what went wrong" so a
 * user who sees one in a terminal knows where it came from.
 */

/** Any failure of the engine that a caller can report to a user. */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message.startsWith('wenda-bot:') ? message : `wenda-bot: ${message}`, options);
  }
}

/** A source document that could not be read or cleaned. */
export class SourceError extends EngineError {
  override name = 'SourceError';
  /** The file (path or name) that failed. */
  readonly file: string;
  constructor(file: string, reason: string, options?: { cause?: unknown }) {
    super(`${file}: ${reason}`, options);
    this.file = file;
  }
}

/** A data folder that cannot be used at all (missing, no sources). */
export class DataDirError extends EngineError {
  override name = 'DataDirError';
  /** The data folder. */
  readonly dir: string;
  constructor(dir: string, reason: string) {
    super(`${dir}: ${reason}`);
    this.dir = dir;
  }
}
