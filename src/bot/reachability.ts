/**
 * Reaching the Bot API: a grammY API transformer that retries calls whose
 * request never got an answer (connection refused, DNS failure, timeout,
 * proxy down) with a capped backoff, and says so in the log: one error line
 * at the first failure (which URL, which error, how to set a proxy or
 * BOT_API_ROOT), a warning every minute while it lasts, and an info line when
 * the API answers again. Where Telegram is blocked this is what the operator
 * sees instead of silence. Answers of the API (401, 429, 5xx) are not network
 * failures; they pass through to the other transformers.
 */
import type { Agent } from 'node:http';
import { HttpError, type Transformer } from 'grammy';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import type { Logger } from '../logger.ts';

/** Options of {@link retryUnreachable}. */
export interface ReachabilityOptions {
  /** The Bot API root, for the log. */
  apiRoot: string;
  /** The proxy in use, for the log (credentials are never logged). Default: none. */
  proxy?: string | null;
  /** Where the notices go. */
  logger: Logger;
  /** First wait before a failed call is tried again, in ms. Default 1000. */
  firstDelayMs?: number;
  /** Longest wait between attempts, in ms (the backoff doubles up to it). Default 60,000. */
  maxDelayMs?: number;
  /** How often the warning repeats while the API stays unreachable, in ms. Default 60,000. */
  warnEveryMs?: number;
}

/** Defaults of {@link ReachabilityOptions}. */
export const REACHABILITY_DEFAULTS = { firstDelayMs: 1000, maxDelayMs: 60_000, warnEveryMs: 60_000 } as const;

/** What to do about it, appended to the first error line. */
const ADVICE =
  'If Telegram is blocked or needs a proxy here, set BOT_PROXY or HTTPS_PROXY (http://host:port or socks5://host:port), ' +
  'or BOT_API_ROOT to a Bot API server you can reach.';

/** A proxy URL without user name or password. */
export function proxyForLog(proxy: string | null | undefined): string | null {
  if (proxy === null || proxy === undefined) return null;
  const url = new URL(proxy);
  return `${url.protocol}//${url.host}`;
}

/** The agent that reaches the Bot API through `proxy`: an HTTP CONNECT tunnel or a SOCKS proxy. */
export function proxyAgent(proxy: string): Agent {
  const url = new URL(proxy);
  return url.protocol.startsWith('socks') ? new SocksProxyAgent(url, { keepAlive: true }) : new HttpsProxyAgent(url, { keepAlive: true });
}

/** The low-level cause of a network failure, e.g. `connect ECONNREFUSED 127.0.0.1:9`. */
function causeOf(error: HttpError): string {
  const cause = error.error;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code !== undefined && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}

/** The part of an abort signal used here (grammY passes its own AbortSignal type). */
interface Signal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Waits `ms`, or rejects when `signal` aborts (the bot is stopping). */
function pause(ms: number, signal: Signal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('wenda-bot: stopped while waiting to reach the Bot API'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('wenda-bot: stopped while waiting to reach the Bot API'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort);
  });
}

/**
 * The transformer. Install it before `autoRetry` (so it sees every attempt)
 * and give autoRetry `rethrowHttpErrors: true`, so network failures are
 * retried here, with these notices, rather than silently there.
 */
export function retryUnreachable(options: ReachabilityOptions): Transformer {
  const { logger, apiRoot } = options;
  const firstDelay = options.firstDelayMs ?? REACHABILITY_DEFAULTS.firstDelayMs;
  const maxDelay = options.maxDelayMs ?? REACHABILITY_DEFAULTS.maxDelayMs;
  const warnEvery = options.warnEveryMs ?? REACHABILITY_DEFAULTS.warnEveryMs;
  const proxy = proxyForLog(options.proxy);
  /** Set while the API cannot be reached. */
  let outage: { since: number; lastError: string; timer: NodeJS.Timeout } | undefined;

  const failed = (method: string, error: HttpError): void => {
    const cause = causeOf(error);
    if (outage !== undefined) {
      outage.lastError = cause;
      return;
    }
    const since = Date.now();
    logger.error(
      { apiRoot, proxy, method, error: cause },
      `wenda-bot: cannot reach the Bot API at ${apiRoot}${proxy ? ` through ${proxy}` : ''} (${cause}); retrying with backoff, ` +
        `at least once a minute. ${ADVICE}`,
    );
    const timer = setInterval(() => {
      if (outage === undefined) return;
      const seconds = Math.round((Date.now() - outage.since) / 1000);
      logger.warn(
        { apiRoot, proxy, error: outage.lastError, failingSeconds: seconds },
        `wenda-bot: still cannot reach the Bot API at ${apiRoot} after ${seconds} s (${outage.lastError}); retrying. ${ADVICE}`,
      );
    }, warnEvery);
    timer.unref();
    outage = { since, lastError: cause, timer };
  };

  const answered = (): void => {
    if (outage === undefined) return;
    clearInterval(outage.timer);
    const seconds = Math.round((Date.now() - outage.since) / 1000);
    outage = undefined;
    logger.info({ apiRoot, proxy, downSeconds: seconds }, `wenda-bot: the Bot API at ${apiRoot} answers again (unreachable for ${seconds} s)`);
  };

  return async (prev, method, payload, signal) => {
    let delay = firstDelay;
    for (;;) {
      try {
        const result = await prev(method, payload, signal);
        answered();
        return result;
      } catch (error) {
        if (!(error instanceof HttpError) || signal?.aborted === true) throw error;
        failed(method, error);
        await pause(delay, signal);
        delay = Math.min(maxDelay, delay * 2);
      }
    }
  };
}
