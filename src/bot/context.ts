/**
 * The bot's context type: grammY's Context plus the services every feature
 * needs. The engine is taken once per update, so an update is answered from
 * one consistent index even while a new one is being swapped in.
 */
import type { Context } from 'grammy';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../logger.ts';
import type { ReplyStore } from './reply-store.ts';

/** What the bot needs from the engine (the real `Engine` satisfies it). */
export type AnswerEngine = Pick<Engine, 'ask' | 'stats' | 'documents' | 'problems' | 'section' | 'passage'>;

/** Services shared by all features. */
export interface BotServices {
  /** Returns the current engine (it may be replaced by a hot reload). */
  getEngine: () => AnswerEngine;
  /** The process logger. */
  logger: Logger;
  /** Telegram user ids allowed to use admin commands. */
  adminIds: ReadonlySet<number>;
  /** Remembers which reply answered which question, for edits. */
  replies: ReplyStore;
}

/** Per-update additions to the context. */
export interface BotFlavor {
  /** The engine snapshot for this update. */
  engine: AnswerEngine;
  /** Shared services. */
  services: BotServices;
}

/** The context type of every middleware in this bot. */
export type BotContext = Context & BotFlavor;
