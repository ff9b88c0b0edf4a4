import request from 'supertest';
import { StorageService } from 'nestjs-downloadview';
import { ADAPTERS } from '../support/test-app.factory';
import { describeEachDatabase } from '../support/test-databases';
import type { Document } from './document.entities';
import { ANOTHER, ATTACHMENT_ID, CSV, HELLO, MEDIA_FILES, MODIFIED_AT, seedDocuments } from './documents.seed';
import { OBJECT_DOWNLOAD_FEATURE } from './object-download.controller';
import { startTypeOrmApp, type TypeOrmTestApp } from './typeorm-app.fixture';

describeEachDatabase((db) => {
  describe.each(ADAPTERS)('@ObjectDownload() on %s', (adapter) => {
    let started: TypeOrmTestApp;
    let rows: Record<string, Document>;
    const get = (url: string) => request(started.app.getHttpServer()).get(url);

    beforeAll(async () => {
      started = await startTypeOrmApp(adapter, db, OBJECT_DOWNLOAD_FEATURE, { files: MEDIA_FILES });
      rows = await seedDocuments(started.dataSource, started.app.get(StorageService));
    });
    afterAll(() => started?.close());

    describe('finding the object', () => {
      it('serves the file of the row found by the lookup column, named after its storage name', async () => {
        const res = await get('/documents/hello-world').expect(200);
        expect(res.text).toBe(HELLO);
        expect(res.headers['content-disposition']).toBe('attachment; filename="hello-world.txt"');
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.headers['content-length']).toBe(String(HELLO.length));
      });

      it('finds the row by its primary key when no lookup is given', async () => {
        const res = await get(`/by-id/${rows['hello-world'].id}`).expect(200);
        expect(res.text).toBe(HELLO);
      });

      it('reads the lookup value from the route parameter named by lookupParam', async () => {
        expect((await get('/by-ref/hello-world').expect(200)).text).toBe(HELLO);
      });

      it('serves another file field with fileField', async () => {
        expect((await get('/documents/hello-world/another').expect(200)).text).toBe(ANOTHER);
      });

      it('looks up a UUID key and serves a column holding a plain storage name', async () => {
        const res = await get(`/attachments/${ATTACHMENT_ID}`).expect(200);
        expect(res.text).toBe('An attachment\n');
        expect(res.headers['content-disposition']).toBe('attachment; filename="report.txt"');
      });

      it('answers HEAD with the headers of the object download and no body', async () => {
        const res = await request(started.app.getHttpServer()).head('/documents/hello-world').expect(200);
        expect(res.headers['content-length']).toBe(String(HELLO.length));
        expect(res.text).toBeUndefined();
      });
    });

    describe('metadata columns', () => {
      it('names the download after basenameField (Content-Disposition)', async () => {
        const res = await get('/documents/hello-world/named').expect(200);
        expect(res.headers['content-disposition']).toBe('attachment; filename="Greetings.txt"');
        expect(res.text).toBe(HELLO);
      });

      it('accepts a computed property (a getter) as basenameField', async () => {
        const res = await get('/documents/csv/titled').expect(200);
        expect(res.headers['content-disposition']).toBe('attachment; filename="csv.txt"');
      });

      it('encodes a non-ASCII basename per RFC 6266 (filename*)', async () => {
        const res = await get('/documents/csv/named').expect(200);
        expect(res.headers['content-disposition']).toBe(`attachment; filename="donnees.csv"; filename*=UTF-8''donn%C3%A9es.csv`);
      });

      it('sends the mimeTypeField and charsetField values as Content-Type', async () => {
        const res = await get('/documents/csv/meta').buffer(true).parse(binary).expect(200);
        expect(res.headers['content-type']).toBe('text/csv; charset=iso-8859-1');
        expect(res.body).toEqual(CSV);
      });

      it('sends the encodingField value as Content-Encoding, with the bytes as stored', async () => {
        const res = await get('/documents/gzipped/meta').expect(200);
        expect(res.headers['content-encoding']).toBe('gzip');
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.headers['content-disposition']).toBe('attachment; filename="hello.txt"');
        expect(res.text).toBe(HELLO); // supertest gunzipped it
      });

      it('sends the modificationTimeField value as Last-Modified and derives the ETag from it', async () => {
        const res = await get('/documents/dated/meta').expect(200);
        expect(res.headers['last-modified']).toBe(MODIFIED_AT.toUTCString());
        const plain = await get('/documents/dated').expect(200);
        expect(plain.headers['last-modified']).not.toBe(MODIFIED_AT.toUTCString());
        expect(res.headers.etag).toMatch(/^W\//);
        expect(res.headers.etag).not.toBe(plain.headers.etag);
      });

      it('answers 304 to a conditional request validated by the modification time column', async () => {
        const first = await get('/documents/dated/meta').expect(200);
        await get('/documents/dated/meta').set('If-None-Match', first.headers.etag).expect(304);
        await get('/documents/dated/meta').set('If-Modified-Since', MODIFIED_AT.toUTCString()).expect(304);
      });

      it('sends the sizeField value as Content-Length, and only that many bytes', async () => {
        const res = await get('/documents/sized/meta').expect(200);
        expect(res.headers['content-length']).toBe('5');
        expect(res.text).toBe('Hello');
      });

      it('answers ranges within the size the size column gives', async () => {
        const res = await get('/documents/sized/meta').set('Range', 'bytes=1-').expect(206);
        expect(res.headers['content-range']).toBe('bytes 1-4/5');
        expect(res.text).toBe('ello');
        await get('/documents/sized/meta').set('Range', 'bytes=5-').expect(416);
      });

      it('sends the stored size when the size column claims more bytes than the file has', async () => {
        const res = await get('/documents/oversized/meta').expect(200);
        expect(res.headers['content-length']).toBe(String(HELLO.length));
        expect(res.text).toBe(HELLO);
      });

      it('leaves out metadata values that cannot go in a header, and never injects one', async () => {
        const res = await get('/documents/hostile/meta').expect(200);
        expect(res.headers['x-injected']).toBeUndefined();
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.headers['content-encoding']).toBeUndefined();
        expect(res.headers['content-disposition']).toBe('attachment; filename="evil__X-Injected: yes.txt"');
        expect(res.text).toBe(HELLO);
      });

      it('serves the file inline with attachment: false', async () => {
        const res = await get('/documents/hello-world/inline').expect(200);
        expect(res.headers['content-disposition']).toBe('inline; filename="hello-world.txt"');
      });
    });

    describe('not found', () => {
      it.each([
        ['no row has the slug', '/documents/no-such-document'],
        ['the file field is empty', '/documents/empty'],
        ['the file is missing from the storage', '/documents/missing'],
        ['the primary key is not a number', '/by-id/abc'],
        ['the primary key is out of range', '/by-id/99999999999999999999999'],
        ['the UUID key is malformed', '/attachments/not-a-uuid'],
        ['the lookup value holds a NUL byte', '/documents/hello-world%00'],
        ['a field that another route serves is empty', '/documents/csv/another'],
      ])('answers 404 when %s', async (_scenario, url) => {
        await get(url).expect(404);
      });

      it('answers 404 to HEAD for a file missing from the storage', async () => {
        await request(started.app.getHttpServer()).head('/documents/missing').expect(404);
      });
    });

    describe('narrower lookups', () => {
      it('serves only rows matching the where option', async () => {
        await get('/published/hello-world').expect(200);
        await get('/published/draft').expect(404);
        await get('/documents/draft').expect(200);
      });

      it('narrows with a where function of the request', async () => {
        await get('/mine/alice-notes').set('X-Owner', 'alice').expect(200);
        await get('/mine/alice-notes').set('X-Owner', 'bob').expect(404);
      });

      it('answers 404 rather than widen when the where function gives an undefined value (TypeORM would ignore it)', async () => {
        await get('/careless/alice-notes').set('X-Owner', 'alice').expect(200);
        await get('/careless/alice-notes').expect(404);
      });

      it('narrows with an overridden getWhere() of a resolver subclass', async () => {
        expect((await get('/own/alice-notes').set('X-Owner', 'alice').expect(200)).text).toBe(HELLO);
        await get('/own/alice-notes').set('X-Owner', 'bob').expect(404);
        await get('/own/alice-notes').expect(404);
      });
    });

    describe('handlers returning the entity', () => {
      it('serves the fileField of the entity a @Download() handler returns', async () => {
        expect((await get('/returned/hello-world').expect(200)).text).toBe(HELLO);
      });

      it('answers 404 when the handler finds no entity, or its file field is empty', async () => {
        await get('/returned/no-such-document').expect(404);
        await get('/returned/empty').expect(404);
      });

      it('applies metadata columns to the entity an @ObjectDownload() handler returns without `entity`', async () => {
        const res = await get('/returned/csv/named').expect(200);
        expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
        expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''donn%C3%A9es.csv`);
      });
    });
  });
});

function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
