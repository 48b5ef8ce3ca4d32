/**
 * Shared types of the question-answering engine. The engine knows nothing of
 * Telegram; the bot and the CLI build on these shapes only.
 */

/** Which Chinese script a text is written in, as far as we can tell. */
export type Script = 'simplified' | 'traditional';

/** A cleaned section of a document: a heading (or none) and its paragraphs. */
export interface Section {
  /** The section heading; an empty string for an untitled lead or body. */
  title: string;
  /** What kind of section this is: a titled body section or an untitled lead. */
  kind: 'section' | 'lead';
  /** Paragraphs of cleaned text, in reading order. */
  paragraphs: string[];
  /** 1-based page number of each paragraph where the source had pages (PDF). */
  pages?: number[];
}

/** A cleaned document, as written to `sections.json`. */
export interface CleanDocument {
  /** Stable id: the source file name without extension. */
  id: string;
  /** The source file name inside `sources/`. */
  file: string;
  /** Display title: the first heading, or the file name. */
  title: string;
  /** The author taken from a byline such as "(文/张超)", or null. */
  author: string | null;
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
  /** Further candidates, best first (for "more" buttons and inline results). */
  alternatives: Candidate[];
  /** Why this answer: the question's slots and the candidates' features (only when asked for). */
  explain?: AnswerExplanation;
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
