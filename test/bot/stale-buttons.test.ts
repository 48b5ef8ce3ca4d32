/**
 * Fault suite, item 10 of issue 13: buttons carry passage and section ids,
 * which are positions. After a document is removed, an old button must not
 * open another document's section: it says 「此按钮已过期，请重新提问」.
 * Buttons made under the current documents, and old buttons after a restart
 * over the same documents, keep working.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPolling, type Polling } from '../../src/bot/polling.ts';
import { DocumentLibrary } from '../../src/docs/library.ts';
import { LocalBotApi, type Message } from '../../src/local/bot-api-server.ts';
import { buttonData, createTestBot, exchange, newUser, press, TOKEN } from './harness.ts';

const STALE = '此按钮已过期，请重新提问。';

/** A document of `n` sentences about one place, each with its own figure. */
const report = (place: string, n: number) =>
  `${place}发展报告\n\n概况\n\n${Array.from({ length: n }, (_, i) => `${place}第${i + 1}号工程投资${i + 11}亿元。`).join('')}\n`;

let root: string;
let library: DocumentLibrary;
let api: LocalBotApi;
let polling: Polling;

async function startBot(): Promise<void> {
  polling = await startPolling(await createTestBot(api, library.getEngine), { timeoutSeconds: 1 });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wenda-stale-'));
  await mkdir(join(root, 'sources'));
  // A is long, B short, C long: once A is gone, B's old passage ids point into C.
  await writeFile(join(root, 'sources', 'a-甲城.txt'), report('甲城', 30));
  await writeFile(join(root, 'sources', 'b-乙城.txt'), `乙城发展报告\n\n港口\n\n乙城港口吞吐量达到8600万吨。\n`);
  await writeFile(join(root, 'sources', 'c-丙城.txt'), report('丙城', 30));
  library = await DocumentLibrary.open(root);
  api = await LocalBotApi.start({ token: TOKEN });
  await startBot();
});

afterAll(async () => {
  await polling.stop();
  await api.close();
  await rm(root, { recursive: true, force: true });
});

async function pressExpectingStale(message: Message, label: string | RegExp, user: ReturnType<typeof newUser>): Promise<void> {
  const before = api.botMessages(message.chat.id).length;
  const id = api.press(message, buttonData(message, label), user);
  const answer = await api.waitFor(() => api.callbackAnswers.get(id));
  expect(answer['text']).toBe(STALE);
  // Nothing was sent: no section of another document.
  await api.waitFor(() => api.pendingUpdates === 0);
  expect(api.botMessages(message.chat.id)).toHaveLength(before);
}

describe('buttons after the documents change', () => {
  it('keeps working across a restart over the same documents, and expires once a document is removed', async () => {
    const user = newUser();
    const chat = api.privateChat(user);
    const { reply: card } = await exchange(api, chat, user, '乙城港口吞吐量达到多少');
    expect(card.text).toContain('8600万吨');
    const { reply: contents } = await exchange(api, chat, user, '/sections');
    const inline = api.inlineQuery(user, '乙城港口吞吐量达到多少');
    const inlineAnswer = await api.waitFor(() => api.inlineAnswers.get(inline));
    const deepLink = ((inlineAnswer['results'] as { reply_markup: { inline_keyboard: { url: string }[][] } }[])[0]!.reply_markup.inline_keyboard[0]![0]!.url).split('start=')[1]!;

    // A restart over the same documents: the same generation, old buttons still work.
    await polling.stop();
    library = await DocumentLibrary.open(root);
    await startBot();
    expect((await press(api, card, '查看本节', user)).text).toContain('乙城港口吞吐量达到8600万吨');

    await library.remove('a-甲城.txt');
    await pressExpectingStale(card, '查看本节', user);
    await pressExpectingStale(contents, /乙城/u, user);
    const { reply: linked } = await exchange(api, chat, user, `/start ${deepLink}`);
    expect(linked.text).toBe(STALE);

    // A new question gets buttons of the new generation.
    const { reply: fresh } = await exchange(api, chat, user, '乙城港口吞吐量达到多少');
    const section = await press(api, fresh, '查看本节', user);
    expect(section.text).toContain('乙城港口吞吐量达到8600万吨');
    expect(section.text).not.toContain('丙城');
  });
});
