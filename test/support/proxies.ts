/**
 * Two small forwarding proxies on 127.0.0.1 for tests of BOT_PROXY: an HTTP
 * proxy that tunnels with CONNECT (as Clash, Squid and corporate proxies do)
 * and a SOCKS5 proxy without authentication (RFC 1928). Each records the
 * targets it was asked to connect to, and can route a target elsewhere: a
 * bot given an address where nothing listens, routed by the proxy to the real
 * server, can only have reached it through the proxy.
 */
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** Where the proxy connects instead, by requested `host:port`. */
export type Routes = Record<string, string>;

function route(routes: Routes, host: string, port: number): { host: string; port: number } {
  const to = routes[`${host}:${port}`];
  if (to === undefined) return { host, port };
  const at = to.lastIndexOf(':');
  return { host: to.slice(0, at), port: Number(to.slice(at + 1)) };
}

/** A running proxy. */
export interface TestProxy {
  /** Its URL, e.g. `http://127.0.0.1:41234` or `socks5://127.0.0.1:41235`. */
  url: string;
  /** `host:port` of every connection it opened for a client. */
  targets: string[];
  close(): Promise<void>;
}

async function listen(server: Server, scheme: string, targets: string[], sockets: Set<Socket>): Promise<TestProxy> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Pipes two sockets into each other until either closes. */
function splice(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
}

/** An HTTP proxy that only tunnels (CONNECT host:port). */
export async function startConnectProxy(routes: Routes = {}): Promise<TestProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    targets.push(target);
    const [host = '', port = '80'] = target.split(/:(?=\d+$)/);
    const to = route(routes, host, Number(port));
    const upstream = connect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      splice(client, upstream);
    });
    upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
  });
  return listen(server, 'http', targets, sockets);
}

/** A SOCKS5 proxy without authentication that serves CONNECT to IPv4 addresses and host names. */
export async function startSocks5Proxy(routes: Routes = {}): Promise<TestProxy> {
  const targets: string[] = [];
  const sockets = new Set<Socket>();
  const server = createTcpServer((client) => {
    let buffered = Buffer.alloc(0);
    let stage: 'greeting' | 'request' = 'greeting';
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (stage === 'greeting') {
        if (buffered.length < 2 || buffered.length < 2 + buffered[1]!) return;
        buffered = buffered.subarray(2 + buffered[1]!);
        client.write(Buffer.from([5, 0])); // version 5, no authentication
        stage = 'request';
      }
      if (buffered.length < 5) return;
      const type = buffered[3];
      const addressLength = type === 1 ? 4 : type === 3 ? 1 + buffered[4]! : -1;
      if (addressLength < 0) return client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0])); // address type not supported
      if (buffered.length < 4 + addressLength + 2) return;
      const host = type === 1 ? [...buffered.subarray(4, 8)].join('.') : buffered.subarray(5, 5 + buffered[4]!).toString('latin1');
      const port = buffered.readUInt16BE(4 + addressLength);
      const rest = buffered.subarray(4 + addressLength + 2);
      client.off('data', onData);
      targets.push(`${host}:${port}`);
      const to = route(routes, host, port);
      const upstream = connect(to.port, to.host, () => {
        client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
        if (rest.length > 0) upstream.write(rest);
        splice(client, upstream);
      });
      upstream.on('error', () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
    };
    client.on('data', onData);
    client.on('error', () => client.destroy());
  });
  return listen(server, 'socks5', targets, sockets);
}
