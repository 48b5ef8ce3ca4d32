/** A folder of several documents: /sections paging, long sections split, "more" paging. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boldTexts, exchange, expectNoFailedCalls, labels, LIBRARY_DATA, newUser, press, pressInPlace, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ dataDir: LIBRARY_DATA });
});
afterAll(async () => {
  expectNoFailedCalls(h.api);
  await h.stop();
});

describe('a library of documents', () => {
  it('/sections pages through documents in place and opens a document and a section', async () => {
    const user = newUser();
    const chat = h.api.privateChat(user);
    const { reply } = await exchange(h.api, chat, user, '/sections');
    expect(reply.text).toContain('共 11 个文档');
    expect(labels(reply).filter((l) => /^\d+\. /.test(l))).toHaveLength(8);
    expect(labels(reply)).toContain('1/2');
    const count = h.api.botMessages(chat.id).length;
    const page2 = await pressInPlace(h.api, reply, '下一页 »', user);
    expect(h.api.botMessages(chat.id)).toHaveLength(count);
    expect(labels(page2)).toContain('2/2');
    expect(labels(page2).filter((l) => /^\d+\. /.test(l))).toHaveLength(3);
    const doc = await press(h.api, page2, /^11\. /, user);
    expect(doc.text).toContain('共 2 个章节');
    const section = await press(h.api, doc, /^2\. /, user);
    expect(section.text).toContain('发展环境');
  });

  it('splits a long section into messages under 4096 characters at sentence ends', async () => {
    const user = newUser();
    const chat = h.api.privateChat(user);
    const { reply } = await exchange(h.api, chat, user, '/sections');
    const page2 = await pressInPlace(h.api, reply, '下一页 »', user);
    const doc = await press(h.api, page2, /^11\. /, user);
    const before = h.api.botMessages(chat.id).length;
    const first = await press(h.api, doc, /^2\. /, user);
    await h.api.waitFor(() => h.api.botMessages(chat.id).find((m) => labels(m).includes('« 上一节') && m.message_id >= first.message_id));
    const parts = h.api.botMessages(chat.id).slice(before);
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, part] of parts.entries()) {
      expect(part.text!.length).toBeLessThanOrEqual(4096);
      expect(part.text).toMatch(new RegExp(`。\\n\\n（${i + 1}/${parts.length}）$`));
    }
    expect(parts.map((p) => p.text).join('')).toContain('第90项措施');
  });

  it('"more" pages through the alternatives three at a time without repeats, figures in bold', async () => {
    const user = newUser();
    const chat = h.api.privateChat(user);
    const { reply } = await exchange(h.api, chat, user, '甲镇有多少家规模以上企业');
    expect(boldTexts(reply)).toContain('40家');
    const seen = new Set<string>();
    let page = await press(h.api, reply, '更多相关段落', user);
    let pages = 1;
    for (;;) {
      const figures = [...new Set(boldTexts(page).filter((b) => !/^\d+\.$/.test(b)))];
      expect(figures.length).toBeGreaterThan(0);
      for (const f of figures) {
        expect(seen.has(f)).toBe(false);
        seen.add(f);
      }
      if (!labels(page).includes('更多相关段落')) break;
      page = await press(h.api, page, '更多相关段落', user);
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(seen.size).toBeGreaterThanOrEqual(6);
    const section = await press(h.api, page, '查看第1条所在节', user);
    expect(section.text).toContain('各镇企业情况');
  });

  it('a year in the question picks the document of that year', async () => {
    const user = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '2019年园区入驻企业有多少');
    expect(boldTexts(reply)).toContain('148家');
    expect(reply.text).toContain('青石');
  });
});
