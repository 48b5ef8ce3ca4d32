import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAction, docRef, encodeAction, encodeMore, isPositional, type Action } from '../../src/bot/callback-data.ts';

describe('callback data', () => {
  const actions: Action[] = [
    { kind: 'more', passageIds: [1, 2, 300000] },
    { kind: 'passage-section', passageId: 41 },
    { kind: 'section', doc: { id: 'kaifaqu-2022' }, section: 3 },
    { kind: 'section', doc: { index: 12 }, section: 0 },
    { kind: 'documents', page: 2, inPlace: true },
    { kind: 'documents', page: 0, inPlace: false },
    { kind: 'document', doc: { id: '报告' }, page: 1, inPlace: false },
    { kind: 'example', passageId: 9 },
    { kind: 'noop' },
  ];

  it.each(actions)('round-trips %j in both scripts', (action) => {
    for (const script of ['simplified', 'traditional'] as const) {
      const data = encodeAction(action, script, 'k3x9a');
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(decodeAction(data)).toEqual({ action, script, tag: isPositional(action) ? 'k3x9a' : '' });
    }
  });

  it('refuses a positional button without a tag, and reads buttons made before tags as unknown', () => {
    expect(() => encodeAction({ kind: 'passage-section', passageId: 1 }, 'simplified', '')).toThrow(RangeError);
    for (const old of ['p:s:15', 'm:s:1.2.3', 's:s:kaifaqu-2022:3', 'x:t:9']) expect(decodeAction(old)).toBeUndefined();
    expect(decodeAction('L:s:2')).toEqual({ action: { kind: 'documents', page: 2, inPlace: true }, script: 'simplified', tag: '' });
  });

  it('falls back to the document index for long or awkward ids', () => {
    expect(docRef('很长的中文文件名'.repeat(3), 5)).toEqual({ index: 5 });
    expect(docRef('a:b', 2)).toEqual({ index: 2 });
    expect(docRef('short', 2)).toEqual({ id: 'short' });
  });

  it('packs as many "more" ids as fit in 64 bytes', () => {
    const ids = Array.from({ length: 40 }, (_, i) => 1_000_000 + i);
    const data = encodeMore(ids, 'traditional', 'zzzzz')!;
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    const decoded = decodeAction(data);
    expect(decoded?.action.kind).toBe('more');
    const kept = (decoded!.action as { passageIds: number[] }).passageIds;
    expect(kept).toEqual(ids.slice(0, kept.length));
    expect(kept.length).toBeGreaterThan(5);
    expect(encodeMore([], 'simplified', 'a')).toBeUndefined();
  });

  it('property: garbage never decodes into an action with bad numbers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 64 }), (data) => {
        const decoded = decodeAction(data);
        if (decoded?.action.kind === 'more') {
          for (const id of decoded.action.passageIds) expect(Number.isSafeInteger(id)).toBe(true);
        }
      }),
    );
  });
});
