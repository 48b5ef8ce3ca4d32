import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempPathFor } from '../../src/engine/atomic-files.ts';
import { LibraryError } from '../../src/docs/errors.ts';
import { documentKey, freeName, MAX_NAME_BYTES, sanitizeFileName } from '../../src/docs/file-names.ts';

describe('sanitizeFileName', () => {
  it('keeps ordinary Chinese and Latin names, lower-casing the extension', () => {
    expect(sanitizeFileName('2023年统计公报.PDF')).toBe('2023年统计公报.pdf');
    expect(sanitizeFileName('annual report v2.txt')).toBe('annual report v2.txt');
    expect(sanitizeFileName('说明.md')).toBe('说明.md');
  });

  it('drops folders, including traversal with either slash', () => {
    expect(sanitizeFileName('../../etc/passwd.txt')).toBe('passwd.txt');
    expect(sanitizeFileName('..\\..\\Windows\\win.ini.txt')).toBe('win.ini.txt');
    expect(sanitizeFileName('/abs/path/报告.pdf')).toBe('报告.pdf');
  });

  it('removes hidden-file dots, control, format and bidi characters', () => {
    expect(sanitizeFileName('..hidden.txt')).toBe('hidden.txt');
    expect(sanitizeFileName('a\u0000b\u0007c.txt')).toBe('abc.txt');
    // U+202E would display "报告fdp.exe" as "报告exe.pdf".
    expect(sanitizeFileName('报告\u202Efdp.txt')).toBe('报告fdp.txt');
    expect(sanitizeFileName('零\u200B宽.md')).toBe('零宽.md');
  });

  it('replaces characters special on common file systems and collapses white space', () => {
    expect(sanitizeFileName('a<b>c:d"e|f?g*h.txt')).toBe('a_b_c_d_e_f_g_h.txt');
    expect(sanitizeFileName('  多个   空格\t名字 .txt')).toBe('多个 空格 名字.txt');
  });

  it('names nameless files "document" and guards reserved device names', () => {
    expect(sanitizeFileName('.pdf')).toBe('document.pdf');
    expect(sanitizeFileName('....txt')).toBe('document.txt');
    expect(sanitizeFileName('CON.txt')).toBe('_CON.txt');
  });

  it('shortens very long names by bytes, so temporary names beside them stay under 255 bytes (issue 13, item 12)', () => {
    const name = sanitizeFileName(`${'很'.repeat(300)}.txt`);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(name).toBe(`${'很'.repeat(65)}.txt`);
    for (const input of [`${'统'.repeat(80)}.pdf`, `${'😀'.repeat(70)}.md`, `${'👩‍👩‍👧‍👦'.repeat(20)}.txt`, `${'a'.repeat(400)}.txt`]) {
      const safe = sanitizeFileName(input);
      expect(Buffer.byteLength(freeName(safe, new Set([documentKey(safe)])))).toBeLessThanOrEqual(MAX_NAME_BYTES + 4);
      expect(Buffer.byteLength(tempPathFor(`/x/${safe}`, 4_194_304)) - 3).toBeLessThan(255);
      // Cut between graphemes: no broken emoji, no lone surrogate.
      expect(safe).not.toMatch(/\u200d\./u);
      expect(safe).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u);
    }
  });

  it('refuses other extensions with a LibraryError', () => {
    for (const name of ['setup.exe', 'report.docx', 'noextension', 'archive.pdf.zip']) {
      const error = (() => {
        try {
          sanitizeFileName(name);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(LibraryError);
      expect((error as LibraryError).code).toBe('unsupported');
      expect((error as LibraryError).message).toMatch(/unsupported file type/);
    }
  });

  it('always gives a plain file name inside the folder, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom('.txt', '.md', '.pdf', '.PDF'), (stem, ext) => {
        const name = sanitizeFileName(stem + ext);
        expect(name).not.toMatch(/[/\\\u0000-\u001f]/u);
        expect(name.startsWith('.')).toBe(false);
        expect(name).not.toBe('.');
        expect(name.endsWith(ext.toLowerCase())).toBe(true);
        expect(name.length).toBeGreaterThan(ext.length);
        // Sanitising is idempotent: a sanitised name is already safe.
        expect(sanitizeFileName(name)).toBe(name);
      }),
    );
  });
});

describe('documentKey and freeName', () => {
  it('treats names differing only in extension or case as one document', () => {
    expect(documentKey('报告.txt')).toBe(documentKey('报告.pdf'));
    expect(documentKey('Report.md')).toBe(documentKey('report.PDF'));
    expect(documentKey('报告一.txt')).not.toBe(documentKey('报告二.txt'));
  });

  it('finds the next free numbered name', () => {
    const taken = new Set(['报告', '报告-2'].map((name) => documentKey(`${name}.txt`)));
    expect(freeName('报告.pdf', taken)).toBe('报告-3.pdf');
    expect(freeName('其他.pdf', taken)).toBe('其他.pdf');
  });
});
