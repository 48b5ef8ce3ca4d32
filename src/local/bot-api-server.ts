/**
 * A local Bot API server on node:http (127.0.0.1, port 0 by default) that
 * behaves like Telegram for the methods this bot calls: real long polling with
 * offsets, webhook delivery with the secret header, and Telegram's validation
 * of HTML, message length and callback_data. It also plays the users' side
 * (messages, edits, button presses, inline queries) and injects faults for
 * the fault suite: errors for the next calls of a method, flood control (429
 * with retry_after) for a window of time, and file downloads that stall. The
 * end-to-end tests and the embedded local chat both run on it.
 */
import { EventEmitter } from 'node:events';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { detectUserEntities, EntityParseError, parseHtml, type MessageEntity } from './telegram-html.ts';

/** A Telegram user (the subset this server produces). */
export interface User {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
  language_code?: string;
  can_join_groups?: boolean;
  can_read_all_group_messages?: boolean;
  supports_inline_queries?: boolean;
}

/** A Telegram chat. */
export interface Chat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  first_name?: string;
}

/** An inline keyboard button. */
export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
  switch_inline_query?: string;
  switch_inline_query_current_chat?: string;
}

/** A message, as the Bot API would return it. */
export interface Message {
  message_id: number;
  date: number;
  edit_date?: number;
  chat: Chat;
  from?: User;
  sender_chat?: Chat;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  reply_to_message?: Message;
  reply_markup?: { inline_keyboard: InlineButton[][] };
  via_bot?: User;
  sticker?: { file_id: string; file_unique_id: string; width: number; height: number; is_animated: boolean; is_video: boolean; type: string; emoji?: string };
  photo?: { file_id: string; file_unique_id: string; width: number; height: number }[];
  voice?: { file_id: string; file_unique_id: string; duration: number };
  document?: { file_id: string; file_unique_id: string; file_name?: string; mime_type?: string; file_size?: number };
  [key: string]: unknown;
}

/** What a user can send besides text. */
export type Media =
  | { sticker: string }
  | { photo: true; caption?: string }
  | { voice: number }
  | { document: { name: string; content: Buffer; mimeType?: string; /** Leave out file_size (it is optional in the Bot API). */ sizeUnknown?: boolean }; caption?: string };

/** One recorded Bot API call. */
export interface CallRecord {
  method: string;
  payload: Record<string, unknown>;
  ok: boolean;
  error_code?: number;
  description?: string;
  at: number;
}

/** An injected failure for the next call(s) of a method. */
export interface Failure {
  /** HTTP/Bot API error code: 429 for flood control, 5xx for server errors. */
  code: number;
  /** Seconds to wait, sent as `parameters.retry_after` with 429. Default 1. */
  retryAfter?: number;
  /** Description; defaults to Telegram's wording for the code. */
  description?: string;
}

/** Flood control for a window of time: every call of the method gets 429 until it ends. */
export interface FloodWindow {
  /** How long the window lasts, in seconds (tests use a few; Telegram's last 20–30 s and more). */
  seconds: number;
  /**
   * The `retry_after` sent with each 429, in seconds. Default: the seconds
   * left in the window, rounded up, as Telegram does.
   */
  retryAfter?: number;
}

/** Telegram's limit for files a bot may download with getFile. */
export const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

/** Options of {@link LocalBotApi.start}. */
export interface LocalBotApiOptions {
  /** The token the bot must use. Requests with another token get 401. */
  token: string;
  /** The bot's own user. Default: id 7000000001, username `wenda_local_bot`. */
  bot?: Partial<User>;
  /** Host to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port to bind. Default 0 (any free port). */
  port?: number;
  /** Delay before a failed webhook delivery is retried, in ms. Default 1000. */
  webhookRetryMs?: number;
}

type Update = { update_id: number; [type: string]: unknown };

class ApiError extends Error {
  constructor(
    readonly code: number,
    description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

const bad = (description: string) => new ApiError(400, `Bad Request: ${description}`);

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** Drops nested replies, as Telegram does for `reply_to_message`. */
function shallow(message: Message): Message {
  const { reply_to_message: _drop, ...rest } = message;
  return structuredClone(rest) as Message;
}

/** Validates an inline keyboard like Telegram does. */
function checkMarkup(markup: unknown): { inline_keyboard: InlineButton[][] } | undefined {
  if (markup === undefined || markup === null) return undefined;
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows)) throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array');
  let count = 0;
  for (const row of rows) {
    if (!Array.isArray(row)) throw bad('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
    for (const button of row as InlineButton[]) {
      count++;
      if (typeof button.text !== 'string' || button.text.trim() === '') throw bad('text buttons are unallowed in the inline keyboard');
      const kinds = ['callback_data', 'url', 'switch_inline_query', 'switch_inline_query_current_chat'].filter(
        (k) => (button as unknown as Record<string, unknown>)[k] !== undefined,
      );
      if (kinds.length !== 1) throw bad("can't parse inline keyboard button: exactly one of the optional fields must be used");
      if (button.callback_data !== undefined) {
        const bytes = Buffer.byteLength(button.callback_data, 'utf8');
        if (bytes < 1 || bytes > 64) throw bad('BUTTON_DATA_INVALID');
      }
      if (button.url !== undefined && !/^(https?|tg):\/\/\S+$/.test(button.url)) throw bad('BUTTON_URL_INVALID');
    }
  }
  if (count > 100) throw bad('reply markup is too long');
  return structuredClone({ inline_keyboard: rows as InlineButton[][] });
}

/** Parses a text in the given parse mode and checks it like sendMessage does. */
function checkText(raw: unknown, parseMode: unknown): { text: string; entities: MessageEntity[] } {
  if (typeof raw !== 'string') throw bad('message text is empty');
  let parsed: { text: string; entities: MessageEntity[] };
  if (parseMode === 'HTML') {
    try {
      parsed = parseHtml(raw);
    } catch (e) {
      if (e instanceof EntityParseError) throw new ApiError(400, e.message);
      throw e;
    }
  } else if (parseMode === undefined || parseMode === null || parseMode === '') {
    parsed = { text: raw, entities: [] };
  } else {
    throw bad(`unsupported parse_mode "${String(parseMode)}" in the local Bot API server`);
  }
  if (parsed.text.trim() === '') throw bad('message text is empty');
  if (parsed.text.length > 4096) throw bad('message is too long');
  return parsed;
}

/**
 * The local Bot API server. Create it with {@link LocalBotApi.start}; use
 * {@link LocalBotApi.apiRoot} as the bot's `apiRoot`.
 */
export class LocalBotApi extends EventEmitter {
  /** The bot's own user, as `getMe` returns it. */
  readonly me: User;
  /** Every API call the bot made, in order. */
  readonly calls: CallRecord[] = [];
  /** Commands set with setMyCommands for everyone (the default scope). */
  commands: { command: string; description: string }[] = [];
  /** Commands set for one chat (BotCommandScopeChat), by chat id. */
  readonly chatCommands = new Map<number, { command: string; description: string }[]>();
  /** Answers to inline queries by query id. */
  readonly inlineAnswers = new Map<string, Record<string, unknown>>();
  /** Answers to callback queries by query id. */
  readonly callbackAnswers = new Map<string, Record<string, unknown>>();
  /** Chat actions (typing) by chat id. */
  readonly chatActions: { chat_id: number; action: string }[] = [];

  private readonly server: Server;
  private readonly token: string;
  private readonly webhookRetryMs: number;
  private readonly chats = new Map<number, Chat>();
  private readonly messages = new Map<number, Message[]>();
  private readonly nextMessageId = new Map<number, number>();
  private readonly files = new Map<string, { path: string; content: Buffer }>();
  private readonly failures = new Map<string, Failure[]>();
  private readonly floods = new Map<string, { until: number; retryAfter: number | undefined }>();
  private stallDownloads = false;
  private readonly stalled = new Set<ServerResponse>();
  private queue: Update[] = [];
  private nextUpdateId = 1;
  private nextQueryId = 1;
  private allowedUpdates: string[] = [];
  private poller: { finish: (updates: Update[] | ApiError) => void; limit: number } | undefined;
  private webhook: { url: string; secret: string | undefined; maxConnections: number } | undefined;
  private readonly delivering = new Set<number>();
  private readonly sentByBot = new WeakSet<Message>();
  private readonly retryAt = new Map<number, number>();
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(server: Server, options: LocalBotApiOptions) {
    super();
    this.setMaxListeners(0);
    this.server = server;
    this.token = options.token;
    this.webhookRetryMs = options.webhookRetryMs ?? 1000;
    this.me = {
      id: 7000000001,
      is_bot: true,
      first_name: '问答机器人',
      username: 'wenda_local_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: true,
      ...options.bot,
    };
  }

  /** Starts the server and resolves once it listens. */
  static async start(options: LocalBotApiOptions): Promise<LocalBotApi> {
    const server = createServer();
    const api = new LocalBotApi(server, options);
    server.on('request', (req, res) => void api.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return api;
  }

  /** The root URL to pass to grammY as `client.apiRoot`. */
  get apiRoot(): string {
    const address = this.server.address() as AddressInfo;
    return `http://${address.address}:${address.port}`;
  }

  /** Whether a long poll (getUpdates with a timeout) is waiting for updates now. */
  get longPolling(): boolean {
    return this.poller !== undefined;
  }

  /** Number of updates not yet confirmed by the bot (getUpdates offset or webhook 2xx). */
  get pendingUpdates(): number {
    return this.queue.length;
  }

  /** Makes the next `times` calls of `method` fail with `failure`. */
  failNext(method: string, failure: Failure, times = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.failures.set(method, list);
  }

  /**
   * Flood control: every call of `method` during the next `window.seconds`
   * gets 429 Too Many Requests with `retry_after`.
   */
  floodControl(method: string, window: FloodWindow): void {
    this.floods.set(method.toLowerCase(), { until: Date.now() + window.seconds * 1000, retryAfter: window.retryAfter });
  }

  /**
   * While on, file downloads send their headers and the first bytes, then
   * stall (the connection stays open, nothing more comes) until the server
   * closes or the client gives up.
   */
  stallFileDownloads(on: boolean): void {
    this.stallDownloads = on;
  }

  /** Number of file downloads stalled right now. */
  get stalledDownloads(): number {
    return this.stalled.size;
  }

  /** Stops the server; pending long polls are answered with an empty list. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.poller?.finish([]);
    this.poller = undefined;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- users' side

  /** Registers a chat so the bot may send to it. */
  addChat(chat: Chat): Chat {
    this.chats.set(chat.id, chat);
    return chat;
  }

  /** A private chat with `user` (chat id = user id). */
  privateChat(user: User): Chat {
    return this.addChat({ id: user.id, type: 'private', first_name: user.first_name, ...(user.username ? { username: user.username } : {}) });
  }

  /** All messages in a chat, users' and the bot's, in order. */
  history(chatId: number): Message[] {
    return this.messages.get(chatId) ?? [];
  }

  /** Messages the bot sent to a chat (current state, edits applied). */
  botMessages(chatId: number): Message[] {
    return this.history(chatId).filter((m) => this.sentByBot.has(m));
  }

  /**
   * A user (or, in a channel, the channel itself when `from` is null) sends a
   * text or a media message. Entities are detected like a Telegram client does.
   */
  send(chat: Chat, from: User | null, content: string | Media, options: { replyTo?: Message } = {}): Message {
    this.addChat(chat);
    const message: Message = { message_id: this.allocateMessageId(chat.id), date: now(), chat };
    if (chat.type === 'channel') message.sender_chat = chat;
    else if (from !== null) message.from = from;
    if (typeof content === 'string') {
      message.text = content;
      const entities = detectUserEntities(content);
      if (entities.length > 0) message.entities = entities;
    } else if ('sticker' in content) {
      message.sticker = { file_id: `sticker-${message.message_id}`, file_unique_id: `s${message.message_id}`, width: 512, height: 512, is_animated: false, is_video: false, type: 'regular', emoji: content.sticker };
    } else if ('photo' in content) {
      message.photo = [{ file_id: `photo-${message.message_id}`, file_unique_id: `p${message.message_id}`, width: 90, height: 90 }];
      if (content.caption !== undefined) message.caption = content.caption;
    } else if ('voice' in content) {
      message.voice = { file_id: `voice-${message.message_id}`, file_unique_id: `v${message.message_id}`, duration: content.voice };
    } else {
      const fileId = `doc-${chat.id}-${message.message_id}`;
      this.files.set(fileId, { path: `documents/${fileId}/${content.document.name}`, content: content.document.content });
      message.document = {
        file_id: fileId,
        file_unique_id: fileId,
        file_name: content.document.name,
        mime_type: content.document.mimeType ?? 'application/octet-stream',
        ...(content.document.sizeUnknown ? {} : { file_size: content.document.content.length }),
      };
      if (content.caption !== undefined) message.caption = content.caption;
    }
    if (options.replyTo !== undefined) message.reply_to_message = shallow(options.replyTo);
    this.store(message);
    this.enqueue(chat.type === 'channel' ? 'channel_post' : 'message', message);
    return message;
  }

  /**
   * A user adds the bot to a group or channel (or removes it): the bot gets a
   * my_chat_member update, as from Telegram.
   */
  setBotMembership(chat: Chat, from: User, status: 'member' | 'administrator' | 'left', previous: 'member' | 'administrator' | 'left' = 'left'): void {
    this.addChat(chat);
    const member = (s: string) => ({ status: s, user: this.me });
    this.enqueue('my_chat_member', {
      chat,
      from,
      date: now(),
      old_chat_member: member(previous),
      new_chat_member: member(status),
    });
  }

  /** A user edits the text of an earlier message. */
  edit(message: Message, text: string): Message {
    const stored = this.history(message.chat.id).find((m) => m.message_id === message.message_id);
    if (stored === undefined) throw new Error('LocalBotApi: no such message to edit');
    stored.text = text;
    stored.edit_date = now();
    const entities = detectUserEntities(text);
    if (entities.length > 0) stored.entities = entities;
    else delete stored.entities;
    this.enqueue(stored.chat.type === 'channel' ? 'edited_channel_post' : 'edited_message', stored);
    return stored;
  }

  /** A user presses an inline button of a bot message; returns the callback query id. */
  press(message: Message, data: string, from: User): string {
    const current = this.history(message.chat.id).find((m) => m.message_id === message.message_id) ?? message;
    const id = `cb${this.nextQueryId++}`;
    this.enqueue('callback_query', {
      id,
      from,
      message: structuredClone(current),
      chat_instance: `ci${message.chat.id}`,
      data,
    });
    return id;
  }

  /** A user types `@bot query` somewhere; returns the inline query id. */
  inlineQuery(from: User, query: string): string {
    const id = `iq${this.nextQueryId++}`;
    this.enqueue('inline_query', { id, from, query, offset: '', chat_type: 'private' });
    return id;
  }

  /** A user picks an inline result: its message appears in `chat`, sent via the bot. */
  chooseInlineResult(queryId: string, resultId: string, chat: Chat, from: User): Message {
    const answer = this.inlineAnswers.get(queryId);
    const results = (answer?.['results'] ?? []) as Record<string, unknown>[];
    const result = results.find((r) => r['id'] === resultId);
    if (result === undefined) throw new Error(`LocalBotApi: no inline result ${resultId} for query ${queryId}`);
    const content = result['input_message_content'] as Record<string, unknown>;
    const parsed = checkText(content['message_text'], content['parse_mode']);
    this.addChat(chat);
    const message: Message = {
      message_id: this.allocateMessageId(chat.id),
      date: now(),
      chat,
      from,
      via_bot: this.me,
      text: parsed.text,
      ...(parsed.entities.length > 0 ? { entities: parsed.entities } : {}),
    };
    const markup = checkMarkup(result['reply_markup']);
    if (markup !== undefined) message.reply_markup = markup;
    this.store(message);
    return message;
  }

  /**
   * Resolves with the first truthy value of `probe`, checked now and after
   * every change (a call, a message, an update); rejects after `timeoutMs`.
   */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const value = probe();
        if (value !== undefined && value !== null && value !== false) {
          cleanup();
          resolve(value);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        cleanup();
        const recent = this.calls.slice(-5).map((c) => `${c.method}${c.ok ? '' : ` (${c.error_code} ${c.description})`}`);
        reject(new Error(`LocalBotApi.waitFor: timed out after ${timeoutMs} ms; last calls: ${recent.join(', ') || 'none'}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('change', check);
      };
      if (!check()) this.on('change', check);
    });
  }

  /** Waits for the bot's `n`-th message (1-based, edits not counted) in a chat. */
  nextBotMessage(chatId: number, after = 0, timeoutMs = 5000): Promise<Message> {
    return this.waitFor(() => this.botMessages(chatId)[after], timeoutMs);
  }

  // ----------------------------------------------------------------- internals

  private allocateMessageId(chatId: number): number {
    const id = this.nextMessageId.get(chatId) ?? 1;
    this.nextMessageId.set(chatId, id + 1);
    return id;
  }

  private store(message: Message): void {
    const list = this.messages.get(message.chat.id) ?? [];
    list.push(message);
    this.messages.set(message.chat.id, list);
    this.emit('message', message);
    this.emit('change');
  }

  private enqueue(type: string, payload: unknown): void {
    if (this.allowedUpdates.length > 0 && !this.allowedUpdates.includes(type)) return;
    const update: Update = { update_id: this.nextUpdateId++, [type]: structuredClone(payload) };
    this.queue.push(update);
    this.emit('update', update);
    this.emit('change');
    if (this.poller !== undefined) {
      const poller = this.poller;
      this.poller = undefined;
      poller.finish(this.queue.slice(0, poller.limit));
    }
    this.pumpWebhook();
  }

  private confirm(offset: number): void {
    this.queue = this.queue.filter((u) => u.update_id >= offset);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch !== null) {
      const file = [...this.files.values()].find((f) => f.path === decodeURIComponent(fileMatch[2]!));
      if (fileMatch[1] !== this.token || file === undefined) {
        res.writeHead(404).end('Not Found');
      } else if (this.stallDownloads) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.content.length });
        res.write(file.content.subarray(0, Math.min(1024, file.content.length - 1)));
        this.stalled.add(res);
        res.on('close', () => {
          this.stalled.delete(res);
          this.emit('change');
        });
        this.emit('change');
      } else {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file.content);
      }
      return;
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    let payload: Record<string, unknown> = {};
    try {
      payload = { ...Object.fromEntries(url.searchParams), ...(await readBody(req)) };
    } catch {
      return reply(res, { ok: false, error_code: 400, description: 'Bad Request: invalid request body' });
    }
    if (match === null) return reply(res, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== this.token) return reply(res, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2]!;
    const record: CallRecord = { method, payload, ok: true, at: Date.now() };
    const done = (body: Record<string, unknown>) => {
      record.ok = body['ok'] === true;
      if (!record.ok) {
        record.error_code = body['error_code'] as number;
        record.description = body['description'] as string;
      }
      this.calls.push(record);
      this.emit('call', record);
      this.emit('change');
      reply(res, body);
    };
    const flood = this.floods.get(method.toLowerCase());
    if (flood !== undefined && flood.until > Date.now()) {
      const retryAfter = flood.retryAfter ?? Math.ceil((flood.until - Date.now()) / 1000);
      return done({ ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } });
    }
    const failure = this.failures.get(method)?.shift();
    if (failure !== undefined) {
      const retryAfter = failure.retryAfter ?? 1;
      return done({
        ok: false,
        error_code: failure.code,
        description:
          failure.description ??
          (failure.code === 429 ? `Too Many Requests: retry after ${retryAfter}` : 'Internal Server Error'),
        ...(failure.code === 429 ? { parameters: { retry_after: retryAfter } } : {}),
      });
    }
    try {
      if (method.toLowerCase() === 'getupdates') {
        const updates = await this.getUpdates(payload, req);
        return done({ ok: true, result: updates });
      }
      const result = this.call(method.toLowerCase(), payload);
      done({ ok: true, result });
    } catch (e) {
      if (e instanceof ApiError) {
        return done({ ok: false, error_code: e.code, description: e.message, ...(e.parameters ? { parameters: e.parameters } : {}) });
      }
      done({ ok: false, error_code: 500, description: `Internal Server Error: ${(e as Error).message}` });
    }
  }

  private getUpdates(payload: Record<string, unknown>, req: IncomingMessage): Promise<Update[]> {
    if (this.webhook !== undefined) {
      throw new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    }
    const offset = Number(payload['offset'] ?? 0);
    const limit = Math.max(1, Math.min(100, Number(payload['limit'] ?? 100)));
    const timeout = Math.max(0, Number(payload['timeout'] ?? 0));
    if (Array.isArray(payload['allowed_updates'])) this.allowedUpdates = payload['allowed_updates'] as string[];
    if (offset > 0) this.confirm(offset);
    this.emit('change');
    if (this.queue.length > 0 || timeout === 0 || this.closed) return Promise.resolve(this.queue.slice(0, limit));
    // Only one long poll at a time, like Telegram: the older one is terminated.
    this.poller?.finish(new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running'));
    return new Promise<Update[]>((resolve, reject) => {
      const timer = setTimeout(() => finish([]), timeout * 1000);
      const poller = {
        limit,
        finish: (result: Update[] | ApiError) => {
          clearTimeout(timer);
          req.off('close', onClose);
          if (this.poller === poller) this.poller = undefined;
          if (result instanceof ApiError) reject(result);
          else resolve(result);
        },
      };
      const finish = poller.finish;
      // A client that gave up (aborted poll) receives nothing: its updates stay unconfirmed.
      const onClose = () => {
        if (this.poller === poller) this.poller = undefined;
        clearTimeout(timer);
      };
      req.on('close', onClose);
      this.poller = poller;
    });
  }

  private call(method: string, p: Record<string, unknown>): unknown {
    switch (method) {
      case 'getme':
        return this.me;
      case 'logout':
      case 'close':
        return true;
      case 'deletewebhook':
        this.webhook = undefined;
        if (p['drop_pending_updates'] === true) this.queue = [];
        return true;
      case 'setwebhook': {
        const url = String(p['url'] ?? '');
        if (url === '') {
          this.webhook = undefined;
          return true;
        }
        if (!/^https?:\/\//.test(url)) throw bad('bad webhook: An HTTPS URL must be provided for webhook');
        const secret = p['secret_token'] === undefined ? undefined : String(p['secret_token']);
        if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw bad('secret token contains unallowed characters');
        if (p['drop_pending_updates'] === true) this.queue = [];
        if (Array.isArray(p['allowed_updates'])) this.allowedUpdates = p['allowed_updates'] as string[];
        this.webhook = { url, secret, maxConnections: Number(p['max_connections'] ?? 40) };
        this.poller?.finish(new ApiError(409, 'Conflict: terminated by setWebhook request'));
        this.pumpWebhook();
        return true;
      }
      case 'getwebhookinfo':
        return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: this.queue.length };
      case 'setmycommands': {
        const commands = p['commands'];
        if (!Array.isArray(commands) || commands.length > 100) throw bad('commands must be an array of at most 100 commands');
        for (const c of commands as { command?: unknown; description?: unknown }[]) {
          if (typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw bad('BOT_COMMAND_INVALID');
          if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) {
            throw bad('BOT_COMMAND_DESCRIPTION_INVALID');
          }
        }
        const scope = this.commandScope(p['scope']);
        const copy = structuredClone(commands) as { command: string; description: string }[];
        if (scope === 'default') this.commands = copy;
        else this.chatCommands.set(scope.id, copy);
        return true;
      }
      case 'getmycommands': {
        const scope = this.commandScope(p['scope']);
        // Like Telegram: a chat without its own menu sees the default one.
        return scope === 'default' ? this.commands : (this.chatCommands.get(scope.id) ?? this.commands);
      }
      case 'sendchataction': {
        const chat = this.chat(p['chat_id']);
        this.chatActions.push({ chat_id: chat.id, action: String(p['action']) });
        return true;
      }
      case 'sendmessage':
        return this.sendMessage(p);
      case 'editmessagetext':
        return this.editMessageText(p);
      case 'editmessagereplymarkup': {
        const message = this.findBotMessage(p);
        const markup = checkMarkup(p['reply_markup']);
        if (markup === undefined) delete message.reply_markup;
        else message.reply_markup = markup;
        message.edit_date = now();
        this.emit('edited', message);
        this.emit('change');
        return message;
      }
      case 'deletemessage': {
        const chat = this.chat(p['chat_id']);
        const list = this.history(chat.id);
        const index = list.findIndex((m) => m.message_id === Number(p['message_id']));
        if (index === -1) throw bad('message to delete not found');
        list.splice(index, 1);
        this.emit('change');
        return true;
      }
      case 'answercallbackquery': {
        const id = String(p['callback_query_id'] ?? '');
        if (!id.startsWith('cb') || this.callbackAnswers.has(id)) {
          throw bad('query is too old and response timeout expired or query ID is invalid');
        }
        if (typeof p['text'] === 'string' && p['text'].length > 200) throw bad('MESSAGE_TOO_LONG');
        this.callbackAnswers.set(id, p);
        return true;
      }
      case 'answerinlinequery':
        return this.answerInlineQuery(p);
      case 'getfile': {
        const id = String(p['file_id'] ?? '');
        const file = this.files.get(id);
        if (file === undefined) throw bad('invalid file_id');
        if (file.content.length > MAX_DOWNLOAD_BYTES) throw bad('file is too big');
        return { file_id: id, file_unique_id: id, file_size: file.content.length, file_path: file.path };
      }
      default:
        throw new ApiError(404, 'Not Found');
    }
  }

  /** The scope of a command menu: the default one, or one chat the bot knows (else "chat not found", as on Telegram). */
  private commandScope(raw: unknown): 'default' | Chat {
    const scope = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { type?: unknown; chat_id?: unknown } | undefined;
    if (scope === undefined || scope === null || scope.type === 'default') return 'default';
    if (scope.type !== 'chat') throw bad(`unsupported command scope "${String(scope.type)}" in the local Bot API server`);
    return this.chat(scope.chat_id);
  }

  private chat(chatId: unknown): Chat {
    const chat = this.chats.get(Number(chatId));
    if (chat === undefined) throw bad('chat not found');
    return chat;
  }

  private sendMessage(p: Record<string, unknown>): Message {
    const chat = this.chat(p['chat_id']);
    const { text, entities } = checkText(p['text'], p['parse_mode']);
    const markup = checkMarkup(p['reply_markup']);
    const params = (p['reply_parameters'] ?? (p['reply_to_message_id'] !== undefined
      ? { message_id: p['reply_to_message_id'], allow_sending_without_reply: p['allow_sending_without_reply'] }
      : undefined)) as { message_id?: unknown; allow_sending_without_reply?: unknown } | undefined;
    let replyTo: Message | undefined;
    if (params !== undefined) {
      replyTo = this.history(chat.id).find((m) => m.message_id === Number(params.message_id));
      if (replyTo === undefined && params.allow_sending_without_reply !== true) throw bad('message to be replied not found');
    }
    const message: Message = { message_id: this.allocateMessageId(chat.id), date: now(), chat, text };
    if (chat.type === 'channel') {
      message.sender_chat = chat;
    } else {
      message.from = this.me;
    }
    if (entities.length > 0) message.entities = entities;
    if (markup !== undefined) message.reply_markup = markup;
    if (replyTo !== undefined) message.reply_to_message = shallow(replyTo);
    if (p['link_preview_options'] !== undefined) message.link_preview_options = p['link_preview_options'];
    this.sentByBot.add(message);
    this.store(message);
    return message;
  }

  private findBotMessage(p: Record<string, unknown>): Message {
    if (p['inline_message_id'] !== undefined) throw bad('inline messages are not stored by the local Bot API server');
    const chat = this.chat(p['chat_id']);
    const message = this.history(chat.id).find((m) => m.message_id === Number(p['message_id']));
    if (message === undefined) throw bad('message to edit not found');
    if (!this.sentByBot.has(message)) throw bad("message can't be edited");
    return message;
  }

  private editMessageText(p: Record<string, unknown>): Message {
    const message = this.findBotMessage(p);
    const { text, entities } = checkText(p['text'], p['parse_mode']);
    const markup = checkMarkup(p['reply_markup']);
    const same =
      message.text === text &&
      JSON.stringify(message.entities ?? []) === JSON.stringify(entities) &&
      JSON.stringify(message.reply_markup ?? null) === JSON.stringify(markup ?? null);
    if (same) {
      throw bad('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
    }
    message.text = text;
    if (entities.length > 0) message.entities = entities;
    else delete message.entities;
    if (markup !== undefined) message.reply_markup = markup;
    else delete message.reply_markup;
    message.edit_date = now();
    this.emit('edited', message);
    this.emit('change');
    return message;
  }

  private answerInlineQuery(p: Record<string, unknown>): boolean {
    const id = String(p['inline_query_id'] ?? '');
    if (!id.startsWith('iq') || this.inlineAnswers.has(id)) {
      throw bad('query is too old and response timeout expired or query ID is invalid');
    }
    const results = p['results'];
    if (!Array.isArray(results)) throw bad('results must be an array');
    if (results.length > 50) throw bad('RESULTS_TOO_MUCH');
    const button = p['button'] as { text?: unknown; start_parameter?: unknown } | undefined;
    if (button !== undefined) {
      if (typeof button.text !== 'string' || button.text.trim() === '') throw bad('BUTTON_TEXT_INVALID');
      if (typeof button.start_parameter !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(button.start_parameter)) throw bad('START_PARAM_INVALID');
    }
    const ids = new Set<string>();
    for (const r of results as Record<string, unknown>[]) {
      const rid = String(r['id'] ?? '');
      const bytes = Buffer.byteLength(rid, 'utf8');
      if (bytes < 1 || bytes > 64) throw bad('RESULT_ID_INVALID');
      if (ids.has(rid)) throw bad('RESULT_ID_DUPLICATE');
      ids.add(rid);
      if (r['type'] !== 'article') throw bad(`unsupported inline result type "${String(r['type'])}" in the local Bot API server`);
      if (typeof r['title'] !== 'string' || r['title'].trim() === '') throw bad('RESULT_TITLE_EMPTY');
      const content = r['input_message_content'] as Record<string, unknown> | undefined;
      if (content === undefined) throw bad('input_message_content is required');
      checkText(content['message_text'], content['parse_mode']);
      checkMarkup(r['reply_markup']);
    }
    this.inlineAnswers.set(id, p);
    this.emit('change');
    return true;
  }

  private pumpWebhook(): void {
    const hook = this.webhook;
    if (hook === undefined || this.closed) return;
    const t = Date.now();
    for (const update of this.queue) {
      if (this.delivering.size >= hook.maxConnections) break;
      if (this.delivering.has(update.update_id)) continue;
      const retryAt = this.retryAt.get(update.update_id);
      if (retryAt !== undefined && retryAt > t) continue;
      this.delivering.add(update.update_id);
      void this.deliver(hook, update);
    }
  }

  private async deliver(hook: { url: string; secret: string | undefined }, update: Update): Promise<void> {
    const body = JSON.stringify(update);
    const status = await new Promise<number>((resolve) => {
      const req = request(
        hook.url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(hook.secret !== undefined ? { 'x-telegram-bot-api-secret-token': hook.secret } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });
    this.delivering.delete(update.update_id);
    if (status >= 200 && status < 300) {
      this.retryAt.delete(update.update_id);
      this.queue = this.queue.filter((u) => u.update_id !== update.update_id);
      this.emit('change');
    } else {
      this.retryAt.set(update.update_id, Date.now() + this.webhookRetryMs);
      clearTimeout(this.retryTimer);
      if (!this.closed) this.retryTimer = setTimeout(() => this.pumpWebhook(), this.webhookRetryMs);
    }
    this.pumpWebhook();
  }
}

function reply(res: ServerResponse, body: Record<string, unknown>): void {
  if (res.destroyed || res.writableEnded) return;
  const code = body['ok'] === true ? 200 : Number(body['error_code'] ?? 500);
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (raw === '') return {};
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  if (type.includes('application/x-www-form-urlencoded')) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) {
      try {
        out[k] = JSON.parse(v);
      } catch {
        out[k] = v;
      }
    }
    return out;
  }
  throw new Error('unsupported content type');
}
