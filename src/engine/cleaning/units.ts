/**
 * The units a document is made of, in reading order, as the layout of text
 * files, PDFs and Markdown gives them: headings, bylines, dates, captions,
 * paragraphs, list items and table rows. Sections and metadata are built
 * from these (see assemble.ts).
 */
import type { TableRow } from '../types.ts';

/** What a unit of a document is. */
export type UnitKind = 'heading' | 'byline' | 'date' | 'issuer' | 'caption' | 'para' | 'item' | 'row';

/** One unit of a document. */
export interface Unit {
  kind: UnitKind;
  /** The cleaned text (for a row: the sentence it is read as). */
  text: string;
  /** Whether the unit came doubled (fake bold). */
  doubled: boolean;
  /** 1-based page. */
  page: number;
  /** The author named by a byline. */
  author?: string;
  /** The date signed beside an issuer ("芜湖市统计局  2024-03-21"). */
  date?: string;
  /** The structured row, for rows. */
  row?: TableRow;
  /** Heading level where the source states one (Markdown #, ##); 0 when it does not. */
  level?: number;
}

/** What the cleaner repaired, counted for the warnings. */
export interface CleanStats {
  doubledLines: number;
  columnBreaks: number;
  strayRemoved: number;
  tableRows: number;
}

/** Fresh counters. */
export function newStats(): CleanStats {
  return { doubledLines: 0, columnBreaks: 0, strayRemoved: 0, tableRows: 0 };
}
