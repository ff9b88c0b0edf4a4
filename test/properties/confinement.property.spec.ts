import fc from 'fast-check';
import {
  compileOffloadRule,
  type CompiledOffloadRule,
  type DownloadFile,
  FileSystemStorage,
  HttpFile,
  type OffloadRule,
  PathFile,
  StorageFile,
} from 'nestjs-downloadview';
import { realpathSync } from 'node:fs';
// Internal to the library (not exported): the rule mapping the offload path uses.
import { matchOffloadRule, targetPath, targetUrl } from '../../lib/optimizations/offload-rules';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { createConfinementTree, type ConfinementTree, nameInput, relativeName, SECRET } from './support/confinement.fixture';
import { runs } from './support/fast-check.settings';

/**
 * Confinement, generated: names made of dots, encodings, double encodings,
 * NUL, backslashes, Unicode look-alikes, NFC/NFD forms, long segments and
 * symbolic-link chains never reach a file outside the root, through PathFile,
 * FileSystemStorage or an offload rule's mapping.
 */

let tree: ConfinementTree;
let realRoot: string;
beforeAll(() => {
  tree = createConfinementTree();
  realRoot = realpathSync(tree.root);
});
afterAll(() => tree.remove());

const inside = (parent: string, child: string) => {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
};

async function read(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** stat() never throws (a throw is a 500); a file it finds is inside the root, and its bytes are not a secret. */
let served = 0;
async function expectConfined(file: DownloadFile): Promise<void> {
  const filePath = file.getPath();
  if (filePath !== undefined) expect(inside(tree.root, filePath)).toBe(true);
  const stat = await file.stat();
  if (!stat) return;
  served++;
  expect(inside(realRoot, realpathSync(filePath!))).toBe(true);
  expect(await read(await file.open())).not.toContain(SECRET);
}

describe('Confinement (property)', () => {
  it('PathFile with root: any name resolves inside the root, or is refused (404), never a file outside, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(nameInput, async (name) => {
        await expectConfined(new PathFile(name, { root: tree.root }));
      }),
      runs(1500),
    );
    // Not vacuous: some generated names are files inside the root, served.
    expect(served).toBeGreaterThan(10);
  });

  it('FileSystemStorage: stat/exists/open/path/url of any name stay inside the location', async () => {
    const storage = new FileSystemStorage({ location: tree.root, baseUrl: '/media/' });
    await fc.assert(
      fc.asyncProperty(relativeName, async (name) => {
        const filePath = storage.path(name);
        if (filePath !== undefined) expect(inside(tree.root, filePath)).toBe(true);
        const url = storage.url(name);
        if (url !== undefined) {
          expect(url.startsWith('/media/')).toBe(true);
          // Decoded once (what a server does), no segment climbs or holds a separator.
          for (const segment of url.slice('/media/'.length).split('/').map(decodeURIComponent)) {
            expect(['', '.', '..'].includes(segment) || /[\\/\0]/.test(segment)).toBe(false);
          }
        }
        const stat = await storage.stat(name);
        expect(await storage.exists(name)).toBe(stat !== null);
        // open() of a folder or a refused name fails (a folder when read): never with a secret.
        const opened = await storage
          .open(name)
          .then((stream) => read(stream))
          .catch((err: NodeJS.ErrnoException) => err);
        if (typeof opened === 'string') expect(opened).not.toContain(SECRET);
        if (stat) {
          expect(typeof opened).toBe('string');
          expect(inside(realRoot, realpathSync(filePath!))).toBe(true);
        }
        await expectConfined(new StorageFile(storage, name));
      }),
      runs(1000),
    );
  });

  describe('offload rule mapping (matchOffloadRule, targetPath, targetUrl)', () => {
    const compile = (rule: OffloadRule): CompiledOffloadRule => {
      const { rule: compiled, problems } = compileOffloadRule(rule, 'rules[0]');
      if (!compiled) throw new Error(problems.join('\n'));
      return compiled;
    };

    /** A target's segments are what OffloadTarget promises: none empty, `.`, `..`, or holding `/`, `\`, NUL or a control character. */
    const expectSafeSegments = (segments: readonly string[]) => {
      for (const segment of segments) {
        expect(['', '.', '..'].includes(segment)).toBe(false);
        expect(segment).not.toMatch(/[\u0000-\u001f\u007f/\\]/);
      }
    };

    /** The header value as the proxy decodes it (percent-decoding once), normalised: still below the destination. */
    const expectUrlBelow = (url: string, destination: string) => {
      expect(url).toMatch(/^[\x21-\x7e]+$/);
      expect(url.startsWith(destination)).toBe(true);
      const decoded = url
        .slice(destination.length)
        .split('?')[0]
        .split('/')
        .map((segment) => decodeURIComponent(segment));
      expectSafeSegments(decoded);
      expect(path.posix.normalize(destination + decoded.join('/')).startsWith(destination)).toBe(true);
    };

    it('a folder rule (apache, lighttpd) maps a PathFile under sourceDir to a path below destinationDir, whatever its name', () => {
      const rules = [
        compile({ backend: 'apache', sourceDir: tree.root, destinationDir: '/var/protected' }),
        compile({ backend: 'lighttpd', sourceDir: tree.root, destinationDir: '/var/protected/' }),
        compile({ backend: 'apache', sourceDir: tree.root }),
      ];
      fc.assert(
        fc.property(nameInput, fc.boolean(), fc.constantFrom(...rules), (name, trusted, rule) => {
          // With root (a name from the URL), or a trusted absolute path built from it.
          const file = trusted
            ? new PathFile(`${tree.root}/${typeof name === 'string' ? name : name.join('/')}`)
            : new PathFile(name, { root: tree.root });
          const target = matchOffloadRule(rule, file);
          if (!target) return;
          expectSafeSegments(target.segments);
          const mapped = targetPath(target);
          const destination = rule.destination.endsWith('/') ? rule.destination : `${rule.destination}/`;
          expect(mapped.startsWith(destination)).toBe(true);
          expect(path.posix.normalize(mapped)).toBe(mapped);
          expect(inside(rule.destination, mapped)).toBe(true);
          expect(path.posix.relative(rule.destination, mapped)).toBe(target.segments.join('/'));
        }),
        runs(1500),
      );
    });

    it('a URL rule (nginx) maps a storage or remote file to a URL below destinationUrl, whatever its name or URL', () => {
      const storage = new FileSystemStorage({ location: tree.root, baseUrl: '/media/' });
      const local = compile({ backend: 'nginx', sourceUrl: '/media/', destinationUrl: '/protected/' });
      const remote = compile({ backend: 'nginx', sourceUrl: 'http://origin.test/files/', destinationUrl: '/remote/' });
      /** A URL path tail written any way: raw pieces, or each piece percent-encoded once. */
      const urlTail = fc.tuple(relativeName, fc.boolean()).map(([name, encode]) =>
        encode ? name.split('/').map((s) => { try { return encodeURIComponent(s); } catch { return s; } }).join('/') : name,
      );
      fc.assert(
        fc.property(relativeName, urlTail, fc.constantFrom('', '?a=1', '?x=%2e%2e/..', '#frag'), (name, tail, suffix) => {
          const storageTarget = matchOffloadRule(local, new StorageFile(storage, name));
          if (storageTarget) {
            expectSafeSegments(storageTarget.segments);
            const url = targetUrl(storageTarget);
            if (url !== undefined) expectUrlBelow(url, '/protected/');
          }
          let remoteFile: HttpFile;
          try {
            remoteFile = new HttpFile(`http://origin.test/files/${tail}${suffix}`);
          } catch {
            return;
          }
          const remoteTarget = matchOffloadRule(remote, remoteFile);
          if (remoteTarget) {
            expectSafeSegments(remoteTarget.segments);
            const url = targetUrl(remoteTarget);
            if (url !== undefined) expectUrlBelow(url, '/remote/');
          }
        }),
        runs(1500),
      );
    });
  });
});
