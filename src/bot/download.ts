/**
 * Downloading an uploaded file from the Bot API (getFile, then the file URL)
 * into a private temporary folder, with a time budget, a size check while
 * streaming, and an abort signal for shutdown. Temporary folders carry the
 * process id, so folders left by a process that died are removed at start.
 */
import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrammyError, type Api } from 'grammy';
import type { Agent } from 'node:http';
import { isProcessAlive } from '../engine/atomic-files.ts';
import { leanGet } from './http-fetch.ts';

/** Prefix of upload folders in the system's temporary folder. */
const UPLOAD_PREFIX = 'wenda-upload-';
/** `wenda-upload-<pid>-<random>`; older builds wrote `wenda-upload-<random>` without the pid. */
const UPLOAD_DIR = /^wenda-upload-(?:(\d+)-)?[A-Za-z0-9]+$/u;
/** Upload folders of unknown or long-lived owners older than this are stale (a pending upload lives 10 minutes). */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** How a download ended. */
export type DownloadOutcome =
  | { ok: true }
  | { ok: false; reason: 'too-large' | 'failed' | 'timeout' | 'aborted'; size?: number; error?: unknown };

/** Options of {@link downloadFile}. */
export interface DownloadOptions {
  /** Root of the Bot API server files are fetched from. */
  apiRoot: string;
  /** The agent the download goes through (the bot's proxy). Default: direct connections. */
  agent?: Agent | undefined;
  /** Largest file accepted, in bytes; checked before and while streaming. */
  maxBytes: number;
  /** The whole download (getFile and the transfer) must finish within this many milliseconds. */
  timeoutMs: number;
  /** Aborts the download (shutdown). */
  signal?: AbortSignal;
}

/** Makes a new private folder for one upload. */
export function createUploadDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), `${UPLOAD_PREFIX}${process.pid}-`));
}

/**
 * Removes upload folders that no running bot owns any more: those of
 * processes that are gone, and old ones without an owner. Returns how many.
 */
export async function removeStaleUploadDirs(dir = tmpdir()): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const match = UPLOAD_DIR.exec(name);
    if (match === null) continue;
    const pid = match[1] === undefined ? undefined : Number(match[1]);
    if (pid === process.pid) continue;
    const path = join(dir, name);
    const gone = pid !== undefined && !isProcessAlive(pid);
    const old = await stat(path).then((info) => Date.now() - info.mtimeMs > STALE_AFTER_MS, () => false);
    if (!gone && !old) continue;
    await rm(path, { recursive: true, force: true }).then(() => removed++, () => undefined);
  }
  return removed;
}

/** Downloads the Telegram file `fileId` to `path`. */
export async function downloadFile(api: Api, fileId: string, path: string, options: DownloadOptions): Promise<DownloadOutcome> {
  const budget = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal === undefined ? budget : AbortSignal.any([options.signal, budget]);
  const ended = (): DownloadOutcome => ({ ok: false, reason: options.signal?.aborted ? 'aborted' : 'timeout' });
  let file;
  try {
    // grammY types its signal parameter with the abort-controller shim's AbortSignal; Node's is the same at run time.
    file = await api.getFile(fileId, signal as unknown as Parameters<Api['getFile']>[1]);
  } catch (error) {
    if (signal.aborted) return ended();
    // Telegram refuses getFile for files over 20 MB with "file is too big".
    if (error instanceof GrammyError && /too big/iu.test(error.description)) return { ok: false, reason: 'too-large' };
    return { ok: false, reason: 'failed', error };
  }
  if (file.file_path === undefined) return { ok: false, reason: 'failed' };
  if (file.file_size !== undefined && file.file_size > options.maxBytes) return { ok: false, reason: 'too-large', size: file.file_size };
  const url = `${options.apiRoot}/file/bot${api.token}/${file.file_path.split('/').map(encodeURIComponent).join('/')}`;
  let handle;
  try {
    const response = await leanGet(url, { signal, ...(options.agent ? { agent: options.agent } : {}) });
    if (response.statusCode !== 200) {
      response.destroy();
      return { ok: false, reason: 'failed', error: new Error(`the file download answered HTTP ${response.statusCode}`) };
    }
    const declared = Number(response.headers['content-length'] ?? Number.NaN);
    if (declared > options.maxBytes) {
      response.destroy();
      return { ok: false, reason: 'too-large', size: declared };
    }
    handle = await open(path, 'w');
    let total = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > options.maxBytes) {
        response.destroy();
        return { ok: false, reason: 'too-large' };
      }
      await handle.write(chunk);
    }
    return { ok: true };
  } catch (error) {
    if (signal.aborted) return ended();
    return { ok: false, reason: 'failed', error };
  } finally {
    await handle?.close();
  }
}
