export { S3Storage } from './s3.storage';
export type { S3PresignOptions, S3StorageOptions } from './s3-storage-options.interface';
