import type { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppModule } from '../../sample/app.module';
import { MEDIA_ROOT } from '../../sample/sample.paths';
import { rawRequest } from '../proxies/http-client';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';

const SELECTED = '/zip/selected?names=hello-world.txt&names=notes/caf%C3%A9%20menu.txt';

/** The sample's "download selected files as zip" route (docs/views/zip.md), on both adapters. */
describe.each(ADAPTERS)('sample zip/ on %s', (adapter) => {
  let app: INestApplication;
  let base: string;
  let work: string;

  beforeAll(async () => {
    app = await createTestApp(adapter, { imports: [AppModule] });
    base = await appUrl(app);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ndv-sample-zip-'));
  });

  afterAll(async () => {
    await app.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('zips the selected files of the storage; unzip gives them back byte for byte', async () => {
    const res = await rawRequest(base + SELECTED);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="selected.zip"');
    expect(res.headers['content-length']).toBe(String(res.body.length));
    expect(res.body.length).toBe(351); // as docs/views/zip.md shows it
    const zip = path.join(work, 'selected.zip');
    fs.writeFileSync(zip, res.body);
    execFileSync('unzip', ['-q', '-o', zip, '-d', work]);
    for (const name of ['hello-world.txt', 'notes/café menu.txt']) {
      expect(fs.readFileSync(path.join(work, name)).equals(fs.readFileSync(path.join(MEDIA_ROOT, name)))).toBe(true);
    }
    const again = await rawRequest(base + SELECTED, { headers: { range: 'bytes=100-199' } });
    expect(again.status).toBe(206);
    expect(again.body.equals(res.body.subarray(100, 200))).toBe(true);
  });

  it('answers 404 for a name that leaves the storage or does not exist, 400 for none', async () => {
    for (const query of ['names=hello-world.txt&names=..%2Fsample.paths.ts', 'names=%2e%2e/fixtures/hello-world.txt', 'names=nope.txt']) {
      expect({ query, status: (await rawRequest(`${base}/zip/selected?${query}`)).status }).toEqual({ query, status: 404 });
    }
    expect((await rawRequest(`${base}/zip/selected`)).status).toBe(400);
  });
});
