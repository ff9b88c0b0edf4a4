import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ADAPTERS, createTestApp } from '../support/test-app.factory';
import { MAX_RANGES, rangesApp } from './ranges.fixture';
import { binaryBody } from './support/binary-body';
import { createFixtureTree, DIGITS, type FixtureTree } from './support/fixture-tree';
import { parseByteranges } from './support/multipart';

describe.each(ADAPTERS)('Range requests (%s)', (adapter) => {
  let tree: FixtureTree;
  let app: INestApplication;
  const get = (url: string, headers: Record<string, string> = {}) =>
    request(app.getHttpServer()).get(url).set(headers).buffer(true).parse(binaryBody);

  beforeAll(async () => {
    tree = createFixtureTree();
    app = await createTestApp(adapter, rangesApp(tree.root));
  });

  afterAll(async () => {
    await app?.close();
    tree?.remove();
  });

  it('answers 206 with Content-Range and exactly the bytes of a single range', async () => {
    const res = await get('/path/big.bin', { range: 'bytes=1000000-1000999' }).expect(206);
    expect(res.headers['content-range']).toBe(`bytes 1000000-1000999/${tree.big.length}`);
    expect(res.headers['content-length']).toBe('1000');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.body.equals(tree.big.subarray(1000000, 1001000))).toBe(true);
  });

  it('answers a suffix range with the last bytes', async () => {
    const res = await get('/path/digits.txt', { range: 'bytes=-5' }).expect(206);
    expect(res.headers['content-range']).toBe('bytes 57-61/62');
    expect(res.body.toString()).toBe('VWXYZ');
  });

  it('answers a suffix range longer than the file with the whole file, as RFC 9110 §14.1.2 says', async () => {
    const res = await get('/path/hello.txt', { range: 'bytes=-100000' }).expect(206);
    expect(res.headers['content-range']).toBe('bytes 0-11/12');
    expect(res.headers['content-length']).toBe('12');
    expect(res.body.toString()).toBe('Hello world\n');
  });

  it('merges a suffix range longer than the file with the other ranges into one 206', async () => {
    const res = await get('/memory/digits', { range: 'bytes=0-1,-100000' }).expect(206);
    expect(res.headers['content-range']).toBe('bytes 0-61/62');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body.toString()).toBe(DIGITS);
  });

  it('answers 416 to the empty suffix bytes=-0', async () => {
    const res = await get('/path/digits.txt', { range: 'bytes=-0' }).expect(416);
    expect(res.headers['content-range']).toBe('bytes */62');
    expect(res.body).toHaveLength(0);
  });

  it('answers an open-ended range up to the end', async () => {
    const res = await get('/path/big.bin', { range: `bytes=${tree.big.length - 100}-` }).expect(206);
    expect(res.headers['content-range']).toBe(`bytes ${tree.big.length - 100}-${tree.big.length - 1}/${tree.big.length}`);
    expect(res.body.equals(tree.big.subarray(tree.big.length - 100))).toBe(true);
  });

  it('clamps a range running past the end', async () => {
    const res = await get('/path/digits.txt', { range: 'bytes=60-999' }).expect(206);
    expect(res.headers['content-range']).toBe('bytes 60-61/62');
    expect(res.body.toString()).toBe('YZ');
  });

  it('answers several ranges as multipart/byteranges, each part with its bytes', async () => {
    const res = await get('/path/big.bin', { range: 'bytes=0-99,3000000-3000099,-10' }).expect(206);
    const type = res.headers['content-type'];
    expect(type).toMatch(/^multipart\/byteranges; boundary=/);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    const parts = parseByteranges(res.body, type);
    const size = tree.big.length;
    expect(parts.map((p) => p.headers['content-range'])).toEqual([
      `bytes 0-99/${size}`,
      `bytes 3000000-3000099/${size}`,
      `bytes ${size - 10}-${size - 1}/${size}`,
    ]);
    expect(parts.every((p) => p.headers['content-type'] === 'application/octet-stream')).toBe(true);
    expect(parts[0].body.equals(tree.big.subarray(0, 100))).toBe(true);
    expect(parts[1].body.equals(tree.big.subarray(3000000, 3000100))).toBe(true);
    expect(parts[2].body.equals(tree.big.subarray(size - 10))).toBe(true);
  });

  it('coalesces overlapping and adjacent ranges before answering', async () => {
    const res = await get('/path/digits.txt', { range: 'bytes=0-5,3-9,10-12,40-45,44-47' }).expect(206);
    const parts = parseByteranges(res.body, res.headers['content-type']);
    expect(parts.map((p) => [p.headers['content-range'], p.body.toString()])).toEqual([
      ['bytes 0-12/62', DIGITS.slice(0, 13)],
      ['bytes 40-47/62', DIGITS.slice(40, 48)],
    ]);
    expect(parts[0].headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('answers a single 206 when overlapping ranges coalesce into one', async () => {
    const res = await get('/path/digits.txt', { range: 'bytes=0-5,2-9' }).expect(206);
    expect(res.headers['content-range']).toBe('bytes 0-9/62');
    expect(res.body.toString()).toBe(DIGITS.slice(0, 10));
  });

  it(`answers 200 with the whole file to more than ${MAX_RANGES} ranges`, async () => {
    const res = await get('/path/digits.txt', { range: 'bytes=0-0,2-2,4-4,6-6,8-8' }).expect(200);
    expect(res.headers).not.toHaveProperty('content-range');
    expect(res.body.toString()).toBe(DIGITS);
  });

  it('answers 416 with Content-Range bytes */size to an unsatisfiable range', async () => {
    const res = await get('/path/digits.txt', { range: 'bytes=62-70' }).expect(416);
    expect(res.headers['content-range']).toBe('bytes */62');
    expect(res.body).toHaveLength(0);
  });

  it.each(['bytes=abc', 'bytes=', 'bytes=1-2-3', 'pages=1-2', 'bytes 0-5'])(
    'answers 200 with the whole file to the malformed Range %j',
    async (range) => {
      const res = await get('/path/digits.txt', { range }).expect(200);
      expect(res.body.toString()).toBe(DIGITS);
    },
  );

  describe('If-Range', () => {
    it('honours the Range when If-Range is the Last-Modified date', async () => {
      const { headers } = await get('/path/digits.txt');
      const res = await get('/path/digits.txt', { range: 'bytes=0-3', 'if-range': headers['last-modified'] }).expect(206);
      expect(res.body.toString()).toBe('0123');
    });

    it('sends the whole file when If-Range is another date', async () => {
      const res = await get('/path/digits.txt', { range: 'bytes=0-3', 'if-range': 'Mon, 01 Jan 2001 00:00:00 GMT' });
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(DIGITS);
    });

    it('honours the Range when If-Range is the strong ETag', async () => {
      const { headers } = await get('/memory/digits');
      expect(headers.etag).toMatch(/^"/);
      const res = await get('/memory/digits', { range: 'bytes=10-12', 'if-range': headers.etag }).expect(206);
      expect(res.body.toString()).toBe('abc');
    });

    it('sends the whole file when If-Range is another ETag, or a weak one', async () => {
      const other = await get('/memory/digits', { range: 'bytes=10-12', 'if-range': '"stale"' }).expect(200);
      expect(other.body.toString()).toBe(DIGITS);
      const { headers } = await get('/path/digits.txt');
      expect(headers.etag).toMatch(/^W\//);
      await get('/path/digits.txt', { range: 'bytes=0-3', 'if-range': headers.etag }).expect(200);
    });
  });

  it('ignores Range on content that cannot seek and sends it whole, without Accept-Ranges', async () => {
    const res = await get('/generated/digits', { range: 'bytes=0-3' }).expect(200);
    expect(res.headers).not.toHaveProperty('accept-ranges');
    expect(res.headers).not.toHaveProperty('content-range');
    expect(res.headers['content-length']).toBe('62');
    expect(res.body.toString()).toBe(DIGITS);
  });
});
