import { Module } from '@nestjs/common';
import { LighttpdController } from './lighttpd.controller';

/** lighttpd X-Sendfile examples (the rules are sampleOffloadRules(), in AppModule). */
@Module({ controllers: [LighttpdController] })
export class LighttpdModule {}
