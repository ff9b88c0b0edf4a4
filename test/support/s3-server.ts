import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

// The suites pin the SDK on Node 20 on purpose (see package.json): no need to be told.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * A real S3 server for the suites: @20minutes/s3rver 4.0.4 on 127.0.0.1, a
 * free port, objects in a temporary folder, one bucket. The AWS SDK talks
 * HTTP to it exactly as it would to AWS (SigV4 checked, path-style URLs).
 *
 * s3rver disagrees with S3 in a few places (see /work/shared/S3-FACTS.md).
 * The ones our tests reach are corrected below, each correction asserting
 * the code it replaces so that an upgrade of s3rver fails here, loudly:
 * - bucket-level calls (ListObjectsV2 `GET /bucket/?list-type=2`) are
 *   signed by the SDK with the trailing `/`, which s3rver drops (403);
 * - the canonical query of SigV4 is built with `encodeURIComponent`, not
 *   RFC 3986, so presigned URLs carrying `filename*=UTF-8''…` fail (403);
 * - `Range: bytes=0-0` (and any `bytes=N-0`) is answered with the whole object;
 * - ListObjectsV2 continuation tokens are enciphered with DES, which OpenSSL 3
 *   (Node 20) lacks: every truncated listing is a 500. s3rver's DES, and only
 *   it (its fixed key), is replaced by a reversible identity: the token is the
 *   IV and the plain `region/bucket/key`, which s3rver reads back as before.
 *
 * Paths we do not rely on, and therefore leave alone: suffix ranges
 * (`bytes=-500`) and several ranges in one request (S3Storage only ever
 * sends one absolute range: the engine resolves the client's Range header
 * first); If-None-Match / If-Modified-Since at S3 (the library decides 304
 * from HeadObject itself); CreateBucket (the bucket is made through
 * s3rver's `configureBuckets`).
 */

const S3RVER_LIB = path.dirname(require.resolve('@20minutes/s3rver/lib/s3rver.js'));

export interface S3RequestRecord {
  method: string;
  /** The raw path, e.g. `/bucket/some%20key.txt`. */
  path: string;
  query: Record<string, unknown>;
  range?: string;
  /** Whether the answer was sent in full (false: the client or the server cut it). */
  finished?: boolean;
}

/** A hook that may answer a request itself (a fault): return true when it did. */
export type S3Fault = (ctx: KoaContext) => boolean | Promise<boolean>;

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  req: import('node:http').IncomingMessage;
  res: import('node:http').ServerResponse;
  respond?: boolean;
}

export interface RunningS3Server {
  endpoint: string;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Every request the server received since start (or the last `clearRequests()`). */
  requests: S3RequestRecord[];
  clearRequests(): void;
  /** Installs a fault hook (one at a time; `undefined` removes it). */
  setFault(fault: S3Fault | undefined): void;
  /** Connections open at the server right now. */
  openConnections(): Promise<number>;
  /** A client configured for this server (forcePathStyle, us-east-1, checksums only when required). */
  createClient(overrides?: Partial<S3ClientConfig>): S3Client;
  clientConfig(overrides?: Partial<S3ClientConfig>): S3ClientConfig;
  /** The folder holding the objects. */
  directory: string;
  close(): Promise<void>;
}

const RAW_PATH = Symbol('raw request path');

/** Fails when s3rver's code no longer contains what a correction replaces. */
function assertSource(file: string, snippet: string): void {
  const source = fs.readFileSync(path.join(S3RVER_LIB, file), 'utf8');
  if (!source.includes(snippet)) {
    throw new Error(
      `test/support/s3-server.ts: @20minutes/s3rver changed (${file} no longer contains ${JSON.stringify(snippet)}); ` +
        'check whether the correction is still needed',
    );
  }
}

/** RFC 3986 percent-encoding, as SigV4 wants it (only A-Z a-z 0-9 - _ . ~ kept). */
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase());
}

let patched = false;

/** Corrects s3rver's SigV4 canonical request and its `bytes=N-0` range, once per process. */
function patchS3rver(): void {
  if (patched) return;
  patched = true;

  // 1 and 2: the canonical URI loses the trailing `/` of bucket-level calls, and the
  // canonical query string is encoded with encodeURIComponent instead of RFC 3986.
  assertSource('middleware/authentication.js', "canonicalizedResource += '/' + ctx.params.bucket;");
  assertSource('middleware/authentication.js', "[param, value].map(encodeURIComponent).join('=')");
  assertSource('middleware/authentication.js', 'request.stringToSign = v4.getStringToSign(canonicalRequest, request);');
  const v4 = require(path.join(S3RVER_LIB, 'signature/v4.js'));
  const getStringToSign = v4.getStringToSign;
  v4.getStringToSign = (canonicalRequest: Record<string, unknown>, request: unknown) => {
    const headers = canonicalRequest.headers as Record<PropertyKey, unknown>;
    const rawPath = headers[RAW_PATH] as string | undefined;
    let uri = canonicalRequest.uri as string;
    if (rawPath?.endsWith('/') && !uri.endsWith('/')) uri += '/';
    const querystring = String(canonicalRequest.querystring)
      .split('&')
      .filter((pair) => pair !== '')
      .map((pair) => {
        const [name, value = ''] = pair.split('=');
        return `${encodeRfc3986(decodeURIComponent(name))}=${encodeRfc3986(decodeURIComponent(value))}`;
      })
      .sort()
      .join('&');
    return getStringToSign({ ...canonicalRequest, uri, querystring }, request);
  };

  // 3: `end` of 0 is taken for "no end" (`options.end || Infinity`).
  assertSource('stores/filesystem.js', 'end: Math.min((options && options.end) || Infinity, lastByte),');
  assertSource('controllers/object.js', 'if (end) options.end = Number(end);');
  const FilesystemStore = require(path.join(S3RVER_LIB, 'stores/filesystem.js'));
  const getObject = FilesystemStore.prototype.getObject;
  FilesystemStore.prototype.getObject = async function (
    this: { getResourcePath(bucket: string, key: string, type: string): string },
    bucket: string,
    key: string,
    options?: { start?: number; end?: number },
  ) {
    if (options?.end !== 0) return getObject.call(this, bucket, key, options);
    const start = options.start ?? 0;
    const object = await getObject.call(this, bucket, key, { start });
    if (!object?.content || start !== 0) return object; // missing, or N-0 with N > 0: unsatisfiable as S3 says
    object.content.destroy();
    object.content = fs.createReadStream(this.getResourcePath(bucket, key, 'object'), { start: 0, end: 0 });
    object.range = { start: 0, end: 0 };
    return object;
  };

  patchContinuationTokens();
}

/** s3rver's continuation-token key (controllers/bucket.js). */
const DES_KEY = Buffer.alloc(8, 'S3RVER', 'utf8');

/** 4: s3rver's DES continuation tokens, as a reversible identity (see the top of the file). */
function patchContinuationTokens(): void {
  assertSource('controllers/bucket.js', "const key = Buffer.alloc(8, 'S3RVER', 'utf8');");
  assertSource('controllers/bucket.js', "const cipher = crypto.createCipheriv('des', key, iv);");
  assertSource('controllers/bucket.js', "const decipher = crypto.createDecipheriv('des', key, iv);");
  // s3rver calls them through the shared `crypto` module object at call time.
  const crypto = require('node:crypto');
  const isS3rverDes = (algorithm: string, key: unknown) =>
    algorithm === 'des' && Buffer.isBuffer(key) && key.equals(DES_KEY);
  const identity = () => ({
    update: (data: string | Buffer, encoding?: BufferEncoding) =>
      typeof data === 'string' ? Buffer.from(data, encoding) : Buffer.from(data),
    final: () => Buffer.alloc(0),
  });
  for (const name of ['createCipheriv', 'createDecipheriv'] as const) {
    const original = crypto[name];
    if ((original as { s3rverPatched?: boolean }).s3rverPatched) continue;
    const patchedFn = (algorithm: string, key: unknown, ...rest: unknown[]) =>
      isS3rverDes(algorithm, key) ? identity() : original.call(crypto, algorithm, key, ...rest);
    crypto[name] = Object.assign(patchedFn, { s3rverPatched: true });
  }
}

/**
 * Starts s3rver with `bucket` in a temporary folder. Call `close()` when done:
 * it stops the server and removes the folder.
 */
export async function startS3Server(bucket = 'downloads'): Promise<RunningS3Server> {
  patchS3rver();
  const S3rver = require('@20minutes/s3rver');
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ndv-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const requests: S3RequestRecord[] = [];
  let fault: S3Fault | undefined;

  // First in the chain (Koa composes `middleware` when the server starts listening).
  server.middleware.unshift(async (ctx: KoaContext, next: () => Promise<void>) => {
    Object.defineProperty(ctx.req.headers, RAW_PATH, { value: ctx.path, enumerable: false });
    const record: S3RequestRecord = {
      method: ctx.method,
      path: ctx.path,
      query: { ...ctx.query },
      range: ctx.headers.range as string | undefined,
    };
    requests.push(record);
    ctx.res.once('close', () => (record.finished = ctx.res.writableFinished));
    if (fault && (await fault(ctx))) return;
    await next();
  });

  const address = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${address.port}`;
  const httpServer: Server = server.httpServer;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const clientConfig = (overrides: Partial<S3ClientConfig> = {}): S3ClientConfig => ({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    ...overrides,
  });
  return {
    endpoint,
    bucket,
    region: 'us-east-1',
    credentials,
    requests,
    directory,
    clearRequests: () => void requests.splice(0),
    setFault: (next) => void (fault = next),
    openConnections: () =>
      new Promise((resolve, reject) => httpServer.getConnections((err, count) => (err ? reject(err) : resolve(count)))),
    clientConfig,
    createClient: (overrides) => new (require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3')).S3Client(clientConfig(overrides)),
    close: async () => {
      httpServer.closeAllConnections();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
