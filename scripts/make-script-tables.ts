/**
 * Writes src/engine/script-tables.json: the character tables the engine folds
 * traditional to simplified with, derived from opencc-js. Run after upgrading
 * opencc-js; a test fails when the committed tables are stale.
 */
import { writeFileSync } from 'node:fs';
import { computeScriptTables, SCRIPT_TABLES_FILE } from '../src/engine/script.ts';

const tables = computeScriptTables();
writeFileSync(SCRIPT_TABLES_FILE, `${JSON.stringify(tables)}\n`);
process.stdout.write(`wrote ${SCRIPT_TABLES_FILE}: ${tables.fold.length / 2} folded characters, ${[...tables.simplifiedOnly].length} simplified-only\n`);
