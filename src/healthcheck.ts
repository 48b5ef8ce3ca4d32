/**
 * The container's health check (`HEALTHCHECK` in the Dockerfile): in webhook
 * mode the bot serves `GET /healthz` on PORT, and this exits 0 when it answers
 * 200 within the time limit, 1 otherwise. With long polling there is no
 * server to ask, so it exits 0: the process being alive is all there is.
 */
import { request } from 'node:http';
import { loadConfig } from './config.ts';

/** How long the bot may take to answer, in ms (below Docker's --timeout). */
const TIMEOUT_MS = 3000;

/** Addresses that mean "every interface": the check asks the loopback one. */
const ANY_HOST = new Set(['0.0.0.0', '::', '[::]', '']);

function check(): Promise<number> {
  const config = loadConfig(process.env);
  if (config.mode !== 'webhook') return Promise.resolve(0);
  const host = ANY_HOST.has(config.host) ? '127.0.0.1' : config.host;
  return new Promise((resolve) => {
    const req = request({ host, port: config.port, path: '/healthz', method: 'GET', timeout: TIMEOUT_MS }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? 0 : 1);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', () => resolve(1));
    req.end();
  });
}

check().then(
  (code) => process.exit(code),
  () => process.exit(1),
);
