import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BenchFile } from '../bench-files.fixture';
import type { BenchOptions } from '../bench.options';
import type { Subject, SubjectId } from '../bench.subjects';
import { type LoadResult, type LoadTool, mebibytesPerSecond, requestsPerSecond } from '../load/load-tool';
import { probe } from '../load/probe';
import { cpuSeconds } from '../servers/proc.util';
import { FILES_ROUTE } from '../servers/server-kinds';
import { median, rotate, spreadPercent } from '../stats.util';

/** The median of one subject serving one file, with every run kept. */
export interface ThroughputCell {
  subject: SubjectId;
  file: string;
  size: number;
  requestsPerSecond: number;
  mebibytesPerSecond: number;
  /** (max - min) / median of the runs' req/s, in percent. */
  spread: number;
  /** CPU microseconds the serving processes spent per completed request (median of the runs). */
  cpuMicrosPerRequest: number;
  /** The same per MiB read by the load tool (for big files, where few requests complete). */
  cpuMicrosPerMiB: number;
  errors: number;
  runs: LoadResult[];
}

/**
 * For each file: checks every subject answers it correctly, warms them up,
 * then measures `runs` rounds, the order rotating each round so that no
 * subject always runs first (or right after the heaviest one).
 */
export async function measureThroughput(
  tool: LoadTool,
  subjects: readonly Subject[],
  files: readonly BenchFile[],
  filesDir: string,
  options: BenchOptions,
  log: (line: string) => void,
): Promise<ThroughputCell[]> {
  const cells: ThroughputCell[] = [];
  for (const file of files) {
    // The bare X-Accel answers are measured on the smallest file only: their cost does not depend on size.
    const here = subjects.filter(
      (subject) => (subject.role !== 'answer' || file === files[0]) && (!subject.files || subject.files.includes(file.label)),
    );
    const expected = file.size <= 1024 * 1024 ? sha256(await readFile(join(filesDir, file.name))) : undefined;
    for (const subject of here) await checkAnswer(subject, file, expected);
    const load = (subject: Subject, duration: number) =>
      tool.run({ url: subject.url + (subject.pathFor?.(file.name) ?? FILES_ROUTE + file.name), duration, connections: options.connections });
    if (options.warmup > 0) for (const subject of here) await load(subject, options.warmup);
    const runs = new Map<SubjectId, LoadResult[]>(here.map((subject) => [subject.id, []]));
    const cpu = new Map<SubjectId, number[]>(here.map((subject) => [subject.id, []]));
    for (let round = 0; round < options.runs; round++) {
      for (const subject of rotate(here, round)) {
        const cpuBefore = cpuSeconds(subject.pids);
        const result = await load(subject, options.duration);
        cpu.get(subject.id)!.push((cpuSeconds(subject.pids) - cpuBefore) * 1e6);
        runs.get(subject.id)!.push(result);
        log(
          `  ${file.label.padStart(7)}  round ${round + 1}/${options.runs}  ${subject.label.padEnd(40)}` +
            `${requestsPerSecond(result).toFixed(0).padStart(8)} req/s ${mebibytesPerSecond(result).toFixed(0).padStart(6)} MiB/s`,
        );
      }
    }
    for (const subject of here) {
      const results = runs.get(subject.id)!;
      cells.push({
        subject: subject.id,
        file: file.label,
        size: file.size,
        requestsPerSecond: median(results.map(requestsPerSecond)),
        mebibytesPerSecond: median(results.map(mebibytesPerSecond)),
        spread: spreadPercent(results.map(requestsPerSecond)),
        cpuMicrosPerRequest: median(cpu.get(subject.id)!.map((micros, i) => micros / Math.max(1, results[i].requests))),
        cpuMicrosPerMiB: median(cpu.get(subject.id)!.map((micros, i) => micros / Math.max(1, results[i].bytes / 1024 / 1024))),
        errors: results.reduce((sum, result) => sum + result.errors, 0),
        runs: results,
      });
    }
  }
  return cells;
}

/** One GET before the load: the right status, length and (for small files) bytes. */
async function checkAnswer(subject: Subject, file: BenchFile, expectedSha?: string): Promise<void> {
  const answer = await probe(subject.url + (subject.pathFor?.(file.name) ?? FILES_ROUTE + file.name));
  const where = `${subject.label} for ${file.label}`;
  if (answer.status !== 200) throw new Error(`${where}: status ${answer.status}, expected 200`);
  if (subject.role === 'answer') {
    if (!answer.headers['x-accel-redirect']) throw new Error(`${where}: no X-Accel-Redirect header`);
    return;
  }
  if (subject.role === 'json') {
    if (!String(answer.headers['content-type']).includes('application/json')) throw new Error(`${where}: not a JSON answer`);
    return;
  }
  if (answer.bytes !== file.size) throw new Error(`${where}: ${answer.bytes} bytes, expected ${file.size}`);
  if (expectedSha && answer.sha256 !== expectedSha) throw new Error(`${where}: the body differs from the file`);
}

function sha256(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
