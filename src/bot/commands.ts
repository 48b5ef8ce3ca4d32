/**
 * The command menus: everyone's, set for the default scope, and the admins'
 * (everyone's plus document management), set for each admin's private chat
 * with BotCommandScopeChat. Telegram refuses a chat scope for a chat the bot
 * has never seen, so an admin who has not written to the bot yet gets the
 * menu with their first private message instead.
 */
import { Composer, type Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Logger } from '../logger.ts';
import type { BotContext } from './context.ts';
import { texts } from './texts.ts';

/** The command menu everyone sees, with Chinese descriptions. */
export const COMMANDS: readonly BotCommand[] = [
  { command: 'ask', description: texts.commands.ask },
  { command: 'sections', description: texts.commands.sections },
  { command: 'help', description: texts.commands.help },
  { command: 'start', description: texts.commands.start },
];

/** The menu of the admins in ADMIN_IDS, in their private chat with the bot. */
export const ADMIN_COMMANDS: readonly BotCommand[] = [
  ...COMMANDS,
  { command: 'docs', description: texts.commands.docs },
  { command: 'stats', description: texts.commands.stats },
];

/** Sets the admin menu in one admin's private chat; false when Telegram refuses it (no chat with the bot yet). */
export async function setAdminMenu(api: Api, adminId: number, logger?: Logger): Promise<boolean> {
  try {
    await api.setMyCommands(ADMIN_COMMANDS, { scope: { type: 'chat', chat_id: adminId } });
    return true;
  } catch (error) {
    logger?.info({ adminId, err: error }, 'wenda-bot: the admin command menu is set when this admin next writes to the bot');
    return false;
  }
}

/** Sets everyone's menu and each admin's; an admin whose chat Telegram does not know yet is left to {@link adminMenu}. */
export async function setCommandMenus(api: Api, adminIds: Iterable<number>, logger?: Logger): Promise<void> {
  await api.setMyCommands(COMMANDS);
  for (const adminId of adminIds) await setAdminMenu(api, adminId, logger);
}

/** Middleware: the first private update of each admin in this process sets their menu (once; best effort). */
export function adminMenu(): Composer<BotContext> {
  const done = new Set<number>();
  const feature = new Composer<BotContext>();
  feature.chatType('private').use(async (ctx, next) => {
    const id = ctx.from?.id;
    if (id !== undefined && !done.has(id) && ctx.services.adminIds.has(id)) {
      done.add(id);
      if (!(await setAdminMenu(ctx.api, id, ctx.services.logger))) done.delete(id);
    }
    return next();
  });
  return feature;
}
