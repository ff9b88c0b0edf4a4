import { MiB, type BenchFile } from '../bench-files.fixture';
import type { BenchOptions } from '../bench.options';
import type { Subject, SubjectId } from '../bench.subjects';
import { type LoadResult, type LoadTool, requestsPerSecond } from '../load/load-tool';
import { probe } from '../load/probe';
import { FILES_ROUTE } from '../servers/server-kinds';
import { median } from '../stats.util';

/** P6: the same 1 MiB range read at the start and at the end of the biggest file. */
export interface RangeCell {
  subject: SubjectId;
  file: string;
  startRequestsPerSecond: number;
  endRequestsPerSecond: number;
  /** Cost of the range at the end relative to the one at the start (start req/s / end req/s). */
  costRatio: number;
  errors: number;
}

/** Measures both ranges in alternating order, `runs` times each, on each subject. */
export async function measureRanges(
  tool: LoadTool,
  subjects: readonly Subject[],
  file: BenchFile,
  options: BenchOptions,
  log: (line: string) => void,
): Promise<RangeCell[]> {
  const ranges = {
    start: `bytes=0-${MiB - 1}`,
    end: `bytes=${file.size - MiB}-${file.size - 1}`,
  };
  const cells: RangeCell[] = [];
  for (const subject of subjects) {
    const url = subject.url + FILES_ROUTE + file.name;
    for (const range of Object.values(ranges)) {
      const answer = await probe(url, { Range: range });
      if (answer.status !== 206 || answer.bytes !== MiB) {
        throw new Error(`${subject.label}, Range ${range}: status ${answer.status}, ${answer.bytes} bytes (expected 206, ${MiB})`);
      }
    }
    const results: Record<'start' | 'end', LoadResult[]> = { start: [], end: [] };
    for (let round = 0; round < options.runs; round++) {
      const order: ('start' | 'end')[] = round % 2 ? ['end', 'start'] : ['start', 'end'];
      for (const where of order) {
        const result = await tool.run({
          url,
          duration: options.duration,
          connections: options.connections,
          headers: { Range: ranges[where] },
        });
        results[where].push(result);
        log(`  1 MiB range at the ${where.padEnd(5)} of ${file.label}  ${subject.label.padEnd(34)}${requestsPerSecond(result).toFixed(0).padStart(8)} req/s`);
      }
    }
    const start = median(results.start.map(requestsPerSecond));
    const end = median(results.end.map(requestsPerSecond));
    cells.push({
      subject: subject.id,
      file: file.label,
      startRequestsPerSecond: start,
      endRequestsPerSecond: end,
      costRatio: start / end,
      errors: [...results.start, ...results.end].reduce((sum, result) => sum + result.errors, 0),
    });
  }
  return cells;
}
