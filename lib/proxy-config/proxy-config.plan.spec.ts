import { FileSystemStorage } from '../storage/file-system.storage';
import { XAccelRedirect } from '../optimizations/decorators/x-accel-redirect.decorator';
import { XSendfile } from '../optimizations/decorators/x-sendfile.decorator';
import { planProxyConfig } from './proxy-config.plan';
import { routeRulesOf } from './route-rules.util';

const storage = new FileSystemStorage({ location: '/srv/media', baseUrl: '/media/' });

describe('planProxyConfig', () => {
  it("maps a storage's sourceUrl rule to its location, a sourceDir rule to its folder, remote origins to nginx proxying", () => {
    const plan = planProxyConfig('nginx', {
      options: {
        storage,
        backend: 'nginx',
        rules: [
          { sourceUrl: '/media/', destinationUrl: '/protected/' },
          { sourceUrl: '/media/reports/', destinationUrl: '/protected-reports/' },
          { sourceUrl: 'https://cdn.example/files/', destinationUrl: '/remote/' },
          { backend: 'apache', sourceDir: '/srv/exports' },
        ],
      },
      routeRules: [{ sourceDir: '/srv/other/', destinationUrl: '/other/', allowSymlinks: true }],
    });
    expect(plan.locations).toEqual([
      { url: '/protected/', dir: '/srv/media', refuseSymlinks: true, rules: ['rules[0] (sourceUrl "/media/")'] },
      { url: '/protected-reports/', dir: '/srv/media/reports', refuseSymlinks: true, rules: ['rules[1] (sourceUrl "/media/reports/")'] },
      { url: '/remote/', origin: 'https://cdn.example/files/', refuseSymlinks: true, rules: ['rules[2] (sourceUrl "https://cdn.example/files/")'] },
      { url: '/other/', dir: '/srv/other', refuseSymlinks: false, rules: ['routeRules[0]'] },
    ]);
  });

  it('gives X-Sendfile servers one folder per destination, rules sharing it merged, links refused if one rule refuses', () => {
    const plan = planProxyConfig('lighttpd', {
      options: { backend: 'lighttpd', rules: [{ sourceUrl: '/media/', destinationDir: '/srv/media' }, { sourceDir: '/srv/media/' }] },
      routeRules: [{ sourceDir: '/srv/media', allowSymlinks: true }],
    });
    expect(plan.locations).toEqual([
      { dir: '/srv/media', refuseSymlinks: true, rules: ['rules[0] (sourceUrl "/media/")', 'rules[1] (sourceDir "/srv/media/")', 'routeRules[0]'] },
    ]);
  });

  it('throws, naming every rule at fault, for invalid rules, unknown folders, clashing locations or no rule at all', () => {
    expect(() =>
      planProxyConfig('nginx', {
        options: {
          backend: 'nginx',
          rules: [
            { sourceUrl: '/media/', destinationUrl: '/protected/' },
            { sourceDir: '/a', destinationUrl: 'relative/' },
            { sourceDir: '/b', destinationUrl: '/protected/' },
          ],
        },
      }),
    ).toThrow(
      /rules\[1\] \(sourceDir "\/a"\): destinationUrl must be[\s\S]*rules\[0\] \(sourceUrl "\/media\/"\): cannot tell which folder \/media\/ is/,
    );
    expect(() =>
      planProxyConfig('nginx', { options: { backend: 'nginx', rules: [{ sourceDir: '/a', destinationUrl: '/p/' }, { sourceDir: '/b', destinationUrl: '/p/' }] } }),
    ).toThrow('rules[1] (sourceDir "/b"): /p/ already serves /a (rules[0] (sourceDir "/a"))');
    expect(() => planProxyConfig('caddy', { options: { backend: 'nginx', rules: [{ sourceDir: '/a', destinationUrl: '/p/' }] } })).toThrow(
      'no offload rule for caddy',
    );
  });
});

describe('routeRulesOf', () => {
  it("reads the rules of a controller's @XAccelRedirect() / @XSendfile() decorators, class and methods, as written", () => {
    @XSendfile({ server: 'apache', sourceDir: '/srv/exports' })
    class Exports {
      @XAccelRedirect({ server: 'caddy', sourceDir: '/srv/reports', destinationUrl: '/r/' })
      report() {}
      plain() {}
    }
    expect(routeRulesOf(Exports)).toEqual([
      { backend: 'apache', sourceDir: '/srv/exports' },
      { backend: 'caddy', sourceDir: '/srv/reports', destinationUrl: '/r/' },
    ]);
    expect(planProxyConfig('caddy', { options: {}, routeRules: routeRulesOf(Exports) }).locations).toEqual([
      { url: '/r/', dir: '/srv/reports', refuseSymlinks: true, rules: ['routeRules[1]'] },
    ]);
  });
});
