/** /stats for the admins in ADMIN_IDS: what is loaded and which sources failed. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { htmlOptions, replyTo } from '../answering.ts';
import { escapeHtml } from '../render.ts';
import { texts } from '../texts.ts';

export const admin = new Composer<BotContext>();

admin.chatType('private').command('stats', async (ctx) => {
  if (!ctx.services.adminIds.has(ctx.from.id)) {
    return ctx.reply(escapeHtml(texts.adminOnly), { ...htmlOptions, ...replyTo(ctx.msg.message_id) });
  }
  const s = ctx.engine.stats();
  const problems = ctx.engine.problems.map((p) => `• ${p.file}: ${p.message}`);
  const html = escapeHtml([texts.stats(s.documents, s.sections, s.passages, problems.length), ...problems].join('\n'));
  await ctx.reply(html, { ...htmlOptions, ...replyTo(ctx.msg.message_id) });
});
