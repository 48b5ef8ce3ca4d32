/**
 * A per-user rate limit (@grammyjs/ratelimiter) that never leaves anyone
 * hanging: every button press over the limit gets its callback answered (or
 * the button would spin), every inline query an answer, and a private chat
 * one notice per window; other updates over the limit are dropped.
 */
import { limit } from '@grammyjs/ratelimiter';
import type { MiddlewareFn } from 'grammy';
import { htmlOptions, replyTo } from './answering.ts';
import type { BotContext } from './context.ts';
import { escapeHtml } from './render.ts';
import { texts } from './texts.ts';

/** Options of {@link rateLimit}. */
export interface RateLimitOptions {
  /** Updates allowed per user within `timeFrameMs`. */
  limit: number;
  /** The window, in milliseconds. */
  timeFrameMs: number;
}

/** Users remembered for "already told in this window" before expired entries are swept. */
const NOTICE_SWEEP_SIZE = 10_000;

/** The rate-limit middleware; channels (no user) are not limited. */
export function rateLimit(options: RateLimitOptions): MiddlewareFn<BotContext> {
  const noticedUntil = new Map<number, number>();
  const firstNotice = (userId: number): boolean => {
    const now = Date.now();
    if ((noticedUntil.get(userId) ?? 0) > now) return false;
    if (noticedUntil.size >= NOTICE_SWEEP_SIZE) {
      for (const [id, until] of noticedUntil) if (until <= now) noticedUntil.delete(id);
    }
    noticedUntil.set(userId, now + options.timeFrameMs);
    return true;
  };
  return limit<BotContext, never>({
    timeFrame: options.timeFrameMs,
    limit: options.limit,
    alwaysReply: true,
    keyGenerator: (ctx) => (ctx.chat?.type === 'channel' ? undefined : ctx.from?.id.toString()),
    onLimitExceeded: async (ctx) => {
      if (ctx.callbackQuery !== undefined) {
        await ctx.answerCallbackQuery({ text: texts.rateLimited });
      } else if (ctx.inlineQuery !== undefined) {
        const message = { message_text: escapeHtml(texts.rateLimited), parse_mode: 'HTML' as const };
        await ctx.answerInlineQuery([{ type: 'article', id: 'limited', title: texts.rateLimited, input_message_content: message }], { cache_time: 0 });
      } else if (ctx.chat?.type === 'private' && ctx.from !== undefined && firstNotice(ctx.from.id)) {
        await ctx.reply(escapeHtml(texts.rateLimited), { ...htmlOptions, ...replyTo(ctx.msg?.message_id) });
      }
    },
  }) as MiddlewareFn<BotContext>;
}
