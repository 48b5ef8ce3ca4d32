/**
 * `npm run index [-- --data DIR]`: cleans every source in DIR/sources and
 * writes DIR/sections.json and the persisted index (DIR/index/).
 */
import { DEFAULT_DATA_DIR, openEngine, parseCli, run } from './common.ts';

const USAGE = 'usage: npm run index [-- --data DIR] [--store redis://…]';

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
      `${doc.file}: 「${doc.title}」${doc.author ? ` 作者 ${doc.author}` : ''}，${doc.sections.length} 节，${passages} 句` +
        (doc.warnings.length ? `（${doc.warnings.join('; ')}）` : '') +
        '\n',
    );
  });
  process.stdout.write(
    `indexed ${stats.documents} documents, ${stats.sections} sections, ${stats.passages} passages in ${((Date.now() - started) / 1000).toFixed(1)} s → ${values.data}/sections.json\n`,
  );
  if (engine.store) {
    const how = engine.store.outcome === 'built' ? 'written to' : 'already in';
    process.stdout.write(`posting lists ${how} ${engine.store.location} as ${engine.store.namespace}\n`);
  }
  return engine.problems.length > 0 ? 1 : 0;
});
