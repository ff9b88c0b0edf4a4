import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

/** Options of `new S3Storage()`. */
export interface S3StorageOptions {
  /** A client you configured (and close yourself). */
  client?: S3Client;
  /** Or the configuration of the client the storage makes on first use. */
  clientConfig?: S3ClientConfig;
  /** The bucket holding the files. */
  bucket: string;
  /** Folder of the bucket the storage is confined to (`media/`); names never leave it. */
  prefix?: string;
  /** URL the objects are published under (a CDN), used by `url()`. */
  publicBaseUrl?: string;
}

/** Options of `S3Storage.presign()`. */
export interface S3PresignOptions {
  /** Seconds the URL stays valid (default 300). */
  expiresIn?: number;
  /** Sent by S3 as the answer's Content-Disposition (`response-content-disposition`). */
  contentDisposition?: string;
  /** Sent by S3 as the answer's Content-Type (`response-content-type`). */
  contentType?: string;
  /** Sent by S3 as the answer's Content-Encoding (`response-content-encoding`). */
  contentEncoding?: string;
  /** Sent by S3 as the answer's Cache-Control (`response-cache-control`). */
  cacheControl?: string;
}
