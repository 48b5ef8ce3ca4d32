/**
 * Errors of the document library. They extend the engine's error so callers
 * that report engine errors report these the same way.
 */
import { EngineError } from '../engine/errors.ts';

/** What kind of library failure this is, for callers that word it for users. */
export type LibraryErrorCode = 'unsupported' | 'exists' | 'not-found' | 'build-failed' | 'busy';

/** A document could not be added, replaced or removed; nothing was changed. */
export class LibraryError extends EngineError {
  override name = 'LibraryError';
  /** What kind of failure this is. */
  readonly code: LibraryErrorCode;
  /** The document (file name inside `sources/`) concerned, when there is one. */
  readonly file: string | null;
  constructor(code: LibraryErrorCode, file: string | null, reason: string, options?: { cause?: unknown }) {
    super(file === null ? reason : `${file}: ${reason}`, options);
    this.code = code;
    this.file = file;
  }
}
