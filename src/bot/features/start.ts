/**
 * /start: what the bot does and three example questions as buttons; deep
 * links open a section, or the table of contents.
 */
import { Composer, InlineKeyboard } from 'grammy';
import { encodeAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { exampleQuestions } from '../examples.ts';
import { documentsView, passageSectionViews } from '../browse.ts';
import { escapeHtml } from '../render.ts';
import { texts } from '../texts.ts';
import { sendViews } from '../send.ts';

/** Deep-link payload that opens the section of a passage: `p_<id36>` (`_t` for traditional). */
export function sectionDeepLink(passageId: number, traditional: boolean): string {
  return `p_${passageId.toString(36)}${traditional ? '_t' : ''}`;
}

/** Deep-link payload that opens the table of contents (/sections), e.g. from an inline query with no answer. */
export const SECTIONS_DEEP_LINK = 'sections';

export const start = new Composer<BotContext>();

start.command('start', async (ctx) => {
  if (ctx.match.trim() === SECTIONS_DEEP_LINK) {
    return sendViews(ctx, ctx.chat.id, [documentsView(ctx.engine, 0, 'simplified')], ctx.msg.message_id);
  }
  const payload = /^p_([0-9a-z]{1,11})(_t)?$/.exec(ctx.match.trim());
  if (payload !== null) {
    const script = payload[2] === undefined ? 'simplified' : 'traditional';
    const views = passageSectionViews(ctx.engine, parseInt(payload[1]!, 36), script);
    if (views !== undefined) return sendViews(ctx, ctx.chat.id, views, ctx.msg.message_id);
    return ctx.reply(texts.stale, { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } });
  }
  const name = ctx.me.first_name;
  const examples = await exampleQuestions(ctx.engine);
  if (examples.length === 0) {
    return ctx.reply(escapeHtml(texts.startNoExamples(name)), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  }
  const keyboard = new InlineKeyboard();
  for (const example of examples) {
    keyboard.text(example.question, encodeAction({ kind: 'example', passageId: example.passageId }, 'simplified')).row();
  }
  await ctx.reply(escapeHtml(texts.start(name)), {
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    reply_markup: keyboard,
  });
});
