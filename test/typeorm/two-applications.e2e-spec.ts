import { Controller, Get, Param, type Type } from '@nestjs/common';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import type { Repository } from 'typeorm';
import { Download, ObjectDownload, StorageFile, TypeOrmFiles } from 'nestjs-downloadview';
import { ADAPTERS } from '../support/test-app.factory';
import { describeEachDatabase } from '../support/test-databases';
import { Document } from './document.entities';
import { startTypeOrmApp, type TypeOrmTestApp } from './typeorm-app.fixture';

/** Routes of both kinds: DownloadModule makes TypeOrmFiles for the @ObjectDownload() one. */
@Controller()
class ObjectRoutesController {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>) {}

  @Get('object/:slug')
  @ObjectDownload({ entity: Document, lookup: 'slug' })
  object() {}

  @Get('entity/:slug')
  @Download({ fileField: 'file' })
  entity(@Param('slug') slug: string) {
    return this.documents.findOneBy({ slug });
  }
}

/** No @ObjectDownload() route: the application lists TypeOrmFiles to bind its file columns. */
@Controller()
class FileColumnController {
  constructor(@InjectRepository(Document) private readonly documents: Repository<Document>) {}

  @Get('entity/:slug')
  async entity(@Param('slug') slug: string) {
    return (await this.documents.findOneByOrFail({ slug })).file;
  }
}

const CASES: { title: string; controller: Type; listed: boolean; routes: string[] }[] = [
  { title: 'TypeOrmFiles made for @ObjectDownload() routes', controller: ObjectRoutesController, listed: false, routes: ['object', 'entity'] },
  { title: 'TypeOrmFiles listed in resolvers', controller: FileColumnController, listed: true, routes: ['entity'] },
];

/**
 * No process-wide state: two applications in one process, each with its own
 * database and a storage holding a file of the same name with different
 * content, read and serve their own file, at the same time and in turn.
 */
describeEachDatabase((db) => {
  describe.each(ADAPTERS)('two applications in one process on %s', (adapter) => {
    describe.each(CASES)('$title', ({ controller, listed, routes }) => {
      let apps: TypeOrmTestApp[] = [];
      const contents = ['first application\n', 'the second one\n'];

      beforeAll(async () => {
        apps = await Promise.all(
          contents.map((content) =>
            startTypeOrmApp(
              adapter,
              db,
              { imports: [TypeOrmModule.forFeature([Document])], controllers: [controller] },
              { files: { 'object/same-name.txt': content }, download: listed ? { resolvers: [TypeOrmFiles] } : {} },
            ),
          ),
        );
        for (const { dataSource } of apps) {
          await dataSource.getRepository(Document).save({ slug: 'same', file: 'object/same-name.txt' as unknown as StorageFile });
        }
      });
      afterAll(() => Promise.all(apps.map((started) => started.close())));

      it('reads each its own file through @FileColumn()', async () => {
        for (const [index, { dataSource, media }] of apps.entries()) {
          const loaded = await dataSource.getRepository(Document).findOneByOrFail({ slug: 'same' });
          expect(loaded.file!.getPath()).toBe(`${media}/object/same-name.txt`);
          const chunks: Buffer[] = [];
          for await (const chunk of await loaded.file!.open()) chunks.push(chunk as Buffer);
          expect(Buffer.concat(chunks).toString()).toBe(contents[index]);
        }
      });

      it('serves each its own file, requests interleaved', async () => {
        const answers = await Promise.all(
          routes.flatMap((route) => apps.map(({ app }) => request(app.getHttpServer()).get(`/${route}/same`))),
        );
        for (const [i, res] of answers.entries()) {
          expect(res.status).toBe(200);
          expect(res.text).toBe(contents[i % apps.length]);
        }
      });

      it('keeps serving the second one once the first is closed', async () => {
        await apps[0].close();
        const [, second] = apps;
        apps = [second];
        for (const route of routes) {
          const res = await request(second.app.getHttpServer()).get(`/${route}/same`);
          expect(res.status).toBe(200);
          expect(res.text).toBe(contents[1]);
        }
      });
    });
  });
});
