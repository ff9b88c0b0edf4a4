import { request } from 'node:http';
import { HUNDRED_MIB, MiB, type BenchFile } from '../bench-files.fixture';
import type { BenchOptions } from '../bench.options';
import { SUBJECT_LABELS, type SubjectId } from '../bench.subjects';
import { type LoadResult, type LoadTool, mebibytesPerSecond, requestsPerSecond } from '../load/load-tool';
import { probe } from '../load/probe';
import { cpuSeconds } from '../servers/proc.util';
import { FILES_ROUTE } from '../servers/server-kinds';
import { median, rotate, spreadPercent } from '../stats.util';

/**
 * How each ZIP row's archive is sent: the library's PathFile route over the
 * 100 MiB file (P9's reference), the archive of its 100 x 1 MiB parts with
 * the CRC-32 computed while sent (no memo: every first download), and the
 * same with the layout known (a ZipLayoutMemo warmed by the check request).
 */
export type ZipWay = 'pathfile' | 'zip-stream' | 'zip-known';

export const ZIP_WAYS: Record<ZipWay, { label: string; name: string }> = {
  pathfile: { label: 'PathFile, 100 MiB file', name: HUNDRED_MIB.name },
  'zip-stream': { label: 'ZipFile, 100 x 1 MiB, CRC-32 computed while sent', name: 'hundred.zip' },
  'zip-known': { label: 'ZipFile, 100 x 1 MiB, layout known (memo)', name: 'hundred-known.zip' },
};

/** P9: one way of sending the 100 MiB, on one adapter (medians of the runs). */
export interface ZipThroughputCell {
  adapter: string;
  way: ZipWay;
  /** The server that answered (the library app for `pathfile`, the ZIP app otherwise). */
  subject: SubjectId;
  /** Bytes of one answer's body (the archive is a few KiB bigger than its members). */
  size: number;
  requestsPerSecond: number;
  mebibytesPerSecond: number;
  spread: number;
  cpuMicrosPerMiB: number;
  errors: number;
  runs: LoadResult[];
}

/** One adapter's two servers for P9: the library's PathFile app and the ZIP app. */
export interface ZipPair {
  adapter: string;
  library: { id: SubjectId; url: string; pids: number[] };
  zip: { id: SubjectId; url: string; pids: number[] };
}

/**
 * P9: the 100 MiB file through the library's PathFile route, and the same
 * bytes as a ZIP of 100 x 1 MiB stored members (CRC-32 computed while sent,
 * and layout known), on each adapter; each answer checked first, then
 * `runs` rounds whose order rotates.
 */
export async function measureZipThroughput(
  tool: LoadTool,
  pairs: readonly ZipPair[],
  options: BenchOptions,
  log: (line: string) => void,
): Promise<ZipThroughputCell[]> {
  const cells: ZipThroughputCell[] = [];
  for (const pair of pairs) {
    const ways = (Object.keys(ZIP_WAYS) as ZipWay[]).map((way) => {
      const server = way === 'pathfile' ? pair.library : pair.zip;
      return { way, server, url: server.url + FILES_ROUTE + ZIP_WAYS[way].name, size: 0 };
    });
    for (const way of ways) way.size = await checkZipAnswer(way.url, way.way, `${SUBJECT_LABELS[way.server.id]}, ${way.way}`);
    if (options.warmup > 0) for (const way of ways) await tool.run({ url: way.url, duration: options.warmup, connections: options.connections });
    const runs = new Map<ZipWay, LoadResult[]>(ways.map((w) => [w.way, []]));
    const cpu = new Map<ZipWay, number[]>(ways.map((w) => [w.way, []]));
    for (let round = 0; round < options.runs; round++) {
      for (const way of rotate(ways, round)) {
        const before = cpuSeconds(way.server.pids);
        const result = await tool.run({ url: way.url, duration: options.duration, connections: options.connections });
        cpu.get(way.way)!.push((cpuSeconds(way.server.pids) - before) * 1e6);
        runs.get(way.way)!.push(result);
        log(
          `  ${pair.adapter.padEnd(8)} round ${round + 1}/${options.runs}  ${ZIP_WAYS[way.way].label.padEnd(50)}` +
            `${requestsPerSecond(result).toFixed(1).padStart(8)} req/s ${mebibytesPerSecond(result).toFixed(0).padStart(6)} MiB/s`,
        );
      }
    }
    for (const way of ways) {
      const results = runs.get(way.way)!;
      cells.push({
        adapter: pair.adapter,
        way: way.way,
        subject: way.server.id,
        size: way.size,
        requestsPerSecond: median(results.map(requestsPerSecond)),
        mebibytesPerSecond: median(results.map(mebibytesPerSecond)),
        spread: spreadPercent(results.map(mebibytesPerSecond)),
        cpuMicrosPerMiB: median(cpu.get(way.way)!.map((micros, i) => micros / Math.max(1, results[i].bytes / MiB))),
        errors: results.reduce((sum, r) => sum + r.errors, 0),
        runs: results,
      });
    }
  }
  return cells;
}

/**
 * One GET before the load: 200, an exact Content-Length that the body
 * matches, a ZIP's first bytes; the archive with a memo must answer ranges
 * from its second request on (the check request warmed the memo).
 */
async function checkZipAnswer(url: string, way: ZipWay, where: string): Promise<number> {
  const answer = await probe(url);
  if (answer.status !== 200) throw new Error(`${where}: status ${answer.status}, expected 200`);
  const length = Number(answer.headers['content-length']);
  if (way === 'pathfile') {
    if (answer.bytes !== HUNDRED_MIB.size) throw new Error(`${where}: ${answer.bytes} bytes, expected ${HUNDRED_MIB.size}`);
    return answer.bytes;
  }
  if (!(length > HUNDRED_MIB.size) || answer.bytes !== length) throw new Error(`${where}: ${answer.bytes} bytes, Content-Length ${answer.headers['content-length']}`);
  if (answer.headers['content-type'] !== 'application/zip') throw new Error(`${where}: Content-Type ${answer.headers['content-type']}`);
  const again = await headAnswer(url);
  const ranged = again.headers['accept-ranges'] === 'bytes';
  if (way === 'zip-known' && !ranged) throw new Error(`${where}: no Accept-Ranges after the memo was warmed`);
  if (way === 'zip-stream' && ranged) throw new Error(`${where}: Accept-Ranges without a memo (the CRC-32 should be computed while sent)`);
  return length;
}

/** A HEAD request's status and headers. */
export function headAnswer(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'HEAD', agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`no answer from ${url} in 60 s`)));
    req.once('error', reject);
    req.end();
  });
}

/**
 * A ZIP archive of the app as a BenchFile (for the P5 and P6 scenarios,
 * which ask `/files/<name>`): its exact size read from a HEAD request.
 */
export async function zipBenchFile(baseUrl: string, name: string, label: string): Promise<BenchFile> {
  const answer = await headAnswer(baseUrl + FILES_ROUTE + name);
  const size = Number(answer.headers['content-length']);
  if (answer.status !== 200 || !(size > 0)) throw new Error(`HEAD ${name}: status ${answer.status}, Content-Length ${answer.headers['content-length']}`);
  return { label, name, size };
}
