import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertDownloadResponse } from 'nestjs-downloadview/testing';
import request from 'supertest';
import { AppModule } from '../../sample/app.module';
import { MEDIA_ROOT } from '../../sample/sample.paths';
import { ADAPTERS, createTestApp } from '../support/test-app.factory';

const HELLO = fs.readFileSync(path.join(MEDIA_ROOT, 'object', 'hello-world.txt'), 'utf8');
const ANOTHER = fs.readFileSync(path.join(MEDIA_ROOT, 'object-other', 'hello-world.txt'), 'utf8');
const CITIES = fs.readFileSync(path.join(MEDIA_ROOT, 'object', 'cities.csv'), 'utf8');

/** The sample's object/ routes (docs/views/object.md), as `npm start` runs them. */
describe.each(ADAPTERS)('sample object/ routes on %s', (adapter) => {
  let app: INestApplication;
  const get = (url: string) => request(app.getHttpServer()).get(url);

  beforeAll(async () => (app = await createTestApp(adapter, { imports: [AppModule] })));
  afterAll(() => app?.close());

  it('serves the file of the Document found by slug (default-file)', async () => {
    assertDownloadResponse(await get('/object/default-file/hello-world'), {
      content: HELLO,
      basename: 'hello-world.txt',
      contentType: 'text/plain; charset=utf-8',
      attachment: true,
    });
  });

  it('serves anotherFile (another-file)', async () => {
    assertDownloadResponse(await get('/object/another-file/hello-world'), { content: ANOTHER, basename: 'hello-world.txt' });
  });

  it('names the download after the basename column (deserialized-basename)', async () => {
    assertDownloadResponse(await get('/object/deserialized-basename/hello-world'), { content: HELLO, basename: 'greeting.txt' });
  });

  it('serves it inline (inline-file)', async () => {
    assertDownloadResponse(await get('/object/inline-file/hello-world'), { content: HELLO, attachment: false });
  });

  it('finds by primary key, and by slug from another parameter name', async () => {
    assertDownloadResponse(await get('/object/by-id/1'), { content: HELLO });
    assertDownloadResponse(await get('/object/by-name/hello-world'), { content: HELLO });
  });

  it('answers with the headers kept in the metadata columns', async () => {
    const res = await get('/object/metadata/cities');
    assertDownloadResponse(res, { content: CITIES, basename: 'cities.csv', contentType: 'text/csv; charset=iso-8859-1' });
    expect(res.headers['last-modified']).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
    expect(res.headers['content-length']).toBe('23');
  });

  it('hides unpublished documents behind the where option', async () => {
    await get('/object/published/hello-world').expect(200);
    await get('/object/published/draft').expect(404);
  });

  it("serves alice's draft only to alice (resolver subclass)", async () => {
    await get('/object/mine/draft').expect(404);
    await get('/object/mine/draft').set('X-User', 'bob').expect(404);
    assertDownloadResponse(await get('/object/mine/draft').set('X-User', 'alice'), { content: HELLO });
  });

  it('serves the entity a @Download({ fileField }) handler returns', async () => {
    assertDownloadResponse(await get('/object/entity/hello-world'), { content: HELLO });
    await get('/object/entity/draft').expect(404);
    await get('/object/entity/no-file').expect(404);
  });

  it('answers 404 for an unknown slug and for a Document without a file', async () => {
    await get('/object/default-file/nope').expect(404);
    await get('/object/default-file/no-file').expect(404);
    await get('/object/by-id/abc').expect(404);
  });
});
