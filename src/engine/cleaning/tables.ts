/**
 * Tables: rows of cells separated by tabs, runs of spaces or |, as text
 * files and PDF extraction give them. Each row becomes a readable sentence
 * that carries its row label, each column header and the cell value with
 * its unit ("东城区：常住人口85.2万人，地区生产总值1200亿元。"), so a cell is
 * answerable as "row + column"; the structured row is kept beside it.
 */
import { fold } from '../script.ts';
import { hasSentenceEnd } from '../sentences.ts';
import type { TableRow } from '../types.ts';
import { MEASURE_WORDS, UNITS } from '../figures.ts';
import { dropStraySpaces } from './glyphs.ts';

/** What separates cells: tabs, two or more spaces, ideographic spaces, |. */
const CELL_GAP = /\t+|[ \u3000]{2,}|\u3000|\s*[|｜]\s*/;
/** A Markdown-style rule row under a header: |---|:---:|. */
const RULE_ROW = /^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$/;
/** Longest cell of a row, in characters: longer cells are prose in two columns, not a table. */
const MAX_CELL = 24;
/** A cell that stands for no value: —, -, …, blank. */
const EMPTY_CELL = /^[-—–…／/\s]*$/;

/** The cells of a line that reads as a table row (two or more cells), or null. */
export function splitCells(line: string): string[] | null {
  const text = line.trim();
  if (RULE_ROW.test(text)) return null;
  const inner = /^[|｜].*[|｜]$/.test(text) ? text.slice(1, -1) : text;
  const cells = inner.split(CELL_GAP).map((c) => dropStraySpaces(c.trim()));
  if (cells.length < 2 || cells.every((c) => c === '')) return null;
  if (cells.some((c) => c.length > MAX_CELL || hasSentenceEnd(c))) return null;
  return cells;
}

/** True for a Markdown-style rule row (|---|---|), which tables may have under their header. */
export function isRuleRow(line: string): boolean {
  return RULE_ROW.test(line.trim());
}

/** True when a cell holds a number (85.2, 1,200, -3.4%, 12.5万) or stands for none (—). */
export function isValueCell(cell: string): boolean {
  if (EMPTY_CELL.test(cell)) return true;
  const rest = fold(cell).replace(/[-+−±\d.,%‰()（）\s]/g, '');
  return /\d/.test(cell) && rest.length <= 3 && !/年$/.test(cell);
}

/** Whether a text names a unit: 万人, 亿元, %, 亿千瓦时, 萬人次 (traditional folded). */
export function isUnit(text: string): boolean {
  const unit = fold(text.trim()).replace(/^(?:万亿|亿|万|千|百)/, '');
  if (unit === '') return false;
  return /^[%‰]$/.test(unit) || UNITS.some((u) => u.unit === unit) || (unit.length === 1 && MEASURE_WORDS.includes(unit));
}

/** The name and unit of a column header or row label: "常住人口（万人）" → 常住人口, 万人; "增长%" → 增长, %. */
export function headerParts(header: string): { name: string; unit: string | null } {
  const bracket = /^(.*?)\s*[（(]\s*([^（()）]{1,8}?)\s*[）)]\s*$/u.exec(header);
  if (bracket) {
    const unit = bracket[2]!.replace(/^单位\s*[:：]\s*/, '');
    if (isUnit(unit)) return { name: bracket[1]!.trim(), unit };
  }
  const slash = /^(.*?)\s*[\/／]\s*([^\/／\d]{1,6})$/u.exec(header);
  if (slash && slash[1] && isUnit(slash[2]!)) return { name: slash[1].trim(), unit: slash[2]!.trim() };
  const percent = /^(.*?)\s*([%‰])$/u.exec(header);
  if (percent) return { name: percent[1]!.trim(), unit: percent[2]! };
  return { name: header.trim(), unit: null };
}

/** Where a table's rows come from and what is known of it. */
export interface TableInput {
  /** The cells of each line, header first (when the table has one). */
  lines: string[][];
  caption: string | null;
  /** The unit of the table's figures from a unit note or the caption, or null. */
  unit: string | null;
}

/**
 * Reads lines of cells as a table: the header (the first line when its
 * cells are names, not values) and the data rows, each as wide as the
 * widest line (a header without a name over the row labels gets ''). Null
 * when the lines do not hold a table: fewer than one data row, or no values.
 */
export function readTable(input: TableInput): TableRow[] | null {
  const lines = input.lines.filter((cells) => cells.length >= 2);
  if (lines.length < 2) return null;
  const width = lines.reduce((n, cells) => Math.max(n, cells.length), 0);
  const first = lines[0]!;
  const hasHeader = first.slice(1).filter((c) => c !== '').every((c) => !isValueCell(c) || /年|月|季/.test(c));
  const headerCells = hasHeader ? first : [];
  const header = headerCells.length === width - 1 ? ['', ...headerCells] : pad(headerCells, width);
  const data = hasHeader ? lines.slice(1) : lines;
  const values = data.flatMap((cells) => cells.slice(1)).filter((c) => c !== '');
  if (data.length === 0 || values.length === 0 || values.filter(isValueCell).length < values.length / 2) return null;
  return data.map((cells) => ({ caption: input.caption, header, cells: pad(cells, width), unit: input.unit }));
}

function pad(cells: readonly string[], width: number): string[] {
  const out = cells.slice(0, width);
  while (out.length < width) out.push('');
  return out;
}

/** Column names of rates and shares: their values are in % where the table's units include it. */
const RATE_NAME = /增长|增速|增幅|增减|下降|比重|占比|率|百分比/u;
/** Column names that say their values are percentages (按年变动百分率). */
const PERCENT_NAME = /百分率|百分比/u;
/** A column header that names a period: 2023年, 2023年末, 1月, 一季度, 上半年. */
const PERIOD_HEADER = /^(?:(?:(?:19|20)\d{2}|1\d{2})年(?:度|末|底)?(?:\d{1,2}月(?:份)?)?|\d{1,2}(?:[-—–~]\d{1,2})?月(?:份)?|第?[一二三四1-4]季度?|[上下]半年)$/u;
/** The header of a column that states each row's unit. */
const UNIT_COLUMN = /^(?:计量)?单位$/u;

/**
 * The sentence a row is read as: "东城区：常住人口85.2万人，地区生产总值1200亿元。"
 * A bare value gets the unit of its column header, else of its row label
 * ("常住人口（万人）"), else of the row's unit column, else of the table's
 * unit note (of several units, % goes to rate columns, the other to the
 * rest). Cells that stand for no value are left out.
 */
export function rowSentence(row: TableRow): string {
  const label = headerParts(row.cells[0] ?? '');
  const noteUnits = (row.unit ?? '').split(/[、，,和及/／]/).map((u) => u.trim()).filter(isUnit);
  const unitColumn = row.header.findIndex((h, i) => i > 0 && UNIT_COLUMN.test(fold(h.trim())));
  const rowUnit = unitColumn > 0 && isUnit(row.cells[unitColumn] ?? '') ? row.cells[unitColumn]! : null;
  const parts: { name: string; value: string }[] = [];
  row.cells.forEach((cell, i) => {
    if (i === 0 || i === unitColumn || EMPTY_CELL.test(cell)) return;
    const { name, unit } = headerParts(row.header[i] ?? '');
    const rate = RATE_NAME.test(fold(name));
    let suffix = '';
    if (/\d$/.test(cell)) {
      const fromNote = noteUnits.length === 1 && !(rate && noteUnits[0] !== '%') ? noteUnits[0]! : rate ? (noteUnits.find((u) => u === '%') ?? null) : (noteUnits.find((u) => u !== '%') ?? null);
      suffix = unit ?? label.unit ?? (rate ? null : rowUnit) ?? fromNote ?? (PERCENT_NAME.test(fold(name)) ? '%' : '');
    }
    parts.push({ name, value: `${cell}${suffix}` });
  });
  // Columns of periods (2022年 | 2023年, 1月 | 2月): one sentence each, so each knows its own year.
  if (parts.length > 1 && label.name !== '' && parts.every((p) => PERIOD_HEADER.test(fold(p.name)))) {
    return parts.map((p) => `${p.name}${label.name}${p.value}`).join('；') + '。';
  }
  const body = parts.map((p) => `${p.name}${p.value}`).join('，');
  if (label.name === '') return `${body}。`;
  return body === '' ? `${label.name}。` : `${label.name}：${body}。`;
}
