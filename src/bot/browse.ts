/**
 * Browsing the loaded documents: the paged list of documents, the paged list
 * of a document's sections, and a whole section split into messages. Every
 * button carries ids only, so any bot instance can serve the next page.
 */
import { InlineKeyboard } from 'grammy';
import type { CleanDocument, Script } from '../engine/types.ts';
import { docRef, encodeAction, type DocRef } from './callback-data.ts';
import { generationTag } from './generation.ts';
import type { AnswerEngine } from './context.ts';
import { converterFor, escapeHtml, renderSection, shortTitle, truncate } from './render.ts';
import { texts } from './texts.ts';

/** Documents per page of /sections. */
export const DOCUMENTS_PER_PAGE = 8;
/** Sections per page of one document. */
export const SECTIONS_PER_PAGE = 10;

/** A message to send or to put in place of a list. */
export interface View {
  html: string;
  keyboard?: InlineKeyboard;
}

/** Finds a document by reference. */
export function resolveDoc(engine: AnswerEngine, ref: DocRef): { document: CleanDocument; index: number } | undefined {
  const index = 'id' in ref ? engine.documents.findIndex((d) => d.id === ref.id) : ref.index;
  const document = engine.documents[index];
  return document === undefined ? undefined : { document, index };
}

function pageRow(
  keyboard: InlineKeyboard,
  page: number,
  pages: number,
  script: Script,
  to: (page: number) => string,
): void {
  if (pages <= 1) return;
  const convert = converterFor(script);
  keyboard.row();
  if (page > 0) keyboard.text(convert(texts.prevPage), to(page - 1));
  keyboard.text(texts.pageOf(page + 1, pages), encodeAction({ kind: 'noop' }, script, ''));
  if (page < pages - 1) keyboard.text(convert(texts.nextPage), to(page + 1));
}

/** The list of documents (or, with one document, its sections). */
export function documentsView(engine: AnswerEngine, page: number, script: Script): View {
  const convert = converterFor(script);
  const tag = generationTag(engine);
  const docs = engine.documents;
  if (docs.length === 0) return { html: escapeHtml(convert(texts.noDocuments)) };
  if (docs.length === 1) return documentView(engine, { id: docs[0]!.id }, 0, script) ?? { html: '' };
  const pages = Math.ceil(docs.length / DOCUMENTS_PER_PAGE);
  const current = Math.min(Math.max(0, page), pages - 1);
  const start = current * DOCUMENTS_PER_PAGE;
  const slice = docs.slice(start, start + DOCUMENTS_PER_PAGE);
  const keyboard = new InlineKeyboard();
  const lines = slice.map((d, i) => {
    const n = start + i + 1;
    keyboard.text(
      truncate(`${n}. ${convert(d.title)}`, 40),
      encodeAction({ kind: 'document', doc: docRef(d.id, start + i), page: 0, inPlace: false }, script, tag),
    ).row();
    return `${n}. ${escapeHtml(convert(`《${shortTitle(d.title)}》`))} — ${escapeHtml(convert(texts.sectionCount(d.sections.length)))}`;
  });
  pageRow(keyboard, current, pages, script, (p) => encodeAction({ kind: 'documents', page: p, inPlace: true }, script, tag));
  const html = `<b>${escapeHtml(convert(texts.documentsTitle(docs.length)))}</b>\n\n${lines.join('\n')}\n\n${escapeHtml(convert(texts.documentsHint))}`;
  return { html, keyboard };
}

/**
 * Section indices in reading order: the lead (导语) first, then the other
 * sections as the document has them. The cleaner may find an undoubled lead
 * after the body; readers expect it on top. Buttons keep the real indices.
 */
export function readingOrder(document: CleanDocument): number[] {
  const leads: number[] = [];
  const body: number[] = [];
  document.sections.forEach((section, i) => (section.kind === 'lead' ? leads : body).push(i));
  return [...leads, ...body];
}

/** The sections of one document as buttons, in reading order; undefined when the document is gone. */
export function documentView(engine: AnswerEngine, ref: DocRef, page: number, script: Script): View | undefined {
  const found = resolveDoc(engine, ref);
  if (found === undefined) return undefined;
  const { document, index } = found;
  const convert = converterFor(script);
  const tag = generationTag(engine);
  const stableRef = docRef(document.id, index);
  const pages = Math.max(1, Math.ceil(document.sections.length / SECTIONS_PER_PAGE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const start = current * SECTIONS_PER_PAGE;
  const keyboard = new InlineKeyboard();
  readingOrder(document).slice(start, start + SECTIONS_PER_PAGE).forEach((sectionIndex, i) => {
    const s = document.sections[sectionIndex]!;
    const title = s.title === '' ? texts.lead : s.title;
    keyboard.text(truncate(`${start + i + 1}. ${convert(title)}`, 40), encodeAction({ kind: 'section', doc: stableRef, section: sectionIndex }, script, tag)).row();
  });
  pageRow(keyboard, current, pages, script, (p) => encodeAction({ kind: 'document', doc: stableRef, page: p, inPlace: true }, script, tag));
  if (engine.documents.length > 1) {
    keyboard.row().text(convert(texts.contents), encodeAction({ kind: 'documents', page: Math.floor(index / DOCUMENTS_PER_PAGE), inPlace: true }, script, tag));
  }
  const meta = [
    document.author === null ? undefined : `${texts.author}：${shortTitle(document.author)}`,
    document.year === null ? undefined : texts.year(document.year),
  ].filter((x) => x !== undefined);
  const html = [
    `📖 <b>${escapeHtml(convert(`《${shortTitle(document.title)}》`))}</b>`,
    ...(meta.length > 0 ? [escapeHtml(convert(meta.join(' · ')))] : []),
    '',
    escapeHtml(convert(texts.documentSections(document.sections.length))),
  ].join('\n');
  return { html, keyboard };
}

/**
 * A whole section as messages (split under 4096 characters at sentence
 * boundaries); the last one carries previous/next-section buttons.
 * Undefined when the section no longer exists.
 */
export function sectionViews(
  engine: AnswerEngine,
  ref: DocRef,
  sectionIndex: number,
  script: Script,
  highlight?: string,
): View[] | undefined {
  const found = resolveDoc(engine, ref);
  const section = found?.document.sections[sectionIndex];
  if (found === undefined || section === undefined) return undefined;
  const { document, index } = found;
  const convert = converterFor(script);
  const chunks = renderSection(document, section, { script, ...(highlight !== undefined ? { highlight } : {}) });
  const tag = generationTag(engine);
  const stableRef = docRef(document.id, index);
  // Previous and next follow the reading order of the contents, not the order of the array.
  const order = readingOrder(document);
  const position = order.indexOf(sectionIndex);
  const previous = order[position - 1];
  const next = order[position + 1];
  const keyboard = new InlineKeyboard();
  if (previous !== undefined) keyboard.text(convert(texts.prevSection), encodeAction({ kind: 'section', doc: stableRef, section: previous }, script, tag));
  keyboard.text(
    convert(texts.contents),
    encodeAction({ kind: 'document', doc: stableRef, page: Math.floor(position / SECTIONS_PER_PAGE), inPlace: false }, script, tag),
  );
  if (next !== undefined) keyboard.text(convert(texts.nextSection), encodeAction({ kind: 'section', doc: stableRef, section: next }, script, tag));
  return chunks.map((html, i) => (i === chunks.length - 1 ? { html, keyboard } : { html }));
}

/** The section views for the section a passage belongs to. */
export function passageSectionViews(engine: AnswerEngine, passageId: number, script: Script): View[] | undefined {
  const passage = engine.passage(passageId);
  if (passage === undefined) return undefined;
  return sectionViews(engine, { id: passage.documentId }, passage.sectionIndex, script, passage.passage);
}
