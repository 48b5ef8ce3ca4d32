/**
 * Plain-text and JSON renderings of an answer for the command line. The
 * readable answer is in the question's script, as the bot's; JSON keeps the
 * document's text as written and says which script the question was in.
 */
import { changeBasis, changeText, comparisonTitle, gapSummary, gapText, itemLabel, labelParts, omittedText } from '../engine/compare-labels.ts';
import { LOW_CONFIDENCE } from '../engine/ranking.ts';
import { converterFor } from '../engine/script.ts';
import { texts } from '../bot/texts.ts';
import type { Answer, AnswerExplanation, AnswerKind, Candidate, ComparisonChange, ComparisonItem, ExplainedCandidate, Script } from '../engine/types.ts';

/** The JSON shape of one candidate (`--json` alternatives). */
export interface CandidateJson {
  figure: string | null;
  value: number | null;
  unit: string | null;
  passage: string;
  section: string;
  document: string;
  documentId: string;
  page: number | null;
  passageId: number;
  score: number;
}

/** The JSON shape printed by `ask --json` (a contract other tools rely on). */
export interface AnswerJson {
  question: string;
  /** The script the question was written in (the readable answer is converted to it). */
  script: Script;
  found: boolean;
  /** How sure the engine is of the answer, 0–1 (0 when not found). */
  confidence: number;
  figure: string | null;
  value: number | null;
  unit: string | null;
  passage: string | null;
  section: string | null;
  document: string | null;
  documentId: string | null;
  page: number | null;
  passageId: number | null;
  score: number;
  alternatives: CandidateJson[];
  /** 'single', or 'comparison' / 'series' with the figures in `items` (the fields above then stay null). */
  kind: AnswerKind;
  items: ItemJson[];
  /** A ranking's order, when one is asked. */
  order?: 'desc' | 'asc';
  /** Differences asked for, when one is asked. */
  changes?: ChangeJson[];
  /** Entities left out of a comparison of more than it asks at once. */
  omitted?: number;
}

/** One figure of a comparison or series (`--json` items). */
export interface ItemJson {
  entity: string | null;
  /** "2024", "2024Q1", "2024H1", "2024M1-5". */
  period: string | null;
  figure: string | null;
  value: number | null;
  unit: string | null;
  passage: string | null;
  document: string | null;
  documentId: string | null;
  section: string | null;
  page: number | null;
  passageId: number | null;
  confidence: number;
  /** Present (true) when the item has no figure: the documents do not give it, or it is not comparable. */
  missing?: true;
  /** Why it is missing, in words (文档未提及, 单位不同…). */
  why?: string;
}

/** A difference (`--json` changes): `to` minus `from`, indexes into items. */
export interface ChangeJson {
  from: number;
  to: number;
  figure: string;
  value: number | null;
  unit: string | null;
  direction: 'up' | 'down' | 'same';
  /** True when worked out from two items' figures, false when a document states it. */
  computed: boolean;
  /** The difference in words with its basis: 2024年比2023年增加130人（据两份文档计算）. */
  text: string;
  passage: string | null;
  document: string | null;
}

function candidateJson(c: Candidate): CandidateJson {
  return {
    figure: c.figure?.text ?? null,
    value: c.figure?.value ?? null,
    unit: c.figure?.unit ?? null,
    passage: c.passage,
    section: c.section,
    document: c.document,
    documentId: c.documentId,
    page: c.page,
    passageId: c.passageId,
    score: c.score,
  };
}

function itemJson(item: ComparisonItem): ItemJson {
  const c = item.answer;
  const out: ItemJson = {
    entity: item.entity,
    period: item.period,
    figure: c?.figure?.text ?? null,
    value: c?.figure?.value ?? null,
    unit: c?.figure?.unit ?? null,
    passage: c?.passage ?? null,
    document: c?.document ?? null,
    documentId: c?.documentId ?? null,
    section: c ? c.section : null,
    page: c?.page ?? null,
    passageId: c?.passageId ?? null,
    confidence: item.confidence,
  };
  if (item.gap) {
    out.missing = true;
    out.why = gapText(item.gap);
  }
  return out;
}

function changeJson(change: ComparisonChange, answer: Answer): ChangeJson {
  return {
    from: change.from,
    to: change.to,
    figure: change.figure,
    value: change.value,
    unit: change.unit,
    direction: change.direction,
    computed: change.basis === 'computed',
    text: `${changeText(change, answer)}（${changeBasis(change)}）`,
    passage: change.source?.passage ?? null,
    document: change.source?.document ?? null,
  };
}

/** Converts an answer into the `--json` object. */
export function answerJson(answer: Answer): AnswerJson {
  const best = answer.best;
  return {
    question: answer.question,
    script: answer.script,
    found: answer.found,
    confidence: answer.confidence,
    figure: best?.figure?.text ?? null,
    value: best?.figure?.value ?? null,
    unit: best?.figure?.unit ?? null,
    passage: best?.passage ?? null,
    section: best ? best.section : null,
    document: best?.document ?? null,
    documentId: best?.documentId ?? null,
    page: best?.page ?? null,
    passageId: best?.passageId ?? null,
    score: best?.score ?? 0,
    alternatives: answer.alternatives.map(candidateJson),
    kind: answer.kind,
    items: answer.items.map(itemJson),
    ...(answer.order ? { order: answer.order } : {}),
    ...(answer.changes ? { changes: answer.changes.map((c) => changeJson(c, answer)) } : {}),
    ...(answer.omitted ? { omitted: answer.omitted } : {}),
  };
}

/** The `--jsonl` line for a blank input line: nothing asked, nothing found (line N answers line N). */
export function blankAnswerJson(): AnswerJson {
  return {
    question: '',
    script: 'simplified',
    found: false,
    confidence: 0,
    figure: null,
    value: null,
    unit: null,
    passage: null,
    section: null,
    document: null,
    documentId: null,
    page: null,
    passageId: null,
    score: 0,
    alternatives: [],
    kind: 'single',
    items: [],
  };
}

/** "document · section · 第N页" */
export function sourceLine(c: Pick<Candidate, 'document' | 'section' | 'page'>): string {
  return [c.document, c.section || '导语', c.page ? `第${c.page}页` : ''].filter(Boolean).join(' · ');
}

/** A readable answer in the question's script; bold via ANSI only when `color` is set (a terminal). */
export function answerText(answer: Answer, color = false): string {
  const convert = converterFor(answer.script);
  const bold = (s: string): string => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string): string => (color ? `\x1b[2m${s}\x1b[22m` : s);
  if (answer.kind !== 'single') return comparisonText(answer, color);
  if (!answer.found || !answer.best) {
    return convert(texts.notFound);
  }
  const best = answer.best;
  const lines: string[] = [];
  // The same words the bot uses for an answer the engine is not sure of.
  if (answer.confidence < LOW_CONFIDENCE) lines.push(convert(texts.unsure));
  const figure = best.figure === null ? null : convert(best.figure.text);
  if (figure !== null) lines.push(bold(figure));
  let passage = convert(best.passage);
  if (figure !== null && color) passage = passage.replace(figure, bold(figure));
  lines.push(passage);
  lines.push(dim(convert(`来源：${sourceLine(best)}`)));
  return lines.join('\n');
}

/** Columns a text takes on a terminal: wide (CJK, full-width) characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}

function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * A comparison or series as a small table: one row per item (label, figure
 * or gap, source), the sentence below it, then the differences and the gaps.
 */
function comparisonText(answer: Answer, color: boolean): string {
  const convert = converterFor(answer.script);
  const bold = (s: string): string => (color ? `\x1b[1m${s}\x1b[22m` : s);
  const dim = (s: string): string => (color ? `\x1b[2m${s}\x1b[22m` : s);
  if (!answer.found) {
    const gaps = answer.items.map((i) => itemLabel(i, labelParts(answer))).filter(Boolean);
    return convert(`没有在文档中找到这个问题的答案${gaps.length ? `：${gaps.join('、')} 文档均未提及` : ''}。`);
  }
  const parts = labelParts(answer);
  const labels = answer.items.map((i) => convert(itemLabel(i, parts)));
  const figures = answer.items.map((i) => convert(i.answer?.figure?.text ?? (i.gap ? gapText(i.gap) : '')));
  const ranks = answer.items.map((item, i) => (answer.order && item.answer ? `${i + 1}. ` : ''));
  const labelWidth = Math.max(...labels.map((l, i) => displayWidth(ranks[i] + l)));
  const figureWidth = Math.max(0, ...figures.filter((_, i) => answer.items[i]!.answer).map(displayWidth));
  const lines = [bold(convert(comparisonTitle(answer)))];
  answer.items.forEach((item, i) => {
    const label = padTo(ranks[i] + labels[i]!, labelWidth);
    if (!item.answer) {
      lines.push(`${label}  ${figures[i]}`);
      return;
    }
    lines.push(`${label}  ${bold(padTo(figures[i]!, figureWidth))}  ${dim(convert(`来源：${sourceLine(item.answer)}`))}`);
    lines.push(dim(`    ${convert(item.answer.passage)}`));
  });
  for (const change of answer.changes ?? []) lines.push(convert(`差额：${changeText(change, answer)}（${changeBasis(change)}）`));
  const summary = gapSummary(answer);
  if (summary) lines.push(convert(summary));
  if (answer.omitted) lines.push(convert(omittedText(answer.omitted)));
  return lines.join('\n');
}

/** A span of months as users read it (全年, 1—5月). */
function months(span: { from: number; to: number } | null): string {
  if (!span) return '';
  if (span.from === 1 && span.to === 12) return '全年';
  return span.from === span.to ? `${span.from}月` : `${span.from}—${span.to}月`;
}

function explainCandidate(c: ExplainedCandidate): string {
  const time = `${c.time.year ?? '?'}年${months(c.time.span)}${c.time.level ? `（${c.time.level}）` : ''}`;
  const parts = Object.entries(c.contributions).map(([name, value]) => `${name} ${value > 0 ? '+' : ''}${value}`);
  return [
    `  ${c.figure ?? '（无数字）'}  得分 ${c.score ?? '-'}  覆盖 ${c.coverage ?? '-'}${c.ruledOut ? `  排除：${c.ruledOut}` : ''}`,
    `    ${c.passage.length > 80 ? `${c.passage.slice(0, 80)}…` : c.passage}`,
    `    《${c.document}》 实体：${c.entity ?? '-'}  时间：${time}  目标：${c.plan ? '是' : '否'}`,
    `    ${parts.join('  ')}`,
  ].join('\n');
}

/** The `--explain` listing: the question's slots, then the chosen candidate, the runners-up and those ruled out. */
export function explainText(e: AnswerExplanation): string {
  const s = e.slots;
  const lines = [
    '槽位',
    `  实体：${s.entities.map((m) => `${m.text}（${m.known ? '已知' : '未知'}）`).join('、') || '-'}`,
    `  时间：${s.year ?? '-'}年 ${months(s.span)}${s.plan ? '  问的是目标' : ''}`,
    `  关键词：${s.keywords.join(' ') || '-'}`,
    `  其他写法：${s.synonyms.join(' ') || '-'}${s.shortForms.length ? `（${s.shortForms.map((f) => `${f.short}→${f.long.join('/')}`).join('，')}）` : ''}`,
    `  要的数字：${s.expect === null ? '不要数字' : s.expect.join('/') || '任意'}`,
  ];
  lines.push('选中', e.chosen ? explainCandidate(e.chosen) : '  （没有候选达到阈值：回答“没有找到”）');
  if (e.ranked.length) lines.push('候选', ...e.ranked.map(explainCandidate));
  if (e.ruledOut.length) lines.push('排除的候选', ...e.ruledOut.map(explainCandidate));
  return lines.join('\n');
}
