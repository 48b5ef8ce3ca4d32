/**
 * Typed configuration from the environment. Every variable is documented in
 * `.env.example`; a bad value stops start-up with a message that names the
 * variable (never its value, so a mistyped token does not leak into logs).
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';

/** How the bot talks to Telegram. */
export type Mode = 'local' | 'polling' | 'webhook';

/** Log levels understood by pino. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The validated configuration. */
export interface Config {
  /** Derived: `local` without a token, `webhook` with `WEBHOOK_URL`, otherwise `polling`. */
  mode: Mode;
  /** The bot token from BotFather, or null for the embedded local chat. */
  botToken: string | null;
  /** Root of the Bot API server, without a trailing slash. */
  apiRoot: string;
  /**
   * Proxy the Bot API is reached through (`http://`, `https://` or `socks5://` URL), or null
   * for a direct connection: `BOT_PROXY`, else `HTTPS_PROXY`/`HTTP_PROXY` for the API root's
   * scheme unless `NO_PROXY` lists its host (never for loopback hosts).
   */
  proxy: string | null;
  /** The data folder with `sources/` inside. */
  dataDir: string;
  /** Public HTTPS URL Telegram posts updates to (webhook mode only). */
  webhookUrl: string | null;
  /** Secret Telegram sends in `X-Telegram-Bot-Api-Secret-Token` (webhook mode only). */
  webhookSecret: string | null;
  /** Port the webhook server listens on. */
  port: number;
  /** Host the webhook server binds to. */
  host: string;
  /** Telegram user ids allowed to use admin commands. */
  adminIds: number[];
  /** Minimum level written to the log. */
  logLevel: LogLevel;
  /** Whether `LOG_LEVEL` was set explicitly (the local chat is quieter by default). */
  logLevelSet: boolean;
  /** Redis URL whose store holds the index (shared by instances), or null for the in-memory index. */
  indexStore: string | null;
  /**
   * Worker threads that answer questions (0: answer in the main thread).
   * Defaults to 1 on a machine with two or more cores and no index store.
   */
  answerThreads: number;
}

/** A configuration value that cannot be used. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  /** The variables that are wrong, e.g. `['PORT', 'BOT_TOKEN']`. */
  readonly variables: string[];
  constructor(problems: { variable: string; message: string }[]) {
    super(
      'wenda-bot: invalid configuration:\n' +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
    this.variables = problems.map((p) => p.variable);
  }
}

/** Unset and blank values (as in `WEBHOOK_URL=` in a .env file) mean "not set". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const httpUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

/** Schemes of the proxies the bot can use (an HTTP CONNECT proxy or a SOCKS proxy). */
const PROXY_PROTOCOLS = ['http:', 'https:', 'socks:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:'];

const proxyUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return PROXY_PROTOCOLS.includes(u.protocol) && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a proxy URL such as http://127.0.0.1:7890 or socks5://127.0.0.1:1080');

/** The conventional proxy variables also come as `host:port`, meaning an HTTP proxy (as curl reads them). */
const envProxyUrl = z.preprocess((v) => (typeof v === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(v.trim()) ? `http://${v.trim()}` : v), proxyUrl);

const schema = z.object({
  BOT_TOKEN: optional(
    z
      .string()
      .trim()
      .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'does not look like a token from BotFather (digits:letters)'),
  ),
  BOT_API_ROOT: optional(httpUrl),
  BOT_PROXY: optional(proxyUrl),
  HTTPS_PROXY: optional(envProxyUrl),
  https_proxy: optional(envProxyUrl),
  HTTP_PROXY: optional(envProxyUrl),
  http_proxy: optional(envProxyUrl),
  NO_PROXY: optional(z.string()),
  no_proxy: optional(z.string()),
  DATA_DIR: optional(z.string().trim()),
  WEBHOOK_URL: optional(
    httpUrl.refine((v) => {
      const u = new URL(v);
      // Telegram only posts to HTTPS; plain HTTP is allowed for loopback testing.
      return u.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
    }, 'must be an https URL (Telegram only delivers webhooks over HTTPS)'),
  ),
  WEBHOOK_SECRET: optional(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z, a-z, 0-9, _ and -'),
  ),
  PORT: optional(
    z.coerce
      .number({ message: 'must be a port number' })
      .int('must be an integer')
      .min(0, 'must be between 0 and 65535')
      .max(65535, 'must be between 0 and 65535'),
  ),
  HOST: optional(z.string().trim()),
  ADMIN_IDS: optional(
    z
      .string()
      .regex(/^\s*\d+(\s*,\s*\d+)*\s*,?\s*$/, 'must be a comma-separated list of numeric Telegram user ids'),
  ),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })),
  ANSWER_THREADS: optional(
    z.coerce
      .number({ message: 'must be a number of threads' })
      .int('must be a whole number')
      .min(0, 'must be between 0 and 16')
      .max(16, 'must be between 0 and 16'),
  ),
  INDEX_STORE: optional(
    z
      .string()
      .trim()
      .refine((v) => {
        try {
          const u = new URL(v);
          return (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '';
        } catch {
          return false;
        }
      }, 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379'),
  ),
});

/**
 * Validates `env` (usually `process.env`) into a {@link Config}.
 *
 * @throws {ConfigError} naming every variable with a bad value.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '?'),
      message: issue.message,
    }));
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const problems: { variable: string; message: string }[] = [];
  if (e.WEBHOOK_URL !== undefined && e.BOT_TOKEN === undefined) {
    problems.push({ variable: 'BOT_TOKEN', message: 'is required when WEBHOOK_URL is set' });
  }
  if (e.WEBHOOK_URL !== undefined && e.WEBHOOK_SECRET === undefined) {
    problems.push({
      variable: 'WEBHOOK_SECRET',
      message: 'is required when WEBHOOK_URL is set (Telegram sends it back so forged updates can be refused)',
    });
  }
  if (e.ANSWER_THREADS !== undefined && e.ANSWER_THREADS > 0 && e.INDEX_STORE !== undefined) {
    problems.push({ variable: 'ANSWER_THREADS', message: 'cannot be combined with INDEX_STORE (the store is read from the main thread); leave one unset' });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const botToken = e.BOT_TOKEN ?? null;
  const apiRoot = (e.BOT_API_ROOT ?? 'https://api.telegram.org').replace(/\/+$/, '');
  return {
    mode: botToken === null ? 'local' : e.WEBHOOK_URL !== undefined ? 'webhook' : 'polling',
    botToken,
    apiRoot,
    proxy: proxyFor(apiRoot, e),
    dataDir: e.DATA_DIR ?? 'index-data',
    webhookUrl: e.WEBHOOK_URL ?? null,
    webhookSecret: e.WEBHOOK_SECRET ?? null,
    port: e.PORT ?? 8080,
    host: e.HOST ?? '0.0.0.0',
    adminIds: e.ADMIN_IDS === undefined ? [] : e.ADMIN_IDS.split(',').map((s) => s.trim()).filter(Boolean).map(Number),
    logLevel: e.LOG_LEVEL ?? 'info',
    logLevelSet: e.LOG_LEVEL !== undefined,
    indexStore: e.INDEX_STORE ?? null,
    answerThreads: e.ANSWER_THREADS ?? (e.INDEX_STORE === undefined && availableParallelism() >= 2 ? 1 : 0),
  };
}

/** Hosts an environment proxy is never used for. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * The proxy for the Bot API: `BOT_PROXY` always; otherwise the conventional
 * `HTTPS_PROXY` (https roots) or `HTTP_PROXY` (http roots), unless the API
 * host is a loopback address or matches `NO_PROXY` (comma-separated host
 * names or domain suffixes, `*` for all).
 */
function proxyFor(
  apiRoot: string,
  e: Partial<Record<'BOT_PROXY' | 'HTTPS_PROXY' | 'https_proxy' | 'HTTP_PROXY' | 'http_proxy' | 'NO_PROXY' | 'no_proxy', string>>,
): string | null {
  if (e.BOT_PROXY !== undefined) return e.BOT_PROXY;
  const root = new URL(apiRoot);
  const fromEnv = root.protocol === 'https:' ? (e.HTTPS_PROXY ?? e.https_proxy) : (e.HTTP_PROXY ?? e.http_proxy);
  if (fromEnv === undefined || LOOPBACK.has(root.hostname)) return null;
  const host = root.hostname.toLowerCase();
  const excluded = (e.NO_PROXY ?? e.no_proxy ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase().replace(/:\d+$/, '').replace(/^\*?\./, ''))
    .some((entry) => entry === '*' || (entry !== '' && (host === entry || host.endsWith(`.${entry}`))));
  return excluded ? null : fromEnv;
}
