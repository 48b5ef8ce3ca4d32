/**
 * `npm run docs -- add FILE... | list | remove NAME [--data DIR]`: manages the
 * documents of a data folder. Summaries go to stdout, errors to stderr; the
 * exit code is non-zero when any file could not be added or removed.
 */
import { DocumentLibrary, type LibraryEntry } from '../docs/library.ts';
import { describeProblem, summaryLines } from '../docs/messages.ts';
import { DEFAULT_DATA_DIR, parseCli, progressReporter, run } from './common.ts';

const USAGE = `usage:
  npm run docs -- add FILE... [--replace | --keep-both] [--data DIR]
  npm run docs -- list [--json] [--data DIR]
  npm run docs -- remove NAME [--data DIR]

  add        copy .txt/.md/.pdf files into DIR/sources/, clean and re-index
  list       show the documents and what was found in them
  remove     remove a document (file name, with or without extension)
  --replace    replace a document of the same name
  --keep-both  on a name clash, add the new file under a numbered name
  --data DIR   the data folder (default: ${DEFAULT_DATA_DIR})`;

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
    process.stderr.write(`--replace and --keep-both cannot be used together\n\n${USAGE}\n`);
    return 2;
  }

  const progress = progressReporter();
  const open = (): Promise<DocumentLibrary> =>
    DocumentLibrary.open(values.data!, {
      onProgress: progress,
      log: (_level, message) => {
        progress.done();
        process.stderr.write(`${message}\n`);
      },
    });

  try {
    switch (command) {
      case 'add': {
        if (args.length === 0) {
          process.stderr.write(`add: no files given\n\n${USAGE}\n`);
          return 2;
        }
        const library = await open();
        const result = await library.add(args, { replace: values.replace, keepBoth: values['keep-both'] }).catch((error: unknown) => {
          progress.done();
          process.stderr.write(`错误：${describeProblem(error)}\n`);
          return undefined;
        });
        progress.done();
        if (!result) return 1;
        for (const summary of result.added) {
          process.stdout.write(`已添加 ${summary.file}\n${summaryLines(summary).map((line) => `  ${line}\n`).join('')}`);
        }
        for (const failure of result.failed) {
          process.stderr.write(`无法添加 ${describeProblem(failure.error, { replace: '如需替换请加 --replace，保留两份请加 --keep-both' })}\n`);
        }
        if (result.added.length > 0) {
          const stats = library.getEngine().stats();
          process.stdout.write(`索引现有 ${stats.documents} 个文档，${stats.passages} 个句段\n`);
        }
        return result.failed.length > 0 ? 1 : 0;
      }
      case 'list': {
        if (args.length > 0) {
          process.stderr.write(`list takes no arguments\n\n${USAGE}\n`);
          return 2;
        }
        const library = await open();
        progress.done();
        const entries = await library.list();
        if (values.json) {
          process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
        } else if (entries.length === 0) {
          process.stdout.write(`${library.sourcesDir} 里还没有文档；用 npm run docs -- add FILE 添加\n`);
        } else {
          for (const entry of entries) process.stdout.write(formatEntry(entry));
        }
        return entries.some((entry) => entry.problem !== null) ? 1 : 0;
      }
      case 'remove': {
        if (args.length !== 1) {
          process.stderr.write(`remove takes exactly one NAME\n\n${USAGE}\n`);
          return 2;
        }
        const library = await open();
        const summary = await library.remove(args[0]!);
        progress.done();
        process.stdout.write(`已删除 ${summary.file}（${summary.title}）\n`);
        return 0;
      }
      default:
        process.stderr.write(`unknown command "${command}"\n\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    progress.done();
    process.stderr.write(`错误：${describeProblem(error)}\n`);
    return 1;
  }
});

function formatEntry(entry: LibraryEntry): string {
  const size = entry.bytes >= 1024 * 1024 ? `${(entry.bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(entry.bytes / 1024))} KB`;
  const head = `${entry.file}（${size}）\n`;
  if (entry.document === null) return `${head}  未能索引：${entry.problem ?? ''}\n`;
  return head + summaryLines(entry.document).map((line) => `  ${line}\n`).join('');
}
