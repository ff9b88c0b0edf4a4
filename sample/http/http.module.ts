import { Module } from '@nestjs/common';
import { HttpController } from './http.controller';
import { UpstreamController } from './upstream.controller';
import { UpstreamUrl } from './upstream.url';

/** HttpFile examples, with the local upstream they proxy. */
@Module({ controllers: [HttpController, UpstreamController], providers: [UpstreamUrl] })
export class HttpModule {}
