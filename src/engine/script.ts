/**
 * Simplified/traditional Chinese: conversion for display and a fast
 * character-level fold for indexing and matching.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as OpenCC from 'opencc-js';
import type { Script } from './types.ts';

/** Converts text into one script. */
export type Convert = (text: string) => string;

let t2s: Convert | undefined;
let s2t: Convert | undefined;

function toSimplifiedConverter(): Convert {
  // Taiwan and Hong Kong variants both fold to mainland simplified; 'tw' covers the common tables.
  return (t2s ??= OpenCC.Converter({ from: 'tw', to: 'cn' }));
}

function toTraditionalConverter(): Convert {
  return (s2t ??= OpenCC.Converter({ from: 'cn', to: 'tw' }));
}

/** Converts simplified Chinese text to traditional (Taiwan standard, for replies). */
export function toTraditional(text: string): string {
  return toTraditionalConverter()(text);
}

/**
 * The converter for replies in `script`: documents and our own texts are
 * simplified, so a reply to a traditional question is converted, any other is
 * left as it is. The bot and the command line answer through this one function.
 */
export function converterFor(script: Script): Convert {
  return script === 'traditional' ? toTraditional : (text) => text;
}

/** Per code point in CJK_FIRST..CJK_LAST: the simplified code it folds to, or 0 when it stays. */
let foldTable: Uint16Array | undefined;
let traditionalOnly: Set<number> | undefined;
let simplifiedOnly: Set<number> | undefined;

const CJK_FIRST = 0x3400;
const CJK_LAST = 0x9fff;

/** Character tables derived from OpenCC: traditional→simplified pairs and simplified-only characters. */
export interface ScriptTables {
  /** Pairs of characters, traditional then simplified: "雙双創创…". */
  fold: string;
  /** Characters that exist only in simplified Chinese. */
  simplifiedOnly: string;
}

/**
 * Computes the tables from OpenCC (about 0.3 s, mostly loading its
 * dictionaries). Only characters that are no simplified form themselves
 * fold: 麼 → 么, but 么 stays (the converter would turn a lone 么 into 幺).
 */
export function computeScriptTables(): ScriptTables {
  const toS = toSimplifiedConverter();
  const toT = toTraditionalConverter();
  let fold = '';
  let simplified = '';
  for (let code = CJK_FIRST; code <= CJK_LAST; code++) {
    const ch = String.fromCharCode(code);
    const s = toS(ch);
    const t = toT(ch);
    if (s !== ch && s.length === 1 && t === ch) fold += ch + s;
    if (t !== ch) simplified += ch;
  }
  return { fold, simplifiedOnly: simplified };
}

/** Where the precomputed tables live (`npx tsx scripts/make-script-tables.ts` writes them). */
export const SCRIPT_TABLES_FILE = fileURLToPath(new URL('./script-tables.json', import.meta.url));

function buildMaps(): void {
  // The tables are precomputed so the first answer does not wait for OpenCC's dictionaries.
  let tables: ScriptTables;
  try {
    tables = JSON.parse(readFileSync(SCRIPT_TABLES_FILE, 'utf8')) as ScriptTables;
  } catch {
    tables = computeScriptTables();
  }
  foldTable = new Uint16Array(CJK_LAST - CJK_FIRST + 1);
  traditionalOnly = new Set();
  for (let i = 0; i + 1 < tables.fold.length; i += 2) {
    foldTable[tables.fold.charCodeAt(i) - CJK_FIRST] = tables.fold.charCodeAt(i + 1);
    traditionalOnly.add(tables.fold.charCodeAt(i));
  }
  simplifiedOnly = new Set([...tables.simplifiedOnly].map((c) => c.charCodeAt(0)));
}

/**
 * Folds text for matching: traditional characters to simplified one by one
 * (so the fold never changes length), full-width ASCII to half-width,
 * Latin letters to lower case, and ○ to the Chinese zero 〇. The same
 * function runs on documents and on questions, so it must not depend on
 * context.
 */
export function fold(text: string): string {
  if (!foldTable) buildMaps();
  const table = foldTable!;
  // Most characters (simplified Chinese, digits) fold to themselves: copy the runs between
  // the ones that change, and return the text itself when none does.
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const code = foldedCode(text.charCodeAt(i), table);
    if (code === 0) continue;
    out += text.slice(copied, i) + String.fromCharCode(code);
    copied = i + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** The code a character folds to, or 0 when it folds to itself. */
function foldedCode(code: number, table: Uint16Array): number {
  if (code >= CJK_FIRST && code <= CJK_LAST) return table[code - CJK_FIRST]!;
  if (code >= 0xff01 && code <= 0xff5e) {
    const ascii = code - 0xfee0;
    return ascii >= 65 && ascii <= 90 ? ascii + 32 : ascii;
  }
  if (code === 0x3000) return 32;
  if (code >= 65 && code <= 90) return code + 32;
  // ○ and ◯ stand for the zero 〇 in years written in Chinese digits (二○二四年, Hong Kong's releases).
  if (code === WHITE_CIRCLE || code === LARGE_CIRCLE) return ZERO;
  return 0;
}

const WHITE_CIRCLE = 0x25cb;
const LARGE_CIRCLE = 0x25ef;
const ZERO = 0x3007;

/**
 * Tells whether a text is written in traditional Chinese: it has more
 * characters that exist only in traditional than characters that exist only
 * in simplified. Text with neither (numbers, 你好) counts as simplified.
 */
export function detectScript(text: string): Script {
  if (!traditionalOnly) buildMaps();
  let traditional = 0;
  let simplified = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (traditionalOnly!.has(code)) traditional++;
    if (simplifiedOnly!.has(code)) simplified++;
  }
  return traditional > simplified ? 'traditional' : 'simplified';
}
