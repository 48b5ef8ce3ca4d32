/**
 * `npm run docs -- init DIR | add FILE... | list | remove NAME [--data DIR]`:
 * makes a data folder and manages its documents. Summaries go to stdout,
 * errors to stderr; the exit code is non-zero when any file could not be
 * added or removed, or when a source cannot be read (list).
 */
import { DocumentLibrary, type LibraryEntry } from '../docs/library.ts';
import { describeProblem, duplicateWarning, skippedSourcesLines, sourceReason, summaryLines } from '../docs/messages.ts';
import { DEFAULT_DATA_DIR, errorText, parseCli, progressReporter, run } from './common.ts';
import { EngineError } from '../engine/errors.ts';
import { formatBytes } from '../engine/extract/read-source.ts';

const USAGE = `用法：
  npm run docs -- init [DIR]
  npm run docs -- add 文件... [--replace | --keep-both] [--data DIR]
  npm run docs -- list [--json] [--data DIR]
  npm run docs -- remove 名称 [--data DIR]

  init         新建数据文件夹 DIR（含 sources/）；机器人和其他命令不会自己创建它
  add          把 .txt、.md、.pdf 文件复制到 DIR/sources/，清理并重建索引
  list         列出文档及从中读到的内容，以及无法读取的源文件
  remove       删除一个文档（文件名，可省略扩展名）
  --replace    替换同名文档
  --keep-both  同名时两份都保留，新文件加编号
  --json       list 以 JSON 输出
  --data DIR   数据文件夹（默认 ${DEFAULT_DATA_DIR}）`;

run(async () => {
  const { values, positionals } = parseCli(
    {
      allowPositionals: true,
      options: {
        data: { type: 'string', default: DEFAULT_DATA_DIR },
        replace: { type: 'boolean', default: false },
        'keep-both': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    },
    USAGE,
  );
  const [command, ...args] = positionals;
  if (command === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (values.replace && values['keep-both']) {
    process.stderr.write(`--replace 和 --keep-both 不能同时使用\n\n${USAGE}\n`);
    return 2;
  }

  const progress = progressReporter();
  const open = async (): Promise<DocumentLibrary> => {
    const library = await DocumentLibrary.open(values.data!, {
      onProgress: progress,
      log: (_level, message) => {
        progress.done();
        process.stderr.write(`${message}\n`);
      },
    });
    progress.done();
    return library;
  };
  /** Every command says which sources are skipped, as every start of the bot does. */
  const reportSkipped = (library: DocumentLibrary): void => {
    for (const line of skippedSourcesLines(library.getEngine().problems)) process.stderr.write(`${line}\n`);
  };

  try {
    switch (command) {
      case 'init': {
        if (args.length > 1) {
          process.stderr.write(`init 只接受一个文件夹\n\n${USAGE}\n`);
          return 2;
        }
        const dir = args[0] ?? values.data!;
        const created = await DocumentLibrary.init(dir);
        process.stdout.write(
          created
            ? `已创建数据文件夹 ${dir}（文档放在 ${dir}/sources/）。\n用 npm run docs -- add 文件 --data ${dir} 添加文档，用 DATA_DIR=${dir} npm start 启动机器人。\n`
            : `${dir} 已经是数据文件夹，没有改动。\n`,
        );
        return 0;
      }
      case 'add': {
        if (args.length === 0) {
          process.stderr.write(`add：没有给出文件\n\n${USAGE}\n`);
          return 2;
        }
        const library = await open();
        reportSkipped(library);
        const result = await library.add(args, { replace: values.replace, keepBoth: values['keep-both'] }).catch((error: unknown) => {
          progress.done();
          process.stderr.write(`错误：${describeProblem(error)}\n`);
          return undefined;
        });
        progress.done();
        if (!result) return 1;
        for (const summary of result.added) {
          process.stdout.write(`已添加 ${summary.file}\n${summaryLines(summary).map((line) => `  ${line}\n`).join('')}`);
          const duplicate = duplicateWarning(summary);
          if (duplicate !== null) {
            process.stderr.write(`警告：${duplicate}；不需要两份时用 npm run docs -- remove ${summary.file} 删除。\n`);
          }
        }
        for (const failure of result.failed) {
          process.stderr.write(`无法添加 ${describeProblem(failure.error, { replace: '如需替换请加 --replace，保留两份请加 --keep-both' })}\n`);
        }
        if (result.added.length > 0) {
          const stats = library.getEngine().stats();
          process.stdout.write(`索引现有 ${stats.documents} 个文档，${stats.passages} 个句子\n`);
        }
        return result.failed.length > 0 ? 1 : 0;
      }
      case 'list': {
        if (args.length > 0) {
          process.stderr.write(`list 不接受参数\n\n${USAGE}\n`);
          return 2;
        }
        const library = await open();
        const entries = await library.list();
        if (values.json) {
          process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        } else if (entries.length === 0) {
          process.stdout.write(`${library.sourcesDir} 里还没有文档；用 npm run docs -- add 文件 --data ${values.data} 添加\n`);
        } else {
          for (const entry of entries) process.stdout.write(formatEntry(entry));
        }
        return entries.some((entry) => entry.problem !== null) ? 1 : 0;
      }
      case 'remove': {
        if (args.length !== 1) {
          process.stderr.write(`remove 需要正好一个文档名称\n\n${USAGE}\n`);
          return 2;
        }
        const library = await open();
        reportSkipped(library);
        const summary = await library.remove(args[0]!);
        progress.done();
        process.stdout.write(`已删除 ${summary.file}（${summary.title}）\n`);
        return 0;
      }
      default:
        process.stderr.write(`不认识的命令「${command}」\n\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    progress.done();
    process.stderr.write(error instanceof EngineError ? errorText(error) : `错误：${describeProblem(error)}\n`);
    return 1;
  }
});

function formatEntry(entry: LibraryEntry): string {
  const size = formatBytes(entry.bytes);
  const head = `${entry.file}（${size}）\n`;
  if (entry.document === null) {
    return `${head}  跳过（无法读取）：${sourceReason({ file: entry.file, message: entry.problem ?? 'not indexed yet' })}\n`;
  }
  return head + summaryLines(entry.document).map((line) => `  ${line}\n`).join('');
}
