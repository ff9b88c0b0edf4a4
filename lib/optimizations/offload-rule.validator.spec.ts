import { validateDownloadOptions } from '../download-module-options.validator';
import { NginxBackend } from './backends/nginx.backend';
import type { OffloadRule } from './offload-rule.interface';
import { compileOffloadRules } from './offload-rule.validator';

const problemsOf = (rules: unknown, backend?: unknown) => compileOffloadRules(rules, backend).problems;

describe('compileOffloadRules', () => {
  it('compiles valid rules into canonical prefixes and destinations', () => {
    const { rules, problems, backend } = compileOffloadRules(
      [
        { sourceUrl: '/media', destinationUrl: '/protected' },
        { backend: 'apache', sourceDir: '/srv/exports/', destinationDir: '/var/exports/' },
        { backend: 'lighttpd', sourceDir: '/srv/same' },
      ],
      'nginx',
    );
    expect(problems).toEqual([]);
    expect(backend?.name).toBe('nginx');
    expect(rules.map((r) => [r.label, r.backend.name, r.sourceUrl ?? r.sourceDir, r.destination])).toEqual([
      ['rules[0] (sourceUrl "/media")', 'nginx', '/media/', '/protected/'],
      ['rules[1] (sourceDir "/srv/exports/")', 'apache', '/srv/exports', '/var/exports'],
      ['rules[2] (sourceDir "/srv/same")', 'lighttpd', '/srv/same', '/srv/same'],
    ]);
  });

  it('accepts an OffloadBackend object as the backend', () => {
    const custom = new NginxBackend();
    const { rules, problems } = compileOffloadRules([{ sourceUrl: '/m/', destinationUrl: '/p/' }], custom);
    expect(problems).toEqual([]);
    expect(rules[0].backend).toBe(custom);
  });

  it.each<[string, unknown, unknown, string]>([
    ['a rule without backend', [{ sourceUrl: '/m/', destinationUrl: '/p/' }], undefined, 'rules[0] (sourceUrl "/m/"): no backend: set `backend` on the rule or in the DownloadModule options'],
    ['a misspelled backend', [], 'nignx', `backend must be 'nginx', 'apache', 'lighttpd', 'caddy' or an OffloadBackend, got "nignx"`],
    ['redirect as the module-wide backend', [], 'redirect', `backend 'redirect' is chosen per rule`],
    ['a misspelled rule backend', [{ backend: 'apach', sourceDir: '/a' }], 'nginx', 'rules[0] (sourceDir "/a"): backend must be'],
    ['rules that are not an array', { sourceUrl: '/m/' }, 'nginx', 'rules must be an array of offload rules'],
    ['a rule that is not an object', ['/media/'], 'nginx', 'rules[0]: a rule must be an object, got "/media/"'],
    ['an unknown (Django-style) key', [{ source_url: '/m/', destinationUrl: '/p/' }], 'nginx', 'rules[0]: unknown option(s) "source_url"'],
    ['no source', [{ destinationUrl: '/p/' }], 'nginx', 'rules[0]: needs sourceUrl (files by URL), sourceDir (files by path) or sourceStorage (objects by presigned URL)'],
    ['both sources', [{ sourceUrl: '/m/', sourceDir: '/m', destinationUrl: '/p/' }], 'nginx', 'give one of sourceUrl, sourceDir or sourceStorage, not sourceUrl and sourceDir'],
    ['a relative sourceUrl', [{ sourceUrl: 'media/', destinationUrl: '/p/' }], 'nginx', 'sourceUrl must start with "/"'],
    ['a protocol-relative sourceUrl', [{ sourceUrl: '//h/m/', destinationUrl: '/p/' }], 'nginx', 'sourceUrl must start with "/"'],
    ['a sourceUrl with ..', [{ sourceUrl: '/m/../x/', destinationUrl: '/p/' }], 'nginx', 'sourceUrl must not hold "." or ".." segments'],
    ['a sourceUrl with a query', [{ sourceUrl: '/m/?a', destinationUrl: '/p/' }], 'nginx', 'without ?, # or control characters'],
    ['a relative sourceDir', [{ sourceDir: 'srv/m', destinationUrl: '/p/' }], 'nginx', 'sourceDir must be an absolute folder path, got "srv/m"'],
    ['nginx without destinationUrl', [{ sourceUrl: '/m/' }], 'nginx', 'nginx needs destinationUrl (an internal location, e.g. "/protected/")'],
    ['nginx given destinationDir', [{ sourceUrl: '/m/', destinationDir: '/p', destinationUrl: '/p/' }], 'nginx', 'destinationDir is for X-Sendfile servers'],
    ['a relative destinationUrl', [{ sourceUrl: '/m/', destinationUrl: 'protected/' }], 'nginx', 'destinationUrl must be an internal location path starting with "/"'],
    ['a destinationUrl with spaces', [{ sourceUrl: '/m/', destinationUrl: '/my files/' }], 'nginx', 'percent-encode it'],
    ['a destinationUrl with ..', [{ sourceUrl: '/m/', destinationUrl: '/p/../q/' }], 'nginx', 'destinationUrl must not hold "." or ".." segments'],
    ['apache without destination', [{ sourceUrl: '/m/' }], 'apache', 'apache needs destinationDir (the absolute folder it reads the files from)'],
    ['apache given destinationUrl', [{ sourceDir: '/m', destinationUrl: '/p/' }], 'apache', 'destinationUrl is for nginx'],
    ['a relative destinationDir', [{ sourceUrl: '/m/', destinationDir: 'var/x' }], 'lighttpd', 'destinationDir must be an absolute folder path'],
    ['nginx options on lighttpd', [{ sourceDir: '/m', expires: 10, limitRate: 5 }], 'lighttpd', 'expires, limitRate are not understood by lighttpd'],
    ['a negative expires', [{ sourceUrl: '/m/', destinationUrl: '/p/', expires: -1 }], 'nginx', 'expires must be whole seconds >= 0, a valid Date or false, got -1'],
    ['an invalid Date', [{ sourceUrl: '/m/', destinationUrl: '/p/', expires: new Date('x') }], 'nginx', 'got an invalid Date'],
    ['expires true', [{ sourceUrl: '/m/', destinationUrl: '/p/', expires: true }], 'nginx', 'expires must be'],
    ['a string allowSymlinks', [{ sourceDir: '/srv', allowSymlinks: 'yes' }], 'lighttpd', 'allowSymlinks must be true or false, got "yes"'],
    ['a string withBuffering', [{ sourceUrl: '/m/', destinationUrl: '/p/', withBuffering: 'no' }], 'nginx', 'withBuffering must be true or false, got "no"'],
    ['a fractional limitRate', [{ sourceUrl: '/m/', destinationUrl: '/p/', limitRate: 1.5 }], 'nginx', 'limitRate must be whole bytes per second >= 0 or false, got 1.5'],
  ])('names the rule and the problem for %s', (_what, rules, backend, message) => {
    const problems = problemsOf(rules, backend);
    expect(problems.some((p) => p.includes(message))).toBe(true);
  });

  it('lists the problems of every wrong rule, each with its index', () => {
    const problems = problemsOf(
      [{ sourceUrl: '/ok/', destinationUrl: '/p/' }, { sourceUrl: 'bad' , destinationUrl: '/p/' }, { sourceDir: '/x', destinationUrl: 'p' }] as OffloadRule[],
      'nginx',
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^rules\[1\] \(sourceUrl "bad"\): sourceUrl must start/);
    expect(problems[1]).toMatch(/^rules\[2\] \(sourceDir "\/x"\): destinationUrl must be/);
  });
});

describe('validateDownloadOptions with offload rules', () => {
  it('fails at start-up with one message naming the wrong rule', () => {
    expect(() =>
      validateDownloadOptions({ backend: 'nginx', rules: [{ sourceUrl: '/media/', destinationUrl: '/protected/' }, { sourceUrl: '/x/' }] }),
    ).toThrow('DownloadModule: invalid options:\n- rules[1] (sourceUrl "/x/"): nginx needs destinationUrl');
  });

  it('accepts valid offload options and compiles them once, into the normalised options', () => {
    const options = { backend: 'apache' as const, rules: [{ sourceDir: '/srv/exports' }] };
    const config = validateDownloadOptions(options);
    expect(config).toMatchObject({ ...options, defaults: {}, maxRanges: 32 });
    expect(config.offloadBackend?.name).toBe('apache');
    expect(config.offloadRules).toHaveLength(1);
    expect(config.offloadRules[0]).toMatchObject({ destination: '/srv/exports', backend: config.offloadBackend });
  });
});
