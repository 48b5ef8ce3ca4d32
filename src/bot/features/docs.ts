/**
 * Managing documents from Telegram (admins in ADMIN_IDS, private chats only):
 * send a .txt/.md/.pdf file to add it, /docs to list documents with remove
 * buttons (each removal asks for confirmation). Non-admins who send files get
 * a polite refusal and nothing of theirs is downloaded or stored.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Agent } from 'node:http';
import { join } from 'node:path';
import { Composer, InlineKeyboard } from 'grammy';
import { LibraryError } from '../../docs/errors.ts';
import { sanitizeFileName } from '../../docs/file-names.ts';
import type { AddOptions, DocumentLibrary, LibraryEntry } from '../../docs/library.ts';
import { describeProblem, duplicateWarning, summaryLines } from '../../docs/messages.ts';
import { DEFAULT_MAX_SOURCE_BYTES, formatBytes } from '../../engine/extract/read-source.ts';
import { htmlOptions, isNotModified, replyTo } from '../answering.ts';
import type { BotContext } from '../context.ts';
import { createUploadDir, downloadFile, removeStaleUploadDirs } from '../download.ts';
import { fitPlain } from '../fit.ts';
import { escapeHtml, MAX_MESSAGE_LENGTH, shortTitle, truncate } from '../render.ts';

/** Options of {@link docsFeature}. */
export interface DocsFeatureOptions {
  /** The library uploads go into and removals come out of. */
  library: DocumentLibrary;
  /** Root of the Bot API server (Config.apiRoot), for downloading files. */
  apiRoot: string;
  /** The agent downloads go through: the bot's proxy, if it has one. Default: direct connections. */
  agent?: Agent;
  /** Largest upload accepted, in bytes. Defaults to 20 MB, the Bot API's getFile limit. */
  maxBytes?: number;
  /** How long an upload waiting for "replace or keep both?" is kept, in ms. Defaults to 10 minutes. */
  pendingTtlMs?: number;
  /** Time budget of one download (getFile and the transfer), in ms. Defaults to 2 minutes. */
  downloadTimeoutMs?: number;
  /**
   * Aborted when the bot shuts down: downloads and readings in progress are
   * abandoned with a message, waiting uploads are dropped, and their
   * temporary folders removed. Defaults to none.
   */
  signal?: AbortSignal;
}

/** Documents per page of /docs (one remove button each; Telegram allows 100 buttons a message). */
export const DOCS_PER_PAGE = 10;
/** Default time budget of one download. */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 2 * 60 * 1000;

/** Texts of this feature (simplified Chinese; the renderer escapes nothing here, so we do). */
export const docsTexts = {
  notAdmin: '抱歉，只有管理员可以添加或删除文档。你可以直接发送问题来查询现有文档。',
  working: (name: string) => `正在读取并索引「${name}」，请稍候……`,
  added: (name: string) => `✅ 已添加「${name}」`,
  failed: '❌ 无法添加：',
  exists: (name: string, existing: string) => `已经有同名文档「${existing}」。要用「${name}」替换它，还是两份都保留？`,
  replaceButton: '替换',
  keepBothButton: '两份都保留',
  cancelButton: '取消',
  cancelled: '已取消，文档没有改动。',
  pendingExpired: '这个上传已过期，请重新发送文件。',
  tooLarge: (size: string, limit: string) => `文件太大（${size}），机器人最多只能下载 ${limit} 的文件。`,
  downloadFailed: '下载文件失败，请稍后重新发送。',
  downloadTimeout: (seconds: number) => `下载文件超时（超过 ${seconds} 秒），请稍后重新发送。`,
  shuttingDown: '机器人正在重启，这个文件没有添加，请稍后重新发送。',
  listTitle: (count: number) => `📚 文档（共 ${count} 个）`,
  listPage: (page: number, pages: number) => `第 ${page}/${pages} 页`,
  prevPage: '« 上一页',
  nextPage: '下一页 »',
  listEmpty: '还没有文档。直接把 .txt、.md 或 .pdf 文件发给我即可添加。',
  listHint: '点击按钮删除文档（删除前会再确认一次）。发送文件即可添加新文档。',
  notIndexed: '未能索引',
  removeButton: (label: string) => `🗑 删除 ${label}`,
  confirmRemove: (file: string, title: string) => `确定删除「${file}」（${title}）吗？删除后将不再回答其中的内容。`,
  confirmButton: '确认删除',
  removed: (file: string) => `🗑 已删除「${file}」。`,
  gone: '这个文档已经不在了。',
  pages: (n: number) => `${n} 页`,
  passages: (n: number) => `${n} 个句子`,
} as const;

/** callback_data prefix of this feature; the answer buttons use one-letter codes, so no clash. */
const PREFIX = 'doc';

interface Pending {
  dir: string;
  path: string;
  name: string;
  userId: number;
  timer: NodeJS.Timeout;
}

/** Creates the Composer; register it before the generic media and unknown-command handlers. */
export function docsFeature(options: DocsFeatureOptions): Composer<BotContext> {
  const { library, apiRoot, signal } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const pendingTtlMs = options.pendingTtlMs ?? 10 * 60 * 1000;
  const downloadTimeoutMs = options.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS;
  const pending = new Map<string, Pending>();
  const feature = new Composer<BotContext>();
  const isAdmin = (ctx: BotContext): boolean => ctx.from !== undefined && ctx.services.adminIds.has(ctx.from.id);
  /** Replies with plain text (escaped, cut to Telegram's limit). */
  const reply = (ctx: BotContext, text: string, extra: object = {}) =>
    ctx.reply(escapeHtml(fitPlain(text, MAX_MESSAGE_LENGTH)), { ...htmlOptions, ...replyTo(ctx.msg?.message_id), ...extra });

  // Folders of uploads a crashed or killed bot left behind.
  void removeStaleUploadDirs().catch(() => undefined);

  const forget = async (key: string): Promise<void> => {
    const item = pending.get(key);
    if (!item) return;
    pending.delete(key);
    clearTimeout(item.timer);
    await rm(item.dir, { recursive: true, force: true });
  };
  // At shutdown, uploads waiting for a decision are dropped with their folders.
  signal?.addEventListener('abort', () => {
    for (const key of [...pending.keys()]) void forget(key);
  });

  /** Adds a downloaded file and replies with the summary, or with a replace/keep-both question. */
  const addAndReport = async (ctx: BotContext, dir: string, path: string, name: string, add: AddOptions): Promise<boolean> => {
    const result = await library.add([{ path, name }], { ...add, ...(signal ? { signal } : {}) });
    const clash = result.failed.find((failure) => failure.error instanceof LibraryError && failure.error.code === 'exists');
    if (clash && ctx.from && !signal?.aborted) {
      const key = randomBytes(6).toString('hex');
      const timer = setTimeout(() => void forget(key), pendingTtlMs);
      timer.unref();
      pending.set(key, { dir, path, name, userId: ctx.from.id, timer });
      const existing = /a document named "([^"]+)"/u.exec(clash.error.message)?.[1] ?? name;
      await reply(ctx, docsTexts.exists(name, existing), {
        reply_markup: new InlineKeyboard()
          .text(docsTexts.replaceButton, `${PREFIX}:rp:${key}`)
          .text(docsTexts.keepBothButton, `${PREFIX}:kb:${key}`)
          .text(docsTexts.cancelButton, `${PREFIX}:cn:${key}`),
      });
      return true;
    }
    for (const summary of result.added) {
      const duplicate = duplicateWarning(summary);
      const warning = duplicate === null ? [] : ['', `⚠️ ${duplicate}；不需要两份时可用 /docs 删除其中一份。`];
      await reply(ctx, [docsTexts.added(summary.file), ...summaryLines(summary), ...warning].join('\n'));
    }
    for (const failure of result.failed) {
      await reply(ctx, signal?.aborted ? docsTexts.shuttingDown : `${docsTexts.failed}${describeProblem(failure.error)}`);
    }
    return false;
  };

  /** The document a button refers to; answers the callback query either way. */
  const entryFor = async (ctx: BotContext, key: string): Promise<LibraryEntry | undefined> => {
    const entry = (await library.list()).find((candidate) => fileKey(candidate.file) === key);
    await ctx.answerCallbackQuery(entry ? {} : { text: docsTexts.gone });
    return entry;
  };

  const privateChats = feature.chatType('private');

  privateChats.on('message:document', async (ctx) => {
    if (!isAdmin(ctx)) {
      // Nothing is downloaded from non-admins.
      await reply(ctx, docsTexts.notAdmin);
      return;
    }
    const document = ctx.msg.document;
    const name = document.file_name ?? `${document.file_unique_id}.txt`;
    try {
      sanitizeFileName(name);
    } catch (error) {
      await reply(ctx, `${docsTexts.failed}${describeProblem(error)}`);
      return;
    }
    const shownName = truncate(name, 60);
    if (document.file_size !== undefined && document.file_size > maxBytes) {
      await reply(ctx, `${docsTexts.failed}${shownName}：${docsTexts.tooLarge(formatBytes(document.file_size), formatBytes(maxBytes))}`);
      return;
    }
    if (signal?.aborted) {
      await reply(ctx, docsTexts.shuttingDown);
      return;
    }
    await reply(ctx, docsTexts.working(shownName));
    await ctx.replyWithChatAction('typing').catch(() => undefined);

    const dir = await createUploadDir();
    let keep = false;
    let refusal: string | undefined;
    try {
      const path = join(dir, 'upload');
      const outcome = await downloadFile(ctx.api, document.file_id, path, { apiRoot, agent: options.agent, maxBytes, timeoutMs: downloadTimeoutMs, ...(signal ? { signal } : {}) });
      if (outcome.ok) {
        keep = await addAndReport(ctx, dir, path, name, {});
      } else {
        if (outcome.reason === 'failed') ctx.services.logger.warn({ chat_id: ctx.chat.id, err: outcome.error }, 'wenda-bot: an uploaded document could not be downloaded');
        const size = outcome.size === undefined ? `> ${formatBytes(maxBytes)}` : formatBytes(outcome.size);
        refusal = {
          'too-large': `${docsTexts.failed}${shownName}：${docsTexts.tooLarge(size, formatBytes(maxBytes))}`,
          failed: `${docsTexts.failed}${docsTexts.downloadFailed}`,
          timeout: `${docsTexts.failed}${docsTexts.downloadTimeout(Math.round(downloadTimeoutMs / 1000))}`,
          aborted: docsTexts.shuttingDown,
        }[outcome.reason];
      }
    } catch (error) {
      ctx.services.logger.warn({ chat_id: ctx.chat.id, err: error }, 'wenda-bot: an uploaded document could not be added');
      refusal = signal?.aborted ? docsTexts.shuttingDown : `${docsTexts.failed}${describeProblem(error)}`;
    } finally {
      // The temporary folder goes before the admin is told, so nothing is left once they read it.
      if (!keep) await rm(dir, { recursive: true, force: true });
    }
    if (refusal !== undefined) await reply(ctx, refusal);
  });

  privateChats.command('docs', async (ctx) => {
    if (!isAdmin(ctx)) {
      await reply(ctx, docsTexts.notAdmin);
      return;
    }
    const view = listView(await library.list(), 0);
    await ctx.reply(view.html, { ...htmlOptions, ...replyTo(ctx.msg.message_id), reply_markup: view.keyboard });
  });

  feature.callbackQuery(new RegExp(`^${PREFIX}:`, 'u'), async (ctx) => {
    if (!isAdmin(ctx)) {
      await ctx.answerCallbackQuery({ text: docsTexts.notAdmin, show_alert: true });
      return;
    }
    const [, action = '', arg = '', pageCode = '0', tag = ''] = ctx.callbackQuery.data.split(':');
    const page = parsePage(pageCode);
    const message = ctx.callbackQuery.message;
    // Removing a document is for the admin's private chat with the bot, where /docs was sent.
    if ((action === 'rm' || action === 'rx') && message?.chat.type !== 'private') {
      await ctx.answerCallbackQuery({ text: docsTexts.pendingExpired });
      return;
    }
    switch (action) {
      case 'rp':
      case 'kb':
      case 'cn': {
        const item = pending.get(arg);
        if (!item || item.userId !== ctx.from.id) {
          await ctx.answerCallbackQuery({ text: docsTexts.pendingExpired });
          await ctx.editMessageReplyMarkup().catch(() => undefined);
          return;
        }
        pending.delete(arg);
        clearTimeout(item.timer);
        await ctx.answerCallbackQuery();
        await ctx.editMessageReplyMarkup().catch(() => undefined);
        try {
          if (action === 'cn') {
            await ctx.reply(escapeHtml(docsTexts.cancelled), htmlOptions);
          } else {
            await addAndReport(ctx, item.dir, item.path, item.name, action === 'rp' ? { replace: true } : { keepBoth: true });
          }
        } finally {
          await rm(item.dir, { recursive: true, force: true });
        }
        return;
      }
      case 'rm': {
        const entry = await entryFor(ctx, arg);
        if (!entry || message === undefined) return;
        const proof = confirmTag(ctx.api.token, arg, message.chat.id, message.message_id);
        const title = shortTitle(entry.document?.title ?? entry.file);
        await ctx.editMessageText(escapeHtml(fitPlain(docsTexts.confirmRemove(entry.file, title), MAX_MESSAGE_LENGTH)), {
          ...htmlOptions,
          reply_markup: new InlineKeyboard()
            .text(docsTexts.confirmButton, `${PREFIX}:rx:${arg}:${page.toString(36)}:${proof}`)
            .text(docsTexts.cancelButton, `${PREFIX}:ls:${page.toString(36)}`),
        });
        return;
      }
      case 'rx': {
        // Only the button of the confirm step removes: it carries a tag bound to this chat and message.
        if (message === undefined || tag !== confirmTag(ctx.api.token, arg, message.chat.id, message.message_id)) {
          await ctx.answerCallbackQuery({ text: docsTexts.pendingExpired });
          return;
        }
        const entry = await entryFor(ctx, arg);
        if (!entry) return;
        let head: string;
        try {
          await library.remove(entry.file);
          head = docsTexts.removed(entry.file);
        } catch (error) {
          head = `❌ ${describeProblem(error)}`;
        }
        const view = listView(await library.list(), page, escapeHtml(fitPlain(head, 300)));
        await ctx.editMessageText(view.html, { ...htmlOptions, reply_markup: view.keyboard });
        return;
      }
      case 'ls':
      case 'pg': {
        await ctx.answerCallbackQuery();
        const view = listView(await library.list(), action === 'ls' ? parsePage(arg) : page);
        await ctx.editMessageText(view.html, { ...htmlOptions, reply_markup: view.keyboard }).catch((error: unknown) => {
          // Pressing the page you are on changes nothing.
          if (!isNotModified(error)) throw error;
        });
        return;
      }
      case 'nop':
        await ctx.answerCallbackQuery();
        return;
      default:
        await ctx.answerCallbackQuery({ text: docsTexts.pendingExpired });
    }
  });

  return feature;
}

/** A short, stable key for a file name that fits in callback_data whatever the name's length. */
function fileKey(file: string): string {
  return createHash('sha256').update(file).digest('base64url').slice(0, 12);
}

/**
 * The tag of a confirm button: an HMAC (keyed by the bot token, which every
 * instance of the bot shares) of the document key, chat and message. A press
 * with hand-made data (`doc:rx:<key>`) cannot skip the confirm step.
 */
function confirmTag(token: string, key: string, chatId: number, messageId: number): string {
  return createHmac('sha256', token).update(`rx:${key}:${chatId}:${messageId}`).digest('base64url').slice(0, 10);
}

function parsePage(code: string): number {
  const page = /^[0-9a-z]{1,6}$/u.test(code) ? parseInt(code, 36) : 0;
  return Number.isSafeInteger(page) ? page : 0;
}

/** One page of the /docs message: a line per document, one remove button each, and page buttons. */
function listView(entries: LibraryEntry[], page: number, head?: string): { html: string; keyboard: InlineKeyboard } {
  const keyboard = new InlineKeyboard();
  if (entries.length === 0) return { html: [head, escapeHtml(docsTexts.listEmpty)].filter(Boolean).join('\n\n'), keyboard };
  const pages = Math.ceil(entries.length / DOCS_PER_PAGE);
  const current = Math.min(Math.max(0, page), pages - 1);
  const first = current * DOCS_PER_PAGE;
  const shown = entries.slice(first, first + DOCS_PER_PAGE);
  const lines = shown.map((entry, i) => {
    const doc = entry.document;
    const n = first + i + 1;
    if (!doc) return `${n}. ${truncate(entry.file, 80)}（${docsTexts.notIndexed}）`;
    const facts = [doc.pages !== null ? docsTexts.pages(doc.pages) : null, docsTexts.passages(doc.passages)].filter(Boolean).join('，');
    return `${n}. ${shortTitle(doc.title)} — ${truncate(entry.file, 80)}（${facts}）`;
  });
  shown.forEach((entry, i) => {
    keyboard.text(docsTexts.removeButton(`${first + i + 1}. ${truncate(entry.file, 24)}`), `${PREFIX}:rm:${fileKey(entry.file)}:${current.toString(36)}`).row();
  });
  if (pages > 1) {
    if (current > 0) keyboard.text(docsTexts.prevPage, `${PREFIX}:pg::${(current - 1).toString(36)}`);
    keyboard.text(`${current + 1}/${pages}`, `${PREFIX}:nop`);
    if (current < pages - 1) keyboard.text(docsTexts.nextPage, `${PREFIX}:pg::${(current + 1).toString(36)}`);
  }
  const title = pages > 1 ? `${docsTexts.listTitle(entries.length)} · ${docsTexts.listPage(current + 1, pages)}` : docsTexts.listTitle(entries.length);
  const body = escapeHtml(fitPlain([title, '', ...lines, '', docsTexts.listHint].join('\n'), MAX_MESSAGE_LENGTH - (head?.length ?? 0) - 2));
  return { html: head === undefined ? body : `${head}\n\n${body}`, keyboard };
}
