/**
 * Flood control: a grammY API transformer that makes calls refused with 429
 * (Too Many Requests) wait as long as Telegram's `retry_after` says and try
 * again, however many times it takes, instead of giving up after a few
 * attempts and losing the answer. Calls to a chat under flood control wait
 * behind it without asking Telegram again. What waits is bounded: per chat,
 * in total, and in time; a call over a bound fails at once with a
 * {@link FloodControlError} naming its chat and method (the bot's error
 * boundary logs it), and so does every waiting call when the bot gives up at
 * its shutdown deadline.
 */
import type { Transformer } from 'grammy';

/** Options of {@link floodControl}. */
export interface FloodControlOptions {
  /** Most calls waiting on flood control for one chat (or one method without a chat). Default 20. */
  perChat?: number;
  /** Most calls waiting on flood control in all. Default 2000. */
  total?: number;
  /** Longest a call waits in all before it is given up, in seconds. Default 600. */
  maxWaitSeconds?: number;
  /** Longest an answer to a callback or inline query waits, in seconds (the query expires). Default 10. */
  maxQueryWaitSeconds?: number;
  /** Aborted when the bot gives up what still waits (its shutdown deadline). */
  signal?: AbortSignal;
}

/** Defaults of {@link FloodControlOptions}. */
export const FLOOD_CONTROL_DEFAULTS = { perChat: 20, total: 2000, maxWaitSeconds: 600, maxQueryWaitSeconds: 10 } as const;

/** Why a call under flood control was not made. */
export type FloodControlReason = 'chat-full' | 'outbox-full' | 'waited-too-long' | 'shutting-down';

/** A call Telegram's flood control kept from being made, and which bound ended it. */
export class FloodControlError extends Error {
  override name = 'FloodControlError';
  constructor(
    /** Which bound ended the wait. */
    readonly reason: FloodControlReason,
    /** The Bot API method. */
    readonly method: string,
    /** The chat the call was for, when it had one. */
    readonly chat_id: number | string | undefined,
    /** The last `retry_after` Telegram sent, in seconds. */
    readonly retry_after: number,
  ) {
    super(`wenda-bot: ${method}${chat_id === undefined ? '' : ` to chat ${chat_id}`} not sent under flood control (${reason})`);
  }
}

/** Chats remembered as under flood control before expired entries are swept. */
const SWEEP_SIZE = 10_000;

/** Methods whose answers expire with the query they answer. */
const QUERY_ANSWERS = new Set(['answerCallbackQuery', 'answerInlineQuery']);

/**
 * Creates the transformer; one per bot, shared by every update's API object.
 * Install it with `bot.api.config.use(…)` after auto-retry, so it sees what
 * auto-retry gives up.
 */
export function floodControl(options: FloodControlOptions = {}): Transformer {
  const perChat = options.perChat ?? FLOOD_CONTROL_DEFAULTS.perChat;
  const total = options.total ?? FLOOD_CONTROL_DEFAULTS.total;
  const blockedUntil = new Map<string, number>();
  const waitingByKey = new Map<string, number>();
  let waitingTotal = 0;

  const transformer: Transformer = async (prev, method, payload, signal) => {
    // Long polling has its own retries; a getUpdates that waits here would hold up every chat.
    if (method === 'getUpdates') return prev(method, payload, signal);
    const chatId = (payload as { chat_id?: number | string } | undefined)?.chat_id;
    const key = chatId === undefined ? method : `chat:${chatId}`;
    const maxWaitMs = 1000 * (QUERY_ANSWERS.has(method) ? (options.maxQueryWaitSeconds ?? FLOOD_CONTROL_DEFAULTS.maxQueryWaitSeconds) : (options.maxWaitSeconds ?? FLOOD_CONTROL_DEFAULTS.maxWaitSeconds));
    const started = Date.now();
    let retryAfter = 0;
    for (;;) {
      const until = blockedUntil.get(key) ?? 0;
      if (until > Date.now()) {
        if (until - started > maxWaitMs) throw new FloodControlError('waited-too-long', method, chatId, retryAfter);
        const count = waitingByKey.get(key) ?? 0;
        if (count >= perChat) throw new FloodControlError('chat-full', method, chatId, retryAfter);
        if (waitingTotal >= total) throw new FloodControlError('outbox-full', method, chatId, retryAfter);
        waitingByKey.set(key, count + 1);
        waitingTotal++;
        try {
          // grammY types the call's signal with the abort-controller shim; at run time it is Node's AbortSignal.
          await pause(until - Date.now(), [options.signal, signal as AbortSignal | undefined]);
        } catch (error) {
          // The bot's deadline gave up on it, or whoever made the call did.
          if (options.signal?.aborted) throw new FloodControlError('shutting-down', method, chatId, retryAfter);
          throw error;
        } finally {
          waitingTotal--;
          const left = (waitingByKey.get(key) ?? 1) - 1;
          if (left === 0) waitingByKey.delete(key);
          else waitingByKey.set(key, left);
        }
        continue;
      }
      const result = await prev(method, payload, signal);
      const after = result.ok ? undefined : result.parameters?.retry_after;
      if (result.ok || result.error_code !== 429 || typeof after !== 'number') {
        if ((blockedUntil.get(key) ?? Infinity) <= Date.now()) blockedUntil.delete(key);
        return result;
      }
      retryAfter = after;
      if (blockedUntil.size >= SWEEP_SIZE) {
        for (const [k, t] of blockedUntil) if (t <= Date.now()) blockedUntil.delete(k);
      }
      blockedUntil.set(key, Math.max(blockedUntil.get(key) ?? 0, Date.now() + after * 1000));
    }
  };
  return transformer;
}

/** Waits `ms`, or rejects as soon as one of the signals is aborted. */
function pause(ms: number, signals: (AbortSignal | undefined)[]): Promise<void> {
  const live = signals.filter((s): s is AbortSignal => s !== undefined);
  const reason = (): unknown => live.find((s) => s.aborted)?.reason ?? new Error('aborted');
  return new Promise((resolve, reject) => {
    if (live.some((s) => s.aborted)) return reject(reason());
    const done = () => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener('abort', abort);
    };
    const abort = () => {
      done();
      reject(reason());
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, Math.max(0, ms));
    for (const s of live) s.addEventListener('abort', abort, { once: true });
  });
}
