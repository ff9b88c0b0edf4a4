import { formatReport, healthcheckCommand, parseHealthcheckArgs, UsageError } from './healthcheck.command';

describe('nestjs-downloadview healthcheck arguments', () => {
  it('reads every flag into the options', () => {
    expect(
      parseHealthcheckArgs([
        '--app', 'http://127.0.0.1:3000', '--proxy', 'http://127.0.0.1:8080', '--check-path', '/hc/download',
        '--proxy-check-path', '/hc/proxy', '--storage-dir', '/srv/media', '--check-file', 'hc.txt',
        '--expect-sha256', 'a'.repeat(64), '--offload-header', 'X-Sendfile', '--timeout', '900', '--json',
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
      json: true,
    });
  });

  it.each([
    [[], 'nothing to check: give --app, --proxy and/or --storage-dir'],
    [['--app', 'localhost:3000'], '--app must be an http(s) URL, got localhost:3000'],
    [['--proxy', 'http://127.0.0.1:80'], '--proxy needs --storage-dir or --expect-sha256'],
    [['--storage-dir', '/x', '--expect-sha256', 'abc'], '--expect-sha256 must be 64 hex digits'],
    [['--storage-dir', '/x', '--timeout', 'soon'], '--timeout must be milliseconds > 0'],
    [['--storage-dir', '/x', '--check-path', 'download'], '--check-path must start with /'],
    [['--storage-dir', '/x', 'extra'], 'unexpected argument: extra'],
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
    });
    expect(text).toBe(
      [
        'nestjs-downloadview healthcheck',
        '[ ok ] storage  /srv/media/healthcheck.txt readable',
        '[skip] app      no --app given',
        '[FAIL] proxy    GET http://p/healthcheck-utils/proxy → 404',
        '                Check the alias.',
        'FAULT: the proxy: it cannot serve the check file from storage.',
      ].join('\n'),
    );
  });
});
