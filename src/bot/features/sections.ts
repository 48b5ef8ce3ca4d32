/** /sections: the documents and their sections as buttons (paged). */
import { Composer } from 'grammy';
import { detectScript } from '../../engine/script.ts';
import type { BotContext } from '../context.ts';
import { documentsView } from '../browse.ts';
import { sendViews } from '../send.ts';

export const sections = new Composer<BotContext>();

sections.command('sections', (ctx) => {
  const script = ctx.match.trim() === '' ? 'simplified' : detectScript(ctx.match);
  return sendViews(ctx, ctx.chat.id, [documentsView(ctx.engine, 0, script)], ctx.msg.message_id);
});
