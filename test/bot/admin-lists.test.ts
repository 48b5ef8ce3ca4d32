/**
 * Fault suite, item 11 of issue 13: /docs with 300 documents and /stats with
 * 120 unreadable sources are paged, each page within Telegram's limits
 * (4096 characters, 100 buttons), and every document can be reached.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, prepareBot } from '../../src/bot/index.ts';
import { DOCS_PER_PAGE, docsFeature } from '../../src/bot/features/docs.ts';
import { startPolling, type Polling } from '../../src/bot/polling.ts';
import { DocumentLibrary } from '../../src/docs/library.ts';
import { LocalBotApi, type Message, type User } from '../../src/local/bot-api-server.ts';
import { createLogger } from '../../src/logger.ts';
import { expectNoFailedCalls } from './harness.ts';

const TOKEN = '123456:admin-lists-test';
const ADMIN: User = { id: 1001, is_bot: false, first_name: '管理员' };
const DOCUMENTS = 300;
const UNREADABLE = 120;
const FILES = DOCUMENTS + UNREADABLE;

let root: string;
let api: LocalBotApi;
let polling: Polling;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wenda-admin-lists-'));
  const sources = join(root, 'data', 'sources');
  await mkdir(sources, { recursive: true });
  for (let i = 1; i <= DOCUMENTS; i++) {
    const n = String(i).padStart(3, '0');
    await writeFile(join(sources, `第${n}号园区年度发展情况报告.txt`), `第${n}号园区发展报告\n\n概况\n\n第${n}号园区现有入驻企业${i}家。\n`);
    // Some documents have a broken twin (empty), which the engine lists as unreadable.
    if (i <= UNREADABLE) await writeFile(join(sources, `第${n}号园区空白文件.md`), '');
  }
  const library = await DocumentLibrary.open(join(root, 'data'));
  api = await LocalBotApi.start({ token: TOKEN });
  const bot = createBot({
    config: { botToken: TOKEN, apiRoot: api.apiRoot, adminIds: [ADMIN.id] },
    getEngine: library.getEngine,
    logger: createLogger({ level: 'silent' }),
    rateLimit: false,
    features: [docsFeature({ library, apiRoot: api.apiRoot })],
  });
  await prepareBot(bot);
  polling = await startPolling(bot, { timeoutSeconds: 1 });
}, 60_000);

afterAll(async () => {
  await polling.stop();
  await api.close();
  await rm(root, { recursive: true, force: true });
});

const chat = () => api.privateChat(ADMIN);
const buttons = (message: Message) => message.reply_markup?.inline_keyboard.flat() ?? [];

async function command(text: string): Promise<Message> {
  const before = api.botMessages(chat().id).length;
  api.send(chat(), ADMIN, text);
  return structuredClone(await api.nextBotMessage(chat().id, before, 10_000));
}

/** Presses a button that edits its message in place; resolves with the edited message. */
async function pressInPlace(message: Message, label: string): Promise<Message> {
  const data = buttons(message).find((b) => b.text === label)?.callback_data;
  expect(data, `button ${label}`).toBeDefined();
  // The server's stored message changes in place when edited: remember its text now.
  const before = message.text;
  const id = api.press(message, data!, ADMIN);
  await api.waitFor(() => api.callbackAnswers.has(id));
  const current = await api.waitFor(() => {
    const stored = api.history(message.chat.id).find((m) => m.message_id === message.message_id);
    return stored !== undefined && stored.text !== before && stored;
  });
  return structuredClone(current);
}

describe('admin lists with hundreds of entries', () => {
  it('/docs pages 300 documents, every page within the limits, and pages forward and back', async () => {
    let page = await command('/docs');
    const seen = new Set<string>();
    for (let n = 1; ; n++) {
      expect(page.text!.length).toBeLessThanOrEqual(4096);
      expect(buttons(page).length).toBeLessThanOrEqual(100);
      expect(page.text).toContain(`共 ${FILES} 个`);
      for (const b of buttons(page).filter((b) => b.text.startsWith('🗑'))) seen.add(b.text);
      if (!buttons(page).some((b) => b.text === '下一页 »')) break;
      page = await pressInPlace(page, '下一页 »');
      expect(page.text).toContain(`第 ${n + 1}/${Math.ceil(FILES / DOCS_PER_PAGE)} 页`);
    }
    expect(seen.size).toBe(FILES);
    const back = await pressInPlace(page, '« 上一页');
    expect(back.text).toContain(`第 ${Math.ceil(FILES / DOCS_PER_PAGE) - 1}/`);
    expectNoFailedCalls(api);
  });

  it('/stats pages 120 unreadable sources', async () => {
    let page = await command('/stats');
    expect(page.text).toContain(`无法读取的源文件：${UNREADABLE} 个`);
    const listed = new Set<string>();
    for (;;) {
      expect(page.text!.length).toBeLessThanOrEqual(4096);
      for (const line of page.text!.split('\n').filter((l) => l.startsWith('• '))) listed.add(line);
      if (!buttons(page).some((b) => b.text === '下一页 »')) break;
      page = await pressInPlace(page, '下一页 »');
    }
    expect(listed.size).toBe(UNREADABLE);
    expectNoFailedCalls(api);
  });
});
