/**
 * The PDF extraction thread (see pdf-extract.ts): loads pdf.js once, then
 * reads the PDFs it is sent, one at a time, and reports each page as it is
 * done, so the main thread can hold it to a time budget per page and per
 * document, and stop it when it uses too much memory.
 */
import { parentPort } from 'node:worker_threads';
import { SourceError } from '../errors.ts';
import { loadPdfJs, readPdfPages } from './pdf-text.ts';

/** A PDF to read. */
export interface PdfJob {
  id: number;
  bytes: Uint8Array;
  file: string;
}

/** What the thread says. */
export type PdfThreadReply =
  | { type: 'ready' }
  | { type: 'page'; id: number; page: number; pages: number }
  | { type: 'done'; id: number; pages: string[] }
  | { type: 'failed'; id: number; message: string; unexpected: boolean };

const port = parentPort;
if (!port) throw new Error('wenda-bot: pdf-thread.ts runs only as a worker thread');
const send = (reply: PdfThreadReply): void => port.postMessage(reply);

/** The reason of a SourceError, without the "wenda-bot: FILE: " the main thread adds again. */
function reasonOf(error: SourceError, file: string): string {
  const prefix = `wenda-bot: ${file}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

await loadPdfJs();
port.on('message', (job: PdfJob) => {
  readPdfPages(job.bytes, job.file, (page, pages) => send({ type: 'page', id: job.id, page, pages })).then(
    (pages) => send({ type: 'done', id: job.id, pages }),
    (error: unknown) =>
      send({
        type: 'failed',
        id: job.id,
        // A SourceError's message is the reason as the library words it; anything else is a bug.
        message: error instanceof SourceError ? reasonOf(error, job.file) : String((error as Error)?.message ?? error),
        unexpected: !(error instanceof SourceError),
      }),
  );
});
send({ type: 'ready' });
