import type { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { DownloadModule, UrlSigner } from 'nestjs-downloadview';
import { assertDownloadResponse, temporaryMediaRoot, type TemporaryMediaRoot } from 'nestjs-downloadview/testing';
import request from 'supertest';
import { SigningModule } from '../../sample/signing/signing.module';
import { ADAPTERS, type AdapterName, createTestApp } from '../support/test-app.factory';

const SECRET = 'e2e-secret-0123456789abcdef0123456789';
const FILES = {
  'hello-world.txt': 'Hello world!\n',
  'notes/café menu.txt': 'Soup of the day\n',
  'a b/100% real.txt': 'percent\n',
};

function moduleFor(media: TemporaryMediaRoot) {
  return {
    imports: [DownloadModule.forRoot({ storage: media.storage, signing: { secrets: [SECRET] } }), SigningModule],
  };
}

async function prefixedApp(adapter: AdapterName, media: TemporaryMediaRoot): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule(moduleFor(media)).compile();
  const app = moduleRef.createNestApplication(adapter === 'express' ? new ExpressAdapter() : new FastifyAdapter(), {
    logger: false,
  });
  app.setGlobalPrefix('api');
  await app.init();
  if (adapter === 'fastify') await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe.each(ADAPTERS)('signed URLs on %s', (adapter) => {
  let media: TemporaryMediaRoot;
  let app: INestApplication;
  let signer: UrlSigner;
  const get = (url: string) => request(app.getHttpServer()).get(url);
  const linkTo = async (encodedName: string): Promise<string> => {
    const response = await get(`/signing/links/${encodedName}`).expect(200);
    return (response.body as { url: string }).url;
  };

  beforeAll(async () => {
    media = temporaryMediaRoot({ files: FILES });
    app = await createTestApp(adapter, moduleFor(media));
    signer = app.get(UrlSigner);
  });
  afterAll(async () => {
    await app?.close();
    await media?.cleanup();
  });

  it.each([
    ['hello-world.txt', 'hello-world.txt', FILES['hello-world.txt']],
    ['notes/caf%C3%A9%20menu.txt', 'café menu.txt', FILES['notes/café menu.txt']],
    ['a%20b/100%25%20real.txt', '100% real.txt', FILES['a b/100% real.txt']],
  ])('serves %s through the link the sample issues', async (encodedName, basename, content) => {
    const url = await linkTo(encodedName);
    expect(url).toMatch(/^\/signing\/files\/.+\?expires=\d+&signature=[\w-]{43}$/);
    assertDownloadResponse(await get(url), { content, basename });
  });

  it('verifies the same link spelled with lower-case escapes', async () => {
    const url = await linkTo('notes/caf%C3%A9%20menu.txt');
    assertDownloadResponse(await get(url.replace('%C3%A9', '%c3%a9')), { content: FILES['notes/café menu.txt'] });
  });

  it('ignores other query parameters around the signature', async () => {
    const url = await linkTo('hello-world.txt');
    const [path, query] = url.split('?');
    assertDownloadResponse(await get(`${path}?utm_source=mail&${query}&lang=fr`), { content: 'Hello world!\n' });
  });

  it('serves a link signed as an absolute URL by its path', async () => {
    const absolute = signer.sign('https://downloads.example.com/signing/files/notes/café menu.txt');
    expect(absolute.startsWith('https://downloads.example.com/signing/files/notes/caf%C3%A9%20menu.txt?')).toBe(true);
    assertDownloadResponse(await get(absolute.replace('https://downloads.example.com', '')), { basename: 'café menu.txt' });
  });

  it.each([
    ['without a signature', (url: string) => url.split('?')[0], 'missing', 'The URL is not signed'],
    ['with a changed signature', (url: string) => url.replace(/signature=./, (m) => (m.endsWith('A') ? 'signature=B' : 'signature=A')), 'invalid', 'does not match'],
    ['with its expiry pushed back', (url: string) => url.replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 86400}`), 'invalid', 'does not match'],
    ['replayed on another file', (url: string) => url.replace('hello-world.txt', 'notes/caf%C3%A9%20menu.txt'), 'invalid', 'signed for another path'],
    ['with a garbled expiry', (url: string) => url.replace(/expires=\d+/, 'expires=tomorrow'), 'malformed', 'malformed'],
  ])('answers 403 with the reason for a link %s', async (_what, tamper, reason, message) => {
    const response = await get(tamper(await linkTo('hello-world.txt')));
    expect(response.status).toBe(403);
    expect(response.headers['content-disposition']).toBeUndefined();
    expect(response.body).toMatchObject({ statusCode: 403, reason, message: expect.stringContaining(message) });
  });

  it('answers 403 "expired" for a link past its expiry', async () => {
    const url = signer.sign('/signing/files/hello-world.txt', { expiresAt: new Date(Date.now() - 60_000) });
    const response = await get(url).expect(403);
    expect(response.body).toMatchObject({ reason: 'expired', message: expect.stringMatching(/^The signed URL expired at \d{4}-/) });
  });

  it('answers 404, not 403, for a validly signed link to a missing file', async () => {
    await get(signer.sign('/signing/files/missing.txt')).expect(404);
  });

  describe('behind a global prefix', () => {
    let prefixed: INestApplication;
    beforeAll(async () => (prefixed = await prefixedApp(adapter, media)));
    afterAll(() => prefixed?.close());

    it('serves a link signed with the prefix, and refuses one signed without it', async () => {
      const prefixedSigner = prefixed.get(UrlSigner);
      const server = prefixed.getHttpServer();
      assertDownloadResponse(await request(server).get(prefixedSigner.sign('/api/signing/files/notes/café menu.txt')), {
        content: FILES['notes/café menu.txt'],
      });
      const unprefixed = prefixedSigner.sign('/signing/files/hello-world.txt');
      const response = await request(server).get(`/api${unprefixed}`).expect(403);
      expect(response.body).toMatchObject({ reason: 'invalid' });
    });
  });
});

describe('@SignatureRequired() without signing secrets', () => {
  it('fails at start-up, saying what to configure', async () => {
    const media = temporaryMediaRoot();
    try {
      const moduleRef = Test.createTestingModule({ imports: [DownloadModule.forRoot({ storage: media.storage }), SigningModule] });
      await expect(moduleRef.compile()).rejects.toThrow('URL signing is not configured: pass `signing: { secrets: [...] }`');
    } finally {
      await media.cleanup();
    }
  });
});
