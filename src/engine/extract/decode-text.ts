/**
 * Turns the bytes of a plain-text source into a string: UTF-8 (with or
 * without a byte order mark), UTF-16 with a byte order mark, or GB18030/GBK,
 * which many Chinese office machines still save by default.
 */
import { SourceError } from '../errors.ts';

/** Which encoding a text source turned out to be in. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** A decoded text source. */
export interface DecodedText {
  /** The text, without a byte order mark. */
  text: string;
  /** The encoding it was read in. */
  encoding: TextEncodingName;
}

/**
 * Decodes `bytes` as text, trying UTF-8 first and GB18030 (a superset of GBK
 * and GB2312) second. Throws a {@link SourceError} naming `file` when the
 * bytes are empty, binary, or in neither encoding.
 */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  if (bytes.length === 0) throw new SourceError(file, 'the file is empty');

  // A byte order mark is the only reliable sign of UTF-16; without one, NUL
  // bytes mean a binary file (or UTF-16 we would only be guessing at).
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return checked(decodeWith('utf-16le', bytes.subarray(2), file), 'utf-16le', file);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return checked(decodeWith('utf-16be', bytes.subarray(2), file), 'utf-16be', file);
  if (bytes.includes(0)) throw new SourceError(file, 'the file is binary, not text (it contains NUL bytes)');

  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const utf8 = tryDecode('utf-8', body);
  if (utf8 !== undefined) return checked(utf8, 'utf-8', file);
  const gb = tryDecode('gb18030', body);
  if (gb !== undefined) return checked(gb, 'gb18030', file);
  throw new SourceError(file, 'the file is neither UTF-8 nor GB18030/GBK text');
}

function tryDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    // ignoreBOM keeps the decoder from silently eating a second mark; we strip the first ourselves.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function decodeWith(encoding: string, bytes: Uint8Array, file: string): string {
  const text = tryDecode(encoding, bytes);
  if (text === undefined) throw new SourceError(file, `the file is not valid ${encoding.toUpperCase()} text`);
  return text;
}

/** Control characters other than tab, line feed, form feed and carriage return. */
const CONTROL = /[\u0001-\u0008\u000b\u000e-\u001f\u007f]/g;

function checked(text: string, encoding: TextEncodingName, file: string): DecodedText {
  if (text.trim() === '') throw new SourceError(file, 'the file is empty (only white space)');
  // GB18030 decodes almost any byte soup; text that is mostly control characters is binary.
  const controls = text.match(CONTROL)?.length ?? 0;
  if (controls > 0 && controls / text.length > 0.01) {
    throw new SourceError(file, 'the file is binary, not text (it contains control characters)');
  }
  if (encoding === 'gb18030' && !looksLikeGbText(text)) {
    throw new SourceError(file, 'the file is neither UTF-8 nor GB18030/GBK text');
  }
  return { text, encoding };
}

/**
 * GB18030 accepts nearly every byte sequence, so a successful decode proves
 * little. Real Chinese text decoded from it is mostly common CJK, ASCII and
 * punctuation; random bytes land in rare blocks (private use, four-byte areas).
 */
function looksLikeGbText(text: string): boolean {
  let plausible = 0;
  let total = 0;
  for (const char of text) {
    total++;
    const code = char.codePointAt(0) ?? 0;
    if (
      code < 0x80 ||
      (code >= 0x4e00 && code <= 0x9fff) || // CJK unified ideographs
      (code >= 0x3000 && code <= 0x303f) || // CJK punctuation
      (code >= 0xff00 && code <= 0xffef) || // full-width forms
      (code >= 0x2000 && code <= 0x206f) || // general punctuation (“ ” — …)
      code === 0x00b7 || code === 0x00d7 || code === 0x00f7 || // · × ÷
      (code >= 0x2150 && code <= 0x22ff) || // number forms, arrows, maths (Ⅰ ‰ ≤)
      (code >= 0x2460 && code <= 0x24ff) || // enclosed numbers ①
      (code >= 0x2500 && code <= 0x25ff) // box drawing, shapes (□ ○)
    ) {
      plausible++;
    }
  }
  return plausible / total >= 0.9;
}
