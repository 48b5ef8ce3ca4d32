/**
 * Text extraction from PDF files with pdf.js (pdfjs-dist, legacy build for
 * Node), one string per page. Lines are rebuilt from the text items' y
 * positions; everything else (doubled glyphs of fake bold, hard wraps,
 * column breaks) is left for the cleaner to repair. This runs inside the
 * extraction thread (pdf-thread.ts); callers use `extractPdfPages` from
 * pdf-extract.ts, which bounds its time and memory.
 */
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { SourceError } from '../errors.ts';

import type { TextItem, TextMarkedContent } from 'pdfjs-dist/types/src/display/api.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsPromise: Promise<PdfJs> | undefined;

/** Loads pdf.js once, on first use, so reading text files never pays for it. */
export function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsPromise;
}

/** Folders inside pdfjs-dist with the character maps and fonts CID-keyed Chinese PDFs need. */
function assetDirs(): { cMapUrl: string; standardFontDataUrl: string; wasmUrl: string } {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  // pdf.js concatenates file names onto these, so they must end with a separator.
  return {
    cMapUrl: join(root, 'cmaps') + sep,
    standardFontDataUrl: join(root, 'standard_fonts') + sep,
    wasmUrl: join(root, 'wasm') + sep,
  };
}

/** The part of a pdf.js text item that line building uses. */
interface PositionedText {
  str: string;
  transform: number[];
  height: number;
  /** Advance width in page units; items without it are never taken for table cells. */
  width?: number;
  hasEOL: boolean;
}

/** A gap between two items of one line wider than this many type heights separates table cells. */
const CELL_GAP_EMS = 0.75;

function isTextItem(item: TextItem | TextMarkedContent): item is TextItem {
  return 'str' in item;
}

/**
 * Reads the text of every page of a PDF in this thread, calling `onPage`
 * after each page (for time budgets). Throws a {@link SourceError} naming
 * `file` when the PDF is corrupt, encrypted, or has no text layer.
 */
export async function readPdfPages(bytes: Uint8Array, file: string, onPage?: (page: number, pages: number) => void): Promise<string[]> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy.
    data: new Uint8Array(bytes),
    ...assetDirs(),
    cMapPacked: true,
    // Errors only: missing-font and similar warnings would clutter the terminal.
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
  });

  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') {
      throw new SourceError(file, 'the PDF is password-protected', { cause: error });
    }
    throw new SourceError(file, 'the PDF is corrupt or not a PDF and cannot be opened', { cause: error });
  }

  try {
    const pages: string[] = [];
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      const content = await page.getTextContent();
      pages.push(buildLines(content.items.filter(isTextItem)));
      page.cleanup();
      onPage?.(number, doc.numPages);
    }
    if (pages.every((text) => text.trim() === '')) {
      throw new SourceError(
        file,
        `the PDF has no text layer (${doc.numPages} page${doc.numPages === 1 ? '' : 's'} of images only, probably scanned); run OCR on it first`,
      );
    }
    return pages;
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(file, 'the PDF is damaged: a page could not be read', { cause: error });
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/** One rebuilt line: its text, where it starts, its type size, and whether a blank line goes before it. */
interface BuiltLine {
  text: string;
  x: number;
  height: number;
  blankBefore: boolean;
}

/** How far (in type heights) a line must start right of the lines around it to be a paragraph's indented first line. */
const INDENT_EMS = 1.5;

/**
 * Rebuilds a page's lines from its text items, which come in drawing order:
 * a change of y starts a new line; a jump of more than about two lines, a
 * jump back up (as at a column break) or a change of type size (a heading)
 * leaves a blank line. Items on one line are joined as they are, except
 * that a wide horizontal gap (between table cells) becomes a tab; a line
 * that starts well right of the next one (an indented first line) is
 * indented with two ideographic spaces. Fake-bold doubles stay for the cleaner.
 */
export function buildLines(items: readonly PositionedText[]): string {
  const lines: BuiltLine[] = [];
  let line: BuiltLine | null = null;
  let lastY: number | undefined;
  let lastHeight = 0;
  let blank = false;
  // Where the last item on the line ends (when widths are known), and spaces not yet placed.
  let lastEnd: number | undefined;
  let spaces = '';

  const endLine = (): void => {
    if (line && line.text !== '') lines.push(line);
    line = null;
    spaces = '';
    lastEnd = undefined;
  };

  for (const item of items) {
    const y = item.transform[5] ?? 0;
    const x = item.transform[4] ?? 0;
    const height = Math.abs(item.height) || Math.abs(item.transform[3] ?? 0) || 10;
    if (item.str.trim() === '') {
      // A space between words, or extraction's mark for a gap: placed with the next item.
      if (line) spaces += item.str;
      if (item.hasEOL) endLine();
      continue;
    }
    if (lastY !== undefined) {
      const shift = lastY - y; // positive: moving down the page
      // A hair's shift (fake bold, sub/superscript jitter) is not a new line.
      const tolerance = Math.max(1, 0.4 * Math.min(height, lastHeight || height));
      if (Math.abs(shift) > tolerance) {
        endLine();
        const lineStep = Math.max(height, lastHeight) * 1.2;
        // A change of type size marks a new block too (title, byline, heading, body).
        const resized = lastHeight > 0 && Math.abs(height - lastHeight) > 0.15 * Math.max(height, lastHeight);
        const gap = shift > 2.2 * lineStep || shift < -lineStep;
        if (gap || resized) blank = true;
      }
    }
    if (!line) {
      line = { text: '', x, height, blankBefore: blank && lines.length > 0 };
      blank = false;
    } else if (lastEnd !== undefined && item.width !== undefined && x - lastEnd > CELL_GAP_EMS * height) {
      line.text += '\t';
      spaces = '';
    }
    line.text += spaces + item.str;
    spaces = '';
    lastY = y;
    lastHeight = height;
    lastEnd = item.width === undefined ? undefined : Math.max(lastEnd ?? -Infinity, x + item.width);
    if (item.hasEOL) endLine();
  }
  endLine();
  return lines
    .map((built, i) => {
      const next = lines[i + 1];
      const prev = lines[i - 1];
      const right = (other: BuiltLine | undefined): boolean => other !== undefined && !other.blankBefore && built.x - other.x >= INDENT_EMS * built.height;
      // Indented against the line below it in the same block, and not just a line of a centred block.
      const indented = next !== undefined && !next.blankBefore && right(next) && (prev === undefined || built.blankBefore || right(prev) || prev.x > built.x);
      return `${built.blankBefore ? '\n' : ''}${indented ? '\u3000\u3000' : ''}${built.text.replace(/\s+$/u, '')}\n`;
    })
    .join('');
}
