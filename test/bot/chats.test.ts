/** Groups, channels and inline mode end to end. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat, Message } from '../../src/local/bot-api-server.ts';
import { boldTexts, exchange, expectNoFailedCalls, newChat, newUser, settle, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  expectNoFailedCalls(h.api);
  await h.stop();
});

/** Sends messages the bot must ignore, then one it must answer; only that one gets a reply. */
async function onlyAnswered(chat: Chat, ignored: (() => void)[], addressed: () => Message): Promise<Message> {
  const before = h.api.botMessages(chat.id).length;
  for (const send of ignored) send();
  const question = addressed();
  const reply = await h.api.nextBotMessage(chat.id, before);
  await settle(h);
  expect(h.api.botMessages(chat.id)).toHaveLength(before + 1);
  expect(reply.reply_to_message?.message_id).toBe(question.message_id);
  return reply;
}

describe('groups (privacy mode rules)', () => {
  const user = newUser();

  it.each(['supergroup', 'group'] as const)('%s: answers /ask, /ask@thisbot, mentions and replies; ignores the rest', async (type) => {
    const chat = newChat(type);
    const me = `@${h.api.me.username}`;
    const chatter = () => h.api.send(chat, user, '双创园区有多少企业');
    const otherBot = () => h.api.send(chat, user, '/ask@other_bot 双创园区有多少企业');
    const otherStart = () => h.api.send(chat, user, '/start@other_bot');
    const sticker = () => h.api.send(chat, user, { sticker: '😀' });
    const otherMention = () => h.api.send(chat, user, '@other_bot 双创园区有多少企业');

    let reply = await onlyAnswered(chat, [chatter, otherBot, otherStart, sticker, otherMention], () =>
      h.api.send(chat, user, '/ask 双创园区有多少企业'),
    );
    expect(boldTexts(reply)).toContain('2400余家');

    reply = await onlyAnswered(chat, [chatter], () => h.api.send(chat, user, `/ask${me} 雙創園區有多少企業`));
    expect(boldTexts(reply)).toContain('2400餘家');

    reply = await onlyAnswered(chat, [chatter], () => h.api.send(chat, user, `${me} 双创园区有多少企业`));
    expect(boldTexts(reply)).toContain('2400余家');

    reply = await onlyAnswered(chat, [chatter], () => h.api.send(chat, user, `请问 ${me} 双创园区有多少企业？`));
    expect(boldTexts(reply)).toContain('2400余家');

    // A reply to someone else's message is chatter; a reply to the bot is a question.
    const someone = h.api.send(chat, user, '大家好');
    const toOther = () => h.api.send(chat, user, '双创园区有多少企业', { replyTo: someone });
    reply = await onlyAnswered(chat, [toOther], () => h.api.send(chat, user, '双创园区带动就业多少人', { replyTo: reply }));
    expect(boldTexts(reply)).toContain('1.8万余人');

    reply = await onlyAnswered(chat, [], () => h.api.send(chat, user, '/ask'));
    expect(reply.text).toContain('用法：/ask 问题');

    // A bare mention asks for a question, also with punctuation after it.
    for (const bare of [me, `${me} ？`]) {
      reply = await onlyAnswered(chat, [], () => h.api.send(chat, user, bare));
      expect(reply.text).toMatch(/^请输入要查询的问题，例如：\n.+/u);
    }
  });

  it('introduces itself once when added to a group, not when promoted or in channels', async () => {
    const chat = newChat('supergroup');
    h.api.setBotMembership(chat, user, 'member');
    const hello = await h.api.nextBotMessage(chat.id);
    expect(hello.text).toContain('/ask 问题');
    h.api.setBotMembership(chat, user, 'administrator', 'member');
    const channel = newChat('channel');
    h.api.setBotMembership(channel, user, 'administrator');
    await settle(h);
    expect(h.api.botMessages(chat.id)).toHaveLength(1);
    expect(h.api.botMessages(channel.id)).toHaveLength(0);
  });

  it('answers edits of a group question in place, and ignores edits of chatter', async () => {
    const chat = newChat('supergroup');
    const { sent, reply } = await exchange(h.api, chat, user, '/ask 今天天气怎么样');
    const chatterMessage = h.api.send(chat, user, '随便聊聊');
    h.api.edit(chatterMessage, '双创园区有多少企业');
    h.api.edit(sent, '/ask 双创园区有多少企业');
    const edited = await h.api.waitFor(() => {
      const m = h.api.botMessages(chat.id).find((x) => x.message_id === reply.message_id);
      return m?.edit_date !== undefined && m;
    });
    expect(boldTexts(edited)).toContain('2400余家');
    await settle(h);
    expect(h.api.botMessages(chat.id)).toHaveLength(1);
  });
});

describe('channels', () => {
  it('answers posts starting with /ask or #问 as replies and ignores other posts', async () => {
    const chat = newChat('channel');
    const plain = () => h.api.send(chat, null, '今日要闻：双创园区有多少企业');
    let reply = await onlyAnswered(chat, [plain], () => h.api.send(chat, null, '/ask 双创园区有多少企业'));
    expect(boldTexts(reply)).toContain('2400余家');
    expect(reply.sender_chat?.id).toBe(chat.id);
    reply = await onlyAnswered(chat, [plain], () => h.api.send(chat, null, '#问 双创园区带动就业多少人'));
    expect(boldTexts(reply)).toContain('1.8万余人');
  });

  it('edits its answer when the post is edited', async () => {
    const chat = newChat('channel');
    const { sent, reply } = await exchange(h.api, chat, null, '#问 今天天气怎么样');
    h.api.edit(sent, '#问 双创园区有多少企业');
    const edited = await h.api.waitFor(() => {
      const m = h.api.botMessages(chat.id).find((x) => x.message_id === reply.message_id);
      return m?.edit_date !== undefined && m;
    });
    expect(boldTexts(edited)).toContain('2400余家');
  });
});

describe('inline mode', () => {
  const user = newUser();

  async function inline(query: string) {
    const id = h.api.inlineQuery(user, query);
    const answer = await h.api.waitFor(() => h.api.inlineAnswers.get(id));
    return { id, answer, results: answer['results'] as { id: string; title: string; description: string; input_message_content: { message_text: string } }[] };
  }

  it('returns up to 10 answers as articles with the figure in the title and the card as the message', async () => {
    const { id, answer, results } = await inline('双创园区有多少企业');
    expect(results.length).toBeGreaterThanOrEqual(1);
    expect(results.length).toBeLessThanOrEqual(10);
    expect(results[0]!.title).toMatch(/^2400余家 · /);
    expect(results[0]!.input_message_content.message_text).toContain('<b>2400余家</b>');
    expect(answer['cache_time']).toBeGreaterThan(0);
    // Picking the result posts the card, via the bot, in whatever chat the user is in.
    const chat = newChat('supergroup');
    const posted = h.api.chooseInlineResult(id, results[0]!.id, chat, user);
    expect(boldTexts(posted)).toContain('2400余家');
    expect(posted.reply_markup?.inline_keyboard[0]?.[0]?.url).toMatch(new RegExp(`^https://t\\.me/${h.api.me.username}\\?start=p_`));
  });

  it('gives up to 10 results for a question with many candidates', async () => {
    const { results } = await inline('企业有多少');
    expect(results.length).toBeLessThanOrEqual(10);
    expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
  });

  it('answers in traditional Chinese for a traditional query', async () => {
    const { results } = await inline('雙創園區有多少企業');
    expect(results[0]!.title).toMatch(/^2400餘家/);
  });

  it.each(['', ' ', '双', '😀'])('returns a hint for %j', async (query) => {
    const { answer, results } = await inline(query);
    expect(results).toHaveLength(1);
    expect(results[0]!.id).toBe('hint');
    expect(results[0]!.input_message_content.message_text).toContain(`@${h.api.me.username}`);
    expect(answer['cache_time']).toBeGreaterThan(0);
  });

  it('says so when nothing is found with a button, not an article that could be posted; the button opens the contents', async () => {
    const { answer, results } = await inline('比特币现在多少钱');
    expect(results).toEqual([]);
    const button = answer['button'] as { text: string; start_parameter: string };
    expect(button.text).toContain('没有找到答案');
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, `/start ${button.start_parameter}`);
    expect(reply.text).toContain('共 5 个章节');
    expect((await inline('比特幣現在多少錢')).answer['button']).toMatchObject({ text: expect.stringContaining('沒有找到答案') });
  });

  it('the deep link of an inline result opens the section in a private chat', async () => {
    const { results } = await inline('双创园区有多少企业');
    const id = (results[0] as unknown as { reply_markup: { inline_keyboard: { url: string }[][] } }).reply_markup.inline_keyboard[0]![0]!.url;
    const payload = new URL(id).searchParams.get('start')!;
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, `/start ${payload}`);
    expect(boldTexts(reply).some((b) => b.includes('2400余家'))).toBe(true);
  });
});
