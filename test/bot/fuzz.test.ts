/**
 * Fault suite, item 1 of issue 13: whatever a user types — JavaScript
 * property names, arbitrary Unicode, markup — gets exactly one reply in a
 * private chat and in a group, and an answer in inline mode; Telegram (the
 * local server) accepts every call the bot makes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileString, PROPERTY_NAMES } from '../support/hostile-strings.ts';
import { expectNoFailedCalls, newChat, newUser, settle, startHarness, type Harness } from './harness.ts';

/** What a Telegram client lets a user send: not blank, at most 4096 characters. */
const sendable = hostileString.filter((s) => /\S/u.test(s)).map((s) => s.slice(0, 4096));
/** Telegram sends inline queries of at most 256 characters. */
const inlineQuery = hostileString.map((s) => Array.from(s).slice(0, 256).join(''));

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.stop());

async function repliesTo(chatId: number, text: string, from = newUser()): Promise<number> {
  const chat = chatId > 0 ? h.api.privateChat(from) : h.api.addChat(newChat('supergroup'));
  const sent = h.api.send(chat, from, text);
  await h.api.waitFor(() => h.api.botMessages(chat.id).some((m) => m.reply_to_message?.message_id === sent.message_id));
  await settle(h);
  return h.api.botMessages(chat.id).filter((m) => m.reply_to_message?.message_id === sent.message_id).length;
}

describe('bot under hostile questions', () => {
  it('answers every property name once in a private chat, in a group and inline', async () => {
    // All at once, each from its own user and chat: the bot answers them concurrently.
    const sent = PROPERTY_NAMES.flatMap((name) => {
      const user = newUser();
      return [h.api.send(h.api.privateChat(user), user, name), h.api.send(newChat('supergroup'), user, `/ask ${name}`)];
    });
    const queries = PROPERTY_NAMES.map((name) => h.api.inlineQuery(newUser(), name));
    const replies = (message: (typeof sent)[number]) =>
      h.api.botMessages(message.chat.id).filter((m) => m.reply_to_message?.message_id === message.message_id).length;
    await h.api.waitFor(() => sent.every((m) => replies(m) > 0) && queries.every((id) => h.api.inlineAnswers.has(id)), 20_000);
    await settle(h);
    for (const message of sent) expect(replies(message), message.text).toBe(1);
    expectNoFailedCalls(h.api);
  });

  it('answers arbitrary messages once in private chats and groups (property test)', async () => {
    await fc.assert(
      fc.asyncProperty(sendable, fc.constantFrom('private', '/ask', '@mention'), async (text, where) => {
        const count =
          where === 'private'
            ? await repliesTo(1, text)
            : await repliesTo(-1, where === '/ask' ? `/ask ${text}` : `@${h.bot.botInfo.username} ${text}`);
        expect(count).toBe(1);
      }),
      { numRuns: 150 },
    );
    expectNoFailedCalls(h.api);
  });

  it('answers arbitrary inline queries (property test)', async () => {
    await fc.assert(
      fc.asyncProperty(inlineQuery, async (query) => {
        const id = h.api.inlineQuery(newUser(), query);
        const answer = await h.api.waitFor(() => h.api.inlineAnswers.get(id));
        // Some answer always: results, or (nothing found) the button that says so.
        expect((answer['results'] as unknown[]).length > 0 || answer['button'] !== undefined).toBe(true);
      }),
      { numRuns: 150 },
    );
    expectNoFailedCalls(h.api);
  });
});
