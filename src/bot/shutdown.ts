/**
 * Stopping with a deadline. At the signal, uploads are abandoned at once
 * (their admins are told, their temporary folders removed) and the bot stops
 * taking updates; answers in flight get until the deadline to be sent. At the
 * deadline, replies still waiting on Telegram's flood control are given up
 * (each logged with its chat), and if the bot has still not stopped a little
 * later, the caller is told to exit anyway.
 */
import type { Logger } from '../logger.ts';

/** Options of {@link createShutdown}. */
export interface ShutdownOptions {
  /** The process logger. */
  logger: Logger;
  /** How long answers in flight get to be sent, in ms. Default 8 s (Docker stops with SIGKILL after 10). */
  deadlineMs?: number;
  /** After the deadline, how long the rest gets to wind down before giving up on it, in ms. Default 1.5 s. */
  graceMs?: number;
}

/** Defaults of {@link ShutdownOptions}. */
export const SHUTDOWN_DEFAULTS = { deadlineMs: 8000, graceMs: 1500 } as const;

/** How a shutdown ended: everything finished, or the bot had to be left unfinished. */
export type ShutdownOutcome = 'finished' | 'unfinished';

/** The signals the bot's parts listen to, and the shutdown itself. */
export interface Shutdown {
  /** Aborted when shutdown starts: uploads and document readings are abandoned. */
  readonly started: AbortSignal;
  /** Aborted at the deadline: what still waits on flood control is given up. */
  readonly deadline: AbortSignal;
  /**
   * Runs `stop` (stop taking updates, finish those in flight) under the
   * deadline. Resolves 'unfinished' when `stop` has not resolved by the
   * deadline plus the grace period.
   */
  run(stop: () => Promise<void>): Promise<ShutdownOutcome>;
}

/** Creates the shutdown; give its signals to the parts of the bot, call `run` at SIGTERM. */
export function createShutdown(options: ShutdownOptions): Shutdown {
  const deadlineMs = options.deadlineMs ?? SHUTDOWN_DEFAULTS.deadlineMs;
  const graceMs = options.graceMs ?? SHUTDOWN_DEFAULTS.graceMs;
  const started = new AbortController();
  const deadline = new AbortController();
  return {
    started: started.signal,
    deadline: deadline.signal,
    async run(stop) {
      started.abort();
      const timers: NodeJS.Timeout[] = [];
      const late = new Promise<ShutdownOutcome>((resolve) => {
        timers.push(
          setTimeout(() => {
            options.logger.warn({ deadlineMs }, 'wenda-bot: shutdown deadline reached; replies still waiting on flood control are given up');
            deadline.abort();
          }, deadlineMs),
          setTimeout(() => resolve('unfinished'), deadlineMs + graceMs),
        );
      });
      try {
        return await Promise.race([stop().then(() => 'finished' as const), late]);
      } finally {
        for (const timer of timers) clearTimeout(timer);
      }
    },
  };
}
