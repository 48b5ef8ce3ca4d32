/**
 * 分别 lists: "接待游客和旅游收入分别增长31.6%和35.2%" pairs the items
 * before 分别 with the figures after it, in order, so a question about one
 * item gets its own figure and not its neighbour's.
 */
import type { FigureMatch } from './figures.ts';
import { clauseStart, hasClauseBreak, splitClauses, withoutQuotes } from './sentences.ts';

/** What separates the items of a list: 和 与 及 、. */
const ITEM_SEPARATOR = /[和与及、]/;
/**
 * What may stand between two figures of the list after 分别: a separator
 * (6.2%、3.1% / 6.2%和3.1% / 6.2%，3.1%), with a short verb after 、和与及
 * (增长6.2%、下降3.1%). "，合计88亿元" ends the list.
 */
const FIGURE_GAP = /^(?:[、和与及][^，,；;。！？：:]{0,3}|[，,])$/;
/** A figure left at the end of an item ("接待游客682万人次"): not part of the item's name. */
const TRAILING_FIGURE = /[\d.,%万亿元个家人次]+$/u;

/**
 * Whether `figure` belongs to the item the question asks about in a 分别
 * list of `sentence`: true when it does, false when it belongs to another
 * item, null when the figure is in no such list or the question names no
 * one item. `all` are the sentence's figures; `question` is the question
 * (folded, quote marks removed), `sentence` folded as the figures were found.
 */
export function respectively(sentence: string, figure: FigureMatch, all: readonly FigureMatch[], question: string): boolean | null {
  const at = sentence.lastIndexOf('分别', figure.start);
  if (at < 0) return null;
  const start = clauseStart(sentence, at);
  let items = sentence.slice(start, at).split(ITEM_SEPARATOR).filter((x) => x.trim());
  const after = listedFigures(sentence, at, figure, all);
  const position = after.indexOf(figure);
  if (items.length === 0 && after.length >= 2) {
    // "接待游客682万人次，实现旅游收入58.3亿元，分别增长…": the items are the clauses before.
    items = splitClauses(sentence.slice(0, Math.max(0, start - 1))).slice(-after.length);
  }
  if (items.length === 1 && after.length >= 2) items = splitCompound(items[0]!, after.length);
  if (items.length < 2 || after.length !== items.length || position < 0) return null;
  const scores = itemScores(spreadHead(items.map((raw) => withoutQuotes(raw).replace(TRAILING_FIGURE, '').trim())), question);
  const best = scores.indexOf(Math.max(...scores));
  if (scores[best] === 0 || scores.filter((x) => x === scores[best]).length > 1) return null;
  return position === best;
}

/** The figures of `figure`'s kind listed after 分别 at `at`: the first in its clause, then each one a separator away. */
function listedFigures(sentence: string, at: number, figure: FigureMatch, all: readonly FigureMatch[]): FigureMatch[] {
  const out: FigureMatch[] = [];
  let end = at;
  for (const f of all) {
    if (f.start < at || f.kind !== figure.kind) continue;
    const gap = sentence.slice(end, f.start);
    if (out.length === 0 ? hasClauseBreak(gap) : !FIGURE_GAP.test(gap)) break;
    out.push(f);
    end = f.end;
  }
  return out;
}

/** Most characters of a compound that each stand for one item (城乡 → 城, 乡; 进出口 → 进, 出). */
const MAX_COMPOUND = 3;
const HAN = /^\p{Script=Han}+$/u;

/**
 * "城乡居民人均可支配收入分别达到51860元和27340元": one item whose first
 * `count` characters each name an item, sharing the rest (城居民…, 乡居民…;
 * 进出口额 → 进口额, 出口额). Otherwise the item as it is.
 */
function splitCompound(item: string, count: number): string[] {
  const lead = item.slice(0, count);
  const rest = item.slice(count);
  if (count > MAX_COMPOUND || !HAN.test(lead) || rest.length < SHORT_ITEM) return [item];
  return [...lead].map((ch) => ch + rest);
}

/** Longest item written in short that takes the head noun of the last item (一、二、三产业). */
const SHORT_ITEM = 2;

/**
 * "第一、二、三产业增加值": items written in short share the last item's head
 * noun, so each is read with it (第一产业增加值, 二产业增加值, 三产业增加值).
 */
function spreadHead(items: string[]): string[] {
  const last = items[items.length - 1]!;
  const shortOnes = items.slice(0, -1);
  if (!shortOnes.every((item) => item.length <= SHORT_ITEM)) return items;
  const own = shortOnes[shortOnes.length - 1]!.length;
  if (last.length < own + SHORT_ITEM) return items;
  const head = last.slice(own);
  return [...shortOnes.map((item) => item + head), last];
}

/**
 * How well each item matches the question: the longest part of the item the
 * question has word for word that holds the last character by which the
 * item differs from the others (出口额 / 进口额 differ at 出 / 进; 第一产业 /
 * 第二产业 at 一 / 二). 0 when the question has none of it.
 */
function itemScores(items: readonly string[], question: string): number[] {
  const prefix = commonLength(items, (item, i) => item[i]);
  const suffix = commonLength(items, (item, i) => item[item.length - 1 - i]);
  return items.map((item) => {
    // The character the item is told apart by: the last of what remains without the shared ends.
    const coreEnd = item.length - suffix > prefix ? item.length - suffix - 1 : item.length - 1;
    let best = 0;
    for (let start = 0; start <= coreEnd; start++) {
      for (let end = item.length; end > coreEnd && end - start > best; end--) {
        if (question.includes(item.slice(start, end))) best = end - start;
      }
    }
    return best;
  });
}

/** How many characters every item shares, read with `charAt` (from the start or from the end). */
function commonLength(items: readonly string[], charAt: (item: string, i: number) => string | undefined): number {
  const shortest = Math.min(...items.map((item) => item.length));
  let n = 0;
  while (n < shortest && items.every((item) => charAt(item, n) === charAt(items[0]!, n))) n++;
  return n;
}
