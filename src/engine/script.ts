/**
 * Simplified/traditional Chinese: conversion for display and a fast
 * character-level fold for indexing and matching.
 */
import * as OpenCC from 'opencc-js';
import type { Script } from './types.ts';

type Convert = (text: string) => string;

let t2s: Convert | undefined;
let s2t: Convert | undefined;

function toSimplifiedConverter(): Convert {
  // Taiwan and Hong Kong variants both fold to mainland simplified; 'tw' covers the common tables.
  return (t2s ??= OpenCC.Converter({ from: 'tw', to: 'cn' }));
}

function toTraditionalConverter(): Convert {
  return (s2t ??= OpenCC.Converter({ from: 'cn', to: 'tw' }));
}

/** Converts traditional Chinese text to simplified (phrase-aware, for display). */
export function toSimplified(text: string): string {
  return toSimplifiedConverter()(text);
}

/** Converts simplified Chinese text to traditional (Taiwan standard, for replies). */
export function toTraditional(text: string): string {
  return toTraditionalConverter()(text);
}

let foldMap: Map<number, string> | undefined;
let traditionalOnly: Set<number> | undefined;
let simplifiedOnly: Set<number> | undefined;

const CJK_FIRST = 0x3400;
const CJK_LAST = 0x9fff;

function buildMaps(): void {
  const toS = toSimplifiedConverter();
  const toT = toTraditionalConverter();
  foldMap = new Map();
  traditionalOnly = new Set();
  simplifiedOnly = new Set();
  for (let code = CJK_FIRST; code <= CJK_LAST; code++) {
    const ch = String.fromCharCode(code);
    const simplified = toS(ch);
    const traditional = toT(ch);
    // Only characters that are no simplified form themselves fold: 麼 → 么, but 么 stays
    // (the converter would turn a lone 么 into 幺).
    if (simplified !== ch && simplified.length === 1 && traditional === ch) {
      foldMap.set(code, simplified);
      traditionalOnly.add(code);
    }
    if (traditional !== ch) simplifiedOnly.add(code);
  }
}

/**
 * Folds text for matching: traditional characters to simplified one by one
 * (so the fold never changes length), full-width ASCII to half-width, and
 * Latin letters to lower case. The same function runs on documents and on
 * questions, so it must not depend on context.
 */
export function fold(text: string): string {
  if (!foldMap) buildMaps();
  const map = foldMap!;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= CJK_FIRST && code <= CJK_LAST) {
      out += map.get(code) ?? text[i];
    } else if (code >= 0xff01 && code <= 0xff5e) {
      out += String.fromCharCode(code - 0xfee0).toLowerCase();
    } else if (code === 0x3000) {
      out += ' ';
    } else if (code >= 65 && code <= 90) {
      out += String.fromCharCode(code + 32);
    } else {
      out += text[i];
    }
  }
  return out;
}

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
