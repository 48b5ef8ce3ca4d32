/**
 * Shared types of the question-answering engine. The engine knows nothing of
 * Telegram; the bot and the CLI build on these shapes only.
 */

/** Which Chinese script a text is written in, as far as we can tell. */
export type Script = 'simplified' | 'traditional';

/**
 * One row of a table. Its paragraph holds the sentence the row is read as
 * ("东城区：常住人口85.2万人，地区生产总值1200亿元。"); this keeps the cells
 * so the row can be shown under its header.
 */
export interface TableRow {
  /** The table's caption as written ("表1 2023年各区主要指标"), or null. */
  caption: string | null;
  /** Column headers as written, the row-label column first ('' where the table names none). */
  header: string[];
  /** The row's cells as written, the row label first; as many as `header`. */
  cells: string[];
  /** The unit the table states for its figures ("万元", from a unit note or the caption), or null; a unit in a column header stays in the header. */
  unit: string | null;
}

/** A cleaned section of a document: a heading (or none) and its paragraphs. */
export interface Section {
  /** The section heading; an empty string for an untitled lead or body. */
  title: string;
  /** What kind of section this is: a titled body section or an untitled lead. */
  kind: 'section' | 'lead';
  /** Paragraphs of cleaned text, in reading order (list items and table rows are paragraphs of their own). */
  paragraphs: string[];
  /** 1-based page number of each paragraph where the source had pages (PDF). */
  pages?: number[];
  /** Where the section has a table: per paragraph, the table row it is read from, or null for text. */
  rows?: (TableRow | null)[];
}

/** A cleaned document, as written to `sections.json`. */
export interface CleanDocument {
  /** Stable id: the source file name without extension. */
  id: string;
  /** The source file name inside `sources/`. */
  file: string;
  /**
   * Display title: the document's title line(s) (one or two lines at the
   * top; never its first section heading, never a table caption); where
   * the document has no title line, its first heading (see `titleFrom`);
   * else the file name.
   */
  title: string;
  /** The line under the title set off by a dash ("——2024年1月16日在…会议上"), or null. */
  subtitle: string | null;
  /** Where `title` comes from: the document's title line(s), its first section heading, or the file name. */
  titleFrom: 'title' | 'heading' | 'file';
  /**
   * Who wrote or issued the document: the names of a byline ("(文/张超)" →
   * 张超, "本报记者 王磊 通讯员 李晓娜" → 王磊), else the issuer line under
   * the title or signed at the end ("青禾县统计局"); null when none.
   */
  author: string | null;
  /** The byline or issuer line as written ("本报记者 王磊 通讯员 李晓娜", "青禾县统计局"), or null. */
  byline: string | null;
  /** The date the document states near its top (or signs at its end), as written ("2024年3月15日", "2024-03-15"), or null. */
  date: string | null;
  /**
   * The period the document reports on, as written in its title (else in
   * its first sentence): "2023年", "2024年上半年", "二〇二四年第三季",
   * "2024年1—6月", "112年"; null when none is stated.
   */
  period: string | null;
  /** The year the document speaks of (from its name, title or text), or null. */
  year: number | null;
  /** The script the source was written in. */
  script: Script;
  /** Sections in reading order. */
  sections: Section[];
  /** What the cleaner repaired, for humans ("doubled glyphs repaired on 212 lines"). */
  warnings: string[];
}

/** A figure found in a passage. */
export interface Figure {
  /** The figure exactly as written in the document, e.g. "2400余家" or "十六个". */
  text: string;
  /** Its numeric value with magnitudes applied (2400, 16, 3.33e9), or null. */
  value: number | null;
  /** The unit as written ("家", "亿元", "%", "平方公里"), or null. */
  unit: string | null;
}

/** Where a passage comes from, for the source line. */
export interface SourceRef {
  /** Document id (file name without extension). */
  documentId: string;
  /** Document title. */
  document: string;
  /** Section title (empty for the lead). */
  section: string;
  /** Index of the section in the document. */
  sectionIndex: number;
  /** 1-based page, when the source was a PDF. */
  page: number | null;
}

/** One ranked candidate answer. */
export interface Candidate extends SourceRef {
  /** Stable numeric id of the passage (sentence) in the loaded index. */
  passageId: number;
  /** The sentence that contains the answer, as written (cleaned). */
  passage: string;
  /** The figure, or null when none fits the question. */
  figure: Figure | null;
  /** The table row the passage is read from (see `Section.rows`), when it is one. */
  row?: TableRow;
  /** Ranking score; higher is better. Comparable within one answer only. */
  score: number;
}

/** The engine's answer to a question. */
export interface Answer {
  /** The question as asked. */
  question: string;
  /** The script the question was written in; the reply should use the same. */
  script: Script;
  /** False when the documents do not answer the question. */
  found: boolean;
  /**
   * How sure the engine is of `best`, 0–1 (0 when not found): from how far
   * its score clears the answer threshold. Below about 0.6 a reply should
   * say the passage may be related rather than state the figure as fact.
   */
  confidence: number;
  /** The best candidate, when found. */
  best: Candidate | null;
  /** Further candidates, best first (for "more" buttons and inline results); none for a comparison. */
  alternatives: Candidate[];
  /**
   * One figure ('single'), figures of several entities or named periods
   * ('comparison'), or every period the documents state ('series'). A
   * comparison or series has its figures in `items`, `best` null, `found`
   * true when any item has a figure, and `confidence` that of its least sure item.
   */
  kind: AnswerKind;
  /** The figures of a comparison or series, one per entity and period, gaps included; empty for a single answer. */
  items: ComparisonItem[];
  /** A ranking's order (最多, 排名): items with a figure come first, sorted; absent when none is asked. */
  order?: 'desc' | 'asc';
  /** Differences asked for (比去年多了多少, 苏州比无锡多多少), stated by a document or computed. */
  changes?: ComparisonChange[];
  /** How many entities a comparison leaves out, having more than it asks at once (各县 in a corpus of hundreds); absent when none. */
  omitted?: number;
  /** Why this answer: the question's slots and the candidates' features (only when asked for). */
  explain?: AnswerExplanation;
}

/** What an answer holds: one figure, figures compared across entities or named periods, or a series of periods. */
export type AnswerKind = 'single' | 'comparison' | 'series';

/** Why an item of a comparison has no figure, or why its figure is left out of a ranking or difference. */
export interface ItemGap {
  /** 'not-found': the documents do not give it; 'unit' / 'period': its figure is in another unit or of another period than the others. */
  reason: 'not-found' | 'unit' | 'period';
  /** The figure left out, for 'unit' and 'period' (it is not compared, so it is not the item's answer). */
  figure: Candidate | null;
}

/** One figure of a comparison or series: one entity in one period. */
export interface ComparisonItem {
  /** The entity as the question or the documents name it (苏州, 汇川经济技术开发区), or null when none is asked. */
  entity: string | null;
  /** The period: "2024", "2024Q1", "2024H1", "2024M1-5"; null when none is asked and the figure's is not known. */
  period: string | null;
  /** The figure with its passage and source, or null when it is missing (see `gap`). */
  answer: Candidate | null;
  /** How sure the engine is of this item's figure, 0–1 (0 when missing). */
  confidence: number;
  /** Why the item has no figure, or null when it has one. */
  gap: ItemGap | null;
}

/** A difference between two items of a comparison: `to` minus `from`. */
export interface ComparisonChange {
  /** Indexes into `items`: the base (上年, 无锡) and the item compared with it. */
  from: number;
  to: number;
  /** The size of the difference as written ("300家", "19060.2亿元", "8.6%"), without its sign. */
  figure: string;
  /** The signed difference in the base unit, or null when only a rate is stated. */
  value: number | null;
  unit: string | null;
  direction: 'up' | 'down' | 'same';
  /**
   * 'stated': a document says it (比上年增加300家, 增长8.6%), see `source`;
   * 'computed': worked out from the two items' figures (据两份文档计算).
   */
  basis: 'stated' | 'computed';
  /** For a stated change, the sentence that states it; null when computed. */
  source: Candidate | null;
  /** For a computed change, whether both figures come from one document. */
  sameDocument: boolean;
  /** Whether the figures are approximate (2400余家), so the difference is too. */
  approximate: boolean;
}

/** One candidate as `--explain` shows it. */
export interface ExplainedCandidate {
  passage: string;
  document: string;
  figure: string | null;
  score: number | null;
  /** Keyword coverage the answer is gated on. */
  coverage: number | null;
  /** Why it can never be the answer: it speaks of another entity, year, period, or a result where a target is asked. */
  ruledOut: 'entity' | 'year' | 'period' | 'plan' | null;
  /** Where the asked entity is matched (null: the question names none). */
  entity: 'sentence' | 'paragraph' | 'section' | 'document' | 'missing' | null;
  /** The time the figure speaks of, and the level its year was found at. */
  time: { year: number | null; span: { from: number; to: number } | null; level: string | null };
  /** Whether the figure is a target or plan. */
  plan: boolean;
  /** Each non-zero feature's part of the score. */
  contributions: Record<string, number>;
}

/** The slots of a question and how the candidates met them. */
export interface AnswerExplanation {
  slots: {
    entities: { text: string; core: string; kind: string; known: boolean }[];
    year: number | null;
    span: { from: number; to: number } | null;
    plan: boolean;
    keywords: string[];
    synonyms: string[];
    shortForms: { short: string; long: string[] }[];
    expect: string[] | null;
  };
  chosen: ExplainedCandidate | null;
  ranked: ExplainedCandidate[];
  ruledOut: ExplainedCandidate[];
}

/** What the engine has loaded. */
export interface EngineStats {
  documents: number;
  sections: number;
  passages: number;
}
