export { S3Storage, type S3PresignOptions, type S3StorageOptions } from './s3.storage';
