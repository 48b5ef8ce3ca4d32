/** Renders bench results as a plain-text table (and the machine it ran on). */

/** One line of the results table. */
export interface Row {
  section: string;
  name: string;
  value: string;
  /** The target, when there is one. */
  target?: string;
  /** Whether the target is met. */
  ok?: boolean;
}

/** A table with a machine line on top, one block per section. */
export function renderTable(rows: Row[], machine: Record<string, string | number>): string {
  const lines: string[] = [];
  lines.push(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`);
  const nameWidth = Math.max(...rows.map((r) => r.name.length), 10);
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      lines.push('', section);
    }
    const target = row.target ? `  [target ${row.target}: ${row.ok ? 'met' : 'NOT met'}]` : '';
    lines.push(`  ${row.name.padEnd(nameWidth)}  ${row.value}${target}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The same rows as a Markdown table, for bench/README.md. */
export function renderMarkdown(rows: Row[], machine: Record<string, string | number>): string {
  const lines = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, ${machine.os}, Node ${machine.node}.`,
    '',
    '| part | measurement | result | target |',
    '|---|---|---|---|',
  ];
  for (const row of rows) {
    const target = row.target ? `${row.target} ${row.ok ? '✅' : '❌'}` : '';
    lines.push(`| ${row.section} | ${row.name} | ${row.value.replace(/\|/g, '\\|')} | ${target} |`);
  }
  return `${lines.join('\n')}\n`;
}
