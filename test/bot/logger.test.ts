import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
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
