/** How long and how hard the benchmark runs. */
export interface BenchOptions {
  /** `--quick`: the smoke run CI uses (one short run per cell, no 1 GiB file). */
  quick: boolean;
  /** Runs per cell; the median is reported. */
  runs: number;
  /** Seconds per run (wrk takes whole seconds). */
  duration: number;
  /** Seconds of load on each server before its first measured run of a size. */
  warmup: number;
  /** Concurrent connections of the load tool. */
  connections: number;
  /** Whether the 1 GiB file is generated (P5 and P6 use the biggest file there is). */
  withGiB: boolean;
  /** Load tool: wrk when installed, else autocannon; `--tool autocannon` forces it. */
  tool: 'wrk' | 'autocannon' | 'auto';
  /** Folder the Markdown, JSON and SVG results are written to. */
  outDir: string;
  /**
   * `--only p4`: only the 13 B offload answers (with and without nginx, both
   * adapters) and the in-process loop, for a long A/B of P4 (`--runs 15`).
   * `--only zip`: only the ZIP rows (P9, P10, P11, both adapters) and the
   * PathFile rows P9 compares with, for work on ZipFile (a few minutes).
   * `--only s3`: only the S3 rows (P1-S3, P5-S3, P6-S3, both adapters)
   * against a local S3 server, for work on S3Storage (a few minutes).
   * `--only links`: only the proxy-verified links (issue 13) against the same
   * server's static files, nginx and lighttpd each started from the generated
   * config (a few minutes).
   */
  only?: 'p4' | 'zip' | 's3' | 'links';
}

const FULL: Omit<BenchOptions, 'outDir'> = {
  quick: false,
  runs: 3,
  duration: 4,
  warmup: 1,
  connections: 8,
  withGiB: true,
  tool: 'auto',
};

const QUICK: Omit<BenchOptions, 'outDir'> = {
  ...FULL,
  quick: true,
  runs: 1,
  duration: 1,
  warmup: 0,
  withGiB: false,
};

const USAGE = `npm run bench -- [--quick] [--only p4|zip|s3|links] [--runs N] [--duration S] [--connections N] [--tool wrk|autocannon] [--out DIR]`;

/** Reads `--quick`, `--runs 5`, `--duration 6`, `--connections 16`, `--tool autocannon`, `--out dir`. */
export function parseBenchOptions(argv: readonly string[], defaultOut: string): BenchOptions {
  const options: BenchOptions = { ...(argv.includes('--quick') ? QUICK : FULL), outDir: defaultOut };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const positive = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a whole number >= 1\n${USAGE}`);
      i++;
      return n;
    };
    if (flag === '--quick') continue;
    else if (flag === '--runs') options.runs = positive();
    else if (flag === '--duration') options.duration = positive();
    else if (flag === '--connections') options.connections = positive();
    else if (flag === '--tool' && (value === 'wrk' || value === 'autocannon')) (options.tool = value), i++;
    else if (flag === '--out' && value) (options.outDir = value), i++;
    else if (flag === '--only' && (value === 'p4' || value === 'zip')) (options.only = value), (options.withGiB = false), i++;
    // The S3 rows read and stream the 1 GiB object (P5-S3, P6-S3), except in the quick run.
    else if (flag === '--only' && value === 's3') (options.only = value), i++;
    else if (flag === '--only' && value === 'links') (options.only = value), (options.withGiB = false), i++;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}
