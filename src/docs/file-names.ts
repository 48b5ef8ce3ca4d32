/**
 * Safe file names for documents in `sources/`. Names come from users (a path
 * on the command line, a Telegram upload), so they are cut to their last
 * segment and cleaned of anything a file system or a reader would trip on.
 */
import { SOURCE_EXTENSIONS } from '../engine/extract/read-source.ts';
import { LibraryError } from './errors.ts';

/**
 * Longest file name kept, in UTF-8 bytes. File systems allow 255 bytes; the
 * atomic writer's temporary name adds about 25 (`.NAME.PID.RANDOM.tmp`) and
 * "keep both" a counter (`-2`), so names stop well short of that.
 */
export const MAX_NAME_BYTES = 200;

const graphemes = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/** The longest prefix of `text`, in whole graphemes, that fits in `bytes` bytes of UTF-8. */
function prefixWithinBytes(text: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = Buffer.byteLength(segment, 'utf8');
    if (used + size > bytes) break;
    out += segment;
    used += size;
  }
  return out;
}

/** Device names Windows refuses as file names, in any case, with any extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/iu;

/**
 * Turns a user-supplied name into a safe file name for `sources/`: no folders
 * (`../../x.txt` becomes `x.txt`), no control, format or bidi characters, no
 * characters that are special on common file systems, no leading dot, a
 * lower-case extension that is one of the source extensions. Throws a
 * {@link LibraryError} with code `unsupported` for any other extension.
 */
export function sanitizeFileName(input: string): string {
  const last = input.split(/[/\\]/u).pop() ?? '';
  const cleaned = last
    .normalize('NFC')
    .replace(/\s+/gu, ' ')
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu, '')
    .replace(/[<>:"|?*]/gu, '_')
    .trim();

  const dot = cleaned.lastIndexOf('.');
  const extension = dot >= 0 ? cleaned.slice(dot).toLowerCase() : '';
  if (!(SOURCE_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new LibraryError(
      'unsupported',
      cleaned || input,
      `unsupported file type "${extension || '(none)'}"; documents must be ${SOURCE_EXTENSIONS.join(', ')}`,
    );
  }
  let stem = cleaned
    .slice(0, dot)
    .replace(/^[.\s]+|[.\s]+$/gu, '');
  stem = prefixWithinBytes(stem, MAX_NAME_BYTES - extension.length).replace(/[.\s]+$/u, '');
  if (stem === '') stem = 'document';
  if (RESERVED.test(stem)) stem = `_${stem}`;
  return stem + extension;
}

/**
 * The identity of a document name: documents are keyed by file name without
 * extension (the engine's document id), compared case-insensitively so that
 * `报告.txt`, `报告.PDF` and `报告.pdf` are one document, never three.
 */
export function documentKey(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return (dot > 0 ? fileName.slice(0, dot) : fileName).normalize('NFKC').toLowerCase();
}

/** `报告.pdf` → `报告-2.pdf`, `报告-3.pdf`, … : the first name whose key is not taken. */
export function freeName(fileName: string, taken: ReadonlySet<string>): string {
  if (!taken.has(documentKey(fileName))) return fileName;
  const dot = fileName.lastIndexOf('.');
  const stem = fileName.slice(0, dot);
  const extension = fileName.slice(dot);
  for (let counter = 2; ; counter++) {
    const candidate = `${stem}-${counter}${extension}`;
    if (!taken.has(documentKey(candidate))) return candidate;
  }
}
