/**
 * Long polling with @grammyjs/runner: updates of different chats are handled
 * concurrently (sequentialize keeps each chat in order). Stopping is
 * graceful: no new updates are fetched, the ones in flight are finished, and
 * the last handled update is confirmed to Telegram, so a restart neither loses
 * nor repeats an update.
 */
import { createConcurrentSink, createRunner, createSource, createUpdateFetcher } from '@grammyjs/runner';
import { BotError, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from '../logger.ts';
import type { BotContext } from './context.ts';
import { ALLOWED_UPDATES } from './index.ts';

/** Options of {@link startPolling}. */
export interface PollingOptions {
  /** Long-poll timeout of getUpdates in seconds. Default 30. */
  timeoutSeconds?: number;
  /** Most updates handled at once. Default 500. */
  concurrency?: number;
  /** Where fetch errors are logged. */
  logger?: Logger;
  /**
   * Called when polling stops by itself: getUpdates failed for good, as with
   * 401 (the token was revoked) or 409 (another instance polls with this
   * token, or a webhook was set). Nothing is fetched after that. Default: none.
   */
  onFailed?: (error: unknown) => void;
}

/** A running poller. */
export interface Polling {
  /** Stops fetching, finishes updates in flight, confirms them; resolves when done. */
  stop(): Promise<void>;
  /** Number of updates being handled right now. */
  inFlight(): number;
}

/** Deletes any webhook and starts long polling. */
export async function startPolling(bot: Bot<BotContext>, options: PollingOptions = {}): Promise<Polling> {
  const logger = options.logger;
  await bot.api.deleteWebhook();
  const fetchUpdates = createUpdateFetcher(bot, {
    fetch: { timeout: options.timeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
    silent: true,
  });
  let lastFetched: number | undefined;
  const running = new Set<Promise<void>>();
  const source = createSource({
    supply: async (batchSize, signal) => {
      try {
        const updates = await fetchUpdates(batchSize, signal);
        const last = updates[updates.length - 1];
        if (last !== undefined) lastFetched = last.update_id;
        return updates;
      } catch (error) {
        if (!signal.aborted) logger?.error({ err: error }, 'wenda-bot: getUpdates failed for good');
        throw error;
      }
    },
  });
  const sink = createConcurrentSink<Update>(
    {
      consume: (update) => {
        const task = bot.handleUpdate(update);
        running.add(task);
        return task.finally(() => running.delete(task));
      },
    },
    // The bot's own error handler (log line, apology); the error boundary normally catches first.
    async (error) => {
      if (error instanceof BotError) await bot.errorHandler(error);
      else logger?.error({ err: error }, 'wenda-bot: update handling failed');
    },
    { concurrency: options.concurrency ?? 500 },
  );
  const runner = createRunner(source, sink);
  runner.start();
  // The runner's task rejects only when fetching failed for good (stopping resolves it).
  runner.task()?.catch((error: unknown) => options.onFailed?.(error));
  return {
    inFlight: () => running.size,
    async stop() {
      await runner.stop();
      while (running.size > 0) await Promise.allSettled([...running]);
      if (lastFetched !== undefined) {
        // Telegram forgets updates only when asked for a later offset.
        await bot.api.getUpdates({ offset: lastFetched + 1, limit: 1, timeout: 0 }).catch((error: unknown) => {
          logger?.warn({ err: error }, 'wenda-bot: could not confirm the last updates; they may be delivered again');
        });
      }
    },
  };
}
