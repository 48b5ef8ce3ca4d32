/**
 * A lean `fetch` for grammY's API client on Node: one keep-alive
 * `http(s).request` per Bot API call, the response read as JSON. grammY's
 * client only needs `fetch(url, init).then((res) => res.json())`; the general
 * `fetch` (node-fetch) spent as much CPU per call as answering the question
 * (URL parsing with IDNA tables, Headers and Body objects), which limited
 * how many updates a burst could handle.
 */
import { Agent as HttpAgent, request as httpRequest, type Agent, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';

/** What grammY passes: method, headers and a string or stream body, and an abort signal. */
interface LeanInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | Readable | AsyncIterable<Uint8Array> | null;
  signal?: AbortSignal | null;
  /** grammY's keep-alive agent for the API root (its `baseFetchConfig`); ours when absent. */
  agent?: Agent;
}

/** The part of a Response grammY reads. */
interface LeanResponse {
  status: number;
  ok: boolean;
  json(): Promise<unknown>;
}

/**
 * How long opening a new connection (TCP, or the proxy's tunnel) may take before the call fails.
 * Where Telegram is blocked, packets are often dropped rather than refused, and without this a call
 * would wait minutes for the operating system to give up; failing lets retryUnreachable say so.
 */
export const CONNECT_TIMEOUT_MS = 15_000;

const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/** Sends one request; resolves when the response headers are in. */
export function leanFetch(input: string | URL, init: LeanInit = {}): Promise<LeanResponse> {
  const url = typeof input === 'string' ? new URL(input) : input;
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') return Promise.reject(new TypeError(`wenda-bot: cannot fetch ${url.protocol} URLs`));
  return new Promise((resolve, reject) => {
    const options = {
      method: init.method ?? 'GET',
      headers: init.headers ?? {},
      agent: init.agent ?? (secure ? httpsAgent : httpAgent),
      signal: init.signal ?? undefined,
    };
    const req = (secure ? httpsRequest : httpRequest)(url, options, (res) => {
      const body = readBody(res);
      // Read or not, a failed body must not become an unhandled rejection.
      body.catch(() => {});
      const status = res.statusCode ?? 0;
      resolve({
        status,
        ok: status >= 200 && status < 300,
        json: async () => JSON.parse(await body) as unknown,
      });
    });
    req.on('error', reject);
    failIfNoConnection(req, url);
    const body = init.body;
    if (body === undefined || body === null) {
      req.end();
    } else if (typeof body === 'string' || body instanceof Uint8Array) {
      req.end(body);
    } else {
      // A multipart upload: stream the parts as grammY produces them.
      void (async () => {
        try {
          for await (const chunk of body as AsyncIterable<Uint8Array>) {
            if (!req.write(chunk)) await new Promise((r) => req.once('drain', r));
          }
          req.end();
        } catch (error) {
          req.destroy(error as Error);
        }
      })();
    }
  });
}

/** Destroys `req` when no connection for it is open within {@link CONNECT_TIMEOUT_MS}. */
function failIfNoConnection(req: ClientRequest, url: URL): void {
  const timer = setTimeout(() => {
    req.destroy(new Error(`wenda-bot: no connection to ${url.host} within ${CONNECT_TIMEOUT_MS / 1000} s`));
  }, CONNECT_TIMEOUT_MS);
  req.once('socket', (socket) => {
    if (socket.connecting) socket.once('connect', () => clearTimeout(timer));
    else clearTimeout(timer);
  });
  req.once('close', () => clearTimeout(timer));
}

/**
 * GETs `url` (a file download from the Bot API) through the given agent, or
 * the same keep-alive agents as the API calls; resolves with the response
 * once its headers are in. Read or `resume()` its body.
 */
export function leanGet(input: string | URL, options: { agent?: Agent; signal?: AbortSignal } = {}): Promise<IncomingMessage> {
  const url = typeof input === 'string' ? new URL(input) : input;
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') return Promise.reject(new TypeError(`wenda-bot: cannot fetch ${url.protocol} URLs`));
  return new Promise((resolve, reject) => {
    // An aborted signal destroys the request and the response body being read.
    const agent = options.agent ?? (secure ? httpsAgent : httpAgent);
    const req = (secure ? httpsRequest : httpRequest)(url, { agent, ...(options.signal ? { signal: options.signal } : {}) }, resolve);
    req.on('error', reject);
    failIfNoConnection(req, url);
    req.end();
  });
}
