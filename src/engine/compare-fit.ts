/**
 * Which candidates may fill one slot of a comparison (one entity in one
 * period): the single-answer model ranks them, these rules keep only those
 * whose own context is that entity and that period. A figure of unknown year
 * never fills a year, a quarter never a whole year, a target never a result,
 * a sentence or table row about another place never that place's neighbour,
 * and a bound (超10亿元的企业) is no figure of an indicator.
 */
import type { AnswerContext, Ranked } from './answer.ts';
import type { PeriodSlot } from './compare-plan.ts';
import type { EntityName } from './entities.ts';
import { F } from './features.ts';
import { FULL_YEAR, announcesPlan, sameSpan } from './periods.ts';
import type { Question } from './question.ts';
import { fold } from './script.ts';

/** One entity in one period (either may be left open). */
export interface Slot {
  entity: EntityName | null;
  period: PeriodSlot | null;
}

function isFullYear(span: { from: number; to: number } | null): boolean {
  return span === null || sameSpan(span, FULL_YEAR);
}

/**
 * Whether a candidate may fill a slot: a figure, a result unless a target is
 * asked, of the slot's entity (matched in its text or document), of the
 * slot's year (stated, not assumed) and of its months (a whole year only by
 * a whole-year figure).
 */
export function fitsSlot(ctx: AnswerContext, r: Ranked, slot: Slot, question: Question): boolean {
  const { context, figure } = r.scored;
  if (!figure) return false;
  if (isThreshold(ctx, r)) return false;
  if (context.plan && !question.plan && statesPlan(ctx, r)) return false;
  if (slot.entity && (context.entity === null || context.entity === 'missing')) return false;
  // The document is the entity's, but the sentence is about another one (无为市：地区生产总值… in 芜湖's release).
  if (slot.entity && (r.scored.features[F.otherEntity] === 1 || rowOfAnother(ctx, r, slot.entity))) return false;
  if (context.time.years !== null) return false;
  const year = slot.period?.year ?? null;
  if (year !== null && context.time.year !== year) return false;
  const span = slot.period?.span ?? null;
  if (!isFullYear(span)) return context.time.span !== null && sameSpan(context.time.span, span!);
  return isFullYear(context.time.span);
}

/**
 * Whether a figure is a target by its own sentence or its section's title
 * (二、2025年主要预期目标), not only by an earlier sentence of its paragraph
 * (…距离千亿目标仅一步之遥。规模以上工业总产值617.9亿元 is a result).
 */
function statesPlan(ctx: AnswerContext, r: Ranked): boolean {
  // Not a plan at all (an estimate of the year reviewed, 预计全年…).
  if (!r.scored.context.plan) return false;
  const para = ctx.index.paragraphs[r.scored.paragraphId]!;
  if (ctx.model.sections[para.doc]![para.section]!.plan) return true;
  return announcesPlan(fold(ctx.index.passages[r.scored.passageId]!.text).slice(0, r.scored.figure!.start));
}

/** A bound with 的 after it (进出口额超10亿元的企业, 500万元以上的项目): it sorts things, it measures nothing. */
const THRESHOLD = /^(?:超过|超|逾|不足|不到)|(?:以上|以下|以内)$/u;

function isThreshold(ctx: AnswerContext, r: Ranked): boolean {
  const figure = r.scored.figure!;
  const sentence = fold(ctx.index.passages[r.scored.passageId]!.text);
  return THRESHOLD.test(figure.text) && sentence[figure.end] === '的';
}

/** A row of a table about another place (无为市：地区生产总值198.37亿元 when 芜湖 is asked). */
function rowOfAnother(ctx: AnswerContext, r: Ranked, entity: EntityName): boolean {
  const sentence = fold(ctx.index.passages[r.scored.passageId]!.text);
  const label = /^([^：:，,。]{2,12})[：:]/u.exec(sentence)?.[1];
  if (!label || label.includes(entity.core)) return false;
  const own = documentEntity(ctx, r);
  if (own && label.includes(own.core)) return false;
  return ctx.model.lexicon.kinds.some((k) => label.endsWith(k) && label.length > k.length);
}

/** The entity of the document a candidate comes from, if known. */
export function documentEntity(ctx: AnswerContext, r: Ranked): EntityName | null {
  return ctx.model.documents[ctx.index.paragraphs[r.scored.paragraphId]!.doc]!.entity;
}
