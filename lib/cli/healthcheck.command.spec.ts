import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatReport, healthcheckCommand, parseHealthcheckArgs, UsageError } from './healthcheck.command';

describe('nestjs-downloadview healthcheck arguments', () => {
  it('reads every flag into the options', () => {
    expect(
      parseHealthcheckArgs([
        '--app', 'http://127.0.0.1:3000', '--proxy', 'http://127.0.0.1:8080', '--check-path', '/hc/download',
        '--proxy-check-path', '/hc/proxy', '--storage-dir', '/srv/media', '--check-file', 'hc.txt',
        '--expect-sha256', 'a'.repeat(64), '--offload-header', 'X-Sendfile', '--timeout', '900', '--json',
        '--skip', 'together', '--skip', 'storage',
      ]),
    ).toEqual({
      appUrl: 'http://127.0.0.1:3000',
      proxyUrl: 'http://127.0.0.1:8080',
      checkPath: '/hc/download',
      proxyCheckPath: '/hc/proxy',
      storageDir: '/srv/media',
      checkFile: 'hc.txt',
      expectSha256: 'a'.repeat(64),
      offloadHeader: 'X-Sendfile',
      timeoutMs: 900,
      skip: ['storage', 'together'],
      json: true,
    });
  });

  it('reads --skip repeated or comma-separated, in the order the checks run, and leaves it out when absent', () => {
    expect(parseHealthcheckArgs(['--app', 'http://a', '--skip', 'together, proxy', '--skip', 'storage,proxy'])).toMatchObject({
      skip: ['storage', 'proxy', 'together'],
    });
    expect(parseHealthcheckArgs(['--app', 'http://a'])).not.toHaveProperty('skip');
  });

  it.each([
    [[], 'nothing to check: give --app, --proxy and/or --storage-dir'],
    [['--app', 'localhost:3000'], '--app must be an http(s) URL, got localhost:3000'],
    [['--proxy', 'http://127.0.0.1:80'], '--proxy needs --storage-dir or --expect-sha256'],
    [['--storage-dir', '/x', '--expect-sha256', 'abc'], '--expect-sha256 must be 64 hex digits'],
    [['--storage-dir', '/x', '--timeout', 'soon'], '--timeout must be milliseconds > 0'],
    [['--storage-dir', '/x', '--check-path', 'download'], '--check-path must start with /'],
    [['--storage-dir', '/x', 'extra'], 'unexpected argument: extra'],
    [['--app', 'http://a', '--skip', 'nginx'], '--skip takes storage, app, proxy, together; got "nginx"'],
    [['--app', 'http://a', '--skip', 'storage,app,proxy,together'], '--skip leaves no check to run'],
    [
      ['--proxy', 'http://p', '--storage-dir', '/x', '--skip', 'storage'],
      '--proxy with --skip storage needs --expect-sha256',
    ],
  ])('refuses %j', (argv, message) => {
    expect(() => parseHealthcheckArgs(argv)).toThrow(message);
    if (argv.length) expect(() => parseHealthcheckArgs(argv)).toThrow(UsageError);
  });

  it('exits 2 with the usage on a wrong option, 0 with --help', async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await healthcheckCommand(['--nope'], (t) => out.push(t), (t) => err.push(t))).toBe(2);
    expect(err.join('')).toContain("Unknown option '--nope'");
    expect(err.join('')).toContain('Usage: nestjs-downloadview healthcheck');
    expect(await healthcheckCommand(['--help'], (t) => out.push(t))).toBe(0);
    expect(out.join('')).toContain('--proxy-check-path PATH');
    expect(out.join('')).toContain('--skip NAME');
  });

  it('exits 3 when a check cannot run for want of its option, 0 once it is skipped by name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dv-cli-'));
    try {
      fs.writeFileSync(path.join(dir, 'healthcheck.txt'), 'ok\n');
      const out: string[] = [];
      expect(await healthcheckCommand(['--storage-dir', dir], (t) => out.push(t))).toBe(3);
      expect(out.join('')).toContain('[skip] app      no --app given');
      expect(out.join('')).toContain('Not run: give --app, or leave this check out with --skip app.');
      expect(out.join('')).toContain('NOT RUN: app, proxy, together: give --app and --proxy, or leave them out with --skip app,proxy,together.');
      out.length = 0;
      expect(await healthcheckCommand(['--storage-dir', dir, '--skip', 'app,proxy,together'], (t) => out.push(t))).toBe(0);
      expect(out.join('')).toContain('[skip] app      skipped as asked (--skip app)');
      expect(out.join('')).toContain('OK: every check that ran passed.');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('formatReport', () => {
  it('prints one line per check, the details, and the fault', () => {
    const text = formatReport({
      ok: false,
      outcomes: [
        { part: 'storage', status: 'pass', summary: '/srv/media/healthcheck.txt readable' },
        { part: 'app', status: 'skip', summary: 'no --app given' },
        { part: 'proxy', status: 'fail', summary: 'GET http://p/healthcheck-utils/proxy → 404', details: ['Check the alias.'] },
      ],
      fault: { part: 'proxy', message: 'the proxy: it cannot serve the check file from storage.' },
      notRun: ['app'],
    });
    expect(text).toBe(
      [
        'nestjs-downloadview healthcheck',
        '[ ok ] storage  /srv/media/healthcheck.txt readable',
        '[skip] app      no --app given',
        '[FAIL] proxy    GET http://p/healthcheck-utils/proxy → 404',
        '                Check the alias.',
        'FAULT: the proxy: it cannot serve the check file from storage.',
        'NOT RUN: app: give --app, or leave it out with --skip app.',
      ].join('\n'),
    );
  });

  it('says OK when nothing failed and every check not skipped by name ran', () => {
    const text = formatReport({
      ok: true,
      outcomes: [
        { part: 'storage', status: 'pass', summary: 'readable' },
        { part: 'app', status: 'skip', summary: 'skipped as asked (--skip app)' },
      ],
      notRun: [],
    });
    expect(text.split('\n').slice(-2)).toEqual(['[skip] app      skipped as asked (--skip app)', 'OK: every check that ran passed.']);
  });
});
