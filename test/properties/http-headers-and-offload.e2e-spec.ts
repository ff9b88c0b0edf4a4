import { Controller, Get, type INestApplication, Param } from '@nestjs/common';
import fc from 'fast-check';
import { Download, DownloadModule, FileSystemStorage, PathFile, StorageService, WildcardPath, XSendfile } from 'nestjs-downloadview';
import * as path from 'node:path';
import { rawRequest } from '../proxies/http-client';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { createConfinementTree, type ConfinementTree, NAME_PIECES } from './support/confinement.fixture';
import { checkDownloadAnswer } from './support/download-answer.check';
import { runs } from './support/fast-check.settings';
import { downloadRequestHeaders } from './support/http-headers.arbitraries';
import { MemoryFile } from './support/memory.file';

/**
 * The same properties through real HTTP, on Express and Fastify: generated
 * Range / conditional headers (fewer runs than at the prepare() level), and
 * generated URL paths whose offload header (X-Accel-Redirect, X-Sendfile)
 * never names a place outside the destination. Never a 5xx.
 */

const MAX_RANGES = 8;
const CONTENT = Buffer.from(Array.from({ length: 97 }, (_, i) => (i * 37 + 11) % 256));
const ETAG = '"v1,2"';
const MODIFIED = new Date('2024-05-01T10:00:00Z');

/** URL path pieces: raw and percent-encoded dots, slashes, backslashes, NUL, look-alikes, NFD, long names. */
const URL_PIECES = [
  ...NAME_PIECES.filter((piece) => /^[\x21-\x7e]+$/.test(piece) && !piece.includes('?') && !piece.includes('#')),
  '%e2%80%a4%e2%80%a4', '%ef%bc%8e%ef%bc%8e', '%e2%88%95', '%ef%bc%8f', 'cafe%cc%81.txt', 'caf%c3%a9.txt',
  '%0d%0aX-Evil:%201', '%c0%2e', '%ed%a0%80', 'a'.repeat(255), ';', '%3b',
];
const urlPath = fc
  .array(fc.array(fc.constantFrom(...URL_PIECES), { minLength: 1, maxLength: 3 }).map((p) => p.join('')), { minLength: 1, maxLength: 4 })
  .map((segments) => segments.join('/'));

function propertiesApp(tree: ConfinementTree) {
  @Controller()
  class PropertiesController {
    constructor(private readonly storage: StorageService) {}

    @Get('memory')
    @Download()
    memory() {
      return new MemoryFile(CONTENT, { etag: ETAG, modifiedTime: MODIFIED });
    }

    @Get('storage/*')
    @Download()
    stored(@WildcardPath() name: string[]) {
      return this.storage.file(name);
    }

    @Get('lighttpd/*')
    @Download()
    @XSendfile({ server: 'lighttpd', sourceDir: tree.root, destinationDir: '/dest-lighttpd' })
    lighttpd(@WildcardPath() name: string[]) {
      return new PathFile(name, { root: tree.root });
    }

    @Get('apache/*')
    @Download()
    @XSendfile({ server: 'apache', sourceDir: tree.root, destinationDir: '/dest-apache' })
    apache(@WildcardPath() name: string[]) {
      return new PathFile(name, { root: tree.root });
    }

    @Get('one/:name')
    @Download()
    one(@Param('name') name: string) {
      return new PathFile(name, { root: tree.root });
    }
  }
  return {
    imports: [
      DownloadModule.forRoot({
        maxRanges: MAX_RANGES,
        storage: new FileSystemStorage({ location: tree.root, baseUrl: '/media/' }),
        backend: 'nginx',
        rules: [{ sourceUrl: '/media/', destinationUrl: '/protected/' }],
      }),
    ],
    controllers: [PropertiesController],
  };
}

/** The location a proxy reads from an offload header, normalised: below `destination`. */
function expectBelow(location: string, destination: string): void {
  expect(location.startsWith(destination)).toBe(true);
  const segments = location.slice(destination.length).split('?')[0].split('/');
  for (const segment of segments) {
    expect(['', '.', '..'].includes(segment)).toBe(false);
    expect(segment).not.toMatch(/[\u0000-\u001f\u007f\\]/);
  }
  expect(path.posix.normalize(location.split('?')[0]).startsWith(destination)).toBe(true);
}

describe.each(ADAPTERS)('Generated headers and names through HTTP (property, %s)', (adapter) => {
  let tree: ConfinementTree;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    tree = createConfinementTree();
    app = await createTestApp(adapter, propertiesApp(tree));
    base = await appUrl(app);
  });
  afterAll(async () => {
    await app?.close();
    tree?.remove();
  });

  it('Range and conditional headers: the answer the reference model allows, 206 bodies the exact slices, never a 5xx', async () => {
    const headers = downloadRequestHeaders(CONTENT.length, { etag: ETAG, lastModified: MODIFIED.toUTCString() }, 400);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET' as const, 'HEAD' as const), headers, async (method, requestHeaders) => {
        // Headers as a client can send them: Node refuses control characters in values.
        const sendable = Object.fromEntries(Object.entries(requestHeaders).filter(([, v]) => /^[\x20-\x7e\t]*$/.test(v)));
        const res = await rawRequest(`${base}/memory`, { method, headers: sendable });
        expect(res.status).toBeLessThan(500);
        checkDownloadAnswer(
          CONTENT,
          { etag: ETAG, lastModified: MODIFIED.toUTCString() },
          { method, headers: sendable },
          { status: res.status, headers: res.headers, body: method === 'GET' ? res.body : undefined },
          MAX_RANGES,
        );
      }),
      runs(300),
    );
  });

  it('offload: X-Accel-Redirect and X-Sendfile never name a place outside the destination, whatever the URL path; never a 5xx', async () => {
    let offloaded = 0;
    // Generated paths mostly name nothing (404 since the offload path looks at the file), so known
    // names inside the root are mixed in: the property must see offloaded answers too.
    const tails = fc.oneof({ weight: 3, arbitrary: urlPath }, { weight: 1, arbitrary: fc.constantFrom('inside.txt', 'dir/inner.txt', 'link-in') });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('storage', 'lighttpd', 'apache', 'one'), tails, async (route, tail) => {
        const res = await rawRequest(`${base}/${route}/${tail}`);
        expect(res.status).toBeLessThan(500);
        const accel = res.headers['x-accel-redirect'];
        const sendfile = res.headers['x-sendfile'];
        if (typeof accel === 'string' || typeof sendfile === 'string') offloaded++;
        if (typeof accel === 'string') {
          // nginx decodes the value once.
          expectBelow(decodeURIComponent(accel), '/protected/');
        }
        if (typeof sendfile === 'string') {
          const location =
            route === 'apache'
              ? Buffer.from(sendfile, 'latin1').toString('utf8') // mod_xsendfile reads raw UTF-8 bytes
              : decodeURIComponent(sendfile); // lighttpd decodes once
          expectBelow(location, route === 'apache' ? '/dest-apache/' : '/dest-lighttpd/');
        }
        if (res.status === 200 && !accel && !sendfile) {
          expect(res.body.toString('latin1')).not.toContain('SECRET');
        }
      }),
      runs(400),
    );
    // Not vacuous: some generated paths name files inside the root and are offloaded.
    expect(offloaded).toBeGreaterThan(10);
  });
});
