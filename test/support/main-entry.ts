/**
 * How tests start the bot process. By default `src/main.ts` through tsx, as
 * `npm start` runs it; with `WENDA_MAIN=dist` the compiled build,
 * `node dist/main.js`, as the production start and the Docker image run it
 * (CI runs `npm run build` and then the end-to-end tests once more this way).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** Whether the tests run against the build in dist/. */
export const FROM_DIST = process.env['WENDA_MAIN'] === 'dist';

/** Node arguments that run the entry point `name` (`main`, `cli/docs`, …) from source or from dist/. */
export function entryArgs(name: string): string[] {
  if (!FROM_DIST) return ['--import', 'tsx', join(ROOT, 'src', `${name}.ts`)];
  const built = join(ROOT, 'dist', `${name}.js`);
  if (!existsSync(built)) throw new Error(`WENDA_MAIN=dist but ${built} is missing: run \`npm run build\` first`);
  return [built];
}
