import type { S3Client } from '@aws-sdk/client-s3';
import { contentDispositionFor } from '../../lib/response/content-headers';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { S3Storage } from 'nestjs-downloadview';
import { type RunningS3Server, startS3Server } from '../support/s3-server';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A deterministic stream of `size` bytes whose length nobody announces. */
function* chunksOf(size: number, chunk = 64 * 1024): Generator<Buffer> {
  for (let offset = 0; offset < size; offset += chunk) {
    yield Buffer.alloc(Math.min(chunk, size - offset), offset / chunk);
  }
}

describe('S3Storage against a real S3 server', () => {
  let s3: RunningS3Server;
  let client: S3Client;
  let storage: S3Storage;

  beforeAll(async () => {
    s3 = await startS3Server();
    client = s3.createClient();
    storage = new S3Storage({ client, bucket: s3.bucket, prefix: '/media/', publicBaseUrl: 'https://cdn.example.com/files' });
    await new S3Storage({ client, bucket: s3.bucket }).save('outside.txt', 'outside');
  });

  afterAll(async () => {
    client?.destroy();
    await s3?.close();
  });

  beforeEach(() => s3.clearRequests());

  it('checks its options', () => {
    expect(() => new S3Storage({ bucket: '' })).toThrow(/bucket/);
    expect(() => new S3Storage(undefined as never)).toThrow(/bucket/);
    expect(() => new S3Storage({ bucket: 'b', client, clientConfig: {} })).toThrow(/not both/);
    expect(() => new S3Storage({ bucket: 'b', prefix: '../up' })).toThrow(/prefix/);
  });

  it('saves strings and Buffers with one PutObject each, with a Content-Type from the name', async () => {
    expect(await storage.save('notes/a b.txt', 'spaced')).toBe('notes/a b.txt');
    await storage.save('notes/bytes.bin', Buffer.from([1, 2, 3]));
    expect(s3.requests.map((r) => `${r.method} ${decodeURIComponent(r.path)}`)).toEqual([
      `PUT /${s3.bucket}/media/notes/a b.txt`,
      `PUT /${s3.bucket}/media/notes/bytes.bin`,
    ]);
    expect(await storage.stat('notes/a b.txt')).toMatchObject({ size: 6, contentType: 'text/plain' });
    expect(await storage.stat('notes/bytes.bin')).toEqual({
      size: 3,
      modifiedTime: expect.any(Date),
      etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
    });
  });

  it('saves a 12 MiB stream of unknown length through a multipart upload, read back byte for byte', async () => {
    const expected = Buffer.concat([...chunksOf(12 * 1024 * 1024)]);
    await storage.save('big/stream.bin', Readable.from(chunksOf(12 * 1024 * 1024)));
    // CreateMultipartUpload, three UploadPart (5 + 5 + 2 MiB), CompleteMultipartUpload.
    expect(s3.requests.map((r) => `${r.method} ${'uploads' in r.query ? 'create' : 'partNumber' in r.query ? 'part' : 'complete'}`)).toEqual([
      'POST create',
      'PUT part',
      'PUT part',
      'PUT part',
      'POST complete',
    ]);
    expect((await storage.stat('big/stream.bin'))?.size).toBe(expected.length);
    expect(sha256(await buffer(await storage.open('big/stream.bin')))).toBe(sha256(expected));
  });

  it('saves an async iterable', async () => {
    await storage.save('notes/iter.txt', (async function* () { yield 'it'; yield Buffer.from('er'); })());
    expect(await text(await storage.open('notes/iter.txt'))).toBe('iter');
  });

  it('opens an inclusive range with one ranged GetObject', async () => {
    s3.clearRequests();
    expect(await text(await storage.open('notes/a b.txt', { start: 1, end: 3 }))).toBe('pac');
    expect(s3.requests.map((r) => [r.method, r.range])).toEqual([['GET', 'bytes=1-3']]);
  });

  it('rejects with ENOENT for a missing object or a refused name, the latter without a request', async () => {
    await expect(storage.open('notes/missing.txt')).rejects.toMatchObject({ code: 'ENOENT' });
    s3.clearRequests();
    await expect(storage.open('../outside.txt')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(storage.save('../planted.txt', 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(storage.delete('../outside.txt')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(storage.list('..')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await storage.stat('../outside.txt')).toBeNull();
    expect(await storage.exists('/outside.txt')).toBe(false);
    expect(s3.requests).toEqual([]);
  });

  it('lists one folder under the prefix with Delimiter /: sub-folders and files, sorted', async () => {
    await storage.save('notes/deep/x.txt', 'x');
    expect(await storage.list('notes')).toEqual({ directories: ['deep'], files: ['a b.txt', 'bytes.bin', 'iter.txt'] });
    expect(await storage.list('notes/')).toEqual(await storage.list('notes'));
    const top = await storage.list();
    expect(top.directories).toEqual(expect.arrayContaining(['big', 'notes']));
    expect(top.files).not.toContain('outside.txt');
    expect(s3.requests.filter((r) => r.method === 'GET').map((r) => r.query)).toContainEqual(
      expect.objectContaining({ 'list-type': '2', delimiter: '/', prefix: 'media/notes/' }),
    );
  });

  it('lists a folder of more than one page (1000 keys) completely, following the continuation token', async () => {
    const names = Array.from({ length: 1003 }, (_, i) => `f${String(i).padStart(4, '0')}.txt`);
    const paged = new S3Storage({ client, bucket: s3.bucket, prefix: 'paged' });
    for (let i = 0; i < names.length; i += 50) {
      await Promise.all(names.slice(i, i + 50).map((name) => paged.save(`many/${name}`, 'x')));
    }
    await paged.save('many/sub/y.txt', 'y');
    s3.clearRequests();
    expect(await paged.list('many')).toEqual({ directories: ['sub'], files: names });
    const pages = s3.requests.filter((r) => r.method === 'GET');
    expect(pages).toHaveLength(2);
    expect(pages[1].query['continuation-token']).toEqual(expect.any(String));
  });

  it('deletes an object, and deleting it again is not an error', async () => {
    await storage.save('notes/gone.txt', 'gone');
    expect(await storage.exists('notes/gone.txt')).toBe(true);
    await storage.delete('notes/gone.txt');
    expect(await storage.exists('notes/gone.txt')).toBe(false);
    await expect(storage.delete('notes/gone.txt')).resolves.toBeUndefined();
  });

  it('publishes names under publicBaseUrl, each segment percent-encoded, and has no local path', () => {
    expect(storage.url('notes/a b.txt')).toBe('https://cdn.example.com/files/media/notes/a%20b.txt');
    expect(storage.url('ünï #?.txt')).toBe('https://cdn.example.com/files/media/%C3%BCn%C3%AF%20%23%3F.txt');
    expect(storage.url('../outside.txt')).toBeUndefined();
    expect(new S3Storage({ client, bucket: s3.bucket }).url('a.txt')).toBeUndefined();
    expect(storage.path()).toBeUndefined();
  });

  it('presigns a GetObject that a plain HTTP client follows, S3 sending the given Content-Disposition and Content-Type', async () => {
    const disposition = contentDispositionFor('café (1).txt', true);
    expect(disposition).toContain("filename*=UTF-8''"); // the case s3rver got wrong without the correction
    const url = await storage.presign('notes/a b.txt', { expiresIn: 60, contentDisposition: disposition, contentType: 'text/csv' });
    expect(url).toMatch(/X-Amz-Signature=/);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('spaced');
    expect(res.headers.get('content-disposition')).toBe(disposition);
    expect(res.headers.get('content-type')).toBe('text/csv');
  });

  it('presigns nothing for a refused name; an expired or altered presigned URL is refused by S3', async () => {
    expect(await storage.presign('../outside.txt')).toBeUndefined();
    const url = (await storage.presign('notes/a b.txt', { expiresIn: 1 }))!;
    expect((await fetch(url.replace('a%20b.txt', 'bytes.bin'))).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await fetch(url)).status).toBe(403);
  });

  it('makes its own client from clientConfig on first use, and closes it', async () => {
    const own = new S3Storage({ clientConfig: s3.clientConfig(), bucket: s3.bucket, prefix: 'media' });
    expect(await text(await own.open('notes/a b.txt'))).toBe('spaced');
    own.destroy();
  });
});
