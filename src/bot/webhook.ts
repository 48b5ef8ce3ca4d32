/**
 * Webhook mode: a node:http server that passes Telegram's POSTs to grammY's
 * webhookCallback, which refuses requests without the right
 * X-Telegram-Bot-Api-Secret-Token (401). Stateless, so several instances can
 * run behind a load balancer. GET /healthz answers 200 for health checks.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookCallback, type Bot } from 'grammy';
import type { Logger } from '../logger.ts';
import type { BotContext } from './context.ts';
import { ALLOWED_UPDATES } from './index.ts';

/** Options of {@link startWebhookServer}. */
export interface WebhookOptions {
  /** The secret Telegram must send back in X-Telegram-Bot-Api-Secret-Token. */
  secret: string;
  /** The path updates are posted to (the path of WEBHOOK_URL). Default `/`. */
  path?: string;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** Host to bind. Default `0.0.0.0`. */
  host?: string;
  /** Where request failures are logged. */
  logger?: Logger;
}

/** A running webhook server. */
export interface WebhookServer {
  /** The port it listens on. */
  port: number;
  /** Stops accepting requests and resolves when those in flight are answered. */
  close(): Promise<void>;
}

/** Starts the HTTP server for webhook updates (does not call setWebhook). */
export async function startWebhookServer(bot: Bot<BotContext>, options: WebhookOptions): Promise<WebhookServer> {
  const path = options.path ?? '/';
  const handle = webhookCallback(bot, 'http', {
    secretToken: options.secret,
    // Answer Telegram before its own timeout; the handler keeps running.
    onTimeout: 'return',
    timeoutMilliseconds: 55_000,
  });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://webhook');
    if (req.method === 'GET' && url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    if (req.method !== 'POST' || url.pathname !== path) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    handle(req, res).catch((error: unknown) => {
      options.logger?.error({ err: error }, 'wenda-bot: webhook update failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** Registers the webhook with Telegram (idempotent; every instance may call it). */
export async function registerWebhook(bot: Bot<BotContext>, url: string, secret: string): Promise<void> {
  await bot.api.setWebhook(url, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES], max_connections: 40 });
}
