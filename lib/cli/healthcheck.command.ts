import { parseArgs } from 'node:util';
import {
  DEFAULT_HEALTHCHECK_OPTIONS,
  HEALTHCHECK_NEEDS,
  HEALTHCHECK_PARTS,
  type HealthcheckOptions,
  type HealthcheckPart,
  type HealthcheckReport,
} from '../health/checks/healthcheck.types';
import { runHealthchecks } from '../health/healthcheck.runner';

export const HEALTHCHECK_USAGE = `Usage: nestjs-downloadview healthcheck [options]

Runs django-downloadview's four healthchecks against a live deployment and
names the part at fault:
  storage   the check file can be read from the storage folder
  app       the app alone answers the check route with the offload header
  proxy     the proxy alone serves the check file from storage (and keeps
            its internal location private)
  together  the check route, through the proxy, returns the check file

A check runs when its option is given: storage needs --storage-dir, app needs
--app, proxy and together need --proxy. A check that cannot run makes the
command fail (exit status 3) unless it is left out by name with --skip.

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
  --skip NAME              leave out the check NAME (storage, app, proxy, together);
                           repeat it or separate names with commas
  --json                   print the report as JSON
  -h, --help               show this help

Exit status: 0 when every check not left out with --skip ran and passed,
1 when one failed, 2 on a usage error, 3 when none failed but one could not
run for want of its option.`;

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
      skip: { type: 'string', multiple: true },
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
  const skip = parseSkip(values.skip ?? []);
  const sha = values['expect-sha256'];
  if (sha !== undefined && !/^[0-9a-f]{64}$/i.test(sha)) throw new UsageError('--expect-sha256 must be 64 hex digits');
  if (values.proxy && !sha && !values['storage-dir']) {
    throw new UsageError('--proxy needs --storage-dir or --expect-sha256, to know the check file when it comes back');
  }
  if (values.proxy && !sha && skip.includes('storage')) {
    throw new UsageError('--proxy with --skip storage needs --expect-sha256, to know the check file when it comes back');
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
  if (skip.length) options.skip = skip;
  return { ...options, json: values.json };
}

/** The checks named by `--skip` (repeated, or comma-separated), in the order they run. */
function parseSkip(values: readonly string[]): HealthcheckPart[] {
  const names = new Set(values.flatMap((value) => value.split(',').map((name) => name.trim()).filter(Boolean)));
  for (const name of names) {
    if (!(HEALTHCHECK_PARTS as readonly string[]).includes(name)) {
      throw new UsageError(`--skip takes ${HEALTHCHECK_PARTS.join(', ')}; got ${JSON.stringify(name)}`);
    }
  }
  const skip = HEALTHCHECK_PARTS.filter((part) => names.has(part));
  if (skip.length === HEALTHCHECK_PARTS.length) throw new UsageError('--skip leaves no check to run');
  return skip;
}

/** The report as text: one line per check, then the verdict. */
export function formatReport(report: HealthcheckReport): string {
  const lines = ['nestjs-downloadview healthcheck'];
  for (const outcome of report.outcomes) {
    lines.push(`${MARKS[outcome.status]} ${outcome.part.padEnd(8)} ${outcome.summary}`);
    for (const detail of outcome.details ?? []) lines.push(`${' '.repeat(16)}${detail}`);
  }
  if (report.fault) lines.push(`FAULT: ${report.fault.message}`);
  if (report.notRun.length) {
    const options = [...new Set(report.notRun.map((part) => HEALTHCHECK_NEEDS[part]))];
    const them = report.notRun.length === 1 ? 'it' : 'them';
    lines.push(
      `NOT RUN: ${report.notRun.join(', ')}: give ${listed(options)}, or leave ${them} out with --skip ${report.notRun.join(',')}.`,
    );
  }
  if (!report.fault && !report.notRun.length) lines.push('OK: every check that ran passed.');
  return lines.join('\n');
}

/** `a`, `a and b`, `a, b and c`. */
function listed(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
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
  return report.fault ? 1 : report.notRun.length ? 3 : 0;
}
