import { Module } from '@nestjs/common';
import { NginxController } from './nginx.controller';

/** nginx X-Accel-Redirect examples (the rules are sampleOffloadRules(), in AppModule). */
@Module({ controllers: [NginxController] })
export class NginxModule {}
