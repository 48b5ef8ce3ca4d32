/**
 * Chinese wording of library results and errors, shared by the CLI and the
 * bot. Errors carry English messages (for logs); these turn them into text
 * for the people who manage the documents.
 */
import { DataDirError, EngineError, SourceError } from '../engine/errors.ts';
import type { SourceProblem } from '../engine/engine.ts';
import type { DocumentSummary } from './library.ts';
import { LibraryError } from './errors.ts';

/** Reasons a source can be refused, matched against the English messages of the extractor. */
const SOURCE_REASONS: [RegExp, (match: RegExpExecArray) => string][] = [
  [/too large \((.+?); the limit is (.+?)\)/u, (m) => `文件太大（${m[1]}，上限为 ${m[2]}）`],
  [/no text layer/u, () => '这个 PDF 没有文字层（可能是扫描件），请先做文字识别（OCR）再添加'],
  [/page (\d+) of the PDF took too long \(over (\S+) s\)/u, (m) => `读取这个 PDF 的第 ${m[1]} 页超过了 ${m[2]} 秒，文件可能已损坏或异常复杂，无法添加`],
  [/the PDF took too long \(over (\S+) s\)/u, (m) => `读取这个 PDF 超过了 ${m[1]} 秒，文件可能已损坏或异常复杂，无法添加`],
  [/the PDF needed too much memory \(over (\d+) MB\)/u, (m) => `读取这个 PDF 需要超过 ${m[1]} MB 内存，文件可能已损坏或异常复杂，无法添加`],
  [/password-protected/u, () => '这个 PDF 设有密码，无法读取'],
  [/corrupt|damaged/u, () => 'PDF 文件已损坏，无法打开'],
  [/only white space|is empty/u, () => '文件是空的'],
  [/binary/u, () => '这不是文本文件（含有二进制内容）'],
  [/neither UTF-8 nor GB18030|not valid UTF-16/u, () => '无法识别文字编码（只支持 UTF-8 和 GB18030/GBK）'],
  [/unsupported file type "([^"]*)"/u, (m) => `不支持的文件类型（${m[1]}），只能添加 .txt、.md 和 .pdf 文件`],
  [/does not exist/u, () => '文件不存在'],
  [/permission denied/u, () => '没有读取权限'],
  [/not a regular file|is a folder/u, () => '这不是一个文件'],
  [/no text (?:was left|found) after cleaning/u, () => '清理后没有剩下任何文字'],
  [/cannot be read/u, () => '无法读取文件'],
  [/not indexed yet/u, () => '尚未索引'],
];

/** Why a data folder cannot be used, matched against the English messages of {@link DataDirError}. */
const DATA_DIR_REASONS: [RegExp, (dir: string, match: RegExpExecArray) => string][] = [
  [/data folder does not exist/u, (dir) => `数据文件夹 ${dir} 不存在`],
  [/is not a folder/u, (dir) => `${dir} 不是文件夹`],
  [/has no sources\/ folder/u, (dir) => `${dir} 不是数据文件夹（里面没有 sources/ 文件夹）`],
  [/sources\/ has no/u, (dir) => `${dir}/sources/ 里还没有文档（.txt、.md 或 .pdf）`],
  [/cannot be created \((.*)\)$/u, (dir, m) => `无法创建数据文件夹 ${dir}（${m[1]}）`],
];

/** Whether a data folder error is cured by `npm run docs -- init DIR`. */
export function needsInit(error: unknown): boolean {
  return error instanceof DataDirError && /does not exist|has no sources\/ folder/u.test(error.message);
}

/**
 * Says in Chinese why a data folder cannot be used, with its whole path: for
 * the command line and start-up, where the person is the one who runs the
 * server (chats get {@link describeProblem}, which never shows a path).
 */
export function describeDataDir(error: DataDirError): string {
  for (const [pattern, word] of DATA_DIR_REASONS) {
    const match = pattern.exec(error.message);
    if (match) return word(error.dir, match);
  }
  return stripPrefix(error.message);
}

/**
 * Absolute paths (`/srv/bot/index-data/sources/x.pdf`, `C:\\data\\x.pdf`) in a
 * message, which users must never see: they tell how the server is laid out.
 */
const ABSOLUTE_PATH = /(?<![\w.~-])(?:[A-Za-z]:\\|\/)(?:[^\s'"`/\\，。；）)]+[/\\])+([^\s'"`/\\，。；）)]*)/gu;

/** `text` with every absolute path replaced by its last segment (the file name). */
export function withoutPaths(text: string): string {
  return text.replace(ABSOLUTE_PATH, (_path, last: string) => last || '…');
}

/** Says in Chinese why `error` stopped a document from being added or removed, naming the file; never a server path. */
export function describeProblem(error: unknown, hints: { replace?: string } = {}): string {
  return withoutPaths(describe(error, hints));
}

function describe(error: unknown, hints: { replace?: string }): string {
  if (error instanceof DataDirError) return describeDataDir(error);
  if (error instanceof LibraryError) {
    const file = error.file ?? '';
    switch (error.code) {
      case 'exists':
        return /given twice/u.test(error.message)
          ? `${file}：同一个名字出现了两次`
          : `${file}：已经有同名文档${existingName(error.message)}${hints.replace ? `，${hints.replace}` : ''}`;
      case 'not-found':
        return `没有名为「${file}」的文档`;
      case 'unsupported':
        return `${file}：${reasonOf(error.message)}`;
      case 'busy':
        return '文档正在更新，请稍后再试';
      case 'build-failed':
        return `${file ? `${file}：` : ''}重建索引失败，文档没有任何改动（${stripPrefix(error.message)}）`;
    }
  }
  if (error instanceof SourceError) return `${error.file}：${reasonOf(error.message)}`;
  if (error instanceof EngineError) return stripPrefix(error.message);
  return error instanceof Error ? error.message : String(error);
}

/** Why a source in `sources/` is skipped, in Chinese: `文件是空的`. */
export function sourceReason(problem: SourceProblem): string {
  const message = stripPrefix(problem.message);
  return reasonOf(message.startsWith(`${problem.file}: `) ? message.slice(problem.file.length + 2) : message);
}

/** Which source is skipped and why, in Chinese: `empty.txt：文件是空的`. */
export function describeSourceProblem(problem: SourceProblem): string {
  return `${problem.file}：${sourceReason(problem)}`;
}

/** The notice shown on every start while some sources cannot be read; empty when all can. */
export function skippedSourcesLines(problems: readonly SourceProblem[]): string[] {
  if (problems.length === 0) return [];
  return [`跳过 ${problems.length} 个无法读取的源文件（不会用它们回答）：`, ...problems.map((problem) => `  ${describeSourceProblem(problem)}`)];
}

function reasonOf(message: string): string {
  for (const [pattern, word] of SOURCE_REASONS) {
    const match = pattern.exec(message);
    if (match) return word(match);
  }
  return stripPrefix(message);
}

function existingName(message: string): string {
  const match = /a document named "([^"]+)"/u.exec(message);
  return match ? `「${match[1]}」` : '';
}

function stripPrefix(message: string): string {
  return message.replace(/^wenda-bot: /u, '');
}

/** The cleaner's notes (English, in sections.json) in Chinese, for people who add documents. */
const REPAIRS: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^doubled glyphs repaired on (\d+) lines?$/u, (m) => `修复了 ${m[1]} 行重复的字（伪粗体）`],
  [/^(\d+) column breaks? joined$/u, (m) => `接上了 ${m[1]} 处分栏断开的句子`],
  [/^stray spaces removed on (\d+) lines?$/u, (m) => `删除了 ${m[1]} 行中多余的空格`],
  [/^(\d+) table rows? read$/u, (m) => `读出了 ${m[1]} 行表格`],
  [/^no text found$/u, () => '没有找到文字'],
];

/** One note of the cleaner in Chinese (unknown notes are shown as they are). */
export function describeRepair(warning: string): string {
  for (const [pattern, word] of REPAIRS) {
    const match = pattern.exec(warning);
    if (match) return word(match);
  }
  return warning;
}

/** The warning for a document added a second time (same content, other name); null when it is not a copy. */
export function duplicateWarning(summary: Pick<DocumentSummary, 'file' | 'duplicateOf'>): string | null {
  if (summary.duplicateOf === null) return null;
  return `「${summary.file}」与已有的「${summary.duplicateOf}」内容完全相同，同一份文档现在有两份`;
}

/** Lines describing an added (or removed) document, for a terminal or a chat. */
export function summaryLines(summary: DocumentSummary): string[] {
  const lines = [`标题：${summary.title}`];
  if (summary.author) lines.push(`作者：${summary.author}`);
  const counts = [`${summary.sections} 个章节`, `${summary.passages} 个句子`];
  if (summary.pages !== null) counts.unshift(`${summary.pages} 页`);
  lines.push(`内容：${counts.join('，')}`);
  if (summary.replaced !== null) lines.push(`替换了：${summary.replaced}`);
  for (const warning of summary.warnings) lines.push(`清理：${describeRepair(warning)}`);
  return lines;
}
