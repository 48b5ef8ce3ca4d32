/**
 * /help: how to ask in private chats, groups, channels and inline; in an
 * admin's private chat also the admin commands and how to add documents.
 */
import { Composer } from 'grammy';
import { DEFAULT_MAX_SOURCE_BYTES, formatBytes } from '../../engine/extract/read-source.ts';
import type { BotContext } from '../context.ts';
import { htmlOptions, replyTo } from '../answering.ts';
import { escapeHtml } from '../render.ts';
import { texts } from '../texts.ts';

export const help = new Composer<BotContext>();

help.command('help', (ctx) => {
  const admin = ctx.chat.type === 'private' && ctx.from !== undefined && ctx.services.adminIds.has(ctx.from.id);
  const text = texts.help(ctx.me.username) + (admin ? `\n${texts.helpAdmin(formatBytes(DEFAULT_MAX_SOURCE_BYTES))}` : '');
  return ctx.reply(escapeHtml(text), { ...htmlOptions, ...replyTo(ctx.msg.message_id) });
});
