/**
 * The generation tag of an engine: a short hash of what its buttons point
 * into (documents, sections, paragraphs, the number of passages). Passage and
 * section ids are positions, so a button made under one set of documents
 * could open another document's section once a document is removed; buttons
 * carry this tag, and a press under another generation is answered as
 * expired instead. Every instance over the same documents computes the same
 * tag, so a button works on whichever instance receives the press.
 */
import { createHash } from 'node:crypto';
import type { AnswerEngine } from './context.ts';

const tags = new WeakMap<AnswerEngine, string>();

/** The tag of `engine` (1–5 characters of [0-9a-z]), computed once per engine. */
export function generationTag(engine: AnswerEngine): string {
  let tag = tags.get(engine);
  if (tag === undefined) {
    const hash = createHash('sha256').update(`passages:${engine.stats().passages}`);
    for (const document of engine.documents) {
      hash.update(`\u0000${document.id}\u0000${document.title}`);
      for (const section of document.sections) {
        hash.update(`\u0001${section.title}`);
        for (const paragraph of section.paragraphs) hash.update(`\u0002${paragraph}`);
      }
    }
    tag = parseInt(hash.digest('hex').slice(0, 6), 16).toString(36);
    tags.set(engine, tag);
  }
  return tag;
}
