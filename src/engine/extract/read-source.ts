/**
 * Reads one source document from disk into text the cleaner can take: the
 * whole text of a .txt/.md file, or one string per page of a PDF.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { SourceError } from '../errors.ts';
import { decodeText } from './decode-text.ts';
import { extractPdfPages, type PdfLimits } from './pdf-extract.ts';

/** File extensions that can be sources, lower case with the dot. */
export const SOURCE_EXTENSIONS = ['.txt', '.md', '.pdf'] as const;

/** The default size cap: 20 MB, the largest file the Telegram Bot API lets a bot download. */
export const DEFAULT_MAX_SOURCE_BYTES = 20 * 1024 * 1024;

/** Options of {@link readSource}. */
export interface ReadSourceOptions {
  /** Files larger than this many bytes are refused. Defaults to 20 MB. */
  maxBytes?: number;
  /**
   * The name to show in errors, e.g. the name a user uploaded a file under.
   * Defaults to the file name of `path` (no folders, so messages do not leak paths).
   */
  name?: string;
  /** Abandons the reading (a shutdown): the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Time and memory limits of reading a PDF. Defaults to `DEFAULT_PDF_LIMITS` (pdf-extract.ts). */
  pdfLimits?: Partial<PdfLimits>;
}

/** Whether `fileName` has one of the {@link SOURCE_EXTENSIONS}. */
export function isSourceFile(fileName: string): boolean {
  return (SOURCE_EXTENSIONS as readonly string[]).includes(extname(fileName).toLowerCase());
}

/**
 * Reads a source file. Text files give one string, PDFs one string per page.
 * Throws a {@link SourceError} naming the file when it is missing,
 * unreadable, empty, binary, too large, of an unknown kind, or a PDF that is
 * corrupt or has no text layer.
 */
export async function readSource(path: string, options: ReadSourceOptions = {}): Promise<string | string[]> {
  const name = options.name ?? basename(path);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const extension = extname(name).toLowerCase() || extname(path).toLowerCase();
  if (!(SOURCE_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new SourceError(name, `unsupported file type "${extension || '(none)'}"; use ${SOURCE_EXTENSIONS.join(', ')}`);
  }

  options.signal?.throwIfAborted();
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new SourceError(name, 'not a regular file');
    if (info.size === 0) throw new SourceError(name, 'the file is empty');
    if (info.size > maxBytes) {
      throw new SourceError(name, `the file is too large (${formatBytes(info.size)}; the limit is ${formatBytes(maxBytes)})`);
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(name, `the file cannot be read (${describeFsError(error)})`, { cause: error });
  }
  // The file may have grown between stat and read.
  if (bytes.length > maxBytes) {
    throw new SourceError(name, `the file is too large (${formatBytes(bytes.length)}; the limit is ${formatBytes(maxBytes)})`);
  }
  if (bytes.length === 0) throw new SourceError(name, 'the file is empty');

  if (extension === '.pdf') return extractPdfPages(bytes, name, { ...(options.pdfLimits ? { limits: options.pdfLimits } : {}), ...(options.signal ? { signal: options.signal } : {}) });
  return decodeText(bytes, name).text;
}

function describeFsError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** "1.5 MB", "20 MB", "512 B" (units that read the same in Chinese and English text). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${trim(bytes / 1024)} KB`;
  return `${trim(bytes / (1024 * 1024))} MB`;
}

function trim(value: number): string {
  return value.toFixed(1).replace(/\.0$/u, '');
}
