/**
 * End-to-end harness: the real engine over a real data folder, the real bot,
 * and the local Bot API server on 127.0.0.1, talking HTTP.
 */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Bot } from 'grammy';
import { expect } from 'vitest';
import { createBot, prepareBot, type BotContext, type CreateBotOptions } from '../../src/bot/index.ts';
import { startPolling, type Polling } from '../../src/bot/polling.ts';
import { Engine } from '../../src/engine/engine.ts';
import { LocalBotApi, type Chat, type Media, type Message, type User } from '../../src/local/bot-api-server.ts';
import { createLogger, type Logger } from '../../src/logger.ts';

export const TOKEN = '424242:test-token-for-the-local-bot-api';
export const SEED_DATA = join(import.meta.dirname, '..', '..', 'index-data');
export const LIBRARY_DATA = join(import.meta.dirname, '..', 'fixtures', 'bot', 'library');

/** A user listed in ADMIN_IDS of the test bots. */
export const ADMIN: User = { id: 77, is_bot: false, first_name: '管理员', username: 'admin77' };

let nextUserId = 1000;
/** A new user with a unique id. */
export function newUser(name = '用户'): User {
  const id = nextUserId++;
  return { id, is_bot: false, first_name: `${name}${id}`, username: `user${id}` };
}

let nextGroupId = 1;
/** A new supergroup (or group/channel) chat with a unique id. */
export function newChat(type: 'group' | 'supergroup' | 'channel'): Chat {
  const id = -1001000000000 - nextGroupId++;
  return { id, type, title: `测试${type}${-id}` };
}

export interface Harness {
  api: LocalBotApi;
  bot: Bot<BotContext>;
  engine: Engine;
  polling: Polling;
  stop(): Promise<void>;
}

const engines = new Map<string, Promise<Engine>>();
/** The real engine over a data folder (built once per test file, never persisted from tests). */
export function openEngine(dataDir: string): Promise<Engine> {
  let engine = engines.get(dataDir);
  if (engine === undefined) {
    engine = Engine.open(dataDir, { persist: false });
    engines.set(dataDir, engine);
  }
  return engine;
}

/** The real bot for the local server, prepared (getMe, commands); silent logs, no rate limit by default. */
export async function createTestBot(
  api: LocalBotApi,
  engine: Engine | (() => Engine),
  options: Partial<Pick<CreateBotOptions, 'rateLimit' | 'retry' | 'logger' | 'floodControl'>> = {},
): Promise<Bot<BotContext>> {
  const bot = createBot({
    config: { botToken: TOKEN, apiRoot: api.apiRoot, adminIds: [ADMIN.id] },
    // A document library's engine changes with its documents: the bot asks for it each time.
    getEngine: typeof engine === 'function' ? engine : () => engine,
    logger: options.logger ?? createLogger({ level: 'silent' }),
    rateLimit: options.rateLimit ?? false,
    retry: options.retry ?? { maxRetryAttempts: 3 },
    ...(options.floodControl ? { floodControl: options.floodControl } : {}),
  });
  await prepareBot(bot);
  return bot;
}

/** Starts server, bot and long polling (1 s poll timeout). */
export async function startHarness(
  options: { dataDir?: string; api?: LocalBotApi } & Partial<Pick<CreateBotOptions, 'rateLimit' | 'retry' | 'logger' | 'floodControl'>> = {},
): Promise<Harness> {
  const engine = await openEngine(options.dataDir ?? SEED_DATA);
  const api = options.api ?? (await LocalBotApi.start({ token: TOKEN }));
  const bot = await createTestBot(api, engine, options);
  const polling = await startPolling(bot, { timeoutSeconds: 1 });
  return {
    api,
    bot,
    engine,
    polling,
    async stop() {
      await polling.stop();
      await api.close();
    },
  };
}

/** Sends a message and resolves with the bot's next message in that chat. */
export async function exchange(
  api: LocalBotApi,
  chat: Chat,
  from: User | null,
  content: string | Media,
  options: { replyTo?: Message } = {},
): Promise<{ sent: Message; reply: Message }> {
  const before = api.botMessages(chat.id).length;
  const sent = api.send(chat, from, content, options);
  const reply = await api.nextBotMessage(chat.id, before);
  return { sent, reply };
}

/** Presses a button by its label and resolves with the bot's next message in that chat. */
export async function press(api: LocalBotApi, message: Message, label: string | RegExp, from: User): Promise<Message> {
  const data = buttonData(message, label);
  const before = api.botMessages(message.chat.id).length;
  const id = api.press(message, data, from);
  const reply = await api.nextBotMessage(message.chat.id, before);
  await api.waitFor(() => api.callbackAnswers.has(id));
  return reply;
}

/** The callback_data of a button, checking Telegram's rules on the way. */
export function buttonData(message: Message, label: string | RegExp): string {
  const buttons = message.reply_markup?.inline_keyboard.flat() ?? [];
  const button = buttons.find((b) => (typeof label === 'string' ? b.text === label : label.test(b.text)));
  expect(button, `button ${String(label)} in ${JSON.stringify(buttons.map((b) => b.text))}`).toBeDefined();
  expect(button!.callback_data).toBeDefined();
  return button!.callback_data!;
}

/** Texts of the bold entities of a message. */
export function boldTexts(message: Message): string[] {
  const text = message.text ?? '';
  return (message.entities ?? []).filter((e) => e.type === 'bold').map((e) => text.slice(e.offset, e.offset + e.length));
}

/** A logger that keeps its JSON lines in memory, for tests that read the log. */
export function memoryLogger(): { logger: Logger; lines: string[]; records: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter((line) => line !== ''));
      done();
    },
  });
  const logger = createLogger({ level: 'info', secrets: [TOKEN], destination });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Labels of a message's buttons. */
export function labels(message: Message): string[] {
  return message.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
}

/**
 * Every API call so far succeeded (the server accepted HTML, lengths and
 * callback_data), except injected 429/5xx failures and "message is not modified",
 * which the bot provokes knowingly when an edit changes nothing.
 */
export function expectNoFailedCalls(api: LocalBotApi): void {
  const failed = api.calls.filter(
    (c) =>
      !c.ok &&
      c.method !== 'getUpdates' &&
      c.error_code !== 429 &&
      (c.error_code ?? 0) < 500 &&
      !String(c.description).includes('message is not modified'),
  );
  expect(failed.map((c) => `${c.method}: ${c.description}`)).toEqual([]);
}

/**
 * Waits until the bot has taken every update so far and finished handling
 * it; then "nothing was sent" is a real observation, not a race.
 */
export async function settle(h: Harness): Promise<void> {
  await h.api.waitFor(() => h.api.pendingUpdates === 0, 5000);
  const deadline = Date.now() + 5000;
  while (h.polling.inFlight() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

/** Presses a button that edits its own message (list paging); resolves with the edited message. */
export async function pressInPlace(api: LocalBotApi, message: Message, label: string | RegExp, from: User): Promise<Message> {
  const data = buttonData(message, label);
  const before = api.history(message.chat.id).find((m) => m.message_id === message.message_id)?.edit_date ?? 0;
  const id = api.press(message, data, from);
  await api.waitFor(() => api.callbackAnswers.has(id));
  return api.waitFor(() => {
    const m = api.history(message.chat.id).find((x) => x.message_id === message.message_id);
    return m !== undefined && (m.edit_date ?? 0) >= before && m.edit_date !== undefined && m;
  });
}
