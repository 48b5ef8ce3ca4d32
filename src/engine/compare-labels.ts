/**
 * The words of a comparison as readers see them, shared by the bot and the
 * command line (simplified Chinese; a traditional reply converts them): each
 * item's label (entity · period), what a gap says, and how a difference reads
 * with its basis (文档原文, 据两份文档计算).
 */
import type { Answer, ComparisonChange, ComparisonItem, ItemGap } from './types.ts';
import { MAX_SLOTS, periodLabel } from './compare-plan.ts';

/** What an item's label shows: the parts in which the items differ. */
export interface LabelParts {
  entity: boolean;
  period: boolean;
}

/** Which parts tell the items of an answer apart (an entity or period all items share goes in the title instead). */
export function labelParts(answer: Pick<Answer, 'items'>): LabelParts {
  const entities = new Set(answer.items.map((i) => i.entity).filter((e) => e !== null));
  const periods = new Set(answer.items.map((i) => i.period).filter((p) => p !== null));
  return { entity: entities.size > 1, period: periods.size > 1 || (entities.size <= 1 && periods.size === 1) };
}

/** An item's label: 苏州 · 2024年, or the part that differs. */
export function itemLabel(item: Pick<ComparisonItem, 'entity' | 'period'>, parts: LabelParts): string {
  const out: string[] = [];
  if (parts.entity && item.entity) out.push(item.entity);
  if (parts.period && item.period) out.push(periodLabel(item.period));
  return out.join(' · ') || item.entity || (item.period ? periodLabel(item.period) : '');
}

/** What all items share (the entity or period not in the labels), for a title; '' when nothing. */
export function sharedLabel(answer: Pick<Answer, 'items'>, parts: LabelParts): string {
  const entity = answer.items.find((i) => i.entity !== null)?.entity;
  const period = answer.items.find((i) => i.period !== null)?.period;
  const out: string[] = [];
  if (!parts.entity && entity) out.push(entity);
  if (!parts.period && period) out.push(periodLabel(period));
  return out.join(' · ');
}

/** Says what a gap is: not in the documents, or left out of the comparison and why. */
export function gapText(gap: ItemGap): string {
  if (gap.reason === 'not-found') return '文档未提及';
  const figure = gap.figure?.figure?.text ?? '';
  return gap.reason === 'unit' ? `${figure}（单位不同，未参与比较）` : `${figure}（时期不同，未参与比较）`;
}

/** The title line of a comparison or series. */
export function comparisonTitle(answer: Pick<Answer, 'kind' | 'items' | 'order'>): string {
  const parts = labelParts(answer);
  const shared = sharedLabel(answer, parts);
  const what = answer.kind === 'series' ? '历年数据' : answer.order ? (answer.order === 'desc' ? '排名（从高到低）' : '排名（从低到高）') : '比较';
  return shared ? `${shared} · ${what}` : what;
}

/** How many items the documents do not give, said once: 「2项文档未提及」; '' when none. */
export function gapSummary(answer: Pick<Answer, 'items'>): string {
  const missing = answer.items.filter((i) => i.gap?.reason === 'not-found').length;
  return missing === 0 ? '' : `${missing}项文档未提及`;
}

/** Entities a comparison leaves out: 「另有 272 个未比较（一次最多比较 40 项）」. */
export function omittedText(omitted: number): string {
  return `另有 ${omitted} 个未比较（一次最多比较 ${MAX_SLOTS} 项），请缩小范围再问。`;
}

/** Where a difference comes from. */
export function changeBasis(change: ComparisonChange): string {
  if (change.basis === 'stated') return '文档原文';
  return change.sameDocument ? '据同一份文档计算' : '据两份文档计算';
}

/** A difference in words: 2024年比2023年增加130人, 苏州比无锡多9739.6亿元, 2024年增长8.6%. */
export function changeText(change: ComparisonChange, answer: Pick<Answer, 'items'>): string {
  const parts = labelParts(answer);
  const from = answer.items[change.from];
  const to = answer.items[change.to];
  const toLabel = to ? itemLabel(to, parts) : '';
  const fromLabel = from ? itemLabel(from, parts) : '';
  const size = `${change.approximate ? '约' : ''}${change.figure}`;
  if (change.direction === 'same') return `${toLabel}与${fromLabel}持平`;
  const up = change.direction === 'up';
  // A rate stated without the base figure: 增长8.6%.
  if (change.value === null) return `${toLabel}比上年${up ? '增长' : '下降'}${size}`;
  const points = change.unit === '百分点';
  const sameEntity = from?.entity === to?.entity;
  const verb = points ? (up ? '高' : '低') : sameEntity ? (up ? '增加' : '减少') : up ? '多' : '少';
  return `${toLabel}比${fromLabel}${verb}${size}`;
}
