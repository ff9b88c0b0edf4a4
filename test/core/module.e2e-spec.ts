import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DownloadModule, FileSystemStorage } from 'nestjs-downloadview';
import request from 'supertest';
import { ADAPTERS, createTestApp } from '../support/test-app.factory';
import { type AsyncKind, asyncModuleApp, defaultsApp, localModuleApp } from './module.fixture';
import { createFixtureTree, type FixtureTree } from './support/fixture-tree';

const KINDS: AsyncKind[] = ['useFactory', 'useClass', 'useExisting'];

describe.each(ADAPTERS)('DownloadModule configuration (%s)', (adapter) => {
  let tree: FixtureTree;
  beforeAll(() => {
    tree = createFixtureTree(1024);
  });
  afterAll(() => tree?.remove());

  describe.each(KINDS)('forRootAsync with %s', (kind) => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await createTestApp(adapter, asyncModuleApp(tree.root, kind));
    });
    afterAll(async () => {
      await app?.close();
    });

    it('serves from the storage the options built, with their defaults, in a feature module', async () => {
      const res = await request(app.getHttpServer()).get('/storage/hello.txt').expect(200, 'Hello world\n');
      expect(res.headers['content-disposition']).toBe('inline; filename="hello.txt"');
      expect(res.headers['cache-control']).toBe('private');
      await request(app.getHttpServer()).get('/storage/missing.txt').expect(404);
    });
  });

  describe('defaults', () => {
    let app: INestApplication;
    beforeAll(async () => {
      app = await createTestApp(adapter, defaultsApp(tree.root));
    });
    afterAll(async () => {
      await app?.close();
    });

    it('applies the module defaults to every @Download()', async () => {
      const res = await request(app.getHttpServer()).get('/defaults/inherited').expect(200);
      expect(res.headers['content-disposition']).toBe('inline; filename="hello.txt"');
      expect(res.headers['cache-control']).toBe('public, max-age=60');
    });

    it('lets a decorator’s own options win over the defaults', async () => {
      const res = await request(app.getHttpServer()).get('/defaults/overridden').expect(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="hello.txt"');
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe('start-up validation', () => {
    const compile = (imports: unknown[]) => Test.createTestingModule({ imports: imports as never[] }).compile();

    it('refuses maxRanges below 1 with a message naming the option and the value', async () => {
      await expect(compile([DownloadModule.forRoot({ maxRanges: 0 })])).rejects.toThrow(
        'DownloadModule: invalid options:\n- maxRanges must be a whole number >= 1, got 0',
      );
    });

    it('lists every problem in one error', async () => {
      const error = await compile([
        DownloadModule.forRoot({ storage: { exists: () => true } as never, maxRanges: 1.5, defaults: 'inline' as never }),
      ]).catch((err: Error) => err);
      expect(error).toBeInstanceOf(Error);
      const message = (error as Error).message;
      expect(message).toMatch(/storage must implement Storage; missing: stat, open, url, path, save, delete, list/);
      expect(message).toMatch(/maxRanges must be a whole number >= 1, got 1.5/);
      expect(message).toMatch(/defaults must be an object/);
    });

    it('validates options built by forRootAsync too', async () => {
      await expect(
        compile([DownloadModule.forRootAsync({ useFactory: () => ({ maxRanges: -3 }) })]),
      ).rejects.toThrow(/maxRanges must be a whole number >= 1, got -3/);
      await expect(
        compile([DownloadModule.forRootAsync({ useFactory: () => undefined as never })]),
      ).rejects.toThrow(/DownloadModule: options must be an object, got undefined/);
    });

    it('refuses a FileSystemStorage without a location when it is built', () => {
      expect(() => new FileSystemStorage({ location: '' })).toThrow('FileSystemStorage needs a `location` folder');
    });

    it('keeps StorageService out of other modules when isGlobal is false', async () => {
      await expect(compile(localModuleApp(tree.root).imports!)).rejects.toThrow(/StorageService/);
    });
  });
});
