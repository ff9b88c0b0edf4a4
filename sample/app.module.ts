import { Module } from '@nestjs/common';
import { DownloadModule, FileSystemStorage } from 'nestjs-downloadview';
import { ApacheModule } from './apache/apache.module';
import { CaddyModule } from './caddy/caddy.module';
import { CustomModule } from './custom/custom.module';
import { HealthModule } from './health/health.module';
import { HomeModule } from './home/home.module';
import { HttpModule } from './http/http.module';
import { LighttpdModule } from './lighttpd/lighttpd.module';
import { NginxModule } from './nginx/nginx.module';
import { ObjectModule } from './object/object.module';
import { PathModule } from './path/path.module';
import { S3Module } from './s3/s3.module';
import { sampleOffloadRules } from './proxy/sample-offload.config';
import { MEDIA_ROOT } from './sample.paths';
import { SendfileModule } from './sendfile/sendfile.module';
import { sampleSigning } from './signing/signing.config';
import { SigningModule } from './signing/signing.module';
import { StorageModule } from './storage/storage.module';
import { VirtualModule } from './virtual/virtual.module';
import { ZipModule } from './zip/zip.module';

/**
 * The demo app: one module per kind of file (django-downloadview's demo
 * project). To add an example, add a folder with its module and import it
 * below; its `@Example()` routes are listed on start and on `/`.
 */
@Module({
  imports: [
    DownloadModule.forRoot({
      storage: new FileSystemStorage({ location: MEDIA_ROOT, baseUrl: '/media/' }),
      signing: sampleSigning(),
      rules: sampleOffloadRules(),
    }),
    HomeModule,
    PathModule,
    StorageModule,
    ObjectModule,
    HttpModule,
    VirtualModule,
    ZipModule,
    CustomModule,
    SendfileModule,
    SigningModule,
    HealthModule,
    NginxModule,
    ApacheModule,
    LighttpdModule,
    CaddyModule,
    // With an S3 server to talk to (npm start starts a local one and sets it).
    ...(process.env.SAMPLE_S3_ENDPOINT ? [S3Module] : []),
  ],
})
export class AppModule {}
