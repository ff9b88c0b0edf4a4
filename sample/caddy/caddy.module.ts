import { Module } from '@nestjs/common';
import { CaddyController } from './caddy.controller';

/** Caddy X-Accel-Redirect examples (the rules are sampleOffloadRules(), in AppModule). */
@Module({ controllers: [CaddyController] })
export class CaddyModule {}
