import { Controller, Get } from '@nestjs/common';
import { Download, PresignedRedirect, StorageFile, WildcardPath, XAccelRedirect } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';
import { sampleS3Storage } from './s3.storage';

/**
 * The three ways to send an object of an S3 bucket (docs/views/storage.md),
 * each chosen by a rule: streamed through the app (no rule), redirected to a
 * presigned URL (`@PresignedRedirect()`), or offloaded to nginx, which
 * fetches the object from S3 itself (`@XAccelRedirect()`).
 */
@Controller('s3')
export class S3Controller {
  /** Streamed: one HeadObject and one GetObject (with the Range) per answer. */
  @Get('stream/*')
  @Download()
  @Example('/s3/stream/hello-world.txt', 'hello-world.txt streamed from the S3 bucket through the app')
  @Example('/s3/stream/notes/caf%C3%A9%20menu.txt', 'a name with an accent and a space, streamed from S3')
  stream(@WildcardPath() name: string[]) {
    return new StorageFile(sampleS3Storage, name);
  }

  /**
   * Redirected: one HeadObject (404 for a missing object), then a 302 to a
   * presigned URL carrying the Content-Disposition and Content-Type.
   */
  @Get('redirect/*')
  @Download()
  @PresignedRedirect({ sourceStorage: sampleS3Storage, presignExpiresIn: 60 })
  @Example('/s3/redirect/hello-world.txt', 'a 302 to a presigned S3 URL: the client downloads from S3 itself')
  redirect(@WildcardPath() name: string[]) {
    return new StorageFile(sampleS3Storage, name);
  }

  /** Offloaded: nginx fetches the object from S3 with a presigned GET (docs/optimizations/nginx.md). */
  @Get('offload/*')
  @Download()
  @XAccelRedirect({ sourceStorage: sampleS3Storage, destinationUrl: '/s3-objects/' })
  @Example('/s3/offload/hello-world.txt', 'hello-world.txt sent by nginx straight from S3 (X-Accel-Redirect to a presigned GET)', { sentBy: 'nginx' })
  offload(@WildcardPath() name: string[]) {
    return new StorageFile(sampleS3Storage, name);
  }
}
