/**
 * The process logger: pino writing JSON lines to stderr (stdout stays free for
 * answers). The bot token is scrubbed from every message, object and error
 * stack, because Bot API URLs embed it. Every line is bounded: long strings
 * are cut, errors keep only their own facts (never a context object with the
 * whole corpus behind it), and class instances are named, not walked.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger };

/** Bounds that keep one log line small (a few KB) whatever is logged. */
export const LOG_LIMITS = {
  /** Longest string value kept, in characters. */
  string: 500,
  /** Longest error stack kept, in characters. */
  stack: 1200,
  /** Items kept of an array. */
  items: 10,
  /** Keys kept of an object. */
  keys: 20,
  /** Nesting kept of objects and arrays. */
  depth: 3,
  /** Causes followed from an error. */
  causes: 2,
} as const;

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Minimum level to write. Default: `info`. */
  level?: LogLevel;
  /** Secrets to scrub from log output (the bot token, the webhook secret). */
  secrets?: (string | null | undefined)[];
  /** Where to write. Default: stderr. */
  destination?: NodeJS.WritableStream;
}

/** Fields of an error worth logging; Bot API errors add method, code and description. */
const ERROR_FIELDS = ['code', 'method', 'error_code', 'description', 'retry_after', 'file', 'chat_id'] as const;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[${text.length - max} more]`;
}

/** Creates the logger; every secret in `options.secrets` is replaced by `[redacted]`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length > 0);
  const scrub = (s: string): string => secrets.reduce((acc, secret) => acc.split(secret).join('[redacted]'), s);

  const serializeError = (error: Error, causes = 0): Record<string, unknown> => {
    const out: Record<string, unknown> = { type: error.name || error.constructor?.name || 'Error', message: cut(scrub(String(error.message)), LOG_LIMITS.string) };
    const fields = error as unknown as Record<string, unknown>;
    for (const field of ERROR_FIELDS) {
      const value = fields[field];
      if (typeof value === 'string' || typeof value === 'number') out[field] = typeof value === 'string' ? cut(scrub(value), LOG_LIMITS.string) : value;
    }
    const parameters = fields['parameters'];
    if (parameters !== null && typeof parameters === 'object' && typeof (parameters as { retry_after?: unknown }).retry_after === 'number') {
      out['retry_after'] = (parameters as { retry_after: number }).retry_after;
    }
    if (typeof error.stack === 'string') out['stack'] = cut(scrub(error.stack), LOG_LIMITS.stack);
    // grammY wraps errors: BotError and HttpError keep the real one in `error`, others in `cause`.
    const inner = fields['error'] instanceof Error ? fields['error'] : error.cause instanceof Error ? error.cause : undefined;
    if (inner !== undefined && causes < LOG_LIMITS.causes) out['cause'] = serializeError(inner, causes + 1);
    return out;
  };

  const bound = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return cut(scrub(value), LOG_LIMITS.string);
    if (value instanceof Error) return serializeError(value);
    if (value === null || typeof value !== 'object') return typeof value === 'function' ? '[function]' : value;
    if (depth >= LOG_LIMITS.depth) return Array.isArray(value) ? `[array of ${value.length}]` : '[object]';
    if (Array.isArray(value)) {
      const items = value.slice(0, LOG_LIMITS.items).map((v) => bound(v, depth + 1));
      if (value.length > LOG_LIMITS.items) items.push(`…[${value.length - LOG_LIMITS.items} more]`);
      return items;
    }
    const prototype = Object.getPrototypeOf(value) as object | null;
    // Class instances (a grammY context, an engine, a socket) are named, never walked.
    if (prototype !== Object.prototype && prototype !== null) return `[${(value.constructor as { name?: string } | undefined)?.name ?? 'object'}]`;
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    for (const key of keys.slice(0, LOG_LIMITS.keys)) out[key] = bound((value as Record<string, unknown>)[key], depth + 1);
    if (keys.length > LOG_LIMITS.keys) out['…'] = `${keys.length - LOG_LIMITS.keys} more keys`;
    return out;
  };

  // The hook below has already bounded every value; pino's own error serializer would walk it again.
  const asIs = (value: unknown): unknown => value;
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      serializers: { err: asIs, error: asIs },
      hooks: {
        logMethod(args, method) {
          // Bound and scrub message strings and merge objects before pino formats them.
          const [first, ...rest] = args as unknown[];
          // logger.error(err) would use err.message unscrubbed as the message: wrap it instead.
          const head = first instanceof Error ? { err: serializeError(first) } : bound(first);
          const tail = first instanceof Error && rest.length === 0 ? [bound(first.message)] : rest.map((a) => bound(a));
          method.apply(this, [head, ...tail] as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ fd: 2, sync: true }),
  );
}
