import 'reflect-metadata';
import { OFFLOAD_RULES_METADATA } from '../offload.constants';
import type { CompiledOffloadRule } from '../offload-rules';
import { XAccelRedirect } from './x-accel-redirect.decorator';
import { XSendfile } from './x-sendfile.decorator';

const rulesOf = (target: object): CompiledOffloadRule[] => Reflect.getMetadata(OFFLOAD_RULES_METADATA, target) ?? [];

describe('@XAccelRedirect() and @XSendfile()', () => {
  it('store compiled rules on a method, in the order they are written', () => {
    class Reports {
      @XAccelRedirect({ sourceUrl: '/media/', destinationUrl: '/first/', withBuffering: false })
      @XSendfile({ server: 'apache', sourceDir: '/srv/reports', destinationDir: '/var/reports' })
      report() {}
    }
    const rules = rulesOf(Reports.prototype.report);
    expect(rules.map((r) => [r.backend.name, r.destination, r.label])).toEqual([
      ['nginx', '/first/', '@XAccelRedirect() on Reports.report'],
      ['apache', '/var/reports', '@XSendfile() on Reports.report'],
    ]);
    expect(rules[0].options.withBuffering).toBe(false);
  });

  it('store an X-Accel-Redirect rule for Caddy when `server` names it', () => {
    class Media {
      @XAccelRedirect({ server: 'caddy', sourceDir: '/srv/media', destinationUrl: '/protected/' })
      file() {}
    }
    expect(rulesOf(Media.prototype.file).map((r) => [r.backend.name, r.destination])).toEqual([['caddy', '/protected/']]);
  });

  it('store a rule on a controller class', () => {
    @XSendfile({ server: 'lighttpd', sourceDir: '/srv/exports', destinationDir: '/exports' })
    class Exports {}
    expect(rulesOf(Exports).map((r) => [r.backend.name, r.sourceDir, r.destination])).toEqual([
      ['lighttpd', '/srv/exports', '/exports'],
    ]);
  });

  it('throw when the class loads, naming the decorator, its place and the problem', () => {
    expect(() => {
      class Broken {
        @XAccelRedirect({ sourceUrl: '/media/', destinationUrl: 'protected/' })
        report() {}
      }
      return Broken;
    }).toThrow(/@XAccelRedirect\(\) on Broken\.report: destinationUrl must be an internal location path/);
    expect(() => {
      // @ts-expect-error nginx is not an X-Sendfile server
      @XSendfile({ server: 'nginx', sourceDir: '/a' })
      class Wrong {}
      return Wrong;
    }).toThrow(/@XSendfile\(\) on Wrong: nginx needs destinationUrl/);
  });
});
