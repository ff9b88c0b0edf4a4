import { parseArgs } from 'node:util';
import { DEFAULT_HEALTHCHECK_OPTIONS, type HealthcheckOptions, type HealthcheckReport } from '../health/checks/healthcheck.types';
import { runHealthchecks } from '../health/healthcheck.runner';

export const HEALTHCHECK_USAGE = `Usage: nestjs-downloadview healthcheck [options]

Runs django-downloadview's four healthchecks against a live deployment and
names the part at fault:
  storage   the check file can be read from the storage folder
  app       the app alone answers the check route with the offload header
  proxy     the proxy alone serves the check file from storage (and keeps
            its internal location private)
  together  the check route, through the proxy, returns the check file

Options:
  --app URL                the app, reached directly (e.g. http://127.0.0.1:3000)
  --proxy URL              the reverse proxy in front of it (e.g. http://127.0.0.1:8080)
  --check-path PATH        the app's check route (default ${DEFAULT_HEALTHCHECK_OPTIONS.checkPath})
  --proxy-check-path PATH  proxy location serving the check file from storage
                           (default ${DEFAULT_HEALTHCHECK_OPTIONS.proxyCheckPath})
  --storage-dir DIR        the storage folder, if this machine sees it
  --check-file NAME        the check file in the storage (default ${DEFAULT_HEALTHCHECK_OPTIONS.checkFile})
  --expect-sha256 HEX      the check file's sha256 (default: read from --storage-dir)
  --offload-header NAME    the header the app must answer (default X-Accel-Redirect or X-Sendfile)
  --timeout MS             per request (default ${DEFAULT_HEALTHCHECK_OPTIONS.timeoutMs})
  --json                   print the report as JSON
  -h, --help               show this help

Exit status: 0 when every check run passes, 1 when one fails, 2 on a usage error.`;

const MARKS = { pass: '[ ok ]', fail: '[FAIL]', skip: '[skip]' } as const;

/** Thrown for wrong command-line options (exit status 2). */
export class UsageError extends Error {}

/** Reads the healthcheck options from the command line. */
export function parseHealthcheckArgs(argv: string[]): (Partial<HealthcheckOptions> & { json: boolean }) | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      app: { type: 'string' },
      proxy: { type: 'string' },
      'check-path': { type: 'string' },
      'proxy-check-path': { type: 'string' },
      'storage-dir': { type: 'string' },
      'check-file': { type: 'string' },
      'expect-sha256': { type: 'string' },
      'offload-header': { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  for (const key of ['app', 'proxy'] as const) {
    const url = values[key];
    if (url !== undefined && !/^https?:\/\/[^/]+/.test(url)) throw new UsageError(`--${key} must be an http(s) URL, got ${url}`);
  }
  if (!values.app && !values.proxy && !values['storage-dir']) {
    throw new UsageError('nothing to check: give --app, --proxy and/or --storage-dir');
  }
  const sha = values['expect-sha256'];
  if (sha !== undefined && !/^[0-9a-f]{64}$/i.test(sha)) throw new UsageError('--expect-sha256 must be 64 hex digits');
  if (values.proxy && !sha && !values['storage-dir']) {
    throw new UsageError('--proxy needs --storage-dir or --expect-sha256, to know the check file when it comes back');
  }
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) throw new UsageError('--timeout must be milliseconds > 0');
  for (const key of ['check-path', 'proxy-check-path'] as const) {
    const path = values[key];
    if (path !== undefined && !path.startsWith('/')) throw new UsageError(`--${key} must start with /`);
  }
  const options: Partial<HealthcheckOptions> = {};
  const set = <K extends keyof HealthcheckOptions>(key: K, value: HealthcheckOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  set('appUrl', values.app);
  set('proxyUrl', values.proxy);
  set('checkPath', values['check-path']);
  set('proxyCheckPath', values['proxy-check-path']);
  set('storageDir', values['storage-dir']);
  set('checkFile', values['check-file']);
  set('expectSha256', sha);
  set('offloadHeader', values['offload-header']);
  set('timeoutMs', timeout);
  return { ...options, json: values.json };
}

/** The report as text: one line per check, then the verdict. */
export function formatReport(report: HealthcheckReport): string {
  const lines = ['nestjs-downloadview healthcheck'];
  for (const outcome of report.outcomes) {
    lines.push(`${MARKS[outcome.status]} ${outcome.part.padEnd(8)} ${outcome.summary}`);
    for (const detail of outcome.details ?? []) lines.push(`${' '.repeat(16)}${detail}`);
  }
  lines.push(report.fault ? `FAULT: ${report.fault.message}` : 'OK: every check that ran passed.');
  return lines.join('\n');
}

/** `nestjs-downloadview healthcheck ...`: answers the exit status. */
export async function healthcheckCommand(
  argv: string[],
  print: (text: string) => void = (text) => process.stdout.write(`${text}\n`),
  printError: (text: string) => void = (text) => process.stderr.write(`${text}\n`),
): Promise<number> {
  let parsed;
  try {
    parsed = parseHealthcheckArgs(argv);
  } catch (err) {
    printError(`nestjs-downloadview healthcheck: ${(err as Error).message}\n\n${HEALTHCHECK_USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    print(HEALTHCHECK_USAGE);
    return 0;
  }
  const { json, ...options } = parsed;
  const report = await runHealthchecks(options);
  print(json ? JSON.stringify(report, null, 2) : formatReport(report));
  return report.ok ? 0 : 1;
}
