import type { BenchResults } from './bench-results';
import { cpuTable, memoryAndRangeTable, type Table, targetsTable, throughputTable, zipTable } from './result-tables';

/** The tables for the terminal, columns padded (numbers right-aligned). */
export function consoleReport(results: BenchResults): string {
  return [
    describeRun(results),
    '',
    padded(throughputTable(results)),
    '',
    padded(cpuTable(results)),
    '',
    padded(memoryAndRangeTable(results)),
    '',
    ...(results.zipThroughput.length ? [padded(zipTable(results)), ''] : []),
    padded(targetsTable(results)),
  ].join('\n');
}

/** The same tables in Markdown (docs/performance.md quotes this file). */
export function markdownReport(results: BenchResults): string {
  return [
    `# nestjs-downloadview benchmark`,
    '',
    describeRun(results),
    '',
    'Medians of the runs; `x` is the ratio to Express `res.sendFile` in the same run; `spread` is the widest (max - min) / median of the row\'s req/s; `peak RSS` is the Node process\'s VmHWM.',
    '',
    markdown(throughputTable(results)),
    '',
    'CPU the serving processes spent (every thread; for nginx rows its worker plus the app behind it); `x` is the ratio to Express `res.sendFile` (lower is cheaper). It moves much less than req/s when other work shares the machine.',
    '',
    markdown(cpuTable(results)),
    '',
    markdown(memoryAndRangeTable(results)),
    '',
    ...(results.zipThroughput.length ? [markdown(zipTable(results)), ''] : []),
    markdown(targetsTable(results)),
    '',
  ].join('\n');
}

function describeRun({ meta }: BenchResults): string {
  const lines = [
    `${meta.quick ? 'Quick' : 'Full'} run of ${meta.date} at ${meta.commit}: ${meta.tool}, ${meta.connections} connections, ` +
      `${meta.runs} run(s) of ${meta.duration} s per cell, ${meta.cores} x ${meta.cpu}, Node ${meta.node}; took ${Math.round(meta.seconds)} s.`,
  ];
  for (const note of meta.notes) lines.push(`Note: ${note}.`);
  return lines.join('\n');
}

function padded(table: Table): string {
  const widths = table[0].map((_, col) => Math.max(...table.map((row) => (row[col] ?? '').length)));
  return table
    .map((row, index) => {
      const line = row.map((cell, col) => (col > 0 && isFigure(cell) ? cell.padStart(widths[col]) : cell.padEnd(widths[col])));
      return index === 0 ? `${line.join('  ')}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line.join('  ');
    })
    .join('\n');
}

function markdown(table: Table): string {
  const [header, ...rows] = table;
  const align = header.map((_, col) => (col > 0 && rows.some((row) => isFigure(row[col] ?? '')) ? '---:' : '---'));
  return [header, align, ...rows].map((row) => `| ${row.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`).join('\n');
}

/** `12,345`, `0.93x`, `31.2 MiB`, `12%`: right-aligned. */
function isFigure(cell: string): boolean {
  return /^[+-]?[\d,.]+(x| MiB|%)?$/.test(cell);
}
