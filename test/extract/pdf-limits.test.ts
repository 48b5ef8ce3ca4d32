/**
 * Fault suite, item 7 of issue 13: PDF extraction is bounded. Small files
 * built to exhaust a reader — pages that all draw one heavy content stream, a
 * Flate bomb — are refused within their time or memory budget with a reason,
 * the reader is replaced, and the next PDF reads normally. Budgets are small
 * here; production's are in DEFAULT_PDF_LIMITS, the code path the same.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProblem } from '../../src/docs/messages.ts';
import { SourceError } from '../../src/engine/errors.ts';
import { extractPdfPages } from '../../src/engine/extract/pdf-extract.ts';
import { readSource } from '../../src/engine/extract/read-source.ts';
import { flateBombPdf, heavyPagesPdf, plainPdf } from '../support/hostile-pdfs.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wenda-pdf-limits-'));
  // Starts the reader thread, so the budgets below measure reading, not starting.
  await extractPdfPages(plainPdf(['warm up']), 'warm.pdf');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function refusal(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('PDF extraction limits', () => {
  it('refuses a small PDF whose pages all redraw one heavy stream once the document budget is spent', async () => {
    const pdf = heavyPagesPdf(200, 20_000);
    expect(pdf.length).toBeLessThan(100_000);
    const error = await refusal(extractPdfPages(pdf, 'heavy.pdf', { limits: { documentMs: 800, pageMs: 60_000 } }));
    expect(error.message).toMatch(/heavy\.pdf: reading the PDF took too long \(over 0\.8 s\)/u);
    expect(describeProblem(error)).toBe('heavy.pdf：读取这个 PDF 超过了 0.8 秒，文件可能已损坏或异常复杂，无法添加');
    // The reader was replaced: the next PDF reads.
    expect((await extractPdfPages(plainPdf(['after 2400 units']), 'next.pdf')).map((p) => p.trim())).toEqual(['after 2400 units']);
  });

  it('refuses a page that alone takes longer than the page budget', async () => {
    const error = await refusal(extractPdfPages(heavyPagesPdf(3, 300_000), 'page.pdf', { limits: { pageMs: 400 } }));
    expect(error.message).toMatch(/reading page 1 of the PDF took too long \(over 0\.4 s\)/u);
  });

  it('refuses a Flate bomb once it needs more memory than allowed, long before it is inflated', async () => {
    const pdf = await flateBombPdf(400);
    expect(pdf.length).toBeLessThan(1_000_000);
    const path = join(dir, 'bomb.pdf');
    await writeFile(path, pdf);
    const error = await refusal(readSource(path, { pdfLimits: { memoryMb: 96, documentMs: 60_000, pageMs: 60_000 } }));
    expect(error.message).toMatch(/bomb\.pdf: reading the PDF needed too much memory \(over 96 MB\)/u);
    expect(describeProblem(error)).toContain('需要超过 96 MB 内存');
  });

  it('stops reading at once when its signal is aborted', async () => {
    const controller = new AbortController();
    const reading = extractPdfPages(heavyPagesPdf(200, 20_000), 'long.pdf', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 200);
    await expect(reading).rejects.toThrow('shutting down');
  });
});
