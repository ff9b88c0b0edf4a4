import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  Header,
  type INestApplication,
  Injectable,
  Module,
  type NestInterceptor,
  Param,
  UseInterceptors,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { tap } from 'rxjs';
import request from 'supertest';
import {
  Download,
  type DownloadContext,
  DownloadFile,
  DownloadInterceptor,
  DownloadModule,
  DownloadService,
  PathFile,
} from '../../lib';
import { ADAPTERS, createTestApp } from '../support/test-app.factory';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'dv-service-'));
  writeFileSync(join(root, 'hello.txt'), 'Hello world\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

// docs:start custom-service
/** Lets handlers return a bare file name: it is served from the reports folder. */
@Injectable()
class ReportsDownloadService extends DownloadService {
  protected override async toFile(result: unknown, download: DownloadContext): Promise<DownloadFile | null> {
    if (typeof result === 'string') return new PathFile(result, { root: reportsDir() });
    return super.toFile(result, download);
  }
}

@Controller('reports')
class ReportsController {
  @Get(':name')
  @Download()
  report(@Param('name') name: string) {
    return name;
  }
}

@Module({
  imports: [DownloadModule.forRoot({ service: ReportsDownloadService })],
  controllers: [ReportsController],
})
class ReportsModule {}
// docs:end custom-service

function reportsDir(): string {
  return root;
}

/** Records what interceptors around a download route see, and when. */
const seen: { value: unknown; headersSent: boolean }[] = [];

@Injectable()
class RecordingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    const res = context.switchToHttp().getResponse<{ raw?: ServerResponse } & ServerResponse>();
    return next.handle().pipe(tap((value) => seen.push({ value, headersSent: (res.raw ?? res).headersSent })));
  }
}

@Controller('order')
class DecoratorOrderController {
  // @Download() above the route decorators: their metadata is carried over to the wrapper.
  @Download({ basename: 'above.txt' })
  @Get('above')
  @Header('X-Route', 'above')
  above() {
    return new PathFile('hello.txt', { root });
  }

  @Get('below')
  @Header('X-Route', 'below')
  @Download({ basename: 'below.txt' })
  below() {
    return new PathFile('hello.txt', { root });
  }

  @Get('intercepted')
  @UseInterceptors(RecordingInterceptor)
  @Download()
  intercepted() {
    return new PathFile('hello.txt', { root });
  }

  @Get('plain')
  plain() {
    return { plain: true };
  }
}

class BaseFilesController {
  @Get('inherited')
  @Download({ basename: 'inherited.txt' })
  inherited() {
    return new PathFile('hello.txt', { root });
  }
}

@Controller('sub')
class SubFilesController extends BaseFilesController {}

describe.each(ADAPTERS)('DownloadService and the @Download() wrapper (%s)', (adapter) => {
  describe('a subclass installed with DownloadModule.forRoot({ service })', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await createTestApp(adapter, { imports: [ReportsModule] });
    });
    afterAll(() => app?.close());

    it('answers through the subclass hooks (a bare name becomes a file)', async () => {
      const res = await request(app.getHttpServer()).get('/reports/hello.txt').expect(200);
      expect(res.text).toBe('Hello world\n');
      expect(res.headers['content-disposition']).toBe('attachment; filename="hello.txt"');
    });

    it('keeps the base checks: a name leaving the folder answers 404', async () => {
      await request(app.getHttpServer()).get('/reports/..%2F..%2Fetc%2Fpasswd').expect(404);
    });

    it('is the DownloadService the app injects', () => {
      expect(app.get(DownloadService)).toBeInstanceOf(ReportsDownloadService);
    });
  });

  describe.each([true, false])('decorators around @Download() (globalInterceptor: %s)', (globalInterceptor) => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await createTestApp(adapter, {
        imports: [DownloadModule.forRoot({ globalInterceptor })],
        controllers: [DecoratorOrderController, SubFilesController],
      });
    });
    afterAll(() => app?.close());

    it.each(['above', 'below'])('keeps the route, @Header() and options when @Download() is %s them', async (where) => {
      const res = await request(app.getHttpServer()).get(`/order/${where}`).expect(200);
      expect(res.text).toBe('Hello world\n');
      expect(res.headers['x-route']).toBe(where);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${where}.txt"`);
    });

    it('lets interceptors of the route see the file wrapper before anything is sent', async () => {
      seen.length = 0;
      await request(app.getHttpServer()).get('/order/intercepted').expect(200);
      expect(seen).toHaveLength(1);
      expect(seen[0].value).toBeInstanceOf(DownloadFile);
      expect(seen[0].headersSent).toBe(false);
    });

    it('leaves the handler as written: called directly, it returns the wrapper', () => {
      const controller = app.get(DecoratorOrderController);
      const file = controller.below();
      expect(file).toBeInstanceOf(PathFile);
      expect(file.name).toBe('hello.txt');
    });

    it('leaves routes without @Download() to Nest', async () => {
      const res = await request(app.getHttpServer()).get('/order/plain').expect(200);
      expect(res.body).toEqual({ plain: true });
    });

    it('serves a @Download() method inherited from a parent controller', async () => {
      const res = await request(app.getHttpServer()).get('/sub/inherited').expect(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="inherited.txt"');
    });
  });

  describe('without DownloadModule', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await createTestApp(adapter, { controllers: [DecoratorOrderController] });
    });
    afterAll(() => app?.close());

    it('answers 500 instead of hanging, and plain routes still work', async () => {
      await request(app.getHttpServer()).get('/order/below').expect(500);
      await request(app.getHttpServer()).get('/order/plain').expect(200);
    });
  });
});

describe('the global DownloadInterceptor', () => {
  /** The interceptors Nest runs around every route of the app. */
  const globalInterceptors = (app: INestApplication): unknown[] =>
    (app as unknown as { config: { getGlobalInterceptors(): unknown[] } }).config.getGlobalInterceptors();

  it('is registered by DownloadModule.forRoot(), and not with { globalInterceptor: false }', async () => {
    const app = await createTestApp('express', { imports: [DownloadModule.forRoot()] });
    const without = await createTestApp('express', { imports: [DownloadModule.forRoot({ globalInterceptor: false })] });
    const control = await createTestApp('express', {
      imports: [DownloadModule.forRoot({ globalInterceptor: false })],
      providers: [{ provide: APP_INTERCEPTOR, useClass: RecordingInterceptor }],
    });
    try {
      expect(globalInterceptors(app)).toEqual([expect.any(DownloadInterceptor)]);
      expect(globalInterceptors(without)).toHaveLength(0);
      expect(globalInterceptors(control)).toEqual([expect.any(RecordingInterceptor)]);
    } finally {
      await Promise.all([app.close(), without.close(), control.close()]);
    }
  });
});
