/**
 * The process logger: pino writing JSON lines to stderr (stdout stays free for
 * answers). The bot token is scrubbed from every message, object and error
 * stack, because Bot API URLs embed it.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level to write. Default: `info`. */
  level?: LogLevel;
  /** Secrets to scrub from log output (the bot token, the webhook secret). */
  secrets?: (string | null | undefined)[];
  /** Where to write. Default: stderr. */
  destination?: NodeJS.WritableStream;
}

/** Creates the logger; every secret in `options.secrets` is replaced by `[redacted]`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length > 0);
  const scrub = (s: string): string => secrets.reduce((acc, secret) => acc.split(secret).join('[redacted]'), s);
  const scrubDeep = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return scrub(value);
    // Errors are left to the err serializer below, which scrubs their message and stack.
    if (depth > 6 || value === null || typeof value !== 'object' || value instanceof Error) return value;
    if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
    return out;
  };
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      serializers: {
        err: (err: unknown) => scrubDeep(pino.stdSerializers.err(err as Error)),
        error: (err: unknown) => scrubDeep(pino.stdSerializers.err(err as Error)),
      },
      hooks: {
        logMethod(args, method) {
          // Scrub message strings and plain merge objects before pino formats them.
          const [first, ...rest] = args as unknown[];
          // logger.error(err) would use err.message unscrubbed as the message: wrap it instead.
          const head = first instanceof Error ? { err: first } : scrubDeep(first);
          const tail = first instanceof Error && rest.length === 0 ? [scrub(first.message)] : rest.map((a) => scrubDeep(a));
          method.apply(this, [head, ...tail] as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}
