import type { INestApplication } from '@nestjs/common';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { binaryBody } from './support/binary-body';
import { chromiumDownload } from './support/chromium-download';
import { createFixtureTree, type FixtureTree } from './support/fixture-tree';
import { rawRequest } from './support/raw-http';
import { extract, run, runClient, ZIP_TOOLS } from './support/zip-tools';
import { type OpenedStreams, STORED_MEMBERS, zipFileApp } from './zip-file.fixture';

describe.each(ADAPTERS)('ZipFile downloads (%s)', (adapter) => {
  let tree: FixtureTree;
  let app: INestApplication;
  let server: ReturnType<INestApplication['getHttpServer']>;
  let url: string;
  let work: string;
  const streams: OpenedStreams = { opened: 0, closed: 0 };
  /** The first /zip/stored (streamed by yazl, CRC-32 unknown). */
  let first: Buffer;

  const get = (route: string, headers: Record<string, string> = {}) =>
    request(server).get(route).set(headers).buffer(true).parse(binaryBody);

  /** Checks an archive with every tool, then extracts it and compares every member with its source. */
  function verify(bytes: Buffer, label: string, members = STORED_MEMBERS) {
    const zip = path.join(work, `${label}.zip`);
    fs.writeFileSync(zip, bytes);
    for (const { check } of ZIP_TOOLS) run(check(zip));
    const files = extract(zip, path.join(work, label));
    expect([...files.keys()].sort()).toEqual([...members].sort());
    for (const name of members) expect({ name, same: files.get(name)!.equals(fs.readFileSync(path.join(tree.root, name))) }).toEqual({ name, same: true });
  }

  beforeAll(async () => {
    tree = createFixtureTree(3 * 1024 * 1024);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ndv-zip-'));
    app = await createTestApp(adapter, zipFileApp(tree.root, streams));
    server = app.getHttpServer();
    url = await appUrl(app);
  });

  afterAll(async () => {
    await app?.close();
    tree?.remove();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('streams a stored archive with its exact Content-Length before the first byte, and no ranges yet', async () => {
    const res = await get('/zip/stored').expect(200);
    first = res.body;
    expect(res.headers['content-length']).toBe(String(first.length));
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="stored.zip"');
    expect(res.headers).not.toHaveProperty('accept-ranges');
    expect(res.headers).not.toHaveProperty('etag');
    verify(first, 'first');
  });

  it('knows the whole layout on the next request: the same bytes, a strong ETag, ranges', async () => {
    const res = await get('/zip/stored').expect(200);
    expect(res.body.equals(first)).toBe(true);
    expect(res.headers['etag']).toMatch(/^"[\w-]+"$/);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['last-modified']).toBeDefined();
  });

  it('answers any range with the same slice of the whole archive', async () => {
    const size = first.length;
    for (const [start, end] of [[0, 0], [0, 99], [30, 3_000_000], [size - 22, size - 1], [1_000_000, size - 1], [size - 5000, size - 100]]) {
      const res = await get('/zip/stored', { range: `bytes=${start}-${end}` }).expect(206);
      expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${size}`);
      expect({ start, same: res.body.equals(first.subarray(start, end + 1)) }).toEqual({ start, same: true });
    }
  });

  it('answers If-Range, If-None-Match (304) and If-Match by its strong ETag', async () => {
    const { headers } = await get('/zip/stored').expect(200);
    const etag = headers['etag'];
    const ranged = await get('/zip/stored', { range: 'bytes=10-19', 'if-range': etag }).expect(206);
    expect(ranged.body.equals(first.subarray(10, 20))).toBe(true);
    const stale = await get('/zip/stored', { range: 'bytes=10-19', 'if-range': '"other"' }).expect(200);
    expect(stale.body.equals(first)).toBe(true);
    await get('/zip/stored', { 'if-none-match': etag }).expect(304);
    await get('/zip/stored', { 'if-match': etag, range: 'bytes=0-9' }).expect(206);
    await get('/zip/stored', { 'if-match': '"other"' }).expect(412);
  });

  it('resumes a broken download with curl -C -, byte for byte', async () => {
    const out = path.join(work, 'resumed.zip');
    fs.writeFileSync(out, first.subarray(0, 1_234_567));
    await runClient(['curl', '-sS', '--fail', '-C', '-', '-o', out, `${url}/zip/stored`]);
    expect(fs.readFileSync(out).equals(first)).toBe(true);
  });

  it('downloads with aria2c over 4 connections, byte for byte', async () => {
    await runClient(['aria2c', '-q', '-x4', '-s4', '-k1M', '--min-split-size=1M', '--allow-overwrite=true', '-d', work, '-o', 'aria.zip', `${url}/zip/stored`]);
    expect(fs.readFileSync(path.join(work, 'aria.zip')).equals(first)).toBe(true);
  });

  it('deflates members on request: no Content-Length, no ranges, every tool reads it', async () => {
    const res = await get('/zip/deflated', { range: 'bytes=0-9' }).expect(200);
    expect(res.headers).not.toHaveProperty('content-length');
    expect(res.headers).not.toHaveProperty('accept-ranges');
    verify(res.body, 'deflated');
    const methods = run(['python3', '-c', 'import sys,zipfile; print(sorted({i.compress_type for i in zipfile.ZipFile(sys.argv[1]).infolist() if i.file_size}))', path.join(work, 'deflated.zip')]);
    expect(methods.trim()).toBe('[8]');
  });

  it('answers 404 for a member missing before the first byte, or leaves it out with missing: skip', async () => {
    await get('/zip/missing').expect(404);
    const res = await get('/zip/skip').expect(200);
    verify(res.body, 'skip', ['hello.txt']);
  });

  it('makes names safe: no absolute path, no .., no backslash, duplicates numbered', async () => {
    const res = await get('/zip/unsafe').expect(200);
    const zip = path.join(work, 'unsafe.zip');
    fs.writeFileSync(zip, res.body);
    const names = run(['python3', '-c', 'import sys,zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip]).trim().split('\n');
    expect(names).toEqual(['etc/evil.txt', 'absolute.txt', 'windows/win.txt', 'a/b/c.txt', 'same.txt', 'SAME (2).txt', 'same (3).txt', 'file']);
    for (const { check } of ZIP_TOOLS) run(check(zip));
  });

  it('flags UTF-8 names and keeps the members\' modification times', async () => {
    const zip = path.join(work, 'first.zip');
    const info = JSON.parse(
      run(['python3', '-c', 'import sys,zipfile,json; print(json.dumps([[i.filename,i.flag_bits,i.date_time] for i in zipfile.ZipFile(sys.argv[1]).infolist()]))', zip]),
    ) as Array<[string, number, number[]]>;
    for (const [name, flags, dateTime] of info) {
      expect(flags & 0x800).toBe(0x800);
      const mtime = fs.statSync(path.join(tree.root, name)).mtime;
      const [y, mo, d, h, mi, s] = dateTime;
      // DOS times: local, to the even second below.
      expect(new Date(y, mo - 1, d, h, mi, s).getTime()).toBe(Math.floor(mtime.getTime() / 2000) * 2000);
    }
    expect(info.map(([name]) => name)).toContain('日本語のファイル.txt');
  });

  it('cuts the connection when a member fails mid-archive', async () => {
    const answer = await rawRequest(url, '/zip/failing');
    expect(answer.status).toBe(200);
    expect(answer.complete).toBe(false);
    expect(answer.body.length).toBeGreaterThan(tree.big.length);
  });

  it('closes the member it opened when the client goes away', async () => {
    streams.opened = streams.closed = 0;
    const answer = await rawRequest(url, '/zip/slow', { abortAfter: 100 * 1024 });
    expect(answer.complete).toBe(false);
    for (let i = 0; i < 100 && streams.closed < streams.opened; i++) await new Promise((r) => setTimeout(r, 20));
    expect(streams.opened).toBe(1);
    expect(streams.closed).toBe(1);
  });

  it('with verifyCrc32, cuts the connection when a member of a known layout no longer has its CRC-32, once its bytes are sent', async () => {
    const answer = await rawRequest(url, '/zip/stale');
    expect(answer.status).toBe(200);
    expect(answer.headers['accept-ranges']).toBe('bytes');
    expect(answer.complete).toBe(false);
    expect(answer.body.length).toBeLessThan(Number(answer.headers['content-length']));
  });

  it('without verifyCrc32, trusts a known layout: a member changed at the same size is sent whole, and tools report its CRC error', async () => {
    const answer = await rawRequest(url, '/zip/stale-trusted');
    expect(answer.status).toBe(200);
    expect(answer.complete).toBe(true);
    expect(answer.body.length).toBe(Number(answer.headers['content-length']));
    const zip = path.join(work, 'stale-trusted.zip');
    fs.writeFileSync(zip, answer.body);
    expect(run(['python3', '-c', 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())', zip]).trim()).toBe('big.bin');
  });

  it('cuts the connection when a member of a known layout is shorter or longer than its size, verifyCrc32 or not', async () => {
    for (const route of ['short', 'long', 'short?verify=1', 'long?verify=1']) {
      const answer = await rawRequest(url, `/zip/wrong-size/${route}`);
      expect({ route, status: answer.status, complete: answer.complete }).toEqual({ route, status: 200, complete: false });
    }
  });

  it('closes the member it opened when the client goes away, layout known', async () => {
    streams.opened = streams.closed = 0;
    const answer = await rawRequest(url, '/zip/slow-known', { abortAfter: 100 * 1024 });
    expect(answer.complete).toBe(false);
    for (let i = 0; i < 100 && streams.closed < streams.opened; i++) await new Promise((r) => setTimeout(r, 20));
    expect(streams.opened).toBe(1);
    expect(streams.closed).toBe(1);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const head = await request(server).head('/zip/stored').expect(200);
    expect(head.headers['content-length']).toBe(String(first.length));
    expect(head.headers['etag']).toBeDefined();
  });

  it('is saved by headless Chromium, and the saved file opens', async () => {
    const { name, bytes: saved } = await chromiumDownload(`${url}/zip/stored`, path.join(work, 'chromium'));
    expect(name).toBe('stored.zip');
    expect(saved.equals(first)).toBe(true);
    verify(saved, 'chromium-saved');
  }, 60_000);
});

