import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leanFetch } from '../../src/bot/http-fetch.ts';

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

describe('leanFetch (the Bot API client transport)', () => {
  let server: Server;
  let base: string;
  const seen: { method: string; url: string; type: string | undefined; body: Buffer }[] = [];

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await readAll(req);
      seen.push({ method: req.method ?? '', url: req.url ?? '', type: req.headers['content-type'], body });
      if (req.url === '/slow') return; // never answers
      if (req.url === '/html') {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: { echo: body.toString('utf8') } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('posts a JSON body and reads the JSON answer', async () => {
    const res = await leanFetch(`${base}/bot123:abc/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: 1, text: '双创园区 2400余家 😀' }),
    });
    expect(res.ok).toBe(true);
    expect(await res.json()).toEqual({ ok: true, result: { echo: '{"chat_id":1,"text":"双创园区 2400余家 😀"}' } });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/bot123:abc/sendMessage', type: 'application/json' });
  });

  it('streams a multipart body given as an async iterable, as grammY uploads files', async () => {
    async function* parts(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode('--b\r\n');
      yield new Uint8Array(200_000).fill(65);
      yield new TextEncoder().encode('\r\n--b--\r\n');
    }
    const res = await leanFetch(`${base}/upload`, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: parts() });
    expect(res.status).toBe(200);
    await res.json();
    expect(seen.at(-1)?.body.length).toBe(5 + 200_000 + 9);
  });

  it('rejects when the answer is not JSON (a proxy error page), with the status known', async () => {
    const res = await leanFetch(`${base}/html`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(502);
    expect(res.ok).toBe(false);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it('is cancelled by its abort signal (grammY times calls out that way)', async () => {
    const controller = new AbortController();
    const pending = leanFetch(`${base}/slow`, { method: 'POST', body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toThrow(/abort/i);
  });

  it('refuses URLs it cannot fetch, and reports a refused connection', async () => {
    await expect(leanFetch('ftp://127.0.0.1/x')).rejects.toThrow(/cannot fetch ftp: URLs/);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(leanFetch(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
