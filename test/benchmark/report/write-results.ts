import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchResults } from './bench-results';
import { svgChart } from './svg-chart.report';
import { markdownReport } from './text.report';

/** Writes bench.md, bench.json and bench.svg into `outDir`; answers their paths. */
export async function writeResults(results: BenchResults, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files: [string, string][] = [
    ['bench.md', markdownReport(results)],
    ['bench.json', `${JSON.stringify(results, null, 2)}\n`],
    ['bench.svg', svgChart(results)],
  ];
  for (const [name, content] of files) await writeFile(join(outDir, name), content);
  return files.map(([name]) => join(outDir, name));
}
