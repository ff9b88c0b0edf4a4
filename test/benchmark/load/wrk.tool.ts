import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadRequest, LoadResult, LoadTool } from './load-tool';

/** wrk's end-of-run hook: the exact counters, as one JSON line. */
const REPORT_SCRIPT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH_JSON {"requests":%d,"bytes":%d,"us":%d,"errors":%d}\\n',
    summary.requests, summary.bytes, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout))
end
`;

/**
 * wrk (C, one thread: the other core is the server's), reading its exact
 * counters through a Lua `done()` hook. Bodies are counted, never parsed.
 */
export class WrkTool implements LoadTool {
  readonly name = 'wrk';
  private readonly script: string;

  constructor(
    private readonly binary: string,
    scratchDir: string,
  ) {
    this.script = join(scratchDir, 'report.lua');
    writeFileSync(this.script, REPORT_SCRIPT);
  }

  run({ url, duration, connections, headers = {} }: LoadRequest): Promise<LoadResult> {
    const args = ['-t1', `-c${connections}`, `-d${duration}s`, '--timeout', '20s', '-s', this.script];
    for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
    args.push(url);
    return new Promise((resolve, reject) => {
      execFile(this.binary, args, { timeout: (duration + 30) * 1000 }, (err, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('BENCH_JSON '));
        if (err || !line) return reject(new Error(`wrk ${args.join(' ')} failed: ${err?.message ?? ''}\n${stdout}${stderr}`));
        const counters = JSON.parse(line.slice('BENCH_JSON '.length)) as { requests: number; bytes: number; us: number; errors: number };
        resolve({ requests: counters.requests, bytes: counters.bytes, seconds: counters.us / 1e6, errors: counters.errors });
      });
    });
  }
}
