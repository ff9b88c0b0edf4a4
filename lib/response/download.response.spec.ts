import { NotFoundException } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DownloadFile } from '../files/download.file';
import { VirtualFile } from '../files/virtual.file';
import type { FileOptions } from '../interfaces/file-options.interface';
import type { DownloadRequestInfo, FileStat } from '../interfaces/file-stat.interface';
import { DownloadResponse, type PreparedDownload } from './download.response';

const CONTENT = Buffer.from('0123456789abcdefghij'); // 20 bytes
const MODIFIED = new Date('2025-01-01T12:00:00Z');
const HTTP_MODIFIED = MODIFIED.toUTCString();

/** A seekable file with a fixed stat (a strong ETag when given). */
class FixedFile extends DownloadFile {
  constructor(
    private readonly fixed: FileStat | null,
    options: FileOptions = {},
    private readonly canSeek = true,
  ) {
    super('folder/fixed.txt', options);
  }
  override get seekable() {
    return this.canSeek;
  }
  protected async loadStat() {
    return this.fixed;
  }
  async open() {
    return Readable.from([CONTENT]);
  }
}

const get = (headers: Record<string, string> = {}): DownloadRequestInfo => ({ method: 'GET', headers });
const fileOf = () => new VirtualFile(CONTENT, { name: 'digits.txt', modifiedTime: MODIFIED });
const prepare = (headers?: Record<string, string>, file: DownloadFile = fileOf(), options = {}) =>
  new DownloadResponse(file, options).prepare(get(headers));

describe('DownloadResponse.prepare', () => {
  it('throws NotFoundException when the file does not exist', async () => {
    await expect(prepare({}, new FixedFile(null))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('answers 200 with every header of a complete download', async () => {
    const prepared = await prepare();
    expect(prepared).toMatchObject({ status: 200, body: 'full' });
    expect(prepared.headers).toEqual({
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': 'attachment; filename="digits.txt"',
      'content-length': 20,
      'last-modified': HTTP_MODIFIED,
      etag: expect.stringMatching(/^W\/"/),
      'accept-ranges': 'bytes',
    });
  });

  it('answers HEAD with the same status and headers and no body', async () => {
    const response = new DownloadResponse(fileOf());
    const head = await response.prepare({ method: 'HEAD', headers: {} });
    const getAnswer = await new DownloadResponse(fileOf()).prepare(get());
    expect(head.status).toBe(200);
    expect(head.body).toBe('none');
    expect(head.headers).toEqual(getAnswer.headers);
  });

  describe('conditional requests', () => {
    let etag: string;
    beforeAll(async () => {
      etag = (await prepare()).headers.etag as string;
    });

    it('answers 304 to a matching If-None-Match, without Content-Length or Content-Type', async () => {
      const prepared = await prepare({ 'if-none-match': etag });
      expect(prepared).toMatchObject({ status: 304, body: 'none' });
      expect(prepared.headers).not.toHaveProperty('content-length');
      expect(prepared.headers).not.toHaveProperty('content-type');
      expect(prepared.headers).toMatchObject({ etag, 'last-modified': HTTP_MODIFIED });
    });

    it('answers 304 to If-Modified-Since at or after the modification', async () => {
      expect((await prepare({ 'if-modified-since': HTTP_MODIFIED })).status).toBe(304);
      expect((await prepare({ 'if-modified-since': new Date('2030-01-01').toUTCString() })).status).toBe(304);
    });

    it('answers 200 to an older If-Modified-Since', async () => {
      expect((await prepare({ 'if-modified-since': 'Tue, 31 Dec 2024 00:00:00 GMT' })).status).toBe(200);
    });

    it('lets a non-matching If-None-Match win over a matching If-Modified-Since', async () => {
      const prepared = await prepare({ 'if-none-match': '"other"', 'if-modified-since': HTTP_MODIFIED });
      expect(prepared.status).toBe(200);
    });

    it('answers 412 with Content-Length 0 to an If-Match that does not match', async () => {
      const prepared = await prepare({ 'if-match': '"other"' });
      expect(prepared).toMatchObject({ status: 412, body: 'none' });
      expect(prepared.headers['content-length']).toBe(0);
      expect(prepared.headers).not.toHaveProperty('content-type');
    });

    it('answers 412 to an If-Unmodified-Since before the modification', async () => {
      expect((await prepare({ 'if-unmodified-since': 'Tue, 31 Dec 2024 00:00:00 GMT' })).status).toBe(412);
    });

    it('answers 200 to If-Match of a strong ETag the file has', async () => {
      const file = new FixedFile({ size: 20, modifiedTime: MODIFIED, etag: '"v1"' });
      expect((await prepare({ 'if-match': '"v1"' }, file)).status).toBe(200);
      expect((await prepare({ 'if-match': '"v2"' }, new FixedFile({ size: 20, etag: '"v1"' }))).status).toBe(412);
    });
  });

  describe('ranges', () => {
    it('answers 206 with Content-Range to a single range', async () => {
      const prepared = await prepare({ range: 'bytes=2-5' });
      expect(prepared).toMatchObject({ status: 206, body: 'ranges', ranges: [{ start: 2, end: 5 }] });
      expect(prepared.headers).toMatchObject({ 'content-range': 'bytes 2-5/20', 'content-length': 4 });
    });

    it('answers a suffix range with the last bytes', async () => {
      const prepared = await prepare({ range: 'bytes=-3' });
      expect(prepared.ranges).toEqual([{ start: 17, end: 19 }]);
      expect(prepared.headers['content-range']).toBe('bytes 17-19/20');
    });

    it('answers a suffix range longer than the file with the whole file (RFC 9110 §14.1.2)', async () => {
      const prepared = await prepare({ range: 'bytes=-100000' });
      expect(prepared).toMatchObject({ status: 206, body: 'ranges', ranges: [{ start: 0, end: 19 }] });
      expect(prepared.headers).toMatchObject({ 'content-range': 'bytes 0-19/20', 'content-length': 20 });
    });

    it('merges a suffix range longer than the file with the other ranges into one', async () => {
      const prepared = await prepare({ range: 'bytes=0-1,-100000' });
      expect(prepared).toMatchObject({ status: 206, ranges: [{ start: 0, end: 19 }] });
      expect(prepared.headers['content-range']).toBe('bytes 0-19/20');
    });

    it('answers 416 to the empty suffix bytes=-0', async () => {
      const prepared = await prepare({ range: 'bytes=-0' });
      expect(prepared).toMatchObject({ status: 416, body: 'none' });
      expect(prepared.headers['content-range']).toBe('bytes */20');
    });

    it('answers an open-ended range up to the last byte', async () => {
      const prepared = await prepare({ range: 'bytes=15-' });
      expect(prepared.ranges).toEqual([{ start: 15, end: 19 }]);
    });

    it('clamps a range that runs past the end', async () => {
      const prepared = await prepare({ range: 'bytes=18-1000' });
      expect(prepared.headers['content-range']).toBe('bytes 18-19/20');
    });

    it('answers several ranges as multipart/byteranges with an exact Content-Length', async () => {
      const prepared = await prepare({ range: 'bytes=0-1,10-12' });
      expect(prepared.status).toBe(206);
      expect(prepared.headers['content-type']).toMatch(/^multipart\/byteranges; boundary=\w+$/);
      expect(prepared.headers['content-length']).toBe(assemble(prepared).length);
      const body = assemble(prepared).toString();
      expect(body).toContain('content-range: bytes 0-1/20\r\n\r\n01\r\n');
      expect(body).toContain('content-range: bytes 10-12/20\r\n\r\nabc\r\n');
      expect(body).toContain('content-type: text/plain; charset=utf-8');
      expect(body.endsWith(`--${prepared.multipart!.boundary}--\r\n`)).toBe(true);
    });

    it('coalesces overlapping and adjacent ranges', async () => {
      const prepared = await prepare({ range: 'bytes=0-4,2-6,7-8,15-16' });
      expect(prepared.ranges).toEqual([
        { start: 0, end: 8 },
        { start: 15, end: 16 },
      ]);
    });

    it('answers one range when the coalesced ranges make one', async () => {
      const prepared = await prepare({ range: 'bytes=0-4,3-9' });
      expect(prepared.multipart).toBeUndefined();
      expect(prepared.headers['content-range']).toBe('bytes 0-9/20');
    });

    it('answers 200 when the request asks for more ranges than maxRanges', async () => {
      const prepared = await prepare({ range: 'bytes=0-0,2-2,4-4' }, fileOf(), { maxRanges: 2 });
      expect(prepared.status).toBe(200);
      expect(prepared.headers['content-length']).toBe(20);
    });

    it('answers 416 with Content-Range bytes */size to an unsatisfiable range', async () => {
      const prepared = await prepare({ range: 'bytes=20-30' });
      expect(prepared).toMatchObject({ status: 416, body: 'none' });
      expect(prepared.headers['content-range']).toBe('bytes */20');
      expect(prepared.headers['content-length']).toBe(0);
    });

    it('answers 416 to a range whose end comes before its start, as nginx does', async () => {
      expect((await prepare({ range: 'bytes=5-2' })).status).toBe(416);
    });

    it.each(['bytes=abc', 'bytes', 'items=0-5', 'bytes=--1', 'bytes=1-2-3'])(
      'answers 200 to the malformed or foreign Range %j',
      async (range) => {
        expect((await prepare({ range })).status).toBe(200);
      },
    );

    it('honours If-Range with the exact Last-Modified date', async () => {
      expect((await prepare({ range: 'bytes=0-1', 'if-range': HTTP_MODIFIED })).status).toBe(206);
      expect((await prepare({ range: 'bytes=0-1', 'if-range': 'Tue, 31 Dec 2024 00:00:00 GMT' })).status).toBe(200);
    });

    it('honours If-Range with a strong ETag only', async () => {
      const file = () => new FixedFile({ size: 20, modifiedTime: MODIFIED, etag: '"v1"' });
      expect((await prepare({ range: 'bytes=0-1', 'if-range': '"v1"' }, file())).status).toBe(206);
      expect((await prepare({ range: 'bytes=0-1', 'if-range': '"v0"' }, file())).status).toBe(200);
      const weak = (await prepare()).headers.etag as string;
      expect((await prepare({ range: 'bytes=0-1', 'if-range': weak })).status).toBe(200);
    });

    it('ignores Range on content that cannot seek, and sends no Accept-Ranges', async () => {
      const file = new FixedFile({ size: 20 }, {}, false);
      const prepared = await prepare({ range: 'bytes=0-1' }, file);
      expect(prepared.status).toBe(200);
      expect(prepared.headers).not.toHaveProperty('accept-ranges');
      expect(prepared.headers['content-length']).toBe(20);
    });

    it('sends no Content-Length and ignores Range when the size is unknown', async () => {
      const generated = new VirtualFile((function* () { yield 'a'; })(), { name: 'g.csv' });
      const prepared = await prepare({ range: 'bytes=0-0' }, generated);
      expect(prepared.status).toBe(200);
      expect(prepared.headers).not.toHaveProperty('content-length');
      expect(prepared.headers).not.toHaveProperty('accept-ranges');
    });

    it('answers HEAD with a range as 206 headers and no body', async () => {
      const prepared = await new DownloadResponse(fileOf()).prepare({ method: 'HEAD', headers: { range: 'bytes=0-1' } });
      expect(prepared).toMatchObject({ status: 206, body: 'none' });
    });
  });

  describe('upstream answers (remote files)', () => {
    const upstream = (status: number, headers: Record<string, string>) =>
      new FixedFile({ contentType: 'text/plain', upstream: { status, headers } }, {}, false);

    it('passes a remote 206 and its Content-Range on', async () => {
      const prepared = await prepare({}, upstream(206, { 'content-range': 'bytes 0-1/20', 'content-length': '2' }));
      expect(prepared).toMatchObject({ status: 206, body: 'full' });
      expect(prepared.headers).toMatchObject({ 'content-range': 'bytes 0-1/20', 'content-length': '2' });
    });

    it('passes a remote 304 on without Content-Length', async () => {
      const prepared = await prepare({}, upstream(304, { etag: '"r"', 'content-length': '20' }));
      expect(prepared).toMatchObject({ status: 304, body: 'none' });
      expect(prepared.headers).not.toHaveProperty('content-length');
      expect(prepared.headers.etag).toBe('"r"');
    });

    it('passes a remote 416 on with its Content-Range */size', async () => {
      const prepared = await prepare({}, upstream(416, { 'content-range': 'bytes */20' }));
      expect(prepared).toMatchObject({ status: 416, body: 'none' });
      expect(prepared.headers['content-range']).toBe('bytes */20');
    });
  });
});

describe('DownloadResponse headers', () => {
  it('lets the wrapper’s own values win over the decorator’s', () => {
    const file = new FixedFile({ size: 1 }, { basename: 'own.csv', mimetype: 'text/csv', encoding: 'br', charset: 'latin1' });
    const response = new DownloadResponse(file, {
      basename: 'decorator.txt', mimetype: 'text/html', encoding: 'gzip', charset: 'utf-16', attachment: false,
    });
    expect(response.defaultHeaders()).toEqual({
      'content-type': 'text/csv; charset=latin1',
      'content-disposition': 'inline; filename="own.csv"',
      'content-encoding': 'br',
    });
  });

  it('uses the decorator’s values when the wrapper has none', () => {
    const response = new DownloadResponse(new FixedFile({ size: 1 }), {
      basename: 'report.html', charset: 'iso-8859-1', encoding: 'gzip', cacheControl: 'private, max-age=60',
    });
    expect(response.defaultHeaders()).toEqual({
      'content-type': 'text/html; charset=iso-8859-1',
      'content-disposition': 'attachment; filename="report.html"',
      'content-encoding': 'gzip',
      'cache-control': 'private, max-age=60',
    });
  });

  it('never sends Content-Encoding: identity, and lets a wrapper\'s identity override the decorator\'s encoding', () => {
    const plain = new DownloadResponse(new FixedFile({ size: 1 }, { encoding: 'IDENTITY' }), { encoding: 'gzip' });
    expect(plain.encoding).toBeUndefined();
    expect(plain.defaultHeaders()).not.toHaveProperty('content-encoding');
    expect(new DownloadResponse(new FixedFile({ size: 1 }), { encoding: 'identity' }).encoding).toBeUndefined();
  });

  it('falls back to the basename of the name, and never sends Content-Encoding unasked', () => {
    const response = new DownloadResponse(new FixedFile({ size: 1 }));
    expect(response.basename).toBe('fixed.txt');
    expect(response.defaultHeaders()).not.toHaveProperty('content-encoding');
    const gz = new DownloadResponse(new FixedFile({ size: 1 }, { basename: 'a.tar.gz' }));
    expect(gz.defaultHeaders()).toEqual({
      'content-type': 'application/gzip',
      'content-disposition': 'attachment; filename="a.tar.gz"',
    });
  });

  it('prefers a remote Content-Type over the basename lookup', () => {
    const response = new DownloadResponse(new FixedFile({ size: 1, contentType: 'image/png' }));
    expect(response.contentType({ contentType: 'image/png' })).toBe('image/png');
  });
});

/** The body the writer would send for a multipart answer. */
function assemble(prepared: PreparedDownload): Buffer {
  const { partHeaders } = prepared.multipart!;
  const pieces: Buffer[] = [];
  prepared.ranges!.forEach(({ start, end }, index) => {
    pieces.push(Buffer.from(partHeaders[index]), CONTENT.subarray(start, end + 1));
  });
  pieces.push(Buffer.from(partHeaders[partHeaders.length - 1]));
  return Buffer.concat(pieces);
}
