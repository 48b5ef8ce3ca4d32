import { join } from 'node:path';
import { Writable } from 'node:stream';
import { BotError, GrammyError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.ts';
import { createLogger } from '../../src/logger.ts';

describe('createLogger', () => {
  it('scrubs the token from messages, objects and error stacks', () => {
    const token = '123456789:AAExampleTokenValue_with-dashes123';
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info', secrets: [token], destination });
    logger.info({ url: `https://api.telegram.org/bot${token}/getMe` }, `calling bot${token}`);
    logger.error({ err: new Error(`request to /bot${token}/sendMessage failed`) }, 'failed');
    logger.error(new Error(`plain ${token}`));
    const all = lines.join('');
    expect(lines).toHaveLength(3);
    expect(all).not.toContain(token);
    expect(all).toContain('[redacted]');
  });
});

describe('bounded log lines', () => {
  function capture() {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    return { logger: createLogger({ level: 'info', destination }), lines };
  }

  it('logs a failed update without the context (and the corpus behind it), under 4 KB', async () => {
    const engine = await Engine.open(join(import.meta.dirname, '..', '..', 'index-data'), { persist: false });
    const { logger, lines } = capture();
    const payload = { chat_id: 5, text: '很长的回答'.repeat(2000) };
    const apiError = new GrammyError("Call to 'sendMessage' failed!", { ok: false, error_code: 400, description: 'Bad Request: message is too long' }, 'sendMessage', payload);
    const ctx = { engine, update: { update_id: 9 }, documents: engine.documents };
    const botError = new BotError(apiError, ctx as never);
    logger.error({ err: botError, update_id: 9 }, 'failed');
    logger.error(botError);
    logger.error({ ctx, err: apiError }, 'context passed by mistake');
    logger.warn({ list: engine.documents, text: 'x'.repeat(100_000), deep: { a: { b: { c: { d: { e: 1 } } } } } }, 'y'.repeat(50_000));
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(4096);
    const first = JSON.parse(lines[0]!);
    expect(first.err.cause).toMatchObject({ type: 'GrammyError', method: 'sendMessage', error_code: 400, description: 'Bad Request: message is too long' });
    expect(lines.join('\n')).not.toContain('入驻企业');
  });
});
