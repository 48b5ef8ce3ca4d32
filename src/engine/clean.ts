/**
 * Repairs extracted text and gives it structure: a cleaned document with a
 * title, byline, date and period, and sections of paragraphs.
 *
 * What extraction breaks, and how it is undone, in general terms:
 * - fake-bold fonts draw every glyph twice, so every character comes doubled
 *   ("全全力力"): a block whose characters pair up is read pair by pair, which
 *   also keeps genuine reduplication ("欣欣欣欣" → "欣欣");
 * - stray spaces appear inside numbers and words ("11 .. 88"): spaces between
 *   Chinese characters, digits and punctuation are dropped;
 * - lines are hard-wrapped mid-word and blank lines from column breaks cut
 *   sentences: a line is joined to the next only when it is a wrap, and a
 *   wrapped paragraph that ends no sentence is continued after a blank line;
 * - one item per line (lists, notes) stays one paragraph per item; rows of
 *   cells become table rows read as sentences;
 * - the title lines, headings (also on two lines), the byline or issuer and
 *   the date are told apart; an undoubled paragraph before or after a
 *   doubled body is kept as its own lead section.
 *
 * Markdown (.md) is read with a Markdown parser instead (see cleaning/markdown.ts).
 */
import type { CleanDocument, Script } from './types.ts';
import { detectScript } from './script.ts';
import { arabicYears } from './tokenize.ts';
import { assemble } from './cleaning/assemble.ts';
import { textUnits } from './cleaning/layout.ts';
import { markdownUnits } from './cleaning/markdown.ts';
import { newStats, type CleanStats, type Unit } from './cleaning/units.ts';

export { dropStraySpaces } from './cleaning/glyphs.ts';

/** Identity of a source being cleaned. */
export interface SourceMeta {
  /** Document id, usually the file name without extension. */
  id: string;
  /** File name inside `sources/`; a name ending in .md is read as Markdown. */
  file: string;
}

/** How much text is read for the script of a document. */
const SCRIPT_SAMPLE = 4000;

function yearOf(raw: string): number | null {
  const text = arabicYears(raw);
  const m = /(?:^|[^\d])((?:19|20)\d{2})(?:[^\d]|$)/.exec(text) ?? /(?:^|[^\d.,])(1\d{2})年/.exec(text);
  return m ? Number(m[1]) : null;
}

function warningsOf(stats: CleanStats, sections: number): string[] {
  const warnings: string[] = [];
  if (stats.doubledLines) warnings.push(`doubled glyphs repaired on ${stats.doubledLines} lines`);
  if (stats.columnBreaks) warnings.push(`${stats.columnBreaks} column breaks joined`);
  if (stats.strayRemoved) warnings.push(`stray spaces removed on ${stats.strayRemoved} lines`);
  if (stats.tableRows) warnings.push(`${stats.tableRows} table rows read`);
  if (sections === 0) warnings.push('no text found');
  return warnings;
}

/**
 * Cleans one extracted source into a document with sections.
 *
 * @param raw The whole text, or one string per PDF page (page numbers are kept).
 * @param meta The document's id and file name.
 */
export function cleanSource(raw: string | string[], meta: SourceMeta): CleanDocument {
  const pages = typeof raw === 'string' ? [raw] : raw;
  const stats = newStats();
  let units: Unit[];
  let front: { title?: string; author?: string; date?: string } = {};
  if (typeof raw === 'string' && /\.(?:md|markdown)$/i.test(meta.file)) {
    ({ units, front } = markdownUnits(raw, stats));
  } else {
    units = textUnits(pages, stats);
  }
  const { meta: found, sections } = assemble(units, pages.length > 1);
  const title = front.title ?? found.title;
  const allText = sections.map((s) => s.paragraphs.join('')).join('');
  const script: Script = detectScript(allText.slice(0, SCRIPT_SAMPLE));
  return {
    id: meta.id,
    file: meta.file,
    title: title ?? meta.id,
    subtitle: found.subtitle,
    titleFrom: front.title !== undefined ? 'title' : (found.titleFrom ?? 'file'),
    author: front.author ?? found.author,
    byline: front.author ?? found.byline,
    date: front.date ?? found.date,
    period: found.period,
    year: (title === null ? null : yearOf(title)) ?? yearOf(meta.id) ?? yearOf(meta.file),
    script,
    sections,
    warnings: warningsOf(stats, sections.length),
  };
}
