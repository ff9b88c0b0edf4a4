import type { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import request from 'supertest';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { binaryBody } from './support/binary-body';
import { CHUNK, CHUNKS, chunkOf, type Gate, virtualFileApp } from './virtual-file.fixture';

describe.each(ADAPTERS)('VirtualFile downloads (%s)', (adapter) => {
  let app: INestApplication;
  const gate: Gate = {};
  const get = (url: string, headers: Record<string, string> = {}) =>
    request(app.getHttpServer()).get(url).set(headers).buffer(true).parse(binaryBody);

  beforeAll(async () => {
    app = await createTestApp(adapter, virtualFileApp(gate));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('serves a string with its UTF-8 byte length, a strong ETag and ranges', async () => {
    const res = await get('/virtual/text').expect(200);
    expect(res.body.toString()).toBe('Grüße, world!\n');
    expect(res.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength('Grüße, world!\n')),
      'content-disposition': 'inline; filename="greeting.txt"',
      'accept-ranges': 'bytes',
      etag: expect.stringMatching(/^"/),
    });
    const part = await get('/virtual/text', { range: 'bytes=0-6' }).expect(206);
    expect(part.body.toString()).toBe('Grüße');
    await get('/virtual/text', { 'if-none-match': res.headers.etag }).expect(304);
  });

  it('serves a Buffer byte for byte with Last-Modified', async () => {
    const res = await get('/virtual/buffer').expect(200);
    expect([...res.body]).toEqual([0, 1, 2, 3, 254, 255]);
    expect(res.headers['last-modified']).toBe('Wed, 01 Jan 2025 00:00:00 GMT');
    expect(res.headers['content-type']).toBe('application/octet-stream');
  });

  it('streams an async generator chunked, without Content-Length or Accept-Ranges', async () => {
    const res = await get('/virtual/lines', { range: 'bytes=0-3' }).expect(200);
    expect(res.body.toString()).toBe('id,name\n1,row 1\n2,row 2\n3,row 3\n');
    expect(res.headers).not.toHaveProperty('content-length');
    expect(res.headers).not.toHaveProperty('accept-ranges');
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="report.csv"');
  });

  it('sends Content-Length for a generator whose size is given', async () => {
    const res = await get('/virtual/sized').expect(200);
    expect(res.headers['content-length']).toBe('6');
    expect(res.body.toString()).toBe('abcdef');
  });

  it.each([
    ['/virtual/web', 'web stream'],
    ['/virtual/readable', 'node readable'],
    ['/virtual/iterable', 'plain array'],
  ])('streams %s', async (url, text) => {
    const res = await get(url).expect(200);
    expect(res.body.toString()).toBe(text);
  });

  it('streams 8 MiB generated in chunks, byte for byte', async () => {
    const res = await get('/virtual/big').expect(200);
    const expected = createHash('sha256');
    for (let i = 0; i < CHUNKS; i++) expected.update(chunkOf(i));
    expect(res.body.length).toBe(CHUNK * CHUNKS);
    expect(createHash('sha256').update(res.body).digest('hex')).toBe(expected.digest('hex'));
  });

  it('sends each chunk as it is produced: the second exists only after the client got the first', async () => {
    const { hostname, port } = new URL(await appUrl(app));
    const received: string[] = [];
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get({ host: hostname, port, path: '/virtual/live', agent: false }, (res) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            received.push(chunk);
            gate.open?.(); // the generator may now produce its second chunk
          });
          res.on('end', () => resolve(res.statusCode!));
        })
        .on('error', reject);
    });
    expect(status).toBe(200);
    expect(received).toEqual(['first;', 'second']);
  });
});
