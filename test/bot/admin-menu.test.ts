/**
 * The admins' command menu (setMyCommands with BotCommandScopeChat) and
 * /help for admins: set at start where Telegram knows the admin's chat,
 * otherwise with the admin's first private message; nobody else gets it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_COMMANDS, COMMANDS } from '../../src/bot/commands.ts';
import { createBot, prepareBot } from '../../src/bot/index.ts';
import { startPolling } from '../../src/bot/polling.ts';
import { LocalBotApi } from '../../src/local/bot-api-server.ts';
import { createLogger } from '../../src/logger.ts';
import { ADMIN, exchange, newUser, openEngine, SEED_DATA, TOKEN } from './harness.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

async function start(api: LocalBotApi, adminIds: number[]) {
  const engine = await openEngine(SEED_DATA);
  const bot = createBot({
    config: { botToken: TOKEN, apiRoot: api.apiRoot, adminIds },
    getEngine: () => engine,
    logger: createLogger({ level: 'silent' }),
    rateLimit: false,
  });
  await prepareBot(bot, { adminIds });
  const polling = await startPolling(bot, { timeoutSeconds: 1 });
  cleanup.push(() => polling.stop());
  return bot;
}

const names = (commands: readonly { command: string }[]) => commands.map((c) => c.command).sort();

describe('admin command menu', () => {
  it('sets everyone’s menu and, per admin chat, the admin menu with /docs and /stats', async () => {
    const api = await LocalBotApi.start({ token: TOKEN });
    cleanup.push(() => api.close());
    const known = newUser('管理员');
    api.privateChat(known); // Telegram knows this admin's chat: the menu is set at start.
    await start(api, [known.id, ADMIN.id]);
    expect(names(api.commands)).toEqual(['ask', 'help', 'sections', 'start']);
    expect(names(api.chatCommands.get(known.id) ?? [])).toEqual(['ask', 'docs', 'help', 'sections', 'start', 'stats']);
    expect(api.chatCommands.get(known.id)!.every((c) => /\p{Script=Han}/u.test(c.description))).toBe(true);
    // ADMIN never wrote to the bot, so Telegram refused the scope ("chat not found"); start-up went on.
    expect(api.chatCommands.has(ADMIN.id)).toBe(false);
    expect(api.calls.some((c) => c.method === 'setMyCommands' && !c.ok && String(c.description).includes('chat not found'))).toBe(true);

    // The first private message of that admin sets it, once.
    await exchange(api, api.privateChat(ADMIN), ADMIN, '双创园区有多少企业');
    expect(names(api.chatCommands.get(ADMIN.id) ?? [])).toEqual(names(ADMIN_COMMANDS));
    const sets = () => api.calls.filter((c) => c.method === 'setMyCommands' && c.ok).length;
    const before = sets();
    await exchange(api, api.privateChat(ADMIN), ADMIN, '/help');
    expect(sets()).toBe(before);

    // Someone else: no menu of their own, and their messages set nothing.
    const visitor = newUser();
    await exchange(api, api.privateChat(visitor), visitor, '/help');
    expect(api.chatCommands.has(visitor.id)).toBe(false);
    expect(names(COMMANDS)).toEqual(names(api.commands));
  });

  it('/help shows admins their commands and how to add documents (/upload in the local chat); others do not see them', async () => {
    const api = await LocalBotApi.start({ token: TOKEN });
    cleanup.push(() => api.close());
    await start(api, [ADMIN.id]);
    const forAdmin = (await exchange(api, api.privateChat(ADMIN), ADMIN, '/help')).reply.text!;
    for (const part of ['管理员命令', '/docs', '/stats', '.pdf', '20 MB', '/upload']) expect(forAdmin).toContain(part);
    const visitor = newUser();
    const forVisitor = (await exchange(api, api.privateChat(visitor), visitor, '/help')).reply.text!;
    expect(forVisitor).toContain('/sections');
    for (const part of ['管理员命令', '/docs', '/stats']) expect(forVisitor).not.toContain(part);
  });
});
