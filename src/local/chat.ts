/**
 * The embedded local chat (`npm start` without BOT_TOKEN): the real bot runs
 * against the local Bot API server on 127.0.0.1, and the terminal plays the
 * Telegram app. What you type becomes a private-chat message; the bot's
 * replies are printed (bold as bold), and buttons are pressed by number.
 * `@botname 问题` runs an inline query, and `/upload PATH` sends a file as a
 * document (the local user is an admin, so it is added to the library).
 * Same code path as production.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Composer } from 'grammy';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createBot, prepareBot } from '../bot/index.ts';
import type { AnswerEngine, BotContext } from '../bot/context.ts';
import { startPolling, type Polling } from '../bot/polling.ts';
import { LocalBotApi, type CallRecord, type Message, type User } from './bot-api-server.ts';
import { buttonsOf, formatMessage } from './terminal.ts';
import { readUpload } from './upload.ts';

/** Options of {@link startLocalChat}. */
export interface LocalChatOptions {
  config: Config;
  getEngine: () => AnswerEngine;
  logger: Logger;
  /** Where typed lines come from. Default stdin. */
  input?: NodeJS.ReadableStream;
  /** Where the chat is printed. Default stdout. */
  output?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Long-poll timeout in seconds. Default 30. */
  pollTimeoutSeconds?: number;
  /**
   * More bot features (e.g. document uploads), made once the local Bot API
   * server runs: they get its root URL, to download files from. Default none.
   */
  features?: (apiRoot: string) => Composer<BotContext>[];
}

/** A running local chat. */
export interface LocalChat {
  /** The local Bot API server (for tests). */
  api: LocalBotApi;
  /** Resolves when the chat has ended (input closed or stop called). */
  closed: Promise<void>;
  /** Finishes pending replies and shuts everything down. */
  stop(): Promise<void>;
}

type Choice =
  | { kind: 'buttons'; message: Message }
  | { kind: 'inline'; queryId: string; ids: string[]; startParameter: string | undefined };

/** Starts the local Bot API server, the bot and the terminal chat. */
export async function startLocalChat(options: LocalChatOptions): Promise<LocalChat> {
  const output = options.output ?? process.stdout;
  const color = output.isTTY === true && process.env['NO_COLOR'] === undefined;
  const token = `${randomInt(1_000_000, 9_999_999)}:local-${randomBytes(16).toString('hex')}`;
  const api = await LocalBotApi.start({ token });
  const user: User = { id: 1, is_bot: false, first_name: '你', language_code: 'zh-hans' };
  const bot = createBot({
    // The person at the terminal runs this bot, so they are an admin (uploads, /docs, /stats).
    config: { botToken: token, apiRoot: api.apiRoot, adminIds: [...options.config.adminIds, user.id] },
    getEngine: options.getEngine,
    logger: options.logger,
    features: options.features?.(api.apiRoot) ?? [],
  });
  await prepareBot(bot);
  const polling: Polling = await startPolling(bot, {
    timeoutSeconds: options.pollTimeoutSeconds ?? 30,
    logger: options.logger,
  });

  const chat = api.privateChat(user);
  let choice: Choice | undefined;
  const print = (text: string) => output.write(`${text}\n`);
  const botName = (s: string) => (color ? `\x1b[32m${s}\x1b[39m` : s);

  api.on('message', (message: Message) => {
    if (message.chat.id !== chat.id || message.from?.id !== api.me.id) return;
    print(`${botName(`${api.me.first_name}>`)} ${formatMessage(message, { color })}\n`);
    if (buttonsOf(message).length > 0) choice = { kind: 'buttons', message };
  });
  api.on('edited', (message: Message) => {
    if (message.chat.id !== chat.id) return;
    print(`${botName(`${api.me.first_name}>`)} ${formatMessage(message, { color, edited: true })}\n`);
    if (buttonsOf(message).length > 0) choice = { kind: 'buttons', message };
  });
  api.on('call', (call: CallRecord) => {
    if (call.method === 'answerCallbackQuery' && typeof call.payload['text'] === 'string') {
      print(`（${call.payload['text']}）`);
    }
    if (call.method === 'answerCallbackQuery' && typeof call.payload['url'] === 'string') {
      openLink(call.payload['url']);
    }
  });

  const deepLink = new RegExp(`^https://t\\.me/${api.me.username}\\?start=([A-Za-z0-9_-]+)$`);
  function openLink(url: string): void {
    const m = deepLink.exec(url);
    if (m !== null) api.send(chat, user, `/start ${m[1]}`);
    else print(`（链接：${url}）`);
  }

  /** Resolves when the bot has taken and handled everything sent so far. */
  async function settled(): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && (api.pendingUpdates > 0 || polling.inFlight() > 0)) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async function handleLine(line: string): Promise<void> {
    const text = line.trim();
    if (text === '') return;
    const number = /^\d{1,2}$/.test(text) ? Number(text) : undefined;
    if (number !== undefined && choice?.kind === 'buttons') {
      const button = buttonsOf(choice.message)[number - 1];
      if (button?.callback_data !== undefined) {
        api.press(choice.message, button.callback_data, user);
        return settled();
      }
      if (button?.url !== undefined) {
        openLink(button.url);
        return settled();
      }
    }
    if (number === 0 && choice?.kind === 'inline' && choice.startParameter !== undefined) {
      // The button above inline results opens a private chat with the bot: /start with its parameter.
      api.send(chat, user, `/start ${choice.startParameter}`);
      return settled();
    }
    if (number !== undefined && choice?.kind === 'inline') {
      const id = choice.ids[number - 1];
      if (id !== undefined) {
        const sent = api.chooseInlineResult(choice.queryId, id, chat, user);
        print(`${botName('你（通过内联）>')} ${formatMessage(sent, { color })}\n`);
        return;
      }
    }
    const upload = /^\/upload(?:@\S+)?(?:\s+(.*))?$/isu.exec(text);
    if (upload !== null) {
      const file = await readUpload(upload[1] ?? '');
      if (!file.ok) {
        print(`（${file.message}）\n`);
        return;
      }
      print(`（已发送文件「${file.name}」）\n`);
      api.send(chat, user, { document: { name: file.name, content: file.content, mimeType: file.mimeType } });
      return settled();
    }
    const inline = new RegExp(`^@${api.me.username}\\s+(.*)$`, 'is').exec(text);
    if (inline !== null) {
      const queryId = api.inlineQuery(user, inline[1]!);
      const answer = await api.waitFor(() => api.inlineAnswers.get(queryId), 10_000);
      const results = answer['results'] as { id: string; title: string; description?: string }[];
      const button = answer['button'] as { text: string; start_parameter: string } | undefined;
      const lines = results.map((r, i) => `[${i + 1}] ${r.title}${r.description ? `\n    ${r.description}` : ''}`);
      if (button !== undefined) lines.unshift(`[0] ${button.text}`);
      print(lines.join('\n') + '\n');
      choice = { kind: 'inline', queryId, ids: results.map((r) => r.id), startParameter: button?.start_parameter };
      return;
    }
    api.send(chat, user, text);
    await settled();
  }

  const rl = createInterface({ input: options.input ?? process.stdin, output, terminal: output.isTTY === true });
  const prompt = () => {
    if (output.isTTY === true) rl.prompt();
  };
  rl.setPrompt('你> ');
  print(
    `本地聊天已启动：机器人 @${api.me.username} 运行在本地 Bot API 服务器 ${api.apiRoot} 上。\n` +
      '直接输入问题；输入按钮前的数字可按下按钮；输入 @' +
      `${api.me.username} 问题 试用内联模式；/help 查看帮助；Ctrl-D 退出。\n` +
      (options.features === undefined ? '' : '你是这个机器人的管理员：/upload 文件路径 添加文档（.txt、.md、.pdf），/docs 查看和删除文档。\n'),
  );
  prompt();

  let queue = Promise.resolve();
  let stopping: Promise<void> | undefined;
  rl.on('line', (line) => {
    queue = queue
      .then(() => handleLine(line))
      .catch((error: unknown) => options.logger.error({ err: error }, 'wenda-bot: local chat input failed'))
      .then(prompt);
  });

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      rl.close();
      await queue;
      await settled();
      await polling.stop();
      await api.close();
      resolveClosed();
    })());
  rl.on('close', () => void stop());
  // On a terminal, readline takes Ctrl-C itself; treat it like Ctrl-D.
  rl.on('SIGINT', () => void stop());
  return { api, closed, stop };
}
