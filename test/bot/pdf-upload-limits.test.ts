/**
 * Fault suite, item 7 of issue 13, through the bot: an admin uploads PDFs
 * built to exhaust a reader; each is refused within its budget with a
 * reason, nothing is added, and other users' questions are answered while it
 * is being read.
 */
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { docsFeature } from '../../src/bot/features/docs.ts';
import { createBot, prepareBot } from '../../src/bot/index.ts';
import { startPolling, type Polling } from '../../src/bot/polling.ts';
import { DocumentLibrary } from '../../src/docs/library.ts';
import type { PdfLimits } from '../../src/engine/extract/pdf-extract.ts';
import { LocalBotApi, type User } from '../../src/local/bot-api-server.ts';
import { createLogger } from '../../src/logger.ts';
import { flateBombPdf, heavyPagesPdf } from '../support/hostile-pdfs.ts';
import { newUser, SEED_DATA, TOKEN } from './harness.ts';

const ADMIN: User = { id: 5151, is_bot: false, first_name: '管理员' };

let root: string;
let api: LocalBotApi;
let polling: Polling | undefined;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wenda-pdf-upload-'));
  await cp(join(SEED_DATA, 'sources'), join(root, 'sources'), { recursive: true });
  api = await LocalBotApi.start({ token: TOKEN });
});

afterEach(async () => {
  await polling?.stop();
  polling = undefined;
});

afterAll(async () => {
  await api.close();
  await rm(root, { recursive: true, force: true });
});

/** The bot with uploads over a library that reads PDFs within `limits`. */
async function startBot(limits: Partial<PdfLimits>): Promise<void> {
  const library = await DocumentLibrary.open(root, { pdfLimits: limits });
  const bot = createBot({
    config: { botToken: TOKEN, apiRoot: api.apiRoot, adminIds: [ADMIN.id] },
    getEngine: library.getEngine,
    logger: createLogger({ level: 'silent' }),
    rateLimit: false,
    features: [docsFeature({ library, apiRoot: api.apiRoot })],
  });
  await prepareBot(bot);
  polling = await startPolling(bot, { timeoutSeconds: 1 });
}

async function uploadWhileAsking(name: string, content: Buffer): Promise<{ refusal: string; answeredFirst: boolean }> {
  const admin = api.privateChat(ADMIN);
  const before = api.botMessages(admin.id).length;
  api.send(admin, ADMIN, { document: { name, content, mimeType: 'application/pdf' } });
  // Once the admin is told the file is being read, someone else asks.
  await api.waitFor(() => api.botMessages(admin.id).slice(before).some((m) => m.text?.startsWith('正在读取')));
  const user = newUser();
  const chat = api.privateChat(user);
  api.send(chat, user, '双创园区有多少企业');
  const answer = await api.nextBotMessage(chat.id, 0, 10_000);
  expect(answer.text).toContain('2400余家');
  const refused = () => api.botMessages(admin.id).slice(before).find((m) => m.text?.startsWith('❌'));
  // The question was answered while the PDF was still being read.
  const answeredFirst = refused() === undefined;
  const refusal = await api.waitFor(refused, 15_000);
  return { refusal: refusal.text!, answeredFirst };
}

describe('hostile PDF uploads', () => {
  it('refuses a Flate bomb for its memory and answers questions meanwhile', async () => {
    // Time budgets generous enough that, even on a loaded machine, the memory limit is met first.
    await startBot({ documentMs: 20_000, pageMs: 20_000, memoryMb: 96 });
    const { refusal, answeredFirst } = await uploadWhileAsking('炸弹.pdf', await flateBombPdf(400));
    expect(answeredFirst).toBe(true);
    expect(refusal).toBe('❌ 无法添加：炸弹.pdf：读取这个 PDF 需要超过 96 MB 内存，文件可能已损坏或异常复杂，无法添加');
  });

  it('refuses pages that redraw one heavy stream once the document budget is spent', async () => {
    await startBot({ documentMs: 1500, pageMs: 20_000 });
    const { refusal } = await uploadWhileAsking('重复页.pdf', heavyPagesPdf(300, 20_000));
    expect(refusal).toBe('❌ 无法添加：重复页.pdf：读取这个 PDF 超过了 1.5 秒，文件可能已损坏或异常复杂，无法添加');
    expect((await readdir(join(root, 'sources'))).sort()).toEqual(['kaifaqu-2022.txt']);
  });
});
