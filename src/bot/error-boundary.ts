/**
 * What happens when an update cannot be handled (a bug, an API error, an
 * outage): one bounded log line with the update, chat, method and error —
 * never the context object — and a short apology to whoever asked, so no
 * question goes unanswered and no button keeps spinning. The same handler
 * runs in polling, webhook and local-chat mode.
 */
import { GrammyError, type BotError } from 'grammy';
import { detectScript } from '../engine/script.ts';
import type { Logger } from '../logger.ts';
import { askPayload, groupQuestion, htmlOptions, replyTo } from './answering.ts';
import type { BotContext } from './context.ts';
import { converterFor, escapeHtml } from './render.ts';
import { texts } from './texts.ts';

/** Facts about an update for a log line: ids only, no text. */
export function updateFacts(ctx: BotContext): Record<string, unknown> {
  const facts: Record<string, unknown> = { update_id: ctx.update.update_id };
  if (ctx.chat !== undefined) facts['chat_id'] = ctx.chat.id;
  if (ctx.from !== undefined) facts['user_id'] = ctx.from.id;
  const kind = Object.keys(ctx.update).find((key) => key !== 'update_id');
  if (kind !== undefined) facts['kind'] = kind;
  return facts;
}

/** Whether the message of this update was meant for the bot (so it deserves an apology). */
function addressedToBot(ctx: BotContext): boolean {
  const message = ctx.msg;
  if (message === undefined || ctx.chat === undefined) return false;
  if (ctx.chat.type === 'private') return true;
  const text = message.text;
  if (text === undefined) return false;
  if (askPayload(text, ctx.me) !== undefined) return true;
  if (ctx.chat.type === 'channel') return false;
  const command = /^\/[A-Za-z0-9_]+@([A-Za-z0-9_]+)/u.exec(text);
  if (command !== null) return command[1]!.toLowerCase() === ctx.me.username.toLowerCase();
  return groupQuestion(message, ctx.me) !== undefined;
}

/** Errors after which writing to the chat again is pointless (blocked, kicked, chat gone). */
function chatUnreachable(error: unknown): boolean {
  return error instanceof GrammyError && (error.error_code === 403 || /chat not found/u.test(error.description));
}

/** Creates the handler given to `bot.catch` and the error boundary. */
export function updateErrorHandler(logger: Logger): (error: BotError<BotContext>) => Promise<void> {
  return async (error) => {
    const ctx = error.ctx;
    const facts = updateFacts(ctx);
    logger.error({ ...facts, err: error.error }, 'wenda-bot: an update could not be handled');
    if (chatUnreachable(error.error)) return;
    const source = ctx.msg?.text ?? ctx.inlineQuery?.query ?? '';
    const apology = converterFor(source.trim() === '' ? 'simplified' : detectScript(source))(texts.internalError);
    try {
      if (ctx.callbackQuery !== undefined) {
        await ctx.answerCallbackQuery({ text: apology });
      } else if (ctx.inlineQuery !== undefined) {
        const message = { message_text: escapeHtml(apology), parse_mode: 'HTML' as const };
        await ctx.answerInlineQuery([{ type: 'article', id: 'error', title: apology, input_message_content: message }], { cache_time: 0 });
      } else if (addressedToBot(ctx)) {
        await ctx.api.sendMessage(ctx.chat!.id, escapeHtml(apology), { ...htmlOptions, ...replyTo(ctx.msg!.message_id) });
      }
    } catch (apologyError) {
      logger.warn({ ...facts, err: apologyError }, 'wenda-bot: the apology for a failed update could not be sent either');
    }
  };
}
