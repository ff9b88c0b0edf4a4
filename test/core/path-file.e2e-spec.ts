import type { INestApplication } from '@nestjs/common';
import { parse } from 'content-disposition';
import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { pathFileApp } from './path-file.fixture';
import { binaryBody } from './support/binary-body';
import { rawRequest } from './support/raw-http';
import { createFixtureTree, type FixtureTree, ODD_NAMES, sha256 } from './support/fixture-tree';

describe.each(ADAPTERS)('PathFile downloads (%s)', (adapter) => {
  let tree: FixtureTree;
  let app: INestApplication;
  let server: ReturnType<INestApplication['getHttpServer']>;

  beforeAll(async () => {
    tree = createFixtureTree();
    app = await createTestApp(adapter, pathFileApp(tree.root));
    server = app.getHttpServer();
  });

  afterAll(async () => {
    await app?.close();
    tree?.remove();
  });

  it('answers 200 with the content and every download header', async () => {
    const res = await request(server).get('/path/hello.txt').expect(200);
    expect(res.text).toBe('Hello world\n');
    const mtime = fs.statSync(path.join(tree.root, 'hello.txt')).mtime;
    expect(res.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': 'attachment; filename="hello.txt"',
      'content-length': '12',
      'last-modified': mtime.toUTCString(),
      'accept-ranges': 'bytes',
      etag: expect.stringMatching(/^W\/".+"$/),
    });
    expect(res.headers).not.toHaveProperty('content-encoding');
  });

  it.each(ODD_NAMES)('serves %j and names it exactly in Content-Disposition', async (name) => {
    const res = await request(server).get(`/path/${encodeURIComponent(name)}`).expect(200);
    expect(res.text).toBe(`content of ${name}\n`);
    expect(res.headers['content-disposition']).toMatch(/^[\x20-\x7e]+$/);
    expect(parse(res.headers['content-disposition'])).toEqual({
      type: 'attachment',
      parameters: { filename: name },
    });
  });

  it.each([
    ['Grüße.txt', `attachment; filename="Grusse.txt"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.txt`],
    ['résumé.txt', `attachment; filename="resume.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt`],
    [
      `quote "double" and 'single'.txt`,
      `attachment; filename="quote _double_ and 'single'.txt"; filename*=UTF-8''quote%20%22double%22%20and%20%27single%27.txt`,
    ],
  ])('names %j in an ASCII filename= that curl -OJ can save as is', async (name, disposition) => {
    const res = await request(server).get(`/path/${encodeURIComponent(name)}`).expect(200);
    expect(res.headers['content-disposition']).toBe(disposition);
  });

  it('serves a name that merely starts with two dots', async () => {
    const res = await request(server).get('/path/..hidden').buffer(true).parse(binaryBody).expect(200);
    expect(res.body.toString()).toBe('dots\n');
  });

  it('serves a 0-byte file with Content-Length 0', async () => {
    const res = await request(server).get('/path/empty.bin').buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.body).toHaveLength(0);
  });

  it('serves a multi-MiB binary byte for byte', async () => {
    const res = await request(server).get('/path/big.bin').buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-length']).toBe(String(tree.big.length));
    expect(res.body.length).toBe(tree.big.length);
    expect(sha256(res.body)).toBe(tree.bigSha256);
  });

  it('serves a .tar.gz as application/gzip without Content-Encoding, byte-identical', async () => {
    const res = await request(server).get('/path/archive.tar.gz').buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers).not.toHaveProperty('content-encoding');
    expect(res.body.equals(tree.targz)).toBe(true);
  });

  it('serves nested files through a wildcard route', async () => {
    await request(server).get('/tree/sub/nested.txt').expect(200, 'nested\n');
    await request(server).get('/tree/sub/deeper/deep.txt').expect(200, 'deep\n');
    await request(server).get('/raw/sub/deeper/deep.txt').expect(200, 'deep\n');
    await request(server).get('/tree/with%20space.txt').expect(200, 'content of with space.txt\n');
  });

  it('follows a link that stays inside the root', async () => {
    await request(server).get('/path/inner-link.txt').expect(200, 'Hello world\n');
  });

  it('serves a trusted absolute path inline', async () => {
    const res = await request(server).get('/absolute/hello').expect(200, 'Hello world\n');
    expect(res.headers['content-disposition']).toBe('inline; filename="hello.txt"');
  });

  it('answers 404 through Nest for a missing file, a folder and an empty tail', async () => {
    for (const url of ['/path/missing.txt', '/path/sub', '/tree/sub/', '/tree/sub/missing.txt']) {
      const res = await request(server).get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
      expect(res.headers).not.toHaveProperty('content-disposition');
    }
    const res = await request(server).get('/path/missing.txt').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404 });
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await request(server).get('/path/big.bin').buffer(true).parse(binaryBody);
    const head = await request(server).head('/path/big.bin').expect(200);
    const pick = (h: Record<string, string>) => {
      const { date: _date, connection: _c, 'keep-alive': _k, ...rest } = h;
      return rest;
    };
    expect(pick(head.headers)).toEqual(pick(get.headers));
    const raw = await rawRequest(await appUrl(app), '/path/big.bin', { method: 'HEAD' });
    expect(raw).toMatchObject({ status: 200, complete: true });
    expect(raw.body).toHaveLength(0);
  });
});
