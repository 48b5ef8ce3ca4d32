/** Flood control, API failures, rate limits, webhooks and graceful shutdown, over real HTTP. */
import { afterEach, describe, expect, it } from 'vitest';
import { startPolling } from '../../src/bot/polling.ts';
import { registerWebhook, startWebhookServer } from '../../src/bot/webhook.ts';
import { LocalBotApi, type Message } from '../../src/local/bot-api-server.ts';
import { boldTexts, createTestBot, exchange, newUser, openEngine, SEED_DATA, settle, startHarness, TOKEN, type Harness } from './harness.ts';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

async function harness(options: Parameters<typeof startHarness>[0] = {}): Promise<Harness> {
  const h = await startHarness(options);
  cleanup.push(h.stop);
  return h;
}

describe('resilience', () => {
  it('retries a 429 after retry_after and delivers the reply once', async () => {
    const h = await harness();
    h.api.failNext('sendMessage', { code: 429, retryAfter: 1 });
    const user = newUser();
    const started = Date.now();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '双创园区有多少企业');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(boldTexts(reply)).toContain('2400余家');
    const sends = h.api.calls.filter((c) => c.method === 'sendMessage');
    expect(sends.map((c) => c.error_code ?? 200)).toEqual([429, 200]);
    await settle(h);
    expect(h.api.botMessages(user.id)).toHaveLength(1);
  });

  it('survives a failing API call: the error is logged and the next question is answered', async () => {
    const h = await harness();
    h.api.failNext('sendMessage', { code: 400, description: 'Bad Request: chat not found' });
    const user = newUser();
    const chat = h.api.privateChat(user);
    h.api.send(chat, user, '双创园区有多少企业');
    await settle(h);
    const { reply } = await exchange(h.api, chat, user, '双创园区带动就业多少人');
    expect(boldTexts(reply)).toContain('1.8万余人');
  });

  it('recovers when getUpdates fails with 500', async () => {
    const h = await harness();
    const user = newUser();
    await exchange(h.api, h.api.privateChat(user), user, '双创园区有多少企业');
    h.api.failNext('getUpdates', { code: 502, description: 'Bad Gateway' });
    // The long poll in flight ends after its 1 s timeout; the next one gets the 502.
    await h.api.waitFor(() => h.api.calls.some((c) => c.method === 'getUpdates' && c.error_code === 502), 5000);
    // auto-retry waits 3 s before retrying a 5xx; the update arrives after that.
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '双创园区带动就业多少人');
    expect(boldTexts(reply)).toContain('1.8万余人');
  }, 15_000);

  it('rate-limits a flooding user politely, once per window', async () => {
    const h = await harness({ rateLimit: { limit: 3, timeFrameMs: 60_000 } });
    const user = newUser();
    const chat = h.api.privateChat(user);
    for (let i = 0; i < 6; i++) h.api.send(chat, user, '双创园区有多少企业');
    await h.api.waitFor(() => h.api.botMessages(chat.id).length >= 4);
    await settle(h);
    const texts = h.api.botMessages(chat.id).map((m) => m.text ?? '');
    expect(texts.filter((t) => t.includes('2400余家'))).toHaveLength(3);
    expect(texts.filter((t) => t.includes('请求太频繁'))).toHaveLength(1);
    expect(texts).toHaveLength(4);
    // Other users are not affected.
    const other = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(other), other, '双创园区有多少企业');
    expect(boldTexts(reply)).toContain('2400余家');
  });
});

describe('rate limit (issue 13, item 14)', () => {
  it('answers every button press over the limit, so no button keeps spinning', async () => {
    const h = await harness({ rateLimit: { limit: 2, timeFrameMs: 60_000 } });
    const user = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '双创园区有多少企业');
    const data = reply.reply_markup!.inline_keyboard.flat().find((b) => b.text === '查看本节')!.callback_data!;
    const ids = Array.from({ length: 5 }, () => h.api.press(reply, data, user));
    await h.api.waitFor(() => ids.every((id) => h.api.callbackAnswers.has(id)));
    expect(ids.slice(1).map((id) => h.api.callbackAnswers.get(id)!['text'])).toEqual(Array(4).fill('请求太频繁了，请稍等片刻再试。'));
    const query = h.api.inlineQuery(user, '双创园区有多少企业');
    const inline = await h.api.waitFor(() => h.api.inlineAnswers.get(query));
    expect((inline['results'] as { title: string }[])[0]!.title).toBe('请求太频繁了，请稍等片刻再试。');
  });
});

describe('webhook mode', () => {
  it('answers updates posted with the secret and refuses requests without it (401)', async () => {
    const engine = await openEngine(SEED_DATA);
    const api = await LocalBotApi.start({ token: TOKEN, webhookRetryMs: 50 });
    const bot = await createTestBot(api, engine);
    const secret = 'webhook_secret-123';
    const server = await startWebhookServer(bot, { secret, path: '/telegram/hook', port: 0, host: '127.0.0.1' });
    cleanup.push(async () => {
      await server.close();
      await api.close();
    });
    const url = `http://127.0.0.1:${server.port}/telegram/hook`;
    await registerWebhook(bot, url, secret);

    const user = newUser();
    const { reply } = await exchange(api, api.privateChat(user), user, '双创园区有多少企业');
    expect(boldTexts(reply)).toContain('2400余家');
    await api.waitFor(() => api.pendingUpdates === 0);

    const chat = api.privateChat(user);
    const forged = JSON.stringify({
      update_id: 999_999,
      message: { message_id: 1, date: 0, chat, from: user, text: '双创园区有多少企业' },
    });
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: forged });
    const before = api.botMessages(chat.id).length;
    expect((await post({})).status).toBe(401);
    expect((await post({ 'X-Telegram-Bot-Api-Secret-Token': 'wrong' })).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${server.port}/other`, { method: 'POST', body: forged })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
    expect(api.botMessages(chat.id)).toHaveLength(before);

    // Even with the secret, a body over 1 MB is refused with 413, with or without Content-Length (issue 13, item 14).
    const big = JSON.stringify({ update_id: 999_998, message: { message_id: 2, date: 0, chat, from: user, text: 'x'.repeat(2 * 1024 * 1024) } });
    const headers = { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret };
    expect((await fetch(url, { method: 'POST', headers, body: big })).status).toBe(413);
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(big.slice(i * 600_000, (i + 1) * 600_000)));
        controller.close();
      },
    });
    const streamed = await fetch(url, { method: 'POST', headers, body: chunked, duplex: 'half' } as RequestInit).then((r) => r.status, (e: Error) => e.message + String(e.cause));
    expect(streamed).toBe(413);
    expect(api.botMessages(chat.id)).toHaveLength(before);

    // getUpdates is refused while the webhook is set, as on Telegram.
    await expect(bot.api.getUpdates({ timeout: 0 })).rejects.toThrow(/webhook is active/);
  });
});

describe('graceful shutdown', () => {
  it('stops mid-burst without losing or repeating a reply; a restarted bot takes the rest', async () => {
    const engine = await openEngine(SEED_DATA);
    const api = await LocalBotApi.start({ token: TOKEN });
    cleanup.push(() => api.close());
    const makeBot = async () => startPolling(await createTestBot(api, engine), { timeoutSeconds: 1 });
    const users = Array.from({ length: 40 }, () => newUser());
    const questions = ['双创园区有多少企业', '双创园区带动就业多少人', '建成区面积达到多少', '今天天气怎么样', '<b>&'];
    const replies = () => users.reduce((n, u) => n + api.botMessages(u.id).length, 0);
    const sent: Message[] = [];

    // The burst keeps coming while the first bot is told to stop.
    const first = await makeBot();
    let stopping: Promise<void> | undefined;
    let sentBeforeStop = 0;
    for (const q of questions) {
      for (const u of users) {
        sent.push(api.send(api.privateChat(u), u, q));
        if (sent.length % 4 === 0) await new Promise((r) => setTimeout(r, 1));
        if (stopping === undefined && replies() >= 10) {
          stopping = first.stop();
          sentBeforeStop = sent.length;
        }
      }
    }
    await stopping;
    const afterStop = replies();
    expect(first.inFlight()).toBe(0);
    expect(sentBeforeStop).toBeLessThan(sent.length);
    expect(afterStop).toBeGreaterThan(0);
    expect(afterStop).toBeLessThan(sent.length);
    // Stopped means stopped: nothing more is answered until a bot runs again.
    await new Promise((r) => setTimeout(r, 50));
    expect(replies()).toBe(afterStop);

    const second = await makeBot();
    cleanup.push(() => second.stop());
    await api.waitFor(() => replies() >= sent.length, 20_000);
    await api.waitFor(() => api.pendingUpdates === 0);
    await second.stop();

    const answered = users.flatMap((u) => api.botMessages(u.id).map((m) => `${u.id}:${m.reply_to_message?.message_id}`));
    expect(answered).toHaveLength(sent.length);
    expect(new Set(answered).size).toBe(sent.length);
    for (const message of sent) expect(answered).toContain(`${message.chat.id}:${message.message_id}`);
    // Per-chat order is kept: replies come in the order of the questions.
    for (const u of users) {
      const order = api.botMessages(u.id).map((m) => m.reply_to_message!.message_id);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });
});
