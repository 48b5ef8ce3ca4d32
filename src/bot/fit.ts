/**
 * Fitting text into Telegram's limits after HTML escaping: `&` becomes five
 * characters, so limits are measured on the escaped (and converted) form.
 * Texts are cut on code points, never inside a surrogate pair; a passage is
 * shortened around its figure, preferably at clause breaks, with "…" where
 * text was left out.
 */
import { breaksClause } from '../engine/sentences.ts';

/** The mark for text left out. */
export const ELLIPSIS = '…';

/** The length of `text` once escaped for Telegram HTML. */
export function escapedLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    // & → &amp;  < → &lt;  > → &gt;  " → &quot;
    if (ch === 38) length += 4;
    else if (ch === 60 || ch === 62) length += 3;
    else if (ch === 34) length += 5;
  }
  return length;
}

/** `text` cut (with an ellipsis) so that its escaped form is at most `limit` long. */
export function fitPlain(text: string, limit: number): string {
  if (escapedLength(text) <= limit) return text;
  const chars = Array.from(text);
  let used = ELLIPSIS.length;
  let kept = 0;
  while (kept < chars.length && used + escapedLength(chars[kept]!) <= limit) used += escapedLength(chars[kept++]!);
  return chars.slice(0, kept).join('') + ELLIPSIS;
}

/** A window [start, end) of a text, in UTF-16 offsets on code point boundaries. */
export interface Window {
  start: number;
  end: number;
}

/** Moves `at` off the low half of a surrogate pair. */
function onBoundary(text: string, at: number): number {
  const code = text.charCodeAt(at);
  return at > 0 && at < text.length && code >= 0xdc00 && code <= 0xdfff ? at - 1 : at;
}

/**
 * The widest window of `text` around [focusStart, focusEnd) whose escaped
 * length, with an ellipsis for each cut end, is at most `limit`. It grows
 * to both sides in turn, then gives back a little to end at clause breaks
 * when one is near. The focus itself is always kept.
 */
export function windowAround(text: string, focusStart: number, focusEnd: number, limit: number): Window {
  let start = focusStart;
  let end = focusEnd;
  let used = escapedLength(text.slice(start, end)) + 2 * ELLIPSIS.length;
  const growRight = (): boolean => {
    if (end >= text.length) return false;
    const next = end + ((text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1);
    const cost = escapedLength(text.slice(end, next));
    if (used + cost > limit) return false;
    used += cost;
    end = next;
    return true;
  };
  const growLeft = (): boolean => {
    if (start <= 0) return false;
    const next = onBoundary(text, start - 1);
    const cost = escapedLength(text.slice(next, start));
    if (used + cost > limit) return false;
    used += cost;
    start = next;
    return true;
  };
  for (let turn = 0; turn % 2 === 0 ? growRight() || growLeft() : growLeft() || growRight(); turn++);
  return snapToClauses(text, { start, end }, focusStart, focusEnd);
}

/** A cut end moves inwards to a clause break when that gives back at most a third of its side. */
function snapToClauses(text: string, window: Window, focusStart: number, focusEnd: number): Window {
  let { start, end } = window;
  if (start > 0) {
    const slack = Math.floor((focusStart - start) / 3);
    for (let i = start; i < focusStart && i - start <= slack; i++) {
      if (breaksClause(text, i)) {
        start = i + 1;
        break;
      }
    }
  }
  if (end < text.length) {
    const slack = Math.floor((end - focusEnd) / 3);
    for (let i = end - 1; i >= focusEnd && end - 1 - i <= slack; i--) {
      if (breaksClause(text, i)) {
        end = i + 1;
        break;
      }
    }
  }
  return { start, end };
}
