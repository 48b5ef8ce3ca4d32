/**
 * The labelled folders of this project that answering is evaluated and
 * tuned on: the seed (index-data), the fixture folders (test/fixtures/docs,
 * questions in test/fixtures/eval) and the blind rounds
 * (test/fixtures/rounds/<round>/<folder>, questions beside the sources).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** One data folder with its questions. */
export interface EvalFolder {
  /** A short name: the folder's, with its round (r3/cities). */
  name: string;
  dataDir: string;
  questionsFile: string;
}

function subfolders(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : [];
}

/** Every labelled folder under `root` (the project), in a stable order. */
export function evalFolders(root = '.'): EvalFolder[] {
  const out: EvalFolder[] = [{ name: 'seed', dataDir: join(root, 'index-data'), questionsFile: join(root, 'test/fixtures/eval/seed-questions.jsonl') }];
  for (const name of subfolders(join(root, 'test/fixtures/docs'))) {
    const questionsFile = join(root, 'test/fixtures/eval', `${name}.jsonl`);
    if (existsSync(questionsFile)) out.push({ name, dataDir: join(root, 'test/fixtures/docs', name), questionsFile });
  }
  for (const round of subfolders(join(root, 'test/fixtures/rounds'))) {
    for (const name of subfolders(join(root, 'test/fixtures/rounds', round))) {
      const dataDir = join(root, 'test/fixtures/rounds', round, name);
      if (existsSync(join(dataDir, 'questions.jsonl'))) out.push({ name: `${round}/${name}`, dataDir, questionsFile: join(dataDir, 'questions.jsonl') });
    }
  }
  return out;
}
