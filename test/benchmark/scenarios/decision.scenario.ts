import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchOptions } from '../bench.options';
import { FILES_DIR_ENV } from '../servers/server-kinds';
import { median } from '../stats.util';

/** The in-process cost of one X-Accel-Redirect answer, each way of making it. */
export interface DecisionCell {
  /** `hand`: written by hand; `decision`: OffloadService from a plain handler; `library`: a `@Download()` route. */
  way: 'hand' | 'decision' | 'library';
  /** Median microseconds per call. */
  micros: number;
  /** Every round's figure. */
  rounds: number[];
}

/**
 * P4 without HTTP: calls the three answers of the 13 B rows in a loop, in a
 * child process, on a response that only records headers. Unlike req/s on a
 * shared machine, this moves little between runs, and shows what the
 * library adds to a request when nothing else varies.
 */
export async function measureDecision(
  fileName: string,
  filesDir: string,
  options: BenchOptions,
  log: (line: string) => void,
): Promise<DecisionCell[]> {
  const calls = options.quick ? 20_000 : 200_000;
  const rounds = options.quick ? 1 : Math.max(options.runs, 3);
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(__dirname, 'decision.child.js'), fileName, String(calls), String(rounds)],
    { env: { ...process.env, [FILES_DIR_ENV]: filesDir, NODE_ENV: 'production' }, maxBuffer: 1024 * 1024 },
  );
  const micros = JSON.parse(stdout) as Record<DecisionCell['way'], number[]>;
  const cells = (['hand', 'decision', 'library'] as const).map((way) => ({ way, micros: median(micros[way]), rounds: micros[way] }));
  for (const cell of cells) log(`  ${cell.way.padEnd(9)} ${cell.micros.toFixed(2)} µs per answer (${cell.rounds.map((m) => m.toFixed(2)).join(', ')})`);
  return cells;
}
