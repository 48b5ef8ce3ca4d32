/** /help: how to ask in private chats, groups, channels and inline. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { htmlOptions, replyTo } from '../answering.ts';
import { escapeHtml } from '../render.ts';
import { texts } from '../texts.ts';

export const help = new Composer<BotContext>();

help.command('help', (ctx) =>
  ctx.reply(escapeHtml(texts.help(ctx.me.username)), { ...htmlOptions, ...replyTo(ctx.msg.message_id) }),
);
