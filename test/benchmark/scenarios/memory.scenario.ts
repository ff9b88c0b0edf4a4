import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { BenchFile } from '../bench-files.fixture';
import { SUBJECT_LABELS, type SubjectId } from '../bench.subjects';
import type { LoadTool } from '../load/load-tool';
import { startNodeServer } from '../servers/node-server.process';
import { FILES_ROUTE, type NodeServerKind } from '../servers/server-kinds';

/** P5: what `count` concurrent downloads of the biggest file add to a server's RSS. */
export interface MemoryCell {
  subject: SubjectId;
  file: string;
  downloads: number;
  baselineRss: number;
  peakRss: number;
  /** peakRss - baselineRss, in bytes. */
  raise: number;
  mebibytesPerSecond: number;
}

const DOWNLOADS = 4;

/**
 * For each server: a fresh process, warmed up on small files (so start-up and
 * JIT do not count as the downloads' memory), then four concurrent downloads
 * of the biggest file from a child process while /proc is sampled every 10 ms.
 */
export async function measureMemory(
  tool: LoadTool,
  kinds: readonly [SubjectId, NodeServerKind][],
  file: BenchFile,
  warmupFile: BenchFile,
  filesDir: string,
  log: (line: string) => void,
): Promise<MemoryCell[]> {
  const cells: MemoryCell[] = [];
  for (const [subject, kind] of kinds) {
    const server = await startNodeServer(kind, filesDir);
    try {
      await tool.run({ url: server.url + FILES_ROUTE + warmupFile.name, duration: 1, connections: DOWNLOADS });
      await new Promise((r) => setTimeout(r, 500));
      const baselineRss = server.rss();
      let peakRss = baselineRss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, server.rss() || 0)), 10);
      let outcome: { bytes: number; seconds: number; statuses: number[] };
      try {
        outcome = await downloadConcurrently(server.url + FILES_ROUTE + file.name, DOWNLOADS);
      } finally {
        clearInterval(sampler);
      }
      peakRss = Math.max(peakRss, server.rss() || 0);
      if (outcome.bytes !== file.size * DOWNLOADS || outcome.statuses.some((status) => status !== 200)) {
        throw new Error(`${SUBJECT_LABELS[subject]}: ${DOWNLOADS} downloads gave ${outcome.bytes} bytes, statuses ${outcome.statuses}`);
      }
      const cell: MemoryCell = {
        subject,
        file: file.label,
        downloads: DOWNLOADS,
        baselineRss,
        peakRss,
        raise: peakRss - baselineRss,
        mebibytesPerSecond: outcome.bytes / outcome.seconds / 1024 / 1024,
      };
      cells.push(cell);
      log(
        `  ${DOWNLOADS} x ${file.label} at once  ${SUBJECT_LABELS[subject].padEnd(34)}` +
          `RSS ${mib(baselineRss)} -> ${mib(peakRss)} MiB (+${mib(cell.raise)})`,
      );
    } finally {
      await server.stop();
    }
  }
  return cells;
}

function downloadConcurrently(url: string, count: number): Promise<{ bytes: number; seconds: number; statuses: number[] }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(__dirname, '..', 'load', 'download.child.js'), url, String(count)], { timeout: 600_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`download client failed: ${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim()));
    });
  });
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
