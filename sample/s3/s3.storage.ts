import { S3Storage } from 'nestjs-downloadview';
import { SAMPLE_S3_BUCKET } from './s3.constants';

/**
 * The sample's S3 storage: the bucket's `media/` folder on the server at
 * SAMPLE_S3_ENDPOINT, which `npm start` sets after starting a local S3
 * server (sample/s3/local-s3.ts) unless you give your own. The client is
 * made on first use: nothing connects before a route needs it.
 */
export const sampleS3Storage = new S3Storage({
  bucket: SAMPLE_S3_BUCKET,
  prefix: 'media',
  clientConfig: {
    endpoint: process.env.SAMPLE_S3_ENDPOINT || 'http://127.0.0.1:4569',
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: {
      accessKeyId: process.env.SAMPLE_S3_ACCESS_KEY_ID || 'S3RVER',
      secretAccessKey: process.env.SAMPLE_S3_SECRET_ACCESS_KEY || 'S3RVER',
    },
  },
});
