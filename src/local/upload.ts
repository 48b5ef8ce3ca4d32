/**
 * `/upload PATH` in the local chat: reads a file from disk so it can be sent
 * to the bot as a Telegram document, the way the Telegram app would. Every
 * problem with the path becomes a Chinese message for the terminal; the bot
 * itself still decides whether the file is a usable document.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, extname, resolve } from 'node:path';
import { DEFAULT_MAX_SOURCE_BYTES, formatBytes } from '../engine/extract/read-source.ts';

/** Options of {@link readUpload}. */
export interface ReadUploadOptions {
  /** Folder relative paths start from. Defaults to the process's working directory. */
  cwd?: string;
  /** Largest file sent, in bytes; the Telegram app could not upload more for a bot to download. Defaults to 20 MB. */
  maxBytes?: number;
}

/** A file ready to send, or why it cannot be sent. */
export type UploadFile =
  | { ok: true; name: string; content: Buffer; mimeType: string }
  | { ok: false; message: string };

/** Usage line of the command, shown when the path is missing. */
export const uploadUsage = '用法：/upload 文件路径，例如 /upload ~/报告.pdf（支持 .txt、.md、.pdf 文件）';

const MIME_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
};

/** Parses the argument of `/upload` (quotes and a leading `~` allowed) and reads the file. */
export async function readUpload(argument: string, options: ReadUploadOptions = {}): Promise<UploadFile> {
  const raw = unquote(argument.trim());
  if (raw === '') return { ok: false, message: uploadUsage };
  const path = resolve(options.cwd ?? process.cwd(), raw === '~' || raw.startsWith('~/') ? homedir() + raw.slice(1) : raw);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { ok: false, message: `「${raw}」是一个文件夹，请给出文件的路径。` };
    if (!info.isFile()) return { ok: false, message: `「${raw}」不是普通文件，无法上传。` };
    // Checked before reading, so a huge file is never loaded into memory.
    if (info.size > maxBytes) {
      return { ok: false, message: `文件「${raw}」太大（${formatBytes(info.size)}），机器人最多只能下载 ${formatBytes(maxBytes)} 的文件。` };
    }
    const content = await readFile(path);
    return { ok: true, name: basename(path), content, mimeType: MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' };
  } catch (error) {
    return { ok: false, message: describeReadError(raw, error) };
  }
}

function describeReadError(shown: string, error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `找不到文件「${shown}」，请检查路径。`;
    case 'EACCES':
    case 'EPERM':
      return `没有权限读取文件「${shown}」。`;
    default:
      return `无法读取文件「${shown}」：${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Strips one pair of matching quotes, as a shell would for a path with spaces. */
function unquote(text: string): string {
  const first = text[0];
  if (text.length >= 2 && (first === '"' || first === "'" || first === '“') && text.endsWith(first === '“' ? '”' : first)) {
    return text.slice(1, -1);
  }
  return text;
}
