import type { S3Client } from '@aws-sdk/client-s3';
import * as mime from 'mime-types';
import { Readable } from 'node:stream';
import type { StorageFile } from '../../files/storage.file';
import type { DownloadOptions } from '../../interfaces/download-options.interface';
import type { ByteRange } from '../../interfaces/file-stat.interface';
import { DownloadResponse } from '../../response/download.response';
import { presignOverrides } from '../../optimizations/presign-overrides.util';
import type { Storage, StorageContent, StorageListing, StorageStat } from '../../interfaces/storage.interface';
import { requireOptional } from '../../utils/optional-package.util';
import { toStorageError } from './s3-errors.util';
import { s3BodyStream } from './s3-body.util';
import { confineKey, folderPrefix, normalizePrefix, notFound } from './s3-key.util';
import type { S3PresignOptions, S3StorageOptions } from './s3-storage-options.interface';

type ClientS3 = typeof import('@aws-sdk/client-s3');
type LibStorage = typeof import('@aws-sdk/lib-storage');

/** A key segment as the SDK writes it in a URL (RFC 3986: `!'()*` encoded too). */
const encodeKeySegment = (segment: string) =>
  encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Types S3 gives an object stored without one: the library guesses from the name instead. */
const GENERIC_TYPES = new Set(['binary/octet-stream', 'application/octet-stream']);

/**
 * Whether a GetObject answer holds exactly the bytes asked for: a 206 for that
 * range, or (servers that answer a range covering the whole object with a
 * plain 200) the whole object. A server that ignored the Range must not be
 * taken for one that honoured it.
 */
function coversRange(answer: { ContentRange?: string; ContentLength?: number }, range: ByteRange): boolean {
  if (answer.ContentRange) return answer.ContentRange.startsWith(`bytes ${range.start}-${range.end}/`);
  return range.start === 0 && answer.ContentLength === range.end + 1;
}

/**
 * A storage in an S3 bucket (or any S3-compatible server), through the AWS
 * SDK v3: `@aws-sdk/client-s3` is an optional peer dependency loaded on first
 * use, like `@aws-sdk/lib-storage` (streamed uploads) and
 * `@aws-sdk/s3-request-presigner` (`presign()`).
 *
 * `stat()` is one HeadObject; `open()` one GetObject with the range, streamed.
 *
 * @example
 * new S3Storage({ bucket: 'media', prefix: 'uploads', clientConfig: { region: 'eu-west-3' } })
 */
export class S3Storage implements Storage {
  /** Every GetObject carries the range the engine decided. */
  readonly supportsRanges = true;
  /** The bucket holding the files. */
  readonly bucket: string;
  /** The key prefix, `''` or ending with `/`. */
  readonly prefix: string;
  /** `publicBaseUrl` ending with `/`. */
  readonly publicBaseUrl?: string;
  private ownClient?: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    if (!options || typeof options.bucket !== 'string' || options.bucket === '') {
      throw new Error('S3Storage needs a `bucket`');
    }
    if (options.client && options.clientConfig) {
      throw new Error('S3Storage takes `client` or `clientConfig`, not both');
    }
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix);
    this.publicBaseUrl = options.publicBaseUrl?.replace(/\/*$/, '/');
  }

  /** The SDK client: the one given, or one made from `clientConfig` on first use. */
  get client(): S3Client {
    if (this.options.client) return this.options.client;
    this.ownClient ??= new (this.sdk().S3Client)(this.options.clientConfig ?? {});
    return this.ownClient;
  }

  /**
   * URL prefix of this storage's objects (`<endpoint>/<bucket>/<prefix>` path-style,
   * `https://<bucket>.s3.<region>.amazonaws.com/<prefix>` on AWS), ending with
   * `/`: what an nginx location proxies for an offload rule with this
   * `sourceStorage`. Known from `clientConfig` (a string `endpoint`, or a string
   * `region` on AWS); undefined with a `client` given or a computed endpoint.
   */
  get objectsUrl(): string | undefined {
    const config = this.options.clientConfig;
    if (!config) return undefined;
    const prefix = this.prefix.split('/').map(encodeKeySegment).join('/');
    if (typeof config.endpoint === 'string') {
      const endpoint = new URL(config.endpoint);
      if (config.forcePathStyle) return `${endpoint.origin}${endpoint.pathname.replace(/\/*$/, '/')}${encodeKeySegment(this.bucket)}/${prefix}`;
      return `${endpoint.protocol}//${this.bucket}.${endpoint.host}${endpoint.pathname.replace(/\/*$/, '/')}${prefix}`;
    }
    if (config.endpoint === undefined && typeof config.region === 'string' && !config.forcePathStyle) {
      return `https://${this.bucket}.s3.${config.region}.amazonaws.com/${prefix}`;
    }
    return undefined;
  }

  /** The object key of a storage name, or `null` when the name is refused. */
  key(name: string | readonly string[]): string | null {
    return confineKey(this.prefix, name);
  }

  /** `publicBaseUrl` + the object key, each segment percent-encoded; undefined without it or for a refused name. */
  url(name: string): string | undefined {
    const key = this.key(name);
    if (this.publicBaseUrl === undefined || key === null) return undefined;
    return this.publicBaseUrl + key.split('/').map(encodeURIComponent).join('/');
  }

  /** Objects have no local path (offload rules that need one do not apply). */
  path(): undefined {
    return undefined;
  }

  /** Whether `stat()` finds the object (one HeadObject). */
  async exists(name: string): Promise<boolean> {
    return (await this.stat(name)) !== null;
  }

  /** One HeadObject: size, Last-Modified, the ETag (a strong validator) and a stored Content-Type. */
  async stat(name: string): Promise<StorageStat | null> {
    const key = this.key(name);
    if (key === null) return null;
    const { HeadObjectCommand } = this.sdk();
    let head;
    try {
      head = await this.send((client) => client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })), key);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const stat: StorageStat = { size: head.ContentLength ?? 0 };
    if (head.LastModified) stat.modifiedTime = head.LastModified;
    if (head.ETag) stat.etag = head.ETag;
    if (head.ContentType && !GENERIC_TYPES.has(head.ContentType)) stat.contentType = head.ContentType;
    return stat;
  }

  /**
   * One GetObject (with `Range` when given). The body is streamed as it comes;
   * destroying the stream before its end aborts the request.
   */
  async open(name: string, range?: ByteRange): Promise<Readable> {
    const key = this.requireKey(name);
    const { GetObjectCommand } = this.sdk();
    const abort = new AbortController();
    const Range = range && `bytes=${range.start}-${range.end}`;
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key, Range });
    const answer = await this.send((client) => client.send(command, { abortSignal: abort.signal }), key);
    const body = answer.Body as Readable;
    if (range && !coversRange(answer, range)) {
      body?.destroy();
      throw toStorageError(new Error(`S3 answered ${JSON.stringify(answer.ContentRange)} for the range ${Range}`), key);
    }
    return s3BodyStream(body, range ? range.end - range.start + 1 : answer.ContentLength, abort);
  }

  /** Saves a string or bytes with PutObject, a stream with a multipart upload (`@aws-sdk/lib-storage`). */
  async save(name: string, content: StorageContent): Promise<string> {
    const key = this.requireKey(name);
    const params = { Bucket: this.bucket, Key: key, ContentType: mime.lookup(key) || undefined };
    if (typeof content === 'string' || content instanceof Uint8Array) {
      const { PutObjectCommand } = this.sdk();
      await this.send((client) => client.send(new PutObjectCommand({ ...params, Body: Buffer.from(content) })), key);
    } else {
      const { Upload } = requireOptional<LibStorage>('@aws-sdk/lib-storage', 'S3Storage.save() of a stream');
      const Body = content instanceof Readable ? content : Readable.from(content);
      await this.send((client) => new Upload({ client, params: { ...params, Body } }).done(), key);
    }
    return key.slice(this.prefix.length);
  }

  /** DeleteObject; deleting a missing object is not an error (as on S3). */
  async delete(name: string): Promise<void> {
    const key = this.requireKey(name);
    const { DeleteObjectCommand } = this.sdk();
    await this.send((client) => client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })), key);
  }

  /** One folder of the bucket under the prefix (ListObjectsV2 with Delimiter `/`, every page). */
  async list(directory = ''): Promise<StorageListing> {
    const prefix = folderPrefix(this.prefix, directory);
    if (prefix === null) throw notFound(`Refused storage name: ${JSON.stringify(directory)}`);
    const { ListObjectsV2Command } = this.sdk();
    const directories: string[] = [];
    const files: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const command = new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken });
      const page = await this.send((client) => client.send(command), prefix);
      for (const common of page.CommonPrefixes ?? []) {
        const folder = common.Prefix?.slice(prefix.length, -1);
        if (folder) directories.push(folder);
      }
      for (const object of page.Contents ?? []) {
        const file = object.Key?.slice(prefix.length);
        if (file) files.push(file); // a `folder/` marker object lists as nothing
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return { directories: directories.sort(), files: files.sort() };
  }

  /**
   * A presigned GetObject URL (`@aws-sdk/s3-request-presigner`), for answering
   * with a redirect; S3 sends the given Content-Disposition and Content-Type.
   * Undefined for a refused name.
   */
  async presign(name: string, options: S3PresignOptions = {}): Promise<string | undefined> {
    const key = this.key(name);
    if (key === null) return undefined;
    const { getSignedUrl } = requireOptional<typeof import('@aws-sdk/s3-request-presigner')>(
      '@aws-sdk/s3-request-presigner',
      'S3Storage.presign()',
    );
    const command = new (this.sdk().GetObjectCommand)({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: options.contentDisposition,
      ResponseContentType: options.contentType,
      ResponseContentEncoding: options.contentEncoding,
      ResponseCacheControl: options.cacheControl,
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresIn ?? 300 });
  }

  /**
   * For answering with a redirect (302) rather than streaming: a presigned
   * URL of a file of this storage, S3 sending the Content-Type and
   * Content-Disposition the streamed answer would carry (the wrapper's and
   * `options`' basename, attachment, mimetype and charset, as `@Download()`
   * takes them). One HeadObject first: `null` when the object is missing
   * or the name refused, for the handler to answer 404.
   *
   * @example
   * const url = await s3.presignDownload(this.storage.file(name), { attachment: false });
   * if (!url) throw new NotFoundException();
   * return { url };
   */
  async presignDownload(file: StorageFile, options: DownloadOptions & { expiresIn?: number } = {}): Promise<string | null> {
    if (file.storage !== this) throw new Error('S3Storage.presignDownload() takes a StorageFile of this storage');
    const stat = await file.stat();
    if (!stat) return null;
    const overrides = presignOverrides(new DownloadResponse(file, options), stat);
    const url = await this.presign(file.name, { ...overrides, expiresIn: options.expiresIn });
    return url ?? null;
  }

  /** Closes the client the storage made itself (not one it was given). */
  destroy(): void {
    this.ownClient?.destroy();
    this.ownClient = undefined;
  }

  /** Runs one SDK call; its failures become what the client should see (see toStorageError). */
  private async send<Output>(call: (client: S3Client) => Promise<Output>, key: string): Promise<Output> {
    const client = this.client;
    try {
      return await call(client);
    } catch (err) {
      throw toStorageError(err, key);
    }
  }

  private sdk(): ClientS3 {
    return requireOptional<ClientS3>('@aws-sdk/client-s3', 'S3Storage');
  }

  private requireKey(name: string): string {
    const key = this.key(name);
    if (key === null) throw notFound(`Refused storage name: ${JSON.stringify(name)}`);
    return key;
  }
}
