/**
 * `npm run index [-- --data DIR]`: cleans every source in DIR/sources and
 * writes DIR/sections.json and the persisted index (DIR/index/).
 */
import { describeRepair } from '../docs/messages.ts';
import { DEFAULT_DATA_DIR, openEngine, parseCli, run } from './common.ts';

const USAGE = `用法：npm run index [-- --data DIR] [--store redis://…]
  重新清理 DIR/sources/ 里的每个文档，写出 DIR/sections.json 和索引（DIR/index/）
  --data DIR     数据文件夹（默认 ${DEFAULT_DATA_DIR}）
  --store URL    把索引写进 Redis（默认取 INDEX_STORE；不设则在本机）`;

run(async () => {
  const { values } = parseCli(
    {
      options: {
        data: { type: 'string', default: DEFAULT_DATA_DIR },
        store: { type: 'string' },
      },
    },
    USAGE,
  );
  const started = Date.now();
  const engine = await openEngine(values.data!, { rebuild: true, store: values.store });
  const stats = engine.stats();
  // One pass over the paragraphs: sentence counts per document.
  const passagesOf = new Array<number>(engine.documents.length).fill(0);
  for (const p of engine.index.paragraphs) passagesOf[p.doc] = passagesOf[p.doc]! + p.count;
  engine.documents.forEach((doc, i) => {
    const passages = passagesOf[i]!;
    process.stdout.write(
      `${doc.file}：「${doc.title}」${doc.author ? `，作者 ${doc.author}` : ''}，${doc.sections.length} 个章节，${passages} 个句子` +
        (doc.warnings.length ? `（清理：${doc.warnings.map(describeRepair).join('；')}）` : '') +
        '\n',
    );
  });
  process.stdout.write(
    `已索引 ${stats.documents} 个文档、${stats.sections} 个章节、${stats.passages} 个句子，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒 → ${values.data}/sections.json\n`,
  );
  if (engine.store) {
    const how = engine.store.outcome === 'built' ? '已写入' : '已在';
    process.stdout.write(`索引${how} ${engine.store.location}，命名空间 ${engine.store.namespace}\n`);
  }
  return engine.problems.length > 0 ? 1 : 0;
});
