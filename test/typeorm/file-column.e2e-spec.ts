import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource, type Repository } from 'typeorm';
import { PathFile, StorageFile, StorageService, TypeOrmFiles } from 'nestjs-downloadview';
import { describeEachDatabase } from '../support/test-databases';
import { ArchivedReport, archive, Document, ENTITIES } from './document.entities';
import { startTypeOrmApp, type TypeOrmTestApp } from './typeorm-app.fixture';

const HELLO = 'Hello world!\n';

/** A storage name where the entity declares a StorageFile: the transformer accepts both. */
const asName = (name: string) => name as unknown as StorageFile;

/** The start of the error a file read through a DataSource no running application binds answers on use. */
const UNBOUND = /@FileColumn\(\) Document\.file was read while no DownloadModule with a storage is running for its DataSource.*resolvers: \[TypeOrmFiles\].*@FileColumn\(\{ storage \}\)/;

describeEachDatabase((db) => {
  beforeAll(() => {
    archive.location = fs.mkdtempSync(path.join(os.tmpdir(), 'downloadview-archive-'));
    fs.writeFileSync(path.join(archive.location, 'report.txt'), 'archived\n');
  });
  afterAll(() => fs.rmSync(archive.location, { recursive: true, force: true }));

  /** The raw value of a column, read past the transformer. */
  async function rawValue(dataSource: DataSource, entity: typeof Document | typeof ArchivedReport, column: string, id: number) {
    const row = await dataSource.createQueryBuilder(entity, 'e').select(`e.${column}`, 'value').where('e.id = :id', { id }).getRawOne();
    return row.value;
  }

  describe('@FileColumn() in a running application (without @ObjectDownload() routes: TypeOrmFiles listed)', () => {
    let started: TypeOrmTestApp;
    let storage: StorageService;
    let documents: Repository<Document>;

    beforeAll(async () => {
      started = await startTypeOrmApp('express', db, {}, { files: { 'object/hello-world.txt': HELLO }, download: { resolvers: [TypeOrmFiles] } });
      storage = started.app.get(StorageService);
      documents = started.dataSource.getRepository(Document);
    });
    afterAll(() => started?.close());

    it('stores the storage name and reads back a StorageFile bound to the module storage', async () => {
      const saved = await documents.save({ slug: 'stored', file: storage.file('object/hello-world.txt') });
      expect(await rawValue(started.dataSource, Document, 'file', saved.id)).toBe('object/hello-world.txt');
      const loaded = await documents.findOneByOrFail({ id: saved.id });
      expect(loaded.file).toBeInstanceOf(StorageFile);
      expect(loaded.file!.name).toBe('object/hello-world.txt');
      expect(loaded.file!.storage).toBe(storage.storage);
      expect((await loaded.file!.stat())?.size).toBe(HELLO.length);
    });

    it('accepts a plain storage name on write', async () => {
      const saved = await documents.save({ slug: 'by-name', file: asName('object/hello-world.txt') });
      expect((await documents.findOneByOrFail({ id: saved.id })).file!.name).toBe('object/hello-world.txt');
    });

    it('writes null, undefined and an empty name as NULL and reads them back as null', async () => {
      const cases: [string, StorageFile | null][] = [['null', null], ['empty-name', asName('')], ['empty-file', storage.file('')]];
      for (const [slug, file] of cases) {
        const saved = await documents.save(documents.create({ slug, file, anotherFile: undefined }));
        expect(await rawValue(started.dataSource, Document, 'file', saved.id)).toBeNull();
        expect(await rawValue(started.dataSource, Document, 'anotherFile', saved.id)).toBeNull();
        expect((await documents.findOneByOrFail({ id: saved.id })).file).toBeNull();
      }
    });

    it('reads an empty string stored by someone else as null, never as a wrapper of ""', async () => {
      const saved = await documents.save({ slug: 'legacy-empty', file: null });
      await started.dataSource.createQueryBuilder().update(Document).set({ file: () => "''" }).where('id = :id', { id: saved.id }).execute();
      expect(await rawValue(started.dataSource, Document, 'file', saved.id)).toBe('');
      expect((await documents.findOneByOrFail({ id: saved.id })).file).toBeNull();
    });

    it('finds rows by a storage name or by a StorageFile in `where`', async () => {
      await documents.save({ slug: 'findable', file: asName('object/findable.txt') });
      expect((await documents.findOneByOrFail({ file: asName('object/findable.txt') })).slug).toBe('findable');
      expect((await documents.findOneByOrFail({ file: storage.file('object/findable.txt') })).slug).toBe('findable');
    });

    it('saves new content through StorageService, then stores the name it answers', async () => {
      // docs:start save-new-content
      const name = await storage.save('uploads/new.txt', 'fresh content\n'); // the name it was saved under
      const saved = await documents.save({ slug: 'uploaded', file: storage.file(name) });
      // docs:end save-new-content
      const loaded = await documents.findOneByOrFail({ id: saved.id });
      const chunks: Buffer[] = [];
      for await (const chunk of await loaded.file!.open()) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe('fresh content\n');
    });

    it('does not rewrite an unchanged file column when the entity is saved again', async () => {
      const saved = await documents.save({ slug: 'unchanged', file: asName('object/hello-world.txt') });
      const loaded = await documents.findOneByOrFail({ id: saved.id });
      const updates: string[] = [];
      const queryRunner = started.dataSource.createQueryRunner();
      const query = queryRunner.query.bind(queryRunner);
      queryRunner.query = ((sql: string, ...rest: unknown[]) => {
        if (/^UPDATE/i.test(sql)) updates.push(sql);
        return (query as (...args: unknown[]) => unknown)(sql, ...rest);
      }) as typeof queryRunner.query;
      await started.dataSource.createEntityManager(queryRunner).save(loaded);
      await queryRunner.release();
      expect(updates).toEqual([]);
    });

    it('refuses to store a wrapper that is not in a storage', async () => {
      await expect(documents.save({ slug: 'path', file: new PathFile('/etc/hostname') })).rejects.toThrow(
        '@FileColumn() Document.file stores storage names: assign a StorageFile or a name, got a PathFile',
      );
    });

    it('binds a column with its own storage to that storage', async () => {
      const reports = started.dataSource.getRepository(ArchivedReport);
      const saved = await reports.save({ file: asName('report.txt'), required: asName('x.txt') });
      const loaded = await reports.findOneByOrFail({ id: saved.id });
      expect(loaded.file!.storage).not.toBe(storage.storage);
      expect((await loaded.file!.stat())?.size).toBe('archived\n'.length);
    });

    it("stores an empty file as '' in a column declared nullable: false", async () => {
      const reports = started.dataSource.getRepository(ArchivedReport);
      const saved = await reports.save({ file: null, required: null });
      expect(await rawValue(started.dataSource, ArchivedReport, 'required', saved.id)).toBe('');
      expect((await reports.findOneByOrFail({ id: saved.id })).required).toBeNull();
    });
  });

  describe('@FileColumn() outside a running application', () => {
    let dataSource: DataSource;
    let close: () => Promise<void>;

    beforeAll(async () => {
      const database = await db.open();
      dataSource = await new DataSource({ ...database.typeorm, entities: ENTITIES, synchronize: true } as never).initialize();
      close = async () => {
        await dataSource.destroy();
        await database.close();
      };
    });
    afterAll(() => close?.());

    it('writes entities (a name needs no storage)', async () => {
      await dataSource.getRepository(Document).save({ slug: 'seeded', file: asName('object/hello-world.txt') });
      expect(await rawValue(dataSource, Document, 'file', 1)).toBe('object/hello-world.txt');
    });

    it('reads a file column bound to the module storage, whose use fails with an error saying why', async () => {
      const loaded = await dataSource.getRepository(Document).findOneByOrFail({ slug: 'seeded' });
      expect(loaded.file!.name).toBe('object/hello-world.txt');
      await expect(loaded.file!.stat()).rejects.toThrow(UNBOUND);
      await expect(loaded.file!.open()).rejects.toThrow(UNBOUND);
    });

    it('reads a file column that has its own storage', async () => {
      const reports = dataSource.getRepository(ArchivedReport);
      const saved = await reports.save({ file: asName('report.txt'), required: asName('r.txt') });
      expect((await reports.findOneByOrFail({ id: saved.id })).file!.name).toBe('report.txt');
    });

    it("stays unbound while an application runs: an application binds only its own DataSources, and releases them once closed", async () => {
      const started = await startTypeOrmApp('express', db, {}, { files: { 'object/hello-world.txt': HELLO }, download: { resolvers: [TypeOrmFiles] } });
      const appDataSource = started.dataSource;
      try {
        await appDataSource.getRepository(Document).save({ slug: 'seeded', file: asName('object/hello-world.txt') });
        const inApp = await appDataSource.getRepository(Document).findOneByOrFail({ slug: 'seeded' });
        expect(await inApp.file!.stat()).toMatchObject({ size: HELLO.length });
        const outside = await dataSource.getRepository(Document).findOneByOrFail({ slug: 'seeded' });
        await expect(outside.file!.stat()).rejects.toThrow(UNBOUND);
        expect(dataSource.subscribers).toEqual([]);
        expect(appDataSource.subscribers).toHaveLength(1);
      } finally {
        await started.close();
      }
      expect(appDataSource.subscribers).toEqual([]);
    });

    it('stays unbound in an application that neither lists TypeOrmFiles nor has an @ObjectDownload() route', async () => {
      const started = await startTypeOrmApp('express', db, {}, { files: { 'object/hello-world.txt': HELLO } });
      try {
        const documents = started.dataSource.getRepository(Document);
        await documents.save({ slug: 'unlisted', file: asName('object/hello-world.txt') });
        await expect((await documents.findOneByOrFail({ slug: 'unlisted' })).file!.stat()).rejects.toThrow(UNBOUND);
      } finally {
        await started.close();
      }
    });
  });
});
