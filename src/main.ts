/**
 * Entry point of `npm start`: configuration → document library → bot → updates, in one
 * of three modes: long polling (BOT_TOKEN), webhook (BOT_TOKEN + WEBHOOK_URL)
 * or the embedded local chat (no BOT_TOKEN). SIGINT/SIGTERM stop taking
 * updates, abandon uploads, finish the updates in flight within a deadline
 * and exit 0 (1 when something was left unfinished).
 */
import 'dotenv/config';
import type { Agent } from 'node:http';
import { GrammyError, type Composer } from 'grammy';
import type { BotContext } from './bot/context.ts';
import { docsFeature } from './bot/features/docs.ts';
import { createBot, prepareBot } from './bot/index.ts';
import { startPolling } from './bot/polling.ts';
import { proxyAgent, proxyForLog } from './bot/reachability.ts';
import { createShutdown, type Shutdown } from './bot/shutdown.ts';
import { registerWebhook, startWebhookServer } from './bot/webhook.ts';
import { dataDirHint, errorText, progressReporter } from './cli/common.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DocumentLibrary } from './docs/library.ts';
import { describeDataDir } from './docs/messages.ts';
import type { Engine } from './engine/engine.ts';
import { DataDirError, EngineError } from './engine/errors.ts';
import { RedisIndexStore } from './engine/redis-store.ts';
import { startLocalChat } from './local/chat.ts';
import { createLogger, type Logger } from './logger.ts';
import { reportDocuments } from './start-notices.ts';

/** What is running, filled in as start-up goes on, so a signal at any moment stops what there is. */
interface Running {
  /** Stops taking updates and finishes those in flight. */
  shutdown: () => Promise<void>;
  /** The Redis connection of INDEX_STORE, closed last. */
  store: RedisIndexStore | undefined;
}

/** Stops the bot for a reason; exits with `code`, or 1 when updates were left unfinished. */
type Stop = (reason: string, code?: number) => void;

async function main(): Promise<void> {
  const config = configOrExit();
  // The terminal chat stays readable: only warnings unless LOG_LEVEL asks for more.
  const level = config.mode === 'local' && !config.logLevelSet ? 'warn' : config.logLevel;
  const logger = createLogger({ level, secrets: [config.botToken, config.webhookSecret, config.proxy] });

  // Signals are taken from the start: a bot still building its index or waiting for Telegram stops at once.
  // Stopping has a deadline: uploads are abandoned at once, answers in flight get until the deadline.
  const shutdownControl = createShutdown({ logger });
  const running: Running = { shutdown: async () => {}, store: undefined };
  const stop = stopper(logger, shutdownControl, running);
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  // With INDEX_STORE the posting lists live in Redis, built once and shared by every instance.
  if (config.indexStore !== null) {
    running.store = await RedisIndexStore.connect(config.indexStore, { log: (lvl, message) => logger[lvl](message) });
  }
  const library = await openLibraryOrExit(config, running.store, logger);
  // Read the live engine per update: documents added from Telegram are answered from at once.
  const getEngine = library.getEngine;
  const engine = getEngine();
  reportDocuments(engine, { dataDir: config.dataDir, local: config.mode === 'local', logger });
  const stats = startStats(engine);

  // The Bot API is reached directly or through the proxy (BOT_PROXY, HTTPS_PROXY); downloads too.
  const agent = config.proxy === null ? undefined : proxyAgent(config.proxy);
  // The local chat runs its own Bot API server, so features are made for the root they download from.
  const features = (apiRoot: string) => [
    docsFeature({ library, apiRoot, signal: shutdownControl.started, ...(agent && apiRoot === config.apiRoot ? { agent } : {}) }),
  ];

  if (config.mode === 'local') {
    const chat = await startLocalChat({ config, getEngine, logger, features });
    logger.info({ mode: config.mode, ...stats }, 'wenda-bot: started');
    running.shutdown = chat.stop;
    void chat.closed.then(() => process.exit(0));
  } else {
    running.shutdown = await startTelegram(config, { getEngine, logger, features: features(config.apiRoot), agent, shutdownControl, stop, running, stats });
  }
}

/** The validated configuration; a bad variable stops the process with a message naming it. */
function configOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** The function that stops the bot (once), under the shutdown deadline. */
function stopper(logger: Logger, shutdownControl: Shutdown, running: Running): Stop {
  let stopping = false;
  return (reason, code = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal: reason }, 'wenda-bot: stopping; finishing updates in flight');
    shutdownControl
      .run(() => running.shutdown())
      .then(async (outcome) => {
        if (outcome === 'unfinished') logger.error('wenda-bot: updates in flight did not finish after the shutdown deadline; exiting anyway');
        await running.store?.close();
        process.exit(outcome === 'finished' ? code : 1);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'wenda-bot: shutdown failed');
        process.exit(1);
      });
  };
}

/**
 * Opens the document library of DATA_DIR, with a progress bar on a terminal
 * during start-up. A path that is not a data folder (a typo) stops the
 * process with the command that makes one, rather than starting an empty bot.
 */
async function openLibraryOrExit(config: Config, store: RedisIndexStore | undefined, logger: Logger): Promise<DocumentLibrary> {
  const progress = progressReporter();
  // The progress bar is for start-up only; rebuilds after an upload must not draw over the chat.
  let starting = true;
  let library: DocumentLibrary;
  try {
    library = await DocumentLibrary.open(config.dataDir, {
      store,
      threads: config.answerThreads,
      onProgress: (event) => {
        if (starting) progress(event);
      },
      log: (lvl, message) => {
        if (starting) progress.done();
        logger[lvl]({ dataDir: config.dataDir }, message);
      },
    });
  } catch (error) {
    if (!(error instanceof DataDirError)) throw error;
    progress.done();
    process.stderr.write(`错误：${describeDataDir(error)}，请检查 DATA_DIR。\n${dataDirHint(error)}\n`);
    await store?.close();
    process.exit(1);
  }
  starting = false;
  progress.done();
  return library;
}

/** The start line's facts about what is loaded. */
function startStats(engine: Engine) {
  return {
    ...engine.stats(),
    skippedSources: engine.problems.length,
    answerThreads: engine.threads,
    indexStore: engine.store?.location ?? null,
  };
}

/** What {@link startTelegram} needs besides the configuration. */
interface TelegramOptions {
  getEngine: () => Engine;
  logger: Logger;
  features: Composer<BotContext>[];
  agent: Agent | undefined;
  shutdownControl: Shutdown;
  stop: Stop;
  running: Running;
  stats: ReturnType<typeof startStats>;
}

/**
 * Connects to the Bot API (getMe, command menus) and takes updates by long
 * polling or webhook; returns how to stop. A refused token stops the process
 * with exit code 1, and so does long polling that Telegram ends later.
 */
async function startTelegram(config: Config, options: TelegramOptions): Promise<() => Promise<void>> {
  const { logger, stats } = options;
  logger.info({ apiRoot: config.apiRoot, proxy: proxyForLog(config.proxy) }, 'wenda-bot: connecting to the Bot API');
  const bot = createBot({
    config,
    getEngine: options.getEngine,
    logger,
    features: options.features,
    floodControl: { signal: options.shutdownControl.deadline },
    ...(options.agent ? { agent: options.agent } : {}),
  });
  try {
    await prepareBot(bot, { adminIds: config.adminIds, logger });
  } catch (error) {
    if (!(error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404))) throw error;
    logger.fatal({ apiRoot: config.apiRoot, method: error.method, status: error.error_code }, tokenRefused(config.apiRoot, error));
    await options.running.store?.close();
    process.exit(1);
  }
  if (config.mode === 'webhook' && config.webhookUrl !== null && config.webhookSecret !== null) {
    const server = await startWebhookServer(bot, {
      secret: config.webhookSecret,
      path: new URL(config.webhookUrl).pathname,
      port: config.port,
      host: config.host,
      logger,
    });
    await registerWebhook(bot, config.webhookUrl, config.webhookSecret);
    logger.info({ mode: config.mode, port: server.port, bot: bot.botInfo.username, ...stats }, 'wenda-bot: started');
    return server.close;
  }
  const polling = await startPolling(bot, {
    logger,
    onFailed: (error) => {
      logger.fatal({ apiRoot: config.apiRoot, err: error }, pollingFailed(config.apiRoot, error));
      options.stop('polling failed', 1);
    },
  });
  logger.info({ mode: config.mode, bot: bot.botInfo.username, ...stats }, 'wenda-bot: started');
  return polling.stop;
}

/** The log line for a token the Bot API refuses: what it said and what to check. */
function tokenRefused(apiRoot: string, error: GrammyError): string {
  if (error.error_code === 401) {
    return `wenda-bot: the Bot API at ${apiRoot} refused BOT_TOKEN (401 ${error.description}); ` +
      'use the token @BotFather gave for this bot (after /revoke only the new one works). Not retrying.';
  }
  return `wenda-bot: the Bot API at ${apiRoot} answered ${error.method} with 404 ${error.description}; ` +
    'BOT_TOKEN is malformed or BOT_API_ROOT is not a Bot API server. Not retrying.';
}

/** The log line for long polling that Telegram ended: why, and what to check. */
function pollingFailed(apiRoot: string, error: unknown): string {
  if (error instanceof GrammyError && error.error_code === 401) {
    return `wenda-bot: the Bot API at ${apiRoot} no longer accepts BOT_TOKEN (401 ${error.description}); was it revoked in @BotFather? Stopping.`;
  }
  if (error instanceof GrammyError && error.error_code === 409) {
    return `wenda-bot: Telegram ended long polling (409 ${error.description}): another instance is polling with this token, ` +
      'or a webhook was set for it. Run one polling instance per token (or use WEBHOOK_URL for several). Stopping.';
  }
  return `wenda-bot: long polling failed for good (${error instanceof Error ? error.message : String(error)}). Stopping.`;
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof EngineError ? errorText(error) : `${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
