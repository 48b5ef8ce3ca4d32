/**
 * /start: what the bot does and three example questions as buttons; deep
 * links open a section, or the table of contents.
 */
import { Composer, InlineKeyboard } from 'grammy';
import { encodeAction } from '../callback-data.ts';
import type { BotContext } from '../context.ts';
import { exampleQuestions } from '../examples.ts';
import { documentsView, passageSectionViews } from '../browse.ts';
import { replyTo } from '../answering.ts';
import { generationTag } from '../generation.ts';
import { converterFor, escapeHtml } from '../render.ts';
import { texts } from '../texts.ts';
import { sendViews } from '../send.ts';

/**
 * Deep-link payload that opens the section of a passage: `p_<id36>_<tag>`
 * (`_t` added for traditional), with the generation tag of the engine that
 * made it (see generation.ts).
 */
export function sectionDeepLink(passageId: number, traditional: boolean, tag: string): string {
  return `p_${passageId.toString(36)}_${tag}${traditional ? '_t' : ''}`;
}

/** Deep-link payload that opens the table of contents (/sections), e.g. from an inline query with no answer. */
export const SECTIONS_DEEP_LINK = 'sections';

export const start = new Composer<BotContext>();

start.command('start', async (ctx) => {
  if (ctx.match.trim() === SECTIONS_DEEP_LINK) {
    return sendViews(ctx, ctx.chat.id, [documentsView(ctx.engine, 0, 'simplified')], ctx.msg.message_id);
  }
  const payload = /^p_([0-9a-z]{1,11})(?:_([0-9a-z]{1,6}))?(_t)?$/.exec(ctx.match.trim());
  if (payload !== null) {
    const script = payload[3] === undefined ? 'simplified' : 'traditional';
    // A link made under other documents (or before links had tags) would open the wrong section.
    const current = payload[2] === generationTag(ctx.engine);
    const views = current ? passageSectionViews(ctx.engine, parseInt(payload[1]!, 36), script) : undefined;
    if (views !== undefined) return sendViews(ctx, ctx.chat.id, views, ctx.msg.message_id);
    return ctx.reply(escapeHtml(converterFor(script)(texts.stale)), { parse_mode: 'HTML', ...replyTo(ctx.msg.message_id) });
  }
  const name = ctx.me.first_name;
  const examples = await exampleQuestions(ctx.engine);
  if (examples.length === 0) {
    return ctx.reply(escapeHtml(texts.startNoExamples(name)), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  }
  const keyboard = new InlineKeyboard();
  for (const example of examples) {
    keyboard.text(example.question, encodeAction({ kind: 'example', passageId: example.passageId }, 'simplified', generationTag(ctx.engine))).row();
  }
  await ctx.reply(escapeHtml(texts.start(name)), {
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    reply_markup: keyboard,
  });
});
