/**
 * Webhook mode: a node:http server that passes Telegram's POSTs to grammY's
 * webhookCallback, which refuses requests without the right
 * X-Telegram-Bot-Api-Secret-Token (401). Stateless, so several instances can
 * run behind a load balancer. GET /healthz answers 200 for health checks.
 * Request bodies are capped (413): an update is a few KB, and even a caller
 * with the secret must not make the bot buffer gigabytes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookCallback, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
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
  /** Largest request body accepted, in bytes; larger ones get 413. Default 1 MB. */
  maxBodyBytes?: number;
}

/** Default cap on a webhook request body: Telegram's updates are a few KB. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** A request body over the cap. */
class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/**
 * grammY's `http` adapter with a cap on the body: the same request/response
 * handling (documented as a custom framework adapter), but reading stops and
 * the request is answered 413 once the body passes `maxBytes`.
 */
function boundedHttp(maxBytes: number) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const secret = req.headers['x-telegram-bot-api-secret-token'];
    return {
      get update() {
        return new Promise<Update>((resolve, reject) => {
          let chunks: Buffer[] | undefined = [];
          let size = 0;
          req
            .on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (chunks === undefined) return;
              if (size > maxBytes) {
                // Keep nothing more; the rest of the body is read and dropped while 413 goes out.
                chunks = undefined;
                reject(new BodyTooLargeError(`wenda-bot: webhook body over ${maxBytes} bytes`));
                return;
              }
              chunks.push(chunk);
            })
            .once('end', () => {
              if (chunks === undefined) return;
              try {
                resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update);
              } catch (error) {
                reject(error);
              }
            })
            .once('error', reject);
        });
      },
      header: Array.isArray(secret) ? secret[0] : secret,
      end: () => res.end(),
      respond: (json: string) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(json),
      unauthorized: () => res.writeHead(401).end('secret token is wrong'),
      // Like grammY's own http adapter, the handler returns nothing.
      handlerReturn: undefined,
    };
  };
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
  const maxBody = options.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const handle = webhookCallback(bot, boundedHttp(maxBody), {
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
    if (Number(req.headers['content-length'] ?? 0) > maxBody) {
      res.writeHead(413, { 'content-type': 'text/plain', connection: 'close' }).end('Payload Too Large');
      // Read and drop the body (Node's request timeout bounds how long), so the client sees the 413.
      req.resume();
      return;
    }
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) {
        options.logger?.warn({ maxBody }, 'wenda-bot: a webhook request body was too large (413)');
        if (!res.headersSent) res.writeHead(413, { connection: 'close' }).end();
        return;
      }
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
