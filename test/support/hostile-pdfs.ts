/**
 * Hostile PDFs for the fault suite, written byte by byte (no font, no
 * library): valid files that cost a reader far more than their size.
 *
 * - {@link heavyPagesPdf}: every page draws one heavy content stream (tens of
 *   thousands of text operations), so a small file makes a reader parse it
 *   once per page.
 * - {@link flateBombPdf}: a content stream that inflates from a few hundred
 *   KB to hundreds of MB.
 * - {@link plainPdf}: a small ordinary PDF with a line of text per page.
 */
import { createDeflate, deflateSync } from 'node:zlib';

/** Assembles numbered objects into a PDF with a correct cross-reference table. */
function assemble(objects: (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n`, '0000000000 65535 f \n', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

/** Objects 1 (catalog), 2 (pages), 3 (font), then the pages with the given content object numbers. */
function pagesPdf(contentsPerPage: number[], extra: (string | Buffer)[]): Buffer {
  const firstPage = 4 + extra.length;
  const kids = contentsPerPage.map((_, i) => `${firstPage + i} 0 R`).join(' ');
  return assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${contentsPerPage.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ...extra,
    ...contentsPerPage.map((content) => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${content} 0 R >>`),
  ]);
}

/** `pages` pages that all draw one content stream of `operations` text operations (Flate-compressed). */
export function heavyPagesPdf(pages: number, operations: number): Buffer {
  const ops = Buffer.from(`BT /F1 9 Tf 20 800 Td ${'(Figure 12.5) Tj 0 -1 Td '.repeat(operations)}ET`, 'latin1');
  return pagesPdf(Array(pages).fill(4), [stream('/Filter /FlateDecode', deflateSync(ops, { level: 9 }))]);
}

/** One page whose content stream inflates to `megabytes` MB of spaces. */
export async function flateBombPdf(megabytes: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const block = Buffer.alloc(1024 * 1024, 0x20);
  for (let i = 0; i < megabytes; i++) if (!deflate.write(block)) await new Promise((resolve) => deflate.once('drain', resolve));
  deflate.end(Buffer.from('BT /F1 12 Tf 72 720 Td (Boom) Tj ET', 'latin1'));
  await done;
  return pagesPdf([4], [stream('/Filter /FlateDecode', Buffer.concat(chunks))]);
}

/** A small ordinary PDF: one line of Latin text on each page. */
export function plainPdf(lines: string[]): Buffer {
  const contents = lines.map((line) => stream('', Buffer.from(`BT /F1 12 Tf 72 720 Td (${line}) Tj ET`, 'latin1')));
  return pagesPdf(lines.map((_, i) => 4 + i), contents);
}
