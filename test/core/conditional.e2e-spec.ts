import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { conditionalApp } from './conditional.fixture';
import type { OpenCounter } from './support/counting-path.file';
import { createFixtureTree, type FixtureTree } from './support/fixture-tree';
import { rawRequest } from './support/raw-http';

const BEFORE = 'Mon, 01 Jan 2001 00:00:00 GMT';
const AFTER = 'Fri, 01 Jan 2100 00:00:00 GMT';

// supertest, not fetch: Node's fetch adds Cache-Control: no-cache to conditional requests.
describe.each(ADAPTERS)('Conditional requests and HEAD (%s)', (adapter) => {
  let tree: FixtureTree;
  let app: INestApplication;
  const counter: OpenCounter = { opens: 0 };
  let etag: string;
  let lastModified: string;
  const get = (headers: Record<string, string> = {}) =>
    request(app.getHttpServer()).get('/files/hello.txt').set(headers);

  beforeAll(async () => {
    tree = createFixtureTree(1024);
    app = await createTestApp(adapter, conditionalApp(tree.root, counter));
    const first = await get().expect(200);
    etag = first.headers.etag;
    lastModified = first.headers['last-modified'];
  });

  afterAll(async () => {
    await app?.close();
    tree?.remove();
  });

  /** Runs `send` and answers how often it made a wrapper open the content. */
  async function opensDuring(send: () => Promise<unknown>): Promise<number> {
    const before = counter.opens;
    await send();
    return counter.opens - before;
  }

  it('sends ETag, Last-Modified and the decorator’s Cache-Control', async () => {
    const res = await get().expect(200, 'Hello world\n');
    expect(etag).toMatch(/^W\/"/);
    expect(new Date(lastModified).getTime()).not.toBeNaN();
    expect(res.headers['cache-control']).toBe('private, max-age=60');
  });

  describe('304 Not Modified', () => {
    it.each([
      ['a matching If-None-Match', () => ({ 'if-none-match': etag })],
      ['If-None-Match listing the ETag', () => ({ 'if-none-match': `"other", ${etag}` })],
      ['If-None-Match: *', () => ({ 'if-none-match': '*' })],
      ['If-Modified-Since equal to Last-Modified', () => ({ 'if-modified-since': lastModified })],
      ['a later If-Modified-Since', () => ({ 'if-modified-since': AFTER })],
    ])('answers 304 to %s, with no body and no Content-Length', async (_label, headers) => {
      const res = await get(headers()).expect(304);
      expect(res.text ?? '').toBe('');
      expect(res.headers).not.toHaveProperty('content-length');
      expect(res.headers).not.toHaveProperty('content-type');
      expect(res.headers).toMatchObject({ etag, 'last-modified': lastModified, 'cache-control': 'private, max-age=60' });
    });

    it('sends no body bytes on the wire', async () => {
      const raw = await rawRequest(await appUrl(app), '/files/hello.txt', { headers: { 'if-none-match': etag } });
      expect(raw).toMatchObject({ status: 304, complete: true });
      expect(raw.body).toHaveLength(0);
      expect(raw.headers).not.toHaveProperty('transfer-encoding');
    });

    it('never opens the content', async () => {
      expect(await opensDuring(() => get({ 'if-none-match': etag }).expect(304))).toBe(0);
      expect(await opensDuring(() => get({ 'if-modified-since': lastModified }).expect(304))).toBe(0);
    });

    it('answers 200 to a non-matching If-None-Match, even with a matching If-Modified-Since', async () => {
      await get({ 'if-none-match': '"other"' }).expect(200, 'Hello world\n');
      await get({ 'if-none-match': '"other"', 'if-modified-since': lastModified }).expect(200);
    });

    it('answers 200 to an earlier or unparsable If-Modified-Since', async () => {
      await get({ 'if-modified-since': BEFORE }).expect(200, 'Hello world\n');
      await get({ 'if-modified-since': 'not a date' }).expect(200);
    });
  });

  describe('412 Precondition Failed', () => {
    it.each([
      ['an If-Match that does not match', { 'if-match': '"other"' }],
      ['If-Match of a weak ETag (strong comparison)', null],
      ['an If-Unmodified-Since before the modification', { 'if-unmodified-since': BEFORE }],
    ])('answers 412 to %s, without opening the content', async (_label, headers) => {
      const sent = headers ?? { 'if-match': etag };
      const opens = await opensDuring(async () => {
        const res = await get(sent).expect(412);
        expect(res.text ?? '').toBe('');
        expect(res.headers['content-length']).toBe('0');
      });
      expect(opens).toBe(0);
    });

    it('answers 200 to If-Match: * and to a later If-Unmodified-Since', async () => {
      await get({ 'if-match': '*' }).expect(200, 'Hello world\n');
      await get({ 'if-unmodified-since': AFTER }).expect(200);
      await get({ 'if-unmodified-since': lastModified }).expect(200);
    });
  });

  describe('HEAD', () => {
    it('answers the same headers as GET, without a body and without opening the content', async () => {
      const getAnswer = await get().expect(200);
      let headAnswer!: request.Response;
      const opens = await opensDuring(async () => {
        headAnswer = await request(app.getHttpServer()).head('/files/hello.txt').expect(200);
      });
      expect(opens).toBe(0);
      const strip = ({ date: _d, connection: _c, 'keep-alive': _k, ...rest }: Record<string, string>) => rest;
      expect(strip(headAnswer.headers)).toEqual(strip(getAnswer.headers));
      const raw = await rawRequest(await appUrl(app), '/files/hello.txt', { method: 'HEAD' });
      expect(raw.body).toHaveLength(0);
      expect(raw.headers['content-length']).toBe('12');
    });

    it('answers HEAD to a conditional request like GET (304)', async () => {
      await request(app.getHttpServer()).head('/files/hello.txt').set('if-none-match', etag).expect(304);
    });

    it('answers 404 to HEAD of a missing file', async () => {
      await request(app.getHttpServer()).head('/files/missing.txt').expect(404);
    });
  });

  it('opens the content exactly once for a GET', async () => {
    expect(await opensDuring(() => get().expect(200))).toBe(1);
  });
});
