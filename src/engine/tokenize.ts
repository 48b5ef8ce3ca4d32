/**
 * Chinese-aware tokens for the index and for questions: character bigrams of
 * every Chinese run, numbers, and Latin words. The same function runs on
 * documents and questions, and gives the same tokens for the same text in any
 * context (word segmenters don't), which FlexSearch's AND queries rely on.
 */
import { fold } from './script.ts';

function isHan(code: number): boolean {
  return (code >= 0x3400 && code <= 0x9fff) || (code >= 0xf900 && code <= 0xfaff);
}

/** Quote marks and brackets do not break a Chinese run: “双创”园区 still gives 创园. */
const TRANSPARENT = new Set(['“', '”', '‘', '’', '《', '》', '「', '」', '『', '』', '"', "'"]);

/**
 * Tokens of already folded text (see `fold`), deduplicated, in order of
 * first appearance.
 */
export function tokensOfFolded(text: string): string[] {
  const out = new Set<string>();
  let prevHan = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    const code = text.charCodeAt(i);
    if (isHan(code)) {
      if (prevHan) out.add(prevHan + ch);
      prevHan = ch;
      i++;
      continue;
    }
    if (TRANSPARENT.has(ch)) {
      i++;
      continue;
    }
    prevHan = '';
    if (code >= 48 && code <= 57) {
      let j = i + 1;
      while (j < n && ((text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) || (text[j] === '.' && j + 1 < n && text.charCodeAt(j + 1) >= 48 && text.charCodeAt(j + 1) <= 57))) j++;
      out.add(text.slice(i, j));
      i = j;
      continue;
    }
    if ((code >= 97 && code <= 122) || (code >= 65 && code <= 90)) {
      let j = i + 1;
      while (j < n && /[a-z0-9]/i.test(text[j]!)) j++;
      out.add(text.slice(i, j).toLowerCase());
      i = j;
      continue;
    }
    i++;
  }
  return [...out];
}

/** Tokens of raw text: folds traditional to simplified and full-width to half-width first. */
export function tokenize(text: string): string[] {
  return tokensOfFolded(fold(text));
}

const CN_YEAR_DIGITS: Record<string, string> = { 〇: '0', 零: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** Writes years in Chinese digits (二〇二一年) with Arabic digits, keeping the length. */
/**
 * Years a question writes with two digits (23年, 24年底) as four: 2023年. Not
 * a count of years (近10年, 用了15年, 10年来), and only 2010—2029.
 */
export function fullYears(text: string): string {
  return text.replace(/(?<![\d.近去这前后第多几每十了用])([12]\d)年(?!代|来|以来|间|内|前|后|多|左右|里|的时间)/g, '20$1年');
}

export function arabicYears(text: string): string {
  return text.replace(/[〇零一二三四五六七八九]{4}(?=年)/g, (y) => [...y].map((c) => CN_YEAR_DIGITS[c]).join(''));
}
