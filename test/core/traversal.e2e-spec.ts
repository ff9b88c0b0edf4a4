import type { INestApplication } from '@nestjs/common';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { pathFileApp } from './path-file.fixture';
import { createFixtureTree, type FixtureTree, SECRET } from './support/fixture-tree';
import { rawRequest } from './support/raw-http';

/** Single-segment attempts for `/path/:name` (the root holds links escape.txt and escape-dir). */
const PARAM_ATTEMPTS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E',
  '%2e',
  '%252e%252e',
  '%25252e%25252e',
  '..%2fsecret.txt',
  '..%2F..%2Fsecret.txt',
  '%2e%2e%2fsecret.txt',
  '%2e%2e%2foutside%2fsecret.txt',
  '..%2froot-private%2fsecret.txt',
  '%252e%252e%252fsecret.txt',
  '..%5csecret.txt',
  '%5c..%5csecret.txt',
  '..%255csecret.txt',
  'hello.txt%00',
  'hello.txt%00.png',
  '%00',
  '%2fetc%2fpasswd',
  '%2f%2fetc%2fpasswd',
  '%2F..%2Fsecret.txt',
  'C:%5cWindows%5cwin.ini',
  'C%3a%2fsecret.txt',
  'escape.txt',
  'escape-dir%2fsecret.txt',
  'sub%2f..%2f..%2fsecret.txt',
  '%20..%2fsecret.txt',
];

/** Multi-segment attempts for the wildcard routes, sent without any client-side normalisation. */
const TAIL_ATTEMPTS = [
  '../secret.txt',
  '../../secret.txt',
  '..',
  './hello.txt',
  'sub/../../secret.txt',
  'sub/./../hello.txt',
  '%2e%2e/secret.txt',
  '%2e%2e/outside/secret.txt',
  'sub/%2e%2e/%2e%2e/secret.txt',
  '%252e%252e/secret.txt',
  '%252e%252e%252fsecret.txt',
  '..%2fsecret.txt',
  'sub%2f..%2f..%2fsecret.txt',
  '..%5csecret.txt',
  '..\\secret.txt',
  '/etc/passwd',
  '//etc/passwd',
  '%2fetc/passwd',
  'C:/secret.txt',
  'hello.txt%00',
  'hello.txt%00/x',
  'escape.txt',
  'escape-dir/secret.txt',
  'sub/',
  'sub//nested.txt',
  '../root-private/secret.txt',
  '',
];

/** Malformed percent-encoding: the routers refuse these with 400 before any handler runs. */
const MALFORMED = ['%c0%ae%c0%ae/secret.txt', '%ZZ/secret.txt'];

describe.each(ADAPTERS)('Path traversal through real routes (%s)', (adapter) => {
  let tree: FixtureTree;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    tree = createFixtureTree(1024);
    app = await createTestApp(adapter, pathFileApp(tree.root));
    base = await appUrl(app);
  });

  afterAll(async () => {
    await app?.close();
    tree?.remove();
  });

  it(`tries at least 20 attempts per route (${PARAM_ATTEMPTS.length} + ${TAIL_ATTEMPTS.length})`, () => {
    expect(PARAM_ATTEMPTS.length).toBeGreaterThanOrEqual(20);
    expect(TAIL_ATTEMPTS.length).toBeGreaterThanOrEqual(20);
  });

  it('serves the legitimate files through the same routes', async () => {
    for (const url of ['/path/hello.txt', '/tree/sub/nested.txt', '/raw/sub/nested.txt']) {
      const res = await rawRequest(base, url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
    }
  });

  it.each(PARAM_ATTEMPTS)('answers 404 to /path/%s and never sends the secret', async (attempt) => {
    const res = await rawRequest(base, `/path/${attempt}`);
    expect(res.status).toBe(404);
    expect(res.body.toString()).not.toContain(SECRET);
    expect(res.headers).not.toHaveProperty('content-disposition');
  });

  it.each(TAIL_ATTEMPTS)('answers 404 to /tree/%s and /raw/%s and never sends the secret', async (attempt) => {
    for (const prefix of ['/tree/', '/raw/']) {
      const res = await rawRequest(base, prefix + attempt);
      expect({ url: prefix + attempt, status: res.status }).toEqual({ url: prefix + attempt, status: 404 });
      expect(res.body.toString()).not.toContain(SECRET);
    }
  });

  it.each(MALFORMED)('refuses the malformed %s with a 4xx, never the secret', async (attempt) => {
    for (const prefix of ['/path/', '/tree/', '/raw/']) {
      const res = await rawRequest(base, prefix + attempt);
      expect([400, 404]).toContain(res.status);
      expect(res.body.toString()).not.toContain(SECRET);
    }
  });
});
