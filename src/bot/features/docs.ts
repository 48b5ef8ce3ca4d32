/**
 * Managing documents from Telegram (admins in ADMIN_IDS, private chats only):
 * send a .txt/.md/.pdf file to add it, /docs to list documents with remove
 * buttons (each removal asks for confirmation). Non-admins who send files get
 * a polite refusal and nothing of theirs is downloaded or stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Agent } from 'node:http';
import { join } from 'node:path';
import { Composer, InlineKeyboard } from 'grammy';
import type { Document } from 'grammy/types';
import { LibraryError } from '../../docs/errors.ts';
import { sanitizeFileName } from '../../docs/file-names.ts';
import type { AddOptions, DocumentLibrary, LibraryEntry } from '../../docs/library.ts';
import { describeProblem, summaryLines } from '../../docs/messages.ts';
import { DEFAULT_MAX_SOURCE_BYTES, formatBytes } from '../../engine/extract/read-source.ts';
import { htmlOptions, replyTo } from '../answering.ts';
import { leanGet } from '../http-fetch.ts';
import type { BotContext } from '../context.ts';
import { escapeHtml } from '../render.ts';

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
}

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
  listTitle: (count: number) => `📚 文档（共 ${count} 个）`,
  listEmpty: '还没有文档。直接把 .txt、.md 或 .pdf 文件发给我即可添加。',
  listHint: '点击按钮删除文档（删除前会再确认一次）。发送文件即可添加新文档。',
  notIndexed: '未能索引',
  removeButton: (label: string) => `🗑 删除 ${label}`,
  confirmRemove: (file: string, title: string) => `确定删除「${file}」（${title}）吗？删除后将不再回答其中的内容。`,
  confirmButton: '确认删除',
  removed: (file: string) => `🗑 已删除「${file}」。`,
  gone: '这个文档已经不在了。',
  pages: (n: number) => `${n} 页`,
  passages: (n: number) => `${n} 句`,
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
  const { library, apiRoot } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const pendingTtlMs = options.pendingTtlMs ?? 10 * 60 * 1000;
  const pending = new Map<string, Pending>();
  const feature = new Composer<BotContext>();
  const isAdmin = (ctx: BotContext): boolean => ctx.from !== undefined && ctx.services.adminIds.has(ctx.from.id);
  const reply = (ctx: BotContext, html: string, extra: object = {}) =>
    ctx.reply(html, { ...htmlOptions, ...replyTo(ctx.msg?.message_id), ...extra });

  const forget = async (key: string): Promise<void> => {
    const item = pending.get(key);
    if (!item) return;
    pending.delete(key);
    clearTimeout(item.timer);
    await rm(item.dir, { recursive: true, force: true });
  };

  /** Adds a downloaded file and replies with the summary, or with a replace/keep-both question. */
  const addAndReport = async (ctx: BotContext, dir: string, path: string, name: string, add: AddOptions): Promise<boolean> => {
    const result = await library.add([{ path, name }], add);
    const clash = result.failed.find((failure) => failure.error instanceof LibraryError && failure.error.code === 'exists');
    if (clash && ctx.from) {
      const key = randomBytes(6).toString('hex');
      const timer = setTimeout(() => void forget(key), pendingTtlMs);
      timer.unref();
      pending.set(key, { dir, path, name, userId: ctx.from.id, timer });
      const existing = /a document named "([^"]+)"/u.exec(clash.error.message)?.[1] ?? name;
      await reply(ctx, escapeHtml(docsTexts.exists(name, existing)), {
        reply_markup: new InlineKeyboard()
          .text(docsTexts.replaceButton, `${PREFIX}:rp:${key}`)
          .text(docsTexts.keepBothButton, `${PREFIX}:kb:${key}`)
          .text(docsTexts.cancelButton, `${PREFIX}:cn:${key}`),
      });
      return true;
    }
    for (const summary of result.added) {
      const lines = [docsTexts.added(summary.file), ...summaryLines(summary)];
      await reply(ctx, escapeHtml(lines.join('\n')));
    }
    for (const failure of result.failed) {
      await reply(ctx, escapeHtml(`${docsTexts.failed}${describeProblem(failure.error)}`));
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
      await reply(ctx, escapeHtml(docsTexts.notAdmin));
      return;
    }
    const document = ctx.msg.document;
    const name = document.file_name ?? `${document.file_unique_id}.txt`;
    try {
      sanitizeFileName(name);
    } catch (error) {
      await reply(ctx, escapeHtml(`${docsTexts.failed}${describeProblem(error)}`));
      return;
    }
    if (document.file_size !== undefined && document.file_size > maxBytes) {
      await reply(ctx, escapeHtml(`${docsTexts.failed}${name}：${docsTexts.tooLarge(formatBytes(document.file_size), formatBytes(maxBytes))}`));
      return;
    }
    await reply(ctx, escapeHtml(docsTexts.working(name)));
    await ctx.replyWithChatAction('typing').catch(() => undefined);

    const dir = await mkdtemp(join(tmpdir(), 'wenda-upload-'));
    let keep = false;
    try {
      const path = join(dir, 'upload');
      const outcome = await download(ctx, { apiRoot, agent: options.agent }, document, path, maxBytes);
      if (outcome !== 'ok') {
        const text = outcome === 'too-large' ? `${name}：${docsTexts.tooLarge(`> ${formatBytes(maxBytes)}`, formatBytes(maxBytes))}` : docsTexts.downloadFailed;
        await reply(ctx, escapeHtml(`${docsTexts.failed}${text}`));
        return;
      }
      keep = await addAndReport(ctx, dir, path, name, {});
    } catch (error) {
      ctx.services.logger.warn({ err: error }, 'wenda-bot: an uploaded document could not be added');
      await reply(ctx, escapeHtml(`${docsTexts.failed}${describeProblem(error)}`));
    } finally {
      if (!keep) await rm(dir, { recursive: true, force: true });
    }
  });

  privateChats.command('docs', async (ctx) => {
    if (!isAdmin(ctx)) {
      await reply(ctx, escapeHtml(docsTexts.notAdmin));
      return;
    }
    const view = listView(await library.list());
    await reply(ctx, view.html, view.keyboard ? { reply_markup: view.keyboard } : {});
  });

  feature.callbackQuery(new RegExp(`^${PREFIX}:`, 'u'), async (ctx) => {
    if (!isAdmin(ctx)) {
      await ctx.answerCallbackQuery({ text: docsTexts.notAdmin, show_alert: true });
      return;
    }
    const [, action = '', arg = ''] = ctx.callbackQuery.data.split(':');
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
        if (!entry) return;
        await ctx.editMessageText(escapeHtml(docsTexts.confirmRemove(entry.file, entry.document?.title ?? entry.file)), {
          ...htmlOptions,
          reply_markup: new InlineKeyboard()
            .text(docsTexts.confirmButton, `${PREFIX}:rx:${arg}`)
            .text(docsTexts.cancelButton, `${PREFIX}:ls`),
        });
        return;
      }
      case 'rx': {
        const entry = await entryFor(ctx, arg);
        if (!entry) return;
        let head: string;
        try {
          await library.remove(entry.file);
          head = docsTexts.removed(entry.file);
        } catch (error) {
          head = `❌ ${describeProblem(error)}`;
        }
        const view = listView(await library.list());
        await ctx.editMessageText(`${escapeHtml(head)}\n\n${view.html}`, {
          ...htmlOptions,
          ...(view.keyboard ? { reply_markup: view.keyboard } : {}),
        });
        return;
      }
      case 'ls': {
        await ctx.answerCallbackQuery();
        const view = listView(await library.list());
        await ctx.editMessageText(view.html, { ...htmlOptions, ...(view.keyboard ? { reply_markup: view.keyboard } : {}) });
        return;
      }
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

/** The /docs message: one line per document, one remove button each. */
function listView(entries: LibraryEntry[]): { html: string; keyboard?: InlineKeyboard } {
  if (entries.length === 0) return { html: escapeHtml(docsTexts.listEmpty) };
  const lines = entries.map((entry, index) => {
    const doc = entry.document;
    if (!doc) return `${index + 1}. ${entry.file}（${docsTexts.notIndexed}）`;
    const facts = [doc.pages !== null ? docsTexts.pages(doc.pages) : null, docsTexts.passages(doc.passages)].filter(Boolean).join('，');
    return `${index + 1}. ${doc.title} — ${entry.file}（${facts}）`;
  });
  const keyboard = new InlineKeyboard();
  entries.forEach((entry, index) => {
    const label = [...entry.file].length > 24 ? `${[...entry.file].slice(0, 23).join('')}…` : entry.file;
    keyboard.text(docsTexts.removeButton(`${index + 1}. ${label}`), `${PREFIX}:rm:${fileKey(entry.file)}`).row();
  });
  return { html: escapeHtml([docsTexts.listTitle(entries.length), '', ...lines, '', docsTexts.listHint].join('\n')), keyboard };
}

/** Downloads a Telegram file to `path`, refusing more than `maxBytes`. */
async function download(
  ctx: BotContext,
  from: { apiRoot: string; agent: Agent | undefined },
  document: Document,
  path: string,
  maxBytes: number,
): Promise<'ok' | 'too-large' | 'failed'> {
  const file = await ctx.api.getFile(document.file_id).catch((error: unknown) => {
    ctx.services.logger.warn({ err: error }, 'wenda-bot: getFile failed for an uploaded document');
    return undefined;
  });
  if (file?.file_path === undefined) return 'failed';
  if (file.file_size !== undefined && file.file_size > maxBytes) return 'too-large';
  const url = `${from.apiRoot}/file/bot${ctx.api.token}/${file.file_path.split('/').map(encodeURIComponent).join('/')}`;
  const response = await leanGet(url, from.agent === undefined ? {} : { agent: from.agent }).catch(() => undefined);
  if (response === undefined) return 'failed';
  if (response.statusCode !== 200) {
    response.resume();
    return 'failed';
  }
  const handle = await open(path, 'w');
  let total = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) {
        response.destroy();
        return 'too-large';
      }
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  return 'ok';
}
