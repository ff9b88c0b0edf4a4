import { Module } from '@nestjs/common';
import { ApacheController } from './apache.controller';

/** Apache (mod_xsendfile) X-Sendfile examples (the rules are sampleOffloadRules(), in AppModule). */
@Module({ controllers: [ApacheController] })
export class ApacheModule {}
