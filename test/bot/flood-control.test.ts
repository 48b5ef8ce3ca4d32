/**
 * Fault suite, item 5 of issue 13: flood control longer than the old retry
 * budget. While sendMessage answers 429 for a window (seconds here; 20–30 s
 * and more on Telegram, the same code path), answers wait and are all
 * delivered afterwards, exactly once. What waits is bounded, and a reply
 * that cannot be sent is logged with its chat.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FloodControlError } from '../../src/bot/flood-control.ts';
import type { Message } from '../../src/local/bot-api-server.ts';
import { expectNoFailedCalls, memoryLogger, newChat, newUser, settle, startHarness, type Harness } from './harness.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness & ReturnType<typeof memoryLogger>> {
  const log = memoryLogger();
  // The production retry settings: no test override of the retries.
  const h = await startHarness({ logger: log.logger, retry: { maxRetryAttempts: 5 }, ...options });
  cleanup.push(h.stop);
  return { ...h, ...log };
}

const repliesTo = (h: Harness, message: Message) =>
  h.api.botMessages(message.chat.id).filter((m) => m.reply_to_message?.message_id === message.message_id);

describe('flood control', () => {
  it('delivers every answer exactly once after 429s outlasting the old five retries', async () => {
    const h = await harness();
    // Telegram keeps answering 429 with retry_after 1 while the bot keeps trying: more than five tries in a row.
    h.api.floodControl('sendMessage', { seconds: 6, retryAfter: 1 });
    const sent: Message[] = [];
    for (let i = 0; i < 30; i++) {
      const user = newUser();
      sent.push(h.api.send(h.api.privateChat(user), user, '双创园区有多少企业'));
    }
    const group = newChat('supergroup');
    for (let i = 0; i < 5; i++) sent.push(h.api.send(group, newUser(), '/ask 双创园区带动就业多少人'));
    const channel = newChat('channel');
    for (let i = 0; i < 5; i++) sent.push(h.api.send(channel, null, '#问 建成区面积达到多少'));
    await h.api.waitFor(() => sent.every((m) => repliesTo(h, m).length > 0), 20_000);
    await settle(h);
    for (const message of sent) expect(repliesTo(h, message)).toHaveLength(1);
    expect(h.api.calls.filter((c) => c.method === 'sendMessage' && c.error_code === 429).length).toBeGreaterThan(sent.length);
    // Per chat, in order.
    const order = h.api.botMessages(group.id).map((m) => m.reply_to_message!.message_id);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(h.records().filter((r) => r['level'] === 50)).toEqual([]);
  }, 30_000);

  it('bounds what waits: a reply over the bound fails at once and is logged with its chat', async () => {
    const h = await harness({ floodControl: { perChat: 2, total: 3 } });
    const user = newUser();
    const chat = h.api.privateChat(user);
    h.api.floodControl('sendMessage', { seconds: 1 });
    // Five messages to one chat at once: two wait, three fail.
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => h.bot.api.sendMessage(chat.id, `消息${i}`)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as FloodControlError);
    expect(failed.map((e) => [e.reason, e.chat_id])).toEqual([
      ['chat-full', chat.id],
      ['chat-full', chat.id],
      ['chat-full', chat.id],
    ]);
    expect(h.api.botMessages(chat.id).map((m) => m.text).sort()).toHaveLength(2);

    // Questions from many chats: three wait and are answered; the others are logged with their chat.
    h.api.floodControl('sendMessage', { seconds: 1 });
    const asked = Array.from({ length: 6 }, () => {
      const u = newUser();
      return h.api.send(h.api.privateChat(u), u, '双创园区有多少企业');
    });
    await h.api.waitFor(() => asked.filter((m) => repliesTo(h, m).length > 0).length >= 3, 10_000);
    await settle(h);
    const answered = asked.filter((m) => repliesTo(h, m).length === 1);
    expect(answered).toHaveLength(3);
    const logged = h.records().filter((r) => r['level'] === 50).map((r) => [r['chat_id'], (r['err'] as { reason?: string; type?: string }).type]);
    for (const message of asked.filter((m) => !answered.includes(m))) expect(logged).toContainEqual([message.chat.id, 'FloodControlError']);
    for (const line of h.lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(4096);
  });

  it('gives up a reply that would wait longer than the limit, and logs it with its chat', async () => {
    const h = await harness({ floodControl: { maxWaitSeconds: 1 } });
    h.api.floodControl('sendMessage', { seconds: 30 });
    const user = newUser();
    const started = Date.now();
    h.api.send(h.api.privateChat(user), user, '双创园区有多少企业');
    const record = await h.api.waitFor(() => h.records().find((r) => r['level'] === 50));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(record).toMatchObject({ chat_id: user.id, err: { type: 'FloodControlError', method: 'sendMessage', retry_after: 30 } });
  });

  it('answers button presses again once flood control on callbacks ends', async () => {
    const h = await harness();
    const user = newUser();
    const { api } = h;
    const question = api.send(api.privateChat(user), user, '双创园区有多少企业');
    const card = await api.waitFor(() => repliesTo(h, question)[0]);
    api.floodControl('answerCallbackQuery', { seconds: 1 });
    const data = card.reply_markup!.inline_keyboard.flat().find((b) => b.text === '查看本节')!.callback_data!;
    const id = api.press(card, data, user);
    await api.waitFor(() => api.callbackAnswers.has(id), 10_000);
    expectNoFailedCalls(api);
  });
});
