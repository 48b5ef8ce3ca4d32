/**
 * Creates the grammY bot: services on the context, per-chat ordering,
 * retries on 429/5xx, a per-user rate limit, one Composer per feature, and an
 * error boundary so that no API failure or bug takes the process down or
 * leaves a question unanswered.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import type { Agent } from 'node:http';
import { Bot, type Composer, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { adminMenu, setCommandMenus } from './commands.ts';
import { updateErrorHandler } from './error-boundary.ts';
import { floodControl, type FloodControlOptions } from './flood-control.ts';
import { leanFetch } from './http-fetch.ts';
import { retryUnreachable, type ReachabilityOptions } from './reachability.ts';
import type { AnswerEngine, BotContext, BotServices } from './context.ts';
import { admin } from './features/admin.ts';
import { ask } from './features/ask.ts';
import { buttons } from './features/buttons.ts';
import { channel } from './features/channel.ts';
import { edited } from './features/edited.ts';
import { help } from './features/help.ts';
import { inline } from './features/inline.ts';
import { media } from './features/media.ts';
import { membership } from './features/membership.ts';
import { sections } from './features/sections.ts';
import { start } from './features/start.ts';
import { unknown } from './features/unknown.ts';
import { rateLimit } from './rate-limit.ts';
import { MemoryReplyStore, type ReplyStore } from './reply-store.ts';

export type { BotContext } from './context.ts';

/** Update types the bot handles (passed to getUpdates and setWebhook). */
export const ALLOWED_UPDATES = [
  'message',
  'edited_message',
  'channel_post',
  'edited_channel_post',
  'callback_query',
  'inline_query',
  'my_chat_member',
] as const;

/** Options of {@link createBot}. */
export interface CreateBotOptions {
  /** The validated configuration (token, API root, admins, and the proxy if any). */
  config: Pick<Config, 'botToken' | 'apiRoot' | 'adminIds'> & Partial<Pick<Config, 'proxy'>>;
  /** Returns the current engine; called once per update. */
  getEngine: () => AnswerEngine;
  /** The process logger. */
  logger: Logger;
  /**
   * Per-user rate limit: at most `limit` updates per `timeFrameMs`; the first
   * update over the limit gets a polite message. `false` disables it.
   * Default: 20 per 10 seconds.
   */
  rateLimit?: { limit: number; timeFrameMs: number } | false;
  /** Where question → reply pairs are kept for edits. Default: in memory. */
  replyStore?: ReplyStore;
  /** Skips getMe when the bot's user is already known. */
  botInfo?: UserFromGetMe;
  /** Retries of 5xx responses (with backoff). Default: up to 5. 429s wait under {@link floodControl}. */
  retry?: { maxRetryAttempts: number };
  /** Bounds of the calls waiting on Telegram's flood control (429); see flood-control.ts. */
  floodControl?: FloodControlOptions;
  /**
   * The agent API calls go through, e.g. the proxy of `config.proxy` (`proxyAgent` in
   * reachability.ts). Default: direct keep-alive connections.
   */
  agent?: Agent;
  /** Backoff and notices while the Bot API cannot be reached (see reachability.ts). Default: 1 s doubling to 60 s, a warning a minute. */
  reachability?: Pick<ReachabilityOptions, 'firstDelayMs' | 'maxDelayMs' | 'warnEveryMs'>;
  /** More features (e.g. document uploads), registered before the question and catch-all handlers. */
  features?: Composer<BotContext>[];
}

/** Creates the bot. Call {@link prepareBot} before taking updates. */
export function createBot(options: CreateBotOptions): Bot<BotContext> {
  const { config, logger } = options;
  if (config.botToken === null) throw new Error('wenda-bot: createBot needs a bot token');
  const proxy = config.proxy ?? null;
  const bot = new Bot<BotContext>(config.botToken, {
    client: {
      apiRoot: config.apiRoot,
      fetch: leanFetch as unknown as typeof fetch,
      // grammY's documented way to use a proxy: an agent in the fetch config of every call.
      ...(options.agent === undefined ? {} : { baseFetchConfig: { agent: options.agent } }),
    },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  // Network failures are retried (and reported) by retryUnreachable, installed first so it sees
  // every attempt; autoRetry handles what the API answers (429 retry_after, 5xx).
  bot.api.config.use(retryUnreachable({ ...options.reachability, apiRoot: config.apiRoot, proxy, logger }));
  // autoRetry retries 5xx; 429s (any retry_after over 0) go on to flood control, which waits as long as Telegram says.
  bot.api.config.use(autoRetry({ maxRetryAttempts: options.retry?.maxRetryAttempts ?? 5, maxDelaySeconds: 0, rethrowHttpErrors: true }));
  bot.api.config.use(floodControl(options.floodControl));

  const services: BotServices = {
    getEngine: options.getEngine,
    logger,
    adminIds: new Set(config.adminIds),
    replies: options.replyStore ?? new MemoryReplyStore(),
  };
  bot.use((ctx, next) => {
    ctx.services = services;
    ctx.engine = services.getEngine();
    return next();
  });
  // Updates of one chat are handled in order, chats run concurrently.
  bot.use(sequentialize(sequenceKey));

  // Every failure below is logged and apologised for, in polling, webhook and local mode alike.
  const onError = updateErrorHandler(logger);
  bot.catch(onError);
  const guarded = bot.errorBoundary(onError);

  const rate = options.rateLimit ?? { limit: 20, timeFrameMs: 10_000 };
  if (rate !== false) guarded.use(rateLimit(rate));

  guarded.use(adminMenu(), start, help, sections, admin, ...(options.features ?? []), ask, channel, edited, buttons, inline, membership, media, unknown);
  return bot;
}

/** The ordering key: the chat, or the user for inline queries. */
function sequenceKey(ctx: Context): string | undefined {
  return ctx.chat?.id.toString() ?? ctx.from?.id.toString();
}

/** Options of {@link prepareBot}. */
export interface PrepareOptions {
  /** Admins (ADMIN_IDS) whose private chat gets the admin command menu. Default: none. */
  adminIds?: Iterable<number>;
  /** Where an admin menu that could not be set yet is noted. */
  logger?: Logger;
}

/** getMe and the command menus; call once before polling or serving webhooks. */
export async function prepareBot(bot: Bot<BotContext>, options: PrepareOptions = {}): Promise<void> {
  await bot.init();
  await setCommandMenus(bot.api, options.adminIds ?? [], options.logger);
}
