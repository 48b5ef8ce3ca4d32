/**
 * Issue 11 in the bot: a comparison or series is a compact card (figures in
 * bold, one source line per item), with 「查看出处 N」 buttons that open each
 * item's sentence in its section (ids and a generation tag in the callback
 * data, valid across restarts, expired once the documents change), split
 * between items when longer than one message, one article in inline mode, and
 * a gap named when no document gives a figure.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAction, MAX_CALLBACK_BYTES } from '../../src/bot/callback-data.ts';
import { startPolling, type Polling } from '../../src/bot/polling.ts';
import { DocumentLibrary } from '../../src/docs/library.ts';
import { LocalBotApi, type Message } from '../../src/local/bot-api-server.ts';
import { parseHtml } from '../../src/local/telegram-html.ts';
import { boldTexts, buttonData, createTestBot, expectNoFailedCalls, labels, newChat, newUser, press, TOKEN } from './harness.ts';

const root = new URL('../../', import.meta.url).pathname;
const ZONES = join(root, 'test/fixtures/compare/zones/sources');
const STALE = '此按钮已过期，请重新提问。';

/** Cities of the gazetteer, each with a 2024 bulletin of its own: a ranking of all of them needs two messages. */
const CITIES = (JSON.parse(readFileSync(join(root, 'src/engine/gazetteer.json'), 'utf8')) as { provinces: { cities: string[] }[] }).provinces
  .flatMap((p) => p.cities)
  .slice(0, 36);
const gdp = (i: number): string => `${(8000 - i * 157.3).toFixed(1)}亿元`;
const bulletin = (city: string, i: number): string =>
  `${city}市2024年国民经济和社会发展统计公报\n${city}市统计局\n2025年3月\n\n一、综合\n\n` +
  `初步核算，全年全市实现地区生产总值${gdp(i)}，按不变价格计算，比上年增长${(3 + (i % 30) / 10).toFixed(1)}%，其中第三产业增加值占比继续提高，经济运行总体平稳、稳中有进。\n\n` +
  `二、工业\n\n全年规模以上工业增加值比上年增长${(4 + (i % 20) / 10).toFixed(1)}%。\n`;

let data: string;
let library: DocumentLibrary;
let api: LocalBotApi;
let polling: Polling;

async function startBot(): Promise<void> {
  polling = await startPolling(await createTestBot(api, library.getEngine), { timeoutSeconds: 1 });
}

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'wenda-compare-bot-'));
  cpSync(ZONES, join(data, 'sources'), { recursive: true });
  CITIES.forEach((city, i) => writeFileSync(join(data, 'sources', `city-${i}.txt`), bulletin(city, i)));
  library = await DocumentLibrary.open(data);
  api = await LocalBotApi.start({ token: TOKEN });
  await startBot();
});

afterAll(async () => {
  await polling.stop();
  await api.close();
  rmSync(data, { recursive: true, force: true });
});

/** Sends a question in a private chat and resolves with every message the bot sent for it. */
async function ask(user: ReturnType<typeof newUser>, text: string): Promise<Message[]> {
  const chat = api.privateChat(user);
  const before = api.botMessages(chat.id).length;
  api.send(chat, user, text);
  await api.nextBotMessage(chat.id, before);
  await api.waitFor(() => api.pendingUpdates === 0);
  // A split comparison arrives as several messages: wait until the last part is in.
  await api.waitFor(() => {
    const sent = api.botMessages(chat.id).slice(before);
    const mark = /（(\d+)\/(\d+)）$/u.exec(sent.at(-1)?.text ?? '');
    return (!mark || mark[1] === mark[2]) && sent;
  });
  return api.botMessages(chat.id).slice(before);
}

describe('the comparison card', () => {
  it('shows each figure in bold with one source line, and a 查看出处 button per item that opens its sentence', async () => {
    const user = newUser();
    const [card, ...rest] = await ask(user, '枫港经开区和宁峪高新区2024年地区生产总值各多少');
    expect(rest).toEqual([]);
    expect(boldTexts(card!)).toEqual(expect.arrayContaining(['467.3亿元', '381.5亿元']));
    expect(card!.text!.match(/📄 来源：/gu)).toHaveLength(2);
    expect(card!.text).toContain('1. 枫港经开区：467.3亿元');
    expect(card!.text).toContain('《枫港经济技术开发区2024年工作总结》 · 一、综合实力');
    expect(labels(card!)).toEqual(['查看出处 1', '查看出处 2']);
    for (const label of labels(card!)) {
      const data = buttonData(card!, label);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_BYTES);
      expect(decodeAction(data)?.action.kind).toBe('passage-section');
    }
    const section = await press(api, card!, '查看出处 2', user);
    expect(section.text).toContain('（一）经济发展');
    expect(boldTexts(section)).toContain('全年完成地区生产总值381.5亿元，增长6.8%。');
    expectNoFailedCalls(api);
  });

  it('says a difference with its basis: stated by a document, or computed from two', async () => {
    const user = newUser();
    const [stated] = await ask(user, '枫港2023年高新技术企业比上年多了多少家');
    expect(stated!.text).toContain('差额：2023年比2022年增加23家（文档原文）');
    expect(boldTexts(stated!)).toContain('23家');
    const [computed] = await ask(user, '宁峪高新区比石湾开发区2024年GDP多多少');
    expect(computed!.text).toContain('差额：宁峪高新区比石湾开发区多160.1亿元（据两份文档计算）');
  });

  it('names the gap, and says when no document gives any figure asked', async () => {
    const user = newUser();
    const [gap] = await ask(user, '石湾开发区2023年和2024年地区生产总值各多少');
    expect(gap!.text).toContain('1. 2023年：文档未提及');
    expect(gap!.text).toContain('2. 2024年：221.4亿元');
    expect(gap!.text).toContain('⚠️ 1项文档未提及');
    expect(labels(gap!)).toEqual(['查看出处 2']);
    const [none] = await ask(user, '临渚综保区2022年和2023年进出口各多少');
    expect(none!.text).toContain('没有在文档中找到这个问题的答案：临渚综保区 2022年、2023年，文档均未提及。');
    expect(labels(none!)).toEqual(['浏览文档目录']);
  });

  it('ranks only comparable figures, in traditional for a traditional question', async () => {
    const user = newUser();
    const [card] = await ask(user, '各園區2024年進出口總額排名');
    expect(card!.text).toMatch(/^📊 2024年 · 排名（從高到低）/u);
    expect(card!.text).toContain('1. 臨渚綜合保稅區：612.8億元');
    expect(card!.text).toContain('4. 寧峪高新技術產業開發區：52.3億美元（單位不同，未參與比較）');
    expect(labels(card!)).toEqual(['查看出處 1', '查看出處 2', '查看出處 3', '查看出處 4']);
  });
});

describe('a comparison longer than one message', () => {
  it('is split between items, every part within 4096 characters with the buttons of its own items', async () => {
    const user = newUser();
    const parts = await ask(user, '2024年各市地区生产总值排名');
    expect(parts.length).toBeGreaterThanOrEqual(2);
    parts.forEach((part, i) => {
      expect(part.text!.endsWith(`（${i + 1}/${parts.length}）`)).toBe(true);
      expect(part.text!.length).toBeLessThanOrEqual(4096);
    });
    const numbers = parts.flatMap((p) => [...p.text!.matchAll(/^(\d+)\. /gmu)].map((m) => Number(m[1])));
    expect(numbers).toEqual(CITIES.map((_, i) => i + 1));
    // Highest first, every figure in bold, every item with its button under its own part.
    // Each figure is bold twice: after its label and in its sentence.
    const figures = parts.flatMap((p) => boldTexts(p)).filter((b, i, all) => b.endsWith('亿元') && b !== all[i - 1]);
    expect(figures).toEqual(CITIES.map((_, i) => gdp(i)));
    for (const part of parts) {
      const shown = [...part.text!.matchAll(/^(\d+)\. /gmu)].map((m) => `查看出处 ${m[1]}`);
      expect(labels(part)).toEqual(shown);
    }
    expectNoFailedCalls(api);
  });

  it('edits the first part when the question is edited, and sends the others after it', async () => {
    const user = newUser();
    const chat = api.privateChat(user);
    const [first] = await ask(user, '石湾开发区2024年GDP多少');
    expect(first!.text).toContain('221.4亿元');
    const before = api.botMessages(chat.id).length;
    const question = api.history(chat.id).filter((m) => m.from?.id === user.id).at(-1)!;
    api.edit(question, '2024年各市地区生产总值排名');
    const edited = await api.waitFor(() => {
      const m = api.history(chat.id).find((x) => x.message_id === first!.message_id);
      return m?.edit_date !== undefined && m;
    });
    expect(edited.text).toMatch(/（1\/\d）$/u);
    const more = await api.nextBotMessage(chat.id, before);
    expect(more.text).toMatch(/（2\/\d）$/u);
  });
});

describe('inline mode', () => {
  it('returns a comparison as one article with 查看出处 links, even when the card would need two messages', async () => {
    const user = newUser();
    const id = api.inlineQuery(user, '枫港经开区2022年和2023年进出口各多少');
    const answer = await api.waitFor(() => api.inlineAnswers.get(id));
    const results = answer['results'] as { id: string; title: string; description: string; input_message_content: { message_text: string }; reply_markup: { inline_keyboard: { text: string; url: string }[][] } }[];
    expect(results).toHaveLength(1);
    expect(results[0]!.description).toContain('286.7亿元');
    const buttons = results[0]!.reply_markup.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(['查看出处 1', '查看出处 2']);
    expect(buttons[0]!.url).toMatch(/\?start=p_[0-9a-z]+_[0-9a-z]+$/u);
    const posted = api.chooseInlineResult(id, results[0]!.id, newChat('supergroup'), user);
    expect(boldTexts(posted)).toEqual(expect.arrayContaining(['286.7亿元', '301.5亿元']));

    const long = api.inlineQuery(user, '2024年各市地区生产总值排名');
    const longAnswer = await api.waitFor(() => api.inlineAnswers.get(long));
    const [only, ...none] = longAnswer['results'] as { input_message_content: { message_text: string } }[];
    expect(none).toEqual([]);
    const html = only!.input_message_content.message_text;
    expect(html.length).toBeLessThanOrEqual(4096);
    expect(parseHtml(html).text).toContain(`1. ${CITIES[0]}市：${gdp(0)}`);
    expectNoFailedCalls(api);
  });
});

describe('查看出处 buttons after the documents change', () => {
  it('keep working across a restart over the same documents, and expire once a document is removed', async () => {
    const user = newUser();
    const [card] = await ask(user, '枫港经开区和宁峪高新区2024年地区生产总值各多少');
    await polling.stop();
    library = await DocumentLibrary.open(data);
    await startBot();
    expect((await press(api, card!, '查看出处 1', user)).text).toContain('467.3亿元');

    await library.remove('city-0.txt');
    const before = api.botMessages(card!.chat.id).length;
    const pressed = api.press(card!, buttonData(card!, '查看出处 1'), user);
    expect((await api.waitFor(() => api.callbackAnswers.get(pressed)))['text']).toBe(STALE);
    await api.waitFor(() => api.pendingUpdates === 0);
    expect(api.botMessages(card!.chat.id)).toHaveLength(before);
  });
});
