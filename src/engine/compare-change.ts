/**
 * Differences between two figures of a comparison: the change a document
 * states right after a figure (1.2万家，比上年增加1500家 / 增长8.6%), which is
 * preferred, or the difference computed from the two figures — only when
 * they are comparable (the same base unit), written in the unit the
 * documents use (亿元, not 元), with the precision of the less precise
 * figure, and approximate when either figure is (2400余家).
 */
import { type FigureMatch, RATE_KINDS, extractFigures } from './figures.ts';

/** A change stated in a sentence after a figure. */
export interface StatedChange {
  figure: FigureMatch;
  direction: 'up' | 'down';
  /** Whether it is in the figure's own unit (增加1500家) rather than a rate (增长8.6%). */
  absolute: boolean;
}

/**
 * What may stand between a figure and the change stated after it: a base
 * (比上年, 同比, 比上年末) and a verb; nothing else, so 其中出口增长… (another
 * indicator) is not taken for the figure's change.
 */
const STATED_BETWEEN =
  /^\s*[，,]?\s*(?:(?:比|较|与)(?:上年末?|上年底|去年末?|去年底|上年同期|去年同期|年初|(?:\d{2,4})年(?:末|底)?)(?:相比[，,]?)?|同比)?\s*[，,]?\s*(?<verb>增加|增长|新增|净增|多|减少|下降|少|提高|降低|上升|回落|上涨|下滑|扩大|缩小)了?\s*$/u;
const DOWN = new Set(['减少', '下降', '少', '降低', '回落', '下滑', '缩小']);
/** A verb of change (and a qualifier) right before a figure in its clause: 比上年末增加|10.2万人, 增加约|一半. */
const VERB_BEFORE = /(?<verb>增加|增长|新增|净增|多|减少|下降|少|提高|降低|上升|回落|上涨|下滑|扩大|缩小)了?(?:约|近|超过?|逾|将近|接近)?\s*$/u;

/** Whether a figure of a sentence (folded) states a change (比上年增加300家): its direction, or null. */
export function changeDirection(sentence: string, figure: FigureMatch): 'up' | 'down' | null {
  const clause = sentence.slice(0, figure.start).split(/[，,；;。：:]/u).pop() ?? '';
  const verb = VERB_BEFORE.exec(clause)?.groups?.verb;
  return verb ? (DOWN.has(verb) ? 'down' : 'up') : null;
}
/** Figures that name a time, not an amount. */
const TIME_KINDS: ReadonlySet<string> = new Set(['year', 'date', 'ordinal']);
/** How far after the figure a stated change may begin, in characters. */
const STATED_REACH = 16;

/**
 * The change a sentence (folded) states right after `figure`: the next
 * figure, introduced only by a base and a verb; null when there is none.
 */
export function statedChange(sentence: string, figure: FigureMatch): StatedChange | null {
  // The next figure that is an amount: 较112年底增加4,414人 names a year on the way.
  const next = extractFigures(sentence).find((f) => f.start >= figure.end && !TIME_KINDS.has(f.kind));
  if (!next || next.start - figure.end > STATED_REACH + 8) return null;
  const verb = STATED_BETWEEN.exec(sentence.slice(figure.end, next.start))?.groups?.verb;
  if (!verb) return null;
  const absolute = next.unit !== null && next.unit === figure.unit && next.kind === figure.kind;
  const rate = RATE_KINDS.has(next.kind);
  if (!absolute && !rate) return null;
  return { figure: next, direction: DOWN.has(verb) ? 'down' : 'up', absolute };
}

/** A computed difference: its size as written, its signed value in the base unit. */
export interface ComputedChange {
  text: string;
  value: number;
  unit: string | null;
  direction: 'up' | 'down' | 'same';
  approximate: boolean;
}

const APPROXIMATE = /余|多|约|近|超|逾|左右|以上|上下|不足|不到/u;

/**
 * The Arabic number a figure is written with, and its decimals; null for a
 * Chinese numeral or a number written in two magnitudes (58万3,412).
 */
function written(figure: FigureMatch): { number: number; decimals: number } | null {
  const m = /\d+(?:,\d{3})*(?:\.(\d+))?/.exec(figure.text);
  if (!m) return null;
  if (/^[万亿千百]\d/.test(figure.text.slice(m.index + m[0].length))) return null;
  return { number: Number(m[0].replace(/,/g, '')), decimals: m[1]?.length ?? 0 };
}

/** A range (1.2万-1.5万元): no one value to subtract. */
function isRange(figure: FigureMatch): boolean {
  return /\d[^\d]{0,3}[-—–~～至到]\s*[\d零一二两三四五六七八九十]/u.test(figure.text);
}

/** Percentages differ by percentage points. */
const POINTS_OF: Record<string, string> = { '%': '个百分点', '‰': '个千分点' };

/**
 * `to` minus `from`, when both are figures of the same base unit with a
 * value; null when they cannot be compared (亿元 and 亿美元, a range, none).
 */
export function computedChange(from: FigureMatch, to: FigureMatch): ComputedChange | null {
  if (!Number.isFinite(from.value) || !Number.isFinite(to.value) || from.unit !== to.unit || from.kind !== to.kind) return null;
  if (isRange(from) || isRange(to)) return null;
  const a = written(from);
  const b = written(to);
  // The unit the documents write (亿元): the later figure's magnitude; the base unit when it is written in two (58万3,412人).
  const plain = !a || !b || b.number === 0;
  const scale = plain ? 1 : to.value! / b.number;
  const decimals = plain ? 0 : Math.max(a.decimals, b.decimals);
  const difference = to.value! - from.value!;
  const size = Math.abs(difference) / scale;
  const shown = size.toFixed(decimals);
  const points = POINTS_OF[to.unitAsWritten ?? ''];
  const unit = points ?? (plain ? (to.unit ?? '') : (to.unitAsWritten ?? ''));
  const direction = Number(shown) === 0 ? 'same' : difference > 0 ? 'up' : 'down';
  return {
    text: `${shown}${unit}`,
    value: Number((Math.sign(difference) * Number(shown) * scale).toPrecision(12)),
    unit: points ? points.slice(1) : to.unit,
    direction,
    approximate: APPROXIMATE.test(from.text) || APPROXIMATE.test(to.text),
  };
}
