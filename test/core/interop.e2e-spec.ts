import { CACHE_MANAGER, CacheInterceptor, CacheModule } from '@nestjs/cache-manager';
import {
  type ArgumentsHost,
  type CallHandler,
  type CanActivate,
  Catch,
  ClassSerializerInterceptor,
  Controller,
  type DynamicModule,
  type ExceptionFilter,
  type ExecutionContext,
  Get,
  Header,
  type INestApplication,
  Injectable,
  Module,
  type NestInterceptor,
  NotFoundException,
  Param,
  ParseIntPipe,
  Scope,
  type Type,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { APP_INTERCEPTOR, HttpAdapterHost, Reflector } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Exclude } from 'class-transformer';
import { map, tap } from 'rxjs';
import request from 'supertest';
import { Download, DownloadModule, PathFile, ServedDownload, VirtualFile } from 'nestjs-downloadview';
import { ADAPTERS, type AdapterName } from '../support/test-app.factory';
import { binaryBody } from './support/binary-body';
import { createFixtureTree, DIGITS, type FixtureTree } from './support/fixture-tree';

const ORIGIN = 'https://client.example';
let ROOT = '';

@Injectable()
class DenyGuard implements CanActivate {
  canActivate() {
    return false;
  }
}

/** Answers a 404 with its own body, whatever the adapter. */
@Catch(NotFoundException)
class MissingFileFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}
  catch(_exception: NotFoundException, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse();
    this.adapterHost.httpAdapter.reply(res, { missing: true, by: 'MissingFileFilter' }, 404);
  }
}

/** Replaces whatever the handler returned with another file. */
@Injectable()
class Swap implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler) {
    return next.handle().pipe(map(() => new PathFile('hello.txt', { root: ROOT })));
  }
}

/** Sets a cookie and a header on the adapter's response, before the handler. */
@Injectable()
class CookieInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const res = context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>();
    res.header('Set-Cookie', 'session=abc123; Path=/; HttpOnly');
    res.header('X-Request-Tag', 'tagged');
    return next.handle();
  }
}

class UserDto {
  name = 'ada';
  @Exclude() password = 'secret';
}

/** What the handlers returned last, to compare identities with. */
const returned: { file?: PathFile } = {};

@Controller('io')
class InteropController {
  @Get('guarded')
  @UseGuards(DenyGuard)
  guarded() {
    return new PathFile('hello.txt', { root: ROOT });
  }

  @Get('guarded-download')
  @UseGuards(DenyGuard)
  @Download()
  guardedDownload() {
    return new PathFile('hello.txt', { root: ROOT });
  }

  @Get('by-id/:id')
  byId(@Param('id', ParseIntPipe) id: number) {
    return new VirtualFile(`file number ${id}\n`, { name: `file-${id}.txt` });
  }

  @Get('plain/:name')
  plain(@Param('name') name: string) {
    returned.file = new PathFile(name, { root: ROOT });
    return returned.file;
  }

  @Get('download/:name')
  @Download()
  download(@Param('name') name: string) {
    returned.file = new PathFile(name, { root: ROOT });
    return returned.file;
  }

  @Get('swapped')
  @UseInterceptors(Swap)
  @Download()
  swapped() {
    return new PathFile('digits.txt', { root: ROOT });
  }

  @Get('swapped-plain')
  @UseInterceptors(Swap)
  swappedPlain() {
    return new PathFile('digits.txt', { root: ROOT });
  }

  @Get('headers')
  @Header('X-Custom', 'kept')
  @Header('Cache-Control', 'no-store')
  @UseInterceptors(CookieInterceptor)
  headers() {
    return new PathFile('hello.txt', { root: ROOT });
  }

  @Get('headers-download')
  @Header('X-Custom', 'kept')
  @UseInterceptors(CookieInterceptor)
  @Download()
  headersDownload() {
    return new PathFile('hello.txt', { root: ROOT });
  }

  @Get('json')
  json() {
    return new UserDto();
  }
}

@Controller('filtered')
@UseFilters(MissingFileFilter)
class FilteredController {
  @Get('plain/:name')
  plain(@Param('name') name: string) {
    return new PathFile(name, { root: ROOT });
  }

  @Get('download/:name')
  @Download()
  download(@Param('name') name: string) {
    return new PathFile(name, { root: ROOT });
  }
}

@Controller({ path: 'scoped', scope: Scope.REQUEST })
class RequestScopedController {
  private readonly created = Date.now();

  @Get('download')
  @Download()
  download() {
    return new PathFile('digits.txt', { root: ROOT, basename: `scoped-${this.created > 0}.txt` });
  }

  @Get('plain')
  plain() {
    return new PathFile('digits.txt', { root: ROOT });
  }
}

async function startApp(
  adapter: AdapterName,
  metadata: { imports?: (Type | DynamicModule)[]; controllers?: Type[]; providers?: unknown[] },
  configure?: (app: INestApplication) => void,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule(metadata as never).compile();
  const options = { logger: false as const, cors: { origin: ORIGIN, exposedHeaders: ['Content-Disposition'] } };
  const app =
    adapter === 'express'
      ? moduleRef.createNestApplication(new ExpressAdapter(), options)
      : moduleRef.createNestApplication(new FastifyAdapter(), options);
  configure?.(app);
  await app.listen(0, '127.0.0.1');
  return app;
}

const getter = (app: () => INestApplication) => (url: string, headers: Record<string, string> = {}) =>
  request(app().getHttpServer()).get(url).set(headers).buffer(true).parse(binaryBody);

describe.each(ADAPTERS)('the global DownloadInterceptor with the rest of Nest (%s)', (adapter) => {
  let tree: FixtureTree;
  beforeAll(() => {
    tree = createFixtureTree(1024);
    ROOT = tree.root;
  });
  afterAll(() => tree?.remove());

  describe('guards, pipes, filters, route interceptors, headers, CORS', () => {
    let app: INestApplication;
    const get = getter(() => app);
    beforeAll(async () => {
      app = await startApp(adapter, {
        imports: [DownloadModule.forRoot()],
        controllers: [InteropController, FilteredController, RequestScopedController],
      });
    });
    afterAll(() => app?.close());

    it.each(['guarded', 'guarded-download'])('answers 403 JSON when a guard denies (/io/%s)', async (route) => {
      const res = await request(app.getHttpServer()).get(`/io/${route}`).expect(403);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ statusCode: 403 });
      expect(res.headers['content-disposition']).toBeUndefined();
    });

    it('runs pipes: ParseIntPipe converts, and refuses with 400', async () => {
      const ok = await get('/io/by-id/42').expect(200);
      expect(ok.body.toString()).toBe('file number 42\n');
      expect(ok.headers['content-disposition']).toBe('attachment; filename="file-42.txt"');
      const bad = await request(app.getHttpServer()).get('/io/by-id/forty-two').expect(400);
      expect(bad.body).toMatchObject({ statusCode: 400 });
    });

    it.each(['plain', 'download'])('lets a controller exception filter answer the 404 of a missing file (%s)', async (kind) => {
      const res = await request(app.getHttpServer()).get(`/filtered/${kind}/missing.txt`).expect(404);
      expect(res.body).toEqual({ missing: true, by: 'MissingFileFilter' });
      const found = await get(`/filtered/${kind}/hello.txt`).expect(200);
      expect(found.body.toString()).toBe('Hello world\n');
    });

    it.each(['swapped', 'swapped-plain'])('serves the file a route interceptor swapped in (/io/%s)', async (route) => {
      const res = await get(`/io/${route}`).expect(200);
      expect(res.body.toString()).toBe('Hello world\n');
      expect(res.headers['content-disposition']).toBe('attachment; filename="hello.txt"');
      const part = await get(`/io/${route}`, { range: 'bytes=0-4' }).expect(206);
      expect(part.body.toString()).toBe('Hello');
    });

    it.each(['headers', 'headers-download'])('keeps @Header() and an interceptor cookie (/io/%s)', async (route) => {
      const res = await get(`/io/${route}`).expect(200);
      expect(res.body.toString()).toBe('Hello world\n');
      expect(res.headers['x-custom']).toBe('kept');
      expect(res.headers['x-request-tag']).toBe('tagged');
      expect(res.headers['set-cookie']).toEqual(['session=abc123; Path=/; HttpOnly']);
      expect(res.headers['content-disposition']).toBe('attachment; filename="hello.txt"');
    });

    it('keeps the Cache-Control set with @Header() on a route without @Download()', async () => {
      const res = await get('/io/headers').expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it.each(['plain/digits.txt', 'download/digits.txt'])('keeps the CORS headers (/io/%s)', async (route) => {
      const res = await get(`/io/${route}`, { origin: ORIGIN }).expect(200);
      expect(res.body.toString()).toBe(DIGITS);
      expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(res.headers['access-control-expose-headers']).toBe('Content-Disposition');
      const part = await get(`/io/${route}`, { origin: ORIGIN, range: 'bytes=0-1' }).expect(206);
      expect(part.headers['access-control-allow-origin']).toBe(ORIGIN);
    });

    it('serves a request-scoped controller, with @Download() and without', async () => {
      for (let i = 0; i < 2; i++) {
        const decorated = await get('/scoped/download').expect(200);
        expect(decorated.body.toString()).toBe(DIGITS);
        expect(decorated.headers['content-disposition']).toBe('attachment; filename="scoped-true.txt"');
        const plain = await get('/scoped/plain', { range: 'bytes=2-3' }).expect(206);
        expect(plain.body.toString()).toBe(DIGITS.slice(2, 4));
      }
    });
  });

  describe('ClassSerializerInterceptor and CacheInterceptor', () => {
    @Module({
      providers: [
        { provide: APP_INTERCEPTOR, useClass: ClassSerializerInterceptor },
        { provide: APP_INTERCEPTOR, useClass: CacheInterceptor },
      ],
    })
    class SerializeAndCacheModule {}

    const modes: [string, () => Parameters<typeof startApp>[1], ((app: INestApplication) => void)?][] = [
      ['APP_INTERCEPTOR in a module imported before DownloadModule', () => ({
        imports: [CacheModule.register({ isGlobal: true }), SerializeAndCacheModule, DownloadModule.forRoot()],
        controllers: [InteropController],
      })],
      ['APP_INTERCEPTOR in a module imported after DownloadModule', () => ({
        imports: [CacheModule.register({ isGlobal: true }), DownloadModule.forRoot(), SerializeAndCacheModule],
        controllers: [InteropController],
      })],
      ['APP_INTERCEPTOR in the root providers', () => ({
        imports: [CacheModule.register(), DownloadModule.forRoot()],
        controllers: [InteropController],
        providers: [
          { provide: APP_INTERCEPTOR, useClass: ClassSerializerInterceptor },
          { provide: APP_INTERCEPTOR, useClass: CacheInterceptor },
        ],
      })],
      ['app.useGlobalInterceptors', () => ({
        imports: [CacheModule.register(), DownloadModule.forRoot()],
        controllers: [InteropController],
      }), (app) => {
        const cache = new CacheInterceptor(app.get(CACHE_MANAGER), app.get(Reflector));
        // Nest property-injects this one when it builds the interceptor itself.
        Object.assign(cache, { httpAdapterHost: app.get(HttpAdapterHost) });
        app.useGlobalInterceptors(new ClassSerializerInterceptor(app.get(Reflector)), cache);
      }],
    ];

    describe.each(modes)('%s', (_mode, metadata, configure) => {
      let app: INestApplication;
      const get = getter(() => app);
      beforeAll(async () => {
        app = await startApp(adapter, metadata(), configure);
      });
      afterAll(() => app?.close());

      it('still serializes JSON (the interceptors are active)', async () => {
        const res = await request(app.getHttpServer()).get('/io/json').expect(200);
        expect(res.body).toEqual({ name: 'ada' });
      });

      it.each(['plain', 'download'])('downloads correctly 3 times in a row (%s)', async (kind) => {
        for (let i = 0; i < 3; i++) {
          const res = await get(`/io/${kind}/digits.txt`).expect(200);
          expect(res.body.toString()).toBe(DIGITS);
          expect(res.headers['content-length']).toBe(String(DIGITS.length));
          expect(res.headers['content-disposition']).toBe('attachment; filename="digits.txt"');
        }
      });

      it.each(['plain', 'download'])('still answers 206 and 304 after the route was hit (%s)', async (kind) => {
        const first = await get(`/io/${kind}/digits.txt`).expect(200);
        const part = await get(`/io/${kind}/digits.txt`, { range: 'bytes=0-4' }).expect(206);
        expect(part.body.toString()).toBe(DIGITS.slice(0, 5));
        const fresh = await get(`/io/${kind}/digits.txt`, { 'if-none-match': first.headers.etag }).expect(304);
        expect(fresh.body.length).toBe(0);
        const again = await get(`/io/${kind}/digits.txt`).expect(200);
        expect(again.body.toString()).toBe(DIGITS);
      });
    });
  });

  describe('a user global interceptor (APP_INTERCEPTOR) that records what it sees', () => {
    const seen: unknown[] = [];

    @Injectable()
    class Recorder implements NestInterceptor {
      intercept(_context: ExecutionContext, next: CallHandler) {
        return next.handle().pipe(tap((value) => seen.push(value)));
      }
    }

    @Module({ providers: [{ provide: APP_INTERCEPTOR, useClass: Recorder }] })
    class RecorderModule {}

    /*
     * Nest applies global interceptors in the order their APP_INTERCEPTOR
     * providers were registered, the first one outermost. Scanning registers
     * the providers module by module in import order, so a module imported
     * BEFORE DownloadModule wraps DownloadInterceptor: it sees the
     * ServedDownload once the answer is over (its `.file` is the wrapper the
     * handler returned). One imported AFTER runs inside it: it sees the
     * wrapper itself, before anything is sent, and may replace it.
     */
    describe.each([
      ['before', 'outside: a ServedDownload', () => [RecorderModule, DownloadModule.forRoot()]],
      ['after', 'inside: the wrapper', () => [DownloadModule.forRoot(), RecorderModule]],
    ] as const)('imported %s DownloadModule', (order, _sees, imports) => {
      let app: INestApplication;
      const get = getter(() => app);
      beforeAll(async () => {
        app = await startApp(adapter, { imports: imports(), controllers: [InteropController] });
      });
      afterAll(() => app?.close());

      it.each(['plain', 'download'])(`sees ${_sees} (%s)`, async (kind) => {
        seen.length = 0;
        const res = await get(`/io/${kind}/digits.txt`).expect(200);
        expect(res.body.toString()).toBe(DIGITS);
        expect(seen).toHaveLength(1);
        if (order === 'before') {
          expect(seen[0]).toBeInstanceOf(ServedDownload);
          expect((seen[0] as ServedDownload).file).toBe(returned.file);
        } else {
          expect(seen[0]).toBe(returned.file);
          expect(seen[0]).not.toBeInstanceOf(ServedDownload);
        }
      });
    });
  });

  describe('a non-global DownloadModule imported by a feature module only', () => {
    @Controller('feature')
    class FeatureController {
      @Get('download')
      @Download({ basename: 'feature.txt' })
      download() {
        return new PathFile('digits.txt', { root: ROOT });
      }

      @Get('plain')
      plain() {
        return new PathFile('digits.txt', { root: ROOT });
      }
    }

    @Module({ imports: [DownloadModule.forRoot({ isGlobal: false })], controllers: [FeatureController] })
    class FeatureModule {}

    let app: INestApplication;
    const get = getter(() => app);
    beforeAll(async () => {
      app = await startApp(adapter, { imports: [FeatureModule] });
    });
    afterAll(() => app?.close());

    it('serves the @Download() route (200, 206, 304)', async () => {
      const res = await get('/feature/download').expect(200);
      expect(res.body.toString()).toBe(DIGITS);
      expect(res.headers['content-disposition']).toBe('attachment; filename="feature.txt"');
      const part = await get('/feature/download', { range: 'bytes=1-2' }).expect(206);
      expect(part.body.toString()).toBe(DIGITS.slice(1, 3));
      await get('/feature/download', { 'if-none-match': res.headers.etag }).expect(304);
    });

    it('serves the plain PathFile route too (the interceptor is app-wide)', async () => {
      const res = await get('/feature/plain').expect(200);
      expect(res.body.toString()).toBe(DIGITS);
      expect(res.headers['accept-ranges']).toBe('bytes');
      const part = await get('/feature/plain', { range: 'bytes=1-2' }).expect(206);
      expect(part.body.toString()).toBe(DIGITS.slice(1, 3));
    });
  });
});
