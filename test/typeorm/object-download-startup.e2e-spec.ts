import { Controller, Get, Injectable, type ModuleMetadata, type Type } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { DownloadModule, FileSystemStorage, ObjectDownload, ObjectDownloadResolver, VirtualFile } from 'nestjs-downloadview';
import { Attachment, Document } from './document.entities';

/** An entity with a two-column primary key: no default lookup. */
@Entity()
class Translation {
  @PrimaryColumn({ type: 'varchar' }) slug!: string;
  @PrimaryColumn({ type: 'varchar' }) language!: string;
  @Column({ type: 'varchar', nullable: true }) file!: string | null;
}

function sqlite(entities: Type[]) {
  return TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities, synchronize: true });
}

/** Initialises an app (without listening); answers the start-up error, or undefined when it started. */
async function startupError(metadata: ModuleMetadata): Promise<string | undefined> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app = moduleRef.createNestApplication(new ExpressAdapter(), { logger: false });
  try {
    await app.init();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await app.close();
  }
}

describe('@ObjectDownload() checks its routes when the application starts', () => {
  it('lists every unknown field, lookup and primary-key problem in one error', async () => {
    @Controller()
    class TyposController {
      @Get('a/:slug') @ObjectDownload({ entity: Document, lookup: 'slug', basenameField: 'basenam' as 'basename', sizeField: 'bytes' as 'size' })
      a() {}
      @Get('b/:slug') @ObjectDownload({ entity: Document, lookup: 'slugg' as 'slug', fileField: 'upload' as 'file' })
      b() {}
      @Get('c/:slug') @ObjectDownload({ entity: Translation })
      c() {}
    }
    expect(await startupError({ imports: [DownloadModule.forRoot(), sqlite([Document, Translation])], controllers: [TyposController] })).toBe(
      '@ObjectDownload(): invalid routes:\n' +
        '- TyposController.a: Document has no column or property "basenam" (basenameField)\n' +
        '- TyposController.a: Document has no column or property "bytes" (sizeField)\n' +
        '- TyposController.b: Document has no column "slugg" (lookup)\n' +
        '- TyposController.b: Document has no column or property "upload" (fileField)\n' +
        '- TyposController.c: Translation has 2 primary columns: set `lookup`',
    );
  });

  it('fails when the entity is not in the DataSource', async () => {
    @Controller()
    class AttachmentsController {
      @Get(':id') @ObjectDownload({ entity: Attachment })
      download() {}
    }
    expect(await startupError({ imports: [DownloadModule.forRoot(), sqlite([Document])], controllers: [AttachmentsController] })).toBe(
      '@ObjectDownload(): invalid routes:\n' +
        '- AttachmentsController.download: entity Attachment is not in the DataSource: add it to TypeOrmModule.forRoot({ entities })',
    );
  });

  it('fails when no TypeORM DataSource is registered', async () => {
    @Controller()
    class DocumentsController {
      @Get(':id') @ObjectDownload({ entity: Document })
      download() {}
    }
    expect(await startupError({ imports: [DownloadModule.forRoot()], controllers: [DocumentsController] })).toMatch(
      /^@ObjectDownload\(\): invalid routes:\n- DocumentsController\.download: a TypeORM DataSource is not registered: import TypeOrmModule\.forRoot\(\) from @nestjs\/typeorm/,
    );
  });

  it('fails when the named data source does not exist', async () => {
    @Controller()
    class ReportsController {
      @Get(':id') @ObjectDownload({ entity: Document, dataSource: 'reports' })
      download() {}
    }
    expect(await startupError({ imports: [DownloadModule.forRoot(), sqlite([Document])], controllers: [ReportsController] })).toMatch(
      /ReportsController\.download: the "reports" TypeORM DataSource is not registered/,
    );
  });

  describe('valid routes', () => {
    @Injectable()
    class UppercaseResolver extends ObjectDownloadResolver {
      protected override getFile() {
        return new VirtualFile('FROM A RESOLVER CREATED FOR THE APP\n', { name: 'upper.txt' });
      }
    }

    @Controller()
    class ValidController {
      @Get('documents/:slug') @ObjectDownload({ entity: Document, lookup: 'slug', resolver: UppercaseResolver })
      byResolver() {}

      @Get('plain') @ObjectDownload({ basenameField: 'basename' })
      plain() {
        return { file: 'hello.txt', basename: 'greeting.txt' };
      }
    }

    it('creates a resolver subclass that no module provides', async () => {
      const media = fs.mkdtempSync(path.join(os.tmpdir(), 'downloadview-startup-'));
      const moduleRef = await Test.createTestingModule({
        imports: [DownloadModule.forRoot({ storage: new FileSystemStorage({ location: media }) }), sqlite([Document])],
        controllers: [ValidController],
      }).compile();
      const app = moduleRef.createNestApplication(new ExpressAdapter(), { logger: false });
      try {
        await app.init();
        fs.writeFileSync(path.join(media, 'hello.txt'), 'hello\n');
        await app.get(DataSource).getRepository(Document).save({ slug: 'one' });
        const res = await request(app.getHttpServer()).get('/documents/one').expect(200);
        expect(res.text).toBe('FROM A RESOLVER CREATED FOR THE APP\n');
        const plain = await request(app.getHttpServer()).get('/plain').expect(200);
        expect(plain.headers['content-disposition']).toBe('attachment; filename="greeting.txt"');
        expect(plain.text).toBe('hello\n');
      } finally {
        await app.close();
        fs.rmSync(media, { recursive: true, force: true });
      }
    });

    it('needs no DataSource for a route without `entity` (the handler returns the object)', async () => {
      @Controller()
      class PlainController {
        @Get('plain') @ObjectDownload({ basenameField: 'basename' })
        plain() {
          return null;
        }
      }
      expect(await startupError({ imports: [DownloadModule.forRoot()], controllers: [PlainController] })).toBeUndefined();
    });
  });
});
