/**
 * /stats for the admins in ADMIN_IDS: what is loaded and which sources
 * failed, the failures paged (with many unreadable sources one message
 * would pass Telegram's 4096 characters).
 */
import { Composer, InlineKeyboard } from 'grammy';
import { sourceReason, withoutPaths } from '../../docs/messages.ts';
import type { BotContext } from '../context.ts';
import { htmlOptions, isNotModified, replyTo } from '../answering.ts';
import { fitPlain } from '../fit.ts';
import { escapeHtml, MAX_MESSAGE_LENGTH, truncate } from '../render.ts';
import { texts } from '../texts.ts';

/** Unreadable sources listed per page of /stats. */
export const PROBLEMS_PER_PAGE = 15;
/** Longest reason shown for one unreadable source. */
const MAX_PROBLEM_LENGTH = 200;

export const admin = new Composer<BotContext>();

const isAdmin = (ctx: BotContext): boolean => ctx.from !== undefined && ctx.services.adminIds.has(ctx.from.id);

/** One page of /stats: the counts, then a page of unreadable sources with page buttons. */
function statsView(ctx: BotContext, page: number): { html: string; keyboard: InlineKeyboard } {
  const s = ctx.engine.stats();
  const problems = ctx.engine.problems;
  const pages = Math.max(1, Math.ceil(problems.length / PROBLEMS_PER_PAGE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const lines = problems
    .slice(current * PROBLEMS_PER_PAGE, (current + 1) * PROBLEMS_PER_PAGE)
    .map((p) => `• ${truncate(p.file, 80)}：${truncate(withoutPaths(sourceReason(p)), MAX_PROBLEM_LENGTH)}`);
  const head = texts.stats(s.documents, s.sections, s.passages, problems.length);
  const keyboard = new InlineKeyboard();
  if (pages > 1) {
    if (current > 0) keyboard.text(texts.prevPage, `st:${current - 1}`);
    keyboard.text(texts.pageOf(current + 1, pages), `st:${current}`);
    if (current < pages - 1) keyboard.text(texts.nextPage, `st:${current + 1}`);
  }
  return { html: escapeHtml(fitPlain([head, ...lines].join('\n'), MAX_MESSAGE_LENGTH)), keyboard };
}

admin.chatType('private').command('stats', async (ctx) => {
  if (!isAdmin(ctx)) {
    return ctx.reply(escapeHtml(texts.adminOnly), { ...htmlOptions, ...replyTo(ctx.msg.message_id) });
  }
  const view = statsView(ctx, 0);
  await ctx.reply(view.html, { ...htmlOptions, ...replyTo(ctx.msg.message_id), reply_markup: view.keyboard });
});

admin.callbackQuery(/^st:(\d{1,6})$/u, async (ctx) => {
  if (!isAdmin(ctx)) {
    await ctx.answerCallbackQuery({ text: texts.adminOnly, show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  const view = statsView(ctx, Number(ctx.match[1]));
  await ctx.editMessageText(view.html, { ...htmlOptions, reply_markup: view.keyboard }).catch((error: unknown) => {
    // The page button of the page shown changes nothing.
    if (!isNotModified(error)) throw error;
  });
});
