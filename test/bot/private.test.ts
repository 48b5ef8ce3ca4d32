/** Private chats end to end: the real bot and engine over HTTP on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, exchange, boldTexts, expectNoFailedCalls, labels, newUser, press, startHarness, settle, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  expectNoFailedCalls(h.api);
  await h.stop();
});

describe('private chat', () => {
  it('registers Chinese command descriptions and answers a question with the figure in bold', async () => {
    expect(h.api.commands.map((c) => c.command).sort()).toEqual(['ask', 'help', 'sections', 'start']);
    expect(h.api.commands.every((c) => /\p{Script=Han}/u.test(c.description))).toBe(true);

    const user = newUser();
    const chat = h.api.privateChat(user);
    const { sent, reply } = await exchange(h.api, chat, user, '双创园区有多少企业');
    expect(boldTexts(reply)).toContain('2400余家');
    expect(reply.text).toContain('入驻企业2400余家');
    expect(reply.text).toMatch(/来源：《.+》 · .+/);
    expect(reply.reply_to_message?.message_id).toBe(sent.message_id);
    expect(reply.link_preview_options).toEqual({ is_disabled: true });
    expect(labels(reply)).toEqual(['更多相关段落', '查看本节']);
    for (const button of reply.reply_markup!.inline_keyboard.flat()) {
      expect(Buffer.byteLength(button.callback_data!)).toBeLessThanOrEqual(64);
      expect(button.callback_data).not.toContain('双创');
    }
    // Answers take milliseconds: no chat action is spent on them.
    expect(h.api.chatActions.filter((a) => a.chat_id === chat.id)).toEqual([]);
  });

  it('answers a traditional question in traditional Chinese', async () => {
    const user = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '雙創園區有多少企業？');
    expect(boldTexts(reply)).toContain('2400餘家');
    expect(reply.text).toContain('來源');
    expect(labels(reply)).toEqual(['更多相關段落', '查看本節']);
  });

  it('says honestly when the documents do not answer, and offers the table of contents', async () => {
    const user = newUser();
    const chat = h.api.privateChat(user);
    const { reply } = await exchange(h.api, chat, user, '今天天气怎么样');
    expect(reply.text).toContain('没有在文档中找到');
    expect(reply.text).toContain('/sections');
    expect(boldTexts(reply)).toEqual([]);
    const contents = await press(h.api, reply, '浏览文档目录', user);
    expect(contents.text).toContain('共 5 个章节');
    expect(labels(contents).length).toBe(5);
  });

  it('shows the whole section with the passage in bold and section navigation', async () => {
    const user = newUser();
    const chat = h.api.privateChat(user);
    const { reply } = await exchange(h.api, chat, user, '双创园区有多少企业');
    const section = await press(h.api, reply, '查看本节', user);
    expect(section.text).toContain('深化“放管服”改革');
    expect(boldTexts(section).some((b) => b.includes('入驻企业2400余家'))).toBe(true);
    // The last section in reading order (the lead, 导语, comes first): no next section.
    expect(labels(section)).toEqual(['« 上一节', '目录']);
    const previous = await press(h.api, section, '« 上一节', user);
    expect(previous.text).not.toBe(section.text);
    expect(labels(previous)).toEqual(['« 上一节', '目录', '下一节 »']);
    const contents = await press(h.api, previous, '目录', user);
    expect(contents.text).toContain('共 5 个章节');
  });

  it('/sections lists the lead (导语) first, and reading goes on from it to the first section', async () => {
    const user = newUser();
    const chat = h.api.privateChat(user);
    const contents = (await exchange(h.api, chat, user, '/sections')).reply;
    const titles = labels(contents);
    expect(titles[0]).toBe('1. 导语');
    expect(titles.slice(1).every((t) => !t.includes('导语'))).toBe(true);
    const lead = await press(h.api, contents, '1. 导语', user);
    expect(lead.text).toMatch(/^《.+》\n导语\n/u);
    expect(labels(lead)).toEqual(['目录', '下一节 »']);
    const first = await press(h.api, lead, '下一节 »', user);
    expect(first.text).toContain(titles[1]!.replace(/^2\. /, '').slice(0, 6));
    expect(labels(first)).toEqual(['« 上一节', '目录', '下一节 »']);
    expect((await press(h.api, first, '« 上一节', user)).text).toBe(lead.text);
  });

  it('a bare mention of the bot, with or without punctuation, asks for a question instead of answering "not found"', async () => {
    const user = newUser();
    const chat = h.api.privateChat(user);
    for (const text of [`@${h.api.me.username}`, `@${h.api.me.username} ？`, `@${h.api.me.username}，`]) {
      const { reply } = await exchange(h.api, chat, user, text);
      expect(reply.text).toMatch(/^请输入要查询的问题，例如：\n.+/u);
    }
    // With a question after it, the mention is not part of the question.
    const { reply } = await exchange(h.api, chat, user, `@${h.api.me.username} 双创园区有多少企业`);
    expect(boldTexts(reply)).toContain('2400余家');
  });

  it('pages through more related passages', async () => {
    const user = newUser();
    const chat = h.api.privateChat(user);
    const { reply } = await exchange(h.api, chat, user, '双创园区有多少企业');
    const more = await press(h.api, reply, '更多相关段落', user);
    expect(more.text).toContain('更多相关段落');
    expect(more.text).toMatch(/1\./);
    expect(labels(more)[0]).toBe('查看第1条所在节');
  });

  it('/start explains the bot and offers three example questions that answer with a figure', async () => {
    const user = newUser();
    const chat = h.api.privateChat(user);
    const { reply } = await exchange(h.api, chat, user, '/start');
    expect(reply.text).toContain('你好');
    const examples = labels(reply);
    expect(examples).toHaveLength(3);
    for (const example of examples) {
      const answer = await press(h.api, reply, example, user);
      expect(answer.text).toContain(example);
      expect(boldTexts(answer).length).toBeGreaterThan(0);
    }
  });

  it('/help and /sections', async () => {
    const user = newUser();
    const chat = h.api.privateChat(user);
    const help = (await exchange(h.api, chat, user, '/help')).reply;
    expect(help.text).toContain('/ask');
    expect(help.text).toContain(`@${h.api.me.username}`);
    const sections = (await exchange(h.api, chat, user, '/sections')).reply;
    const titles = labels(sections);
    expect(titles).toHaveLength(5);
    const section = await press(h.api, sections, titles[1]!, user);
    expect(section.text).toContain(titles[1]!.replace(/^\d+\. /, '').slice(0, 8));
  });

  it('an edited question edits the earlier reply instead of sending a new one', async () => {
    const user = newUser();
    const chat = h.api.privateChat(user);
    const { sent, reply } = await exchange(h.api, chat, user, '今天天气怎么样');
    const count = h.api.botMessages(chat.id).length;
    h.api.edit(sent, '双创园区有多少企业');
    const edited = await h.api.waitFor(() => {
      const m = h.api.botMessages(chat.id).find((x) => x.message_id === reply.message_id);
      return m?.edit_date !== undefined && m;
    });
    expect(boldTexts(edited)).toContain('2400余家');
    expect(labels(edited)).toEqual(['更多相关段落', '查看本节']);
    await settle(h);
    expect(h.api.botMessages(chat.id)).toHaveLength(count);
    // The same edit again changes nothing and is not an error.
    h.api.edit(sent, '双创园区有多少企业');
    await settle(h);
    expect(h.api.botMessages(chat.id)).toHaveLength(count);
  });

  it.each([
    ['a sticker', { sticker: '😀' }],
    ['a photo', { photo: true, caption: '双创园区有多少企业' }],
    ['a voice message', { voice: 3 }],
  ] as const)('answers %s with a short hint', async (_name, media) => {
    const user = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, media);
    expect(reply.text).toContain('我只能回答文字问题');
  });

  it.each([
    ['emoji only', '😀😀😀', '请用文字提问'],
    ['punctuation only', '？？？', '请用文字提问'],
    ['4096 characters', '双'.repeat(4096), '问题太长了'],
    ['an empty /ask', '/ask   ', '用法：/ask 问题'],
    ['an unknown command', '/foo', '/help'],
  ])('declines %s cleanly', async (_name, text, expected) => {
    const user = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, text);
    expect(reply.text).toContain(expected);
  });

  it.each(['<b>', '&', '<script>alert(1)</script>', '&amp; <i>双创园区</i>有多少企业 & </b>'])(
    'answers HTML-looking text %j safely',
    async (text) => {
      const user = newUser();
      const { reply } = await exchange(h.api, h.api.privateChat(user), user, text);
      expect(reply.text!.length).toBeGreaterThan(0);
      expectNoFailedCalls(h.api);
    },
  );

  it('/stats is for admins only', async () => {
    const { reply } = await exchange(h.api, h.api.privateChat(ADMIN), ADMIN, '/stats');
    expect(reply.text).toMatch(/文档 1 个，章节 5 个，句子 \d+ 个/);
    const user = newUser();
    const refused = (await exchange(h.api, h.api.privateChat(user), user, '/stats')).reply;
    expect(refused.text).toContain('只供管理员');
  });

  it('/ask works in a private chat too', async () => {
    const user = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '/ask 双创园区有多少企业');
    expect(boldTexts(reply)).toContain('2400余家');
  });
});
