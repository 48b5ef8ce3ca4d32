/**
 * End to end: the real grammY bot, long polling a local Bot API server on
 * 127.0.0.1, with the document library on a temp data folder. Admins upload
 * files (downloaded via getFile), list and remove documents with buttons;
 * non-admins are refused and nothing of theirs is fetched or stored.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bot } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBot, prepareBot, type BotContext } from '../../src/bot/index.ts';
import { docsFeature, docsTexts } from '../../src/bot/features/docs.ts';
import { startPolling, type Polling } from '../../src/bot/polling.ts';
import { DocumentLibrary } from '../../src/docs/library.ts';
import { LocalBotApi, type Chat, type Message, type User } from '../../src/local/bot-api-server.ts';
import { createLogger } from '../../src/logger.ts';

const TOKEN = '123456:docs-upload-test';
const PDF = join(import.meta.dirname, '..', 'fixtures', 'pdf');
const ADMIN: User = { id: 1001, is_bot: false, first_name: '管理员' };
const VISITOR: User = { id: 2002, is_bot: false, first_name: '访客' };

/** Short, so the stalled-download test is quick; local downloads take milliseconds. */
const DOWNLOAD_TIMEOUT_MS = 1500;

const HARBOUR = '港城物流园区发展报告\n\n园区概况\n\n港城物流园区现有入驻企业860余家。\n';

let root: string;
let api: LocalBotApi;
let library: DocumentLibrary;
let bot: Bot<BotContext>;
let polling: Polling;
let adminChat: Chat;
let visitorChat: Chat;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wenda-docs-bot-'));
  await writeFile(join(root, '港城物流.txt'), HARBOUR);
  library = await DocumentLibrary.open(join(root, 'data'), { create: true });
  await library.add([join(root, '港城物流.txt')]);
  api = await LocalBotApi.start({ token: TOKEN });
  bot = createBot({
    config: { botToken: TOKEN, apiRoot: api.apiRoot, adminIds: [ADMIN.id] },
    getEngine: library.getEngine,
    logger: createLogger({ level: 'silent' }),
    rateLimit: false,
    features: [docsFeature({ library, apiRoot: api.apiRoot, downloadTimeoutMs: DOWNLOAD_TIMEOUT_MS })],
  });
  await prepareBot(bot);
  polling = await startPolling(bot, { timeoutSeconds: 1 });
  adminChat = api.privateChat(ADMIN);
  visitorChat = api.privateChat(VISITOR);
});

afterEach(async () => {
  await polling.stop();
  await api.close();
  await rm(root, { recursive: true, force: true });
});

/** Sends and resolves with the bot's first new message whose text matches `until`. */
async function exchange(chat: Chat, from: User, content: Parameters<LocalBotApi['send']>[2], until: RegExp): Promise<Message> {
  const before = api.botMessages(chat.id).length;
  api.send(chat, from, content);
  return api.waitFor(() => api.botMessages(chat.id).slice(before).find((message) => until.test(message.text ?? '')), 10_000);
}

async function upload(chat: Chat, from: User, name: string, content: Buffer, until: RegExp): Promise<Message> {
  return exchange(chat, from, { document: { name, content, mimeType: name.endsWith('.pdf') ? 'application/pdf' : 'text/plain' } }, until);
}

async function sources(): Promise<string[]> {
  return (await readdir(join(root, 'data', 'sources'))).sort();
}

/** Presses a button of a bot message and waits for the message (or a new one) to match `until`. */
async function press(message: Message, data: string, from: User, until: RegExp): Promise<Message> {
  api.press(message, data, from);
  return api.waitFor(() => api.botMessages(message.chat.id).find((m) => m.message_id >= message.message_id && until.test(m.text ?? '')), 10_000);
}

function buttons(message: Message): { text: string; data: string }[] {
  return (message.reply_markup?.inline_keyboard ?? []).flat().map((button) => ({ text: button.text, data: button.callback_data ?? '' }));
}

describe('documents from Telegram', () => {
  it('an admin uploads a PDF, gets the summary, and the next question is answered from it with its page', async () => {
    const summary = await upload(adminChat, ADMIN, '统计公报.pdf', await readFile(join(PDF, 'report.pdf')), /已添加/);
    // The issuer line under the title is the author, not part of the title.
    expect(summary.text).toMatch(/^✅ 已添加「统计公报\.pdf」\n标题：青禾县2023年国民经济和社会发展统计公报\n作者：青禾县统计局\n内容：3 页，\d+ 个章节，\d+ 个句子/u);
    expect(api.calls.some((call) => call.method === 'getFile' && call.ok)).toBe(true);
    expect(await sources()).toEqual(['港城物流.txt', '统计公报.pdf']);

    const answer = await exchange(adminChat, ADMIN, '规模以上工业企业有多少家', /326家/);
    expect(answer.text).toContain('年末全县规模以上工业企业达到326家');
    expect(answer.text).toContain('第2页');
    expect(answer.entities?.some((entity) => entity.type === 'bold')).toBe(true);
  });

  it('warns when the same document is sent again under another name (byte for byte the same), and adds it', async () => {
    const summary = await upload(adminChat, ADMIN, '物流报告副本.txt', Buffer.from(HARBOUR), /已添加/);
    expect(summary.text).toContain('⚠️ 「物流报告副本.txt」与已有的「港城物流.txt」内容完全相同，同一份文档现在有两份；不需要两份时可用 /docs 删除其中一份。');
    expect(await sources()).toEqual(['港城物流.txt', '物流报告副本.txt']);
    // Different content: no warning.
    const other = await upload(adminChat, ADMIN, '别的报告.txt', Buffer.from(HARBOUR.replace('860余家', '910余家')), /已添加/);
    expect(other.text).not.toContain('⚠️');
  });

  it('repairs fake bold in an uploaded PDF and says so', async () => {
    const summary = await upload(adminChat, ADMIN, '河湾新区.pdf', await readFile(join(PDF, 'fake-bold.pdf')), /已添加|无法添加/);
    expect(summary.text).toContain('作者：王岚');
    expect(summary.text).toMatch(/清理：修复了 \d+ 行重复的字（伪粗体）/);
    const answer = await exchange(adminChat, ADMIN, '新区现有入驻企业多少家', /1600余家/);
    expect(answer.text).toContain('新区现有入驻企业1600余家');
  });

  it('refuses a non-admin upload politely, fetching and storing nothing', async () => {
    const reply = await upload(visitorChat, VISITOR, '报告.pdf', await readFile(join(PDF, 'report.pdf')), /管理员/);
    expect(reply.text).toBe(docsTexts.notAdmin);
    expect(api.calls.some((call) => call.method === 'getFile')).toBe(false);
    expect(await sources()).toEqual(['港城物流.txt']);
    const docs = await exchange(visitorChat, VISITOR, '/docs', /管理员/);
    expect(docs.text).toBe(docsTexts.notAdmin);
  });

  it('explains why a scanned, corrupt, empty or unsupported file cannot be added, and keeps answering', async () => {
    const scanned = await upload(adminChat, ADMIN, '扫描件.pdf', await readFile(join(PDF, 'scanned.pdf')), /无法添加/);
    expect(scanned.text).toBe('❌ 无法添加：扫描件.pdf：这个 PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）再添加');
    const corrupt = await upload(adminChat, ADMIN, '坏文件.pdf', await readFile(join(PDF, 'corrupt.pdf')), /无法添加/);
    expect(corrupt.text).toBe('❌ 无法添加：坏文件.pdf：PDF 文件已损坏，无法打开');
    const empty = await upload(adminChat, ADMIN, '空.txt', Buffer.alloc(0), /无法添加/);
    expect(empty.text).toBe('❌ 无法添加：空.txt：文件是空的');
    const calls = api.calls.filter((call) => call.method === 'getFile').length;
    const word = await upload(adminChat, ADMIN, '报告.docx', Buffer.from('PK'), /无法添加/);
    expect(word.text).toBe('❌ 无法添加：报告.docx：不支持的文件类型（.docx），只能添加 .txt、.md 和 .pdf 文件');
    expect(api.calls.filter((call) => call.method === 'getFile').length).toBe(calls);
    expect(await sources()).toEqual(['港城物流.txt']);
    const answer = await exchange(adminChat, ADMIN, '园区有多少家入驻企业', /860余家/);
    expect(answer.text).toContain('860余家');
  });

  it('refuses a file over the 20 MB getFile limit before downloading it, and reports a failed download', async () => {
    const big = await upload(adminChat, ADMIN, '大文件.pdf', Buffer.alloc(21 * 1024 * 1024), /无法添加/);
    expect(big.text).toBe('❌ 无法添加：大文件.pdf：文件太大（21 MB），机器人最多只能下载 20 MB 的文件。');
    expect(api.calls.some((call) => call.method === 'getFile')).toBe(false);

    // Without file_size in the message, Telegram's getFile says "file is too big" (issue 13, item 14).
    const unknown = await exchange(adminChat, ADMIN, { document: { name: '大文件2.txt', content: Buffer.alloc(21 * 1024 * 1024, 0x41), sizeUnknown: true } }, /无法添加/);
    expect(unknown.text).toBe('❌ 无法添加：大文件2.txt：文件太大（> 20 MB），机器人最多只能下载 20 MB 的文件。');

    api.failNext('getFile', { code: 400, description: 'Bad Request: invalid file_id' });
    const failed = await upload(adminChat, ADMIN, '统计公报.pdf', await readFile(join(PDF, 'report.pdf')), /无法添加/);
    expect(failed.text).toBe(`❌ 无法添加：${docsTexts.downloadFailed}`);
    expect(await sources()).toEqual(['港城物流.txt']);
  });

  it('asks before replacing a document of the same name, then replaces it', async () => {
    const question = await upload(adminChat, ADMIN, '港城物流.txt', Buffer.from(HARBOUR.replace('860余家', '910余家')), /已经有同名文档/);
    expect(question.text).toBe(docsTexts.exists('港城物流.txt', '港城物流.txt'));
    const [replace, keepBoth, cancel] = buttons(question);
    expect([replace?.text, keepBoth?.text, cancel?.text]).toEqual(['替换', '两份都保留', '取消']);
    expect(await readFile(join(root, 'data', 'sources', '港城物流.txt'), 'utf8')).toBe(HARBOUR);

    const done = await press(question, replace!.data, ADMIN, /已添加/);
    expect(done.text).toContain('替换了：港城物流.txt');
    const answer = await exchange(adminChat, ADMIN, '园区有多少家入驻企业', /余家/);
    expect(answer.text).toContain('910余家');
  });

  it('keeps both on request, and a stale decision button says it expired', async () => {
    const question = await upload(adminChat, ADMIN, '港城物流.txt', Buffer.from(HARBOUR), /已经有同名文档/);
    const keepBoth = buttons(question)[1]!;
    const done = await press(question, keepBoth.data, ADMIN, /已添加/);
    expect(done.text).toMatch(/^✅ 已添加「港城物流-2\.txt」/u);
    expect(await sources()).toEqual(['港城物流-2.txt', '港城物流.txt']);
    const id = api.press(question, keepBoth.data, ADMIN);
    await api.waitFor(() => api.callbackAnswers.get(id));
    expect(api.callbackAnswers.get(id)?.['text']).toBe(docsTexts.pendingExpired);
  });

  it('lists documents with /docs and removes one after confirmation; non-admin presses are refused', async () => {
    await upload(adminChat, ADMIN, '统计公报.pdf', await readFile(join(PDF, 'report.pdf')), /已添加/);
    const list = await exchange(adminChat, ADMIN, '/docs', /文档（共 2 个）/);
    expect(list.text).toMatch(/^1\. 港城物流园区发展报告.* — 港城物流\.txt（\d+ 个句子）$/mu);
    expect(list.text).toMatch(/统计公报\.pdf（3 页，\d+ 个句子）/u);
    const remove = buttons(list).find((button) => button.text.includes('统计公报.pdf'))!;
    expect(remove.text).toBe('🗑 删除 2. 统计公报.pdf');

    // A visitor pressing the (forwarded) button gets an alert; nothing happens.
    const visitorPress = api.press(list, remove.data, VISITOR);
    await api.waitFor(() => api.callbackAnswers.get(visitorPress));
    expect(api.callbackAnswers.get(visitorPress)).toMatchObject({ text: docsTexts.notAdmin, show_alert: true });

    const confirm = await press(list, remove.data, ADMIN, /确定删除/);
    expect(confirm.text).toMatch(/^确定删除「统计公报\.pdf」（.+）吗？/u);
    expect(await sources()).toEqual(['港城物流.txt', '统计公报.pdf']);
    const yes = buttons(confirm).find((button) => button.text === '确认删除')!;
    const removed = await press(confirm, yes.data, ADMIN, /已删除/);
    expect(removed.text).toMatch(/^🗑 已删除「统计公报\.pdf」。\n\n📚 文档（共 1 个）/u);
    expect(await sources()).toEqual(['港城物流.txt']);

    const answer = await exchange(adminChat, ADMIN, '规模以上工业企业有多少家', /./);
    expect(answer.text).not.toContain('326家');
  });

  it('cancelling a removal leaves the document', async () => {
    const list = await exchange(adminChat, ADMIN, '/docs', /文档（共 1 个）/);
    const confirm = await press(list, buttons(list)[0]!.data, ADMIN, /确定删除/);
    const back = await press(confirm, buttons(confirm).find((button) => button.text === '取消')!.data, ADMIN, /文档（共 1 个）/);
    expect(back.text).toContain('港城物流.txt');
    expect(await sources()).toEqual(['港城物流.txt']);
  });
});

describe('hostile uploads and forged buttons (issue 13)', () => {
  const uploadDirs = async () => (await readdir(tmpdir())).filter((name) => name.startsWith(`wenda-upload-${process.pid}-`));

  it('adds files whose names are 250 bytes of CJK or emoji, under a shortened name, and never shows a server path', async () => {
    const cjk = `${'统计'.repeat(42)}.txt`;
    const emoji = `${'😀'.repeat(70)}.md`;
    expect(Buffer.byteLength(cjk)).toBeGreaterThanOrEqual(250);
    for (const name of [cjk, emoji]) {
      const reply = await upload(adminChat, ADMIN, name, Buffer.from(HARBOUR.replace('港城', '海港')), /已添加|无法添加/);
      expect(reply.text).toMatch(/^✅ 已添加/u);
      expect(reply.text).not.toContain(tmpdir());
      expect(reply.text).not.toContain(root);
    }
    const names = await sources();
    expect(names).toHaveLength(3);
    for (const name of names) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(200);
  });

  it('gives up a stalled download after its time budget, says so, and leaves no temporary folder', async () => {
    api.stallFileDownloads(true);
    const started = Date.now();
    const reply = await upload(adminChat, ADMIN, '统计公报.pdf', await readFile(join(PDF, 'report.pdf')), /无法添加/);
    expect(reply.text).toBe(`❌ 无法添加：${docsTexts.downloadTimeout(2)}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(DOWNLOAD_TIMEOUT_MS - 100);
    expect(Date.now() - started).toBeLessThan(DOWNLOAD_TIMEOUT_MS + 8000);
    await api.waitFor(() => api.stalledDownloads === 0);
    expect(await uploadDirs()).toEqual([]);
    api.stallFileDownloads(false);
    expect(await sources()).toEqual(['港城物流.txt']);
  });

  it('does not remove a document on a hand-made confirm button, nor from a group', async () => {
    const list = await exchange(adminChat, ADMIN, '/docs', /文档（共 1 个）/);
    const remove = buttons(list)[0]!.data;
    const [, , key] = remove.split(':');
    for (const forged of [`doc:rx:${key}`, `doc:rx:${key}:0`, `doc:rx:${key}:0:AAAAAAAAAA`]) {
      const id = api.press(list, forged, ADMIN);
      await api.waitFor(() => api.callbackAnswers.get(id));
      expect(api.callbackAnswers.get(id)?.['text']).toBe(docsTexts.pendingExpired);
    }
    const group = api.addChat({ id: -100777, type: 'supergroup', title: '群' });
    const inGroup = api.send(group, ADMIN, '随便说点什么');
    const id = api.press(inGroup, remove, ADMIN);
    await api.waitFor(() => api.callbackAnswers.get(id));
    expect(api.callbackAnswers.get(id)?.['text']).toBe(docsTexts.pendingExpired);
    expect(await sources()).toEqual(['港城物流.txt']);
  });
});
