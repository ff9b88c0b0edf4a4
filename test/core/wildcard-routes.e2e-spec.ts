import { Controller, Get, type INestApplication, type LoggerService, Param } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Download, DownloadModule, VirtualFile, WildcardPath } from 'nestjs-downloadview';
import { rawRequest } from '../proxies/http-client';
import { ADAPTERS, appUrl } from '../support/test-app.factory';

@Controller('tails')
class TailsController {
  @Get('files/*')
  @Download()
  file(@WildcardPath() name: string[]) {
    return new VirtualFile(JSON.stringify(name), { name: name.at(-1) ?? 'root.txt' });
  }

  @Get(['a/*', 'b/*'])
  @Download()
  either(@WildcardPath() name: string[]) {
    return new VirtualFile(name.join('|'), { name: 'either.txt' });
  }

  /** Not a @WildcardPath() route: Nest's own conversion and warning are left alone. */
  @Get('plain/*')
  plain(@Param() params: Record<string, unknown>) {
    return params;
  }
}

/** Keeps what Nest logs, warnings first of all. */
class CapturingLogger implements LoggerService {
  readonly warnings: string[] = [];
  log(): void {}
  error(message: unknown): void {
    this.warnings.push(`error: ${String(message)}`);
  }
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}

/**
 * `prefix/*` is the one wildcard form both adapters start with (Fastify
 * refuses `{*path}` and `*name`); Express 5 warns about it once per route
 * (LegacyRouteConverter). In an app with DownloadModule, the routes of
 * @WildcardPath() handlers reach Express already converted: no warning, and
 * they still answer nested names with spaces and Unicode on both adapters.
 */
describe.each(ADAPTERS)('wildcard routes on %s', (adapter) => {
  let app: INestApplication;
  let base: string;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DownloadModule.forRoot()],
      controllers: [TailsController],
    }).compile();
    app = moduleRef.createNestApplication(adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), { logger });
    await app.listen(0, '127.0.0.1');
    base = await appUrl(app);
  });

  afterAll(() => app.close());

  it('logs no LegacyRouteConverter warning for a @WildcardPath() route', () => {
    expect(logger.warnings.filter((warning) => /\/tails\/(files|a|b)\/\*/.test(warning))).toEqual([]);
  });

  it('leaves the warning of other routes to Nest', () => {
    const plain = logger.warnings.filter((warning) => warning.includes('/tails/plain/*'));
    expect(plain).toHaveLength(adapter === 'express' ? 1 : 0);
  });

  it('answers a nested name with a space and Unicode as its segments', async () => {
    const res = await rawRequest(`${base}/tails/files/notes/caf%C3%A9%20menu%20%F0%9F%8E%89.txt`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual(['notes', 'café menu 🎉.txt']);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''caf%C3%A9%20menu%20%F0%9F%8E%89.txt`);
  });

  it('answers each path of a route declared with several', async () => {
    expect((await rawRequest(`${base}/tails/a/x/y`)).body.toString()).toBe('x|y');
    expect((await rawRequest(`${base}/tails/b/z`)).body.toString()).toBe('z');
  });
});
