/**
 * Fault suite, items 2 and 3 of issue 13: every update that fails gets a
 * short apology (or a callback / inline answer) and one bounded log line with
 * the update, chat, method and error — in polling and in webhook mode.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { registerWebhook, startWebhookServer } from '../../src/bot/webhook.ts';
import { texts } from '../../src/bot/texts.ts';
import { LocalBotApi } from '../../src/local/bot-api-server.ts';
import {
  createTestBot,
  exchange,
  memoryLogger,
  newChat,
  newUser,
  openEngine,
  press,
  SEED_DATA,
  settle,
  startHarness,
  TOKEN,
  type Harness,
} from './harness.ts';

/** Telegram's limit is on the whole line a log shipper reads; 4 KB is far above what ids and an error need. */
const MAX_LOG_LINE_BYTES = 4096;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

async function harness(): Promise<Harness & ReturnType<typeof memoryLogger>> {
  const log = memoryLogger();
  const h = await startHarness({ logger: log.logger });
  cleanup.push(h.stop);
  return { ...h, ...log };
}

function expectBoundedLines(lines: string[]): void {
  for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LOG_LINE_BYTES);
}

describe('error boundary (polling)', () => {
  it('apologises in a private chat when the answer cannot be sent, and logs ids, method and error in one short line', async () => {
    const h = await harness();
    h.api.failNext('sendMessage', { code: 400, description: 'Bad Request: message is too long' });
    const user = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '双创园区有多少企业');
    expect(reply.text).toBe(texts.internalError);
    await settle(h);
    const errors = h.records().filter((r) => r['level'] === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ chat_id: user.id, user_id: user.id, kind: 'message', err: { method: 'sendMessage', error_code: 400 } });
    expect(typeof errors[0]!['update_id']).toBe('number');
    expectBoundedLines(h.lines);
    // The log never carries the corpus (the engine hangs off the context).
    expect(h.lines.join('\n')).not.toContain('入驻企业');
  });

  it('answers in traditional when the question was traditional', async () => {
    const h = await harness();
    h.api.failNext('sendMessage', { code: 400, description: 'Bad Request: message is too long' });
    const user = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '雙創園區有多少企業');
    expect(reply.text).toBe('抱歉，處理時出了點問題，請稍後再試。');
  });

  it('logs a user who blocked the bot once and does not write to them again', async () => {
    const h = await harness();
    h.api.failNext('sendMessage', { code: 403, description: 'Forbidden: bot was blocked by the user' });
    const user = newUser();
    h.api.send(h.api.privateChat(user), user, '双创园区有多少企业');
    await settle(h);
    expect(h.api.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(1);
    const errors = h.records().filter((r) => r['level'] === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ chat_id: user.id, err: { method: 'sendMessage', error_code: 403 } });
    expectBoundedLines(h.lines);
  });

  it('apologises in a group only to a question addressed to the bot', async () => {
    const h = await harness();
    const user = newUser();
    const group = newChat('supergroup');
    h.api.failNext('sendMessage', { code: 400, description: 'Bad Request: message is too long' });
    const { sent, reply } = await exchange(h.api, group, user, '/ask 双创园区有多少企业');
    expect(reply.text).toBe(texts.internalError);
    expect(reply.reply_to_message?.message_id).toBe(sent.message_id);
  });

  it('answers the button press with an apology when its section cannot be sent', async () => {
    const h = await harness();
    const user = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '双创园区有多少企业');
    h.api.failNext('sendMessage', { code: 400, description: 'Bad Request: message is too long' });
    const data = reply.reply_markup!.inline_keyboard.flat().find((b) => b.text === '查看本节')!.callback_data!;
    const id = h.api.press(reply, data, user);
    const answer = await h.api.waitFor(() => h.api.callbackAnswers.get(id));
    expect(answer['text']).toBe(texts.internalError);
    expectBoundedLines(h.lines);
  });

  it('answers an inline query with an apology when its answer is refused', async () => {
    const h = await harness();
    const user = newUser();
    h.api.failNext('answerInlineQuery', { code: 400, description: 'Bad Request: MESSAGE_TOO_LONG' });
    const id = h.api.inlineQuery(user, '双创园区有多少企业');
    const answer = await h.api.waitFor(() => h.api.inlineAnswers.get(id));
    const results = answer['results'] as { title: string }[];
    expect(results.map((r) => r.title)).toEqual([texts.internalError]);
  });

  it('goes on answering the chat after a failed update', async () => {
    const h = await harness();
    const user = newUser();
    const chat = h.api.privateChat(user);
    h.api.failNext('sendMessage', { code: 400, description: 'Bad Request: message is too long' });
    await exchange(h.api, chat, user, '双创园区有多少企业');
    const { reply } = await exchange(h.api, chat, user, '双创园区有多少企业');
    const section = await press(h.api, reply, '查看本节', user);
    expect(section.text).toContain('双创');
  });
});

describe('error boundary (webhook)', () => {
  it('answers 200 for a failed update, apologises, and the update is not delivered again', async () => {
    const log = memoryLogger();
    const engine = await openEngine(SEED_DATA);
    const api = await LocalBotApi.start({ token: TOKEN, webhookRetryMs: 50 });
    const bot = await createTestBot(api, engine, { logger: log.logger });
    const server = await startWebhookServer(bot, { secret: 'hook-secret', path: '/hook', port: 0, host: '127.0.0.1', logger: log.logger });
    cleanup.push(async () => {
      await server.close();
      await api.close();
    });
    await registerWebhook(bot, `http://127.0.0.1:${server.port}/hook`, 'hook-secret');
    api.failNext('sendMessage', { code: 400, description: 'Bad Request: message is too long' });
    const user = newUser();
    const { reply } = await exchange(api, api.privateChat(user), user, '双创园区有多少企业');
    expect(reply.text).toBe(texts.internalError);
    await api.waitFor(() => api.pendingUpdates === 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(api.botMessages(user.id)).toHaveLength(1);
    expect(log.records().filter((r) => r['level'] === 50)).toHaveLength(1);
    expectBoundedLines(log.lines);
  });
});
