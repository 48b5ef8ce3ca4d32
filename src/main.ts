/**
 * Entry point of `npm start`: configuration → engine → bot → updates, in one
 * of three modes: long polling (BOT_TOKEN), webhook (BOT_TOKEN + WEBHOOK_URL)
 * or the embedded local chat (no BOT_TOKEN). SIGINT/SIGTERM stop taking
 * updates, finish those in flight and exit 0.
 */
import 'dotenv/config';
import { createBot, prepareBot } from './bot/index.ts';
import { startPolling } from './bot/polling.ts';
import { registerWebhook, startWebhookServer } from './bot/webhook.ts';
import { progressReporter } from './cli/common.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { Engine } from './engine/engine.ts';
import { startLocalChat } from './local/chat.ts';
import { createLogger } from './logger.ts';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  // The terminal chat stays readable: only warnings unless LOG_LEVEL asks for more.
  const level = config.mode === 'local' && !config.logLevelSet ? 'warn' : config.logLevel;
  const logger = createLogger({ level, secrets: [config.botToken, config.webhookSecret] });

  const progress = progressReporter();
  const engine = await Engine.open(config.dataDir, {
    onProgress: progress,
    log: (lvl, message) => logger[lvl]({ dataDir: config.dataDir }, message),
  });
  progress.done();
  const getEngine = () => engine;
  const stats = engine.stats();

  let shutdown: () => Promise<void>;
  if (config.mode === 'local') {
    const chat = await startLocalChat({ config, getEngine, logger });
    logger.info({ mode: config.mode, ...stats }, 'wenda-bot: started');
    shutdown = chat.stop;
    void chat.closed.then(() => process.exit(0));
  } else {
    const bot = createBot({ config, getEngine, logger });
    await prepareBot(bot);
    if (config.mode === 'webhook' && config.webhookUrl !== null && config.webhookSecret !== null) {
      const server = await startWebhookServer(bot, {
        secret: config.webhookSecret,
        path: new URL(config.webhookUrl).pathname,
        port: config.port,
        host: config.host,
        logger,
      });
      await registerWebhook(bot, config.webhookUrl, config.webhookSecret);
      shutdown = server.close;
      logger.info({ mode: config.mode, port: server.port, bot: bot.botInfo.username, ...stats }, 'wenda-bot: started');
    } else {
      const polling = await startPolling(bot, { logger });
      shutdown = polling.stop;
      logger.info({ mode: config.mode, bot: bot.botInfo.username, ...stats }, 'wenda-bot: started');
    }
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'wenda-bot: stopping; finishing updates in flight');
    shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'wenda-bot: shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
