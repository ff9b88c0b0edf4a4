import { Module } from '@nestjs/common';
import { SendfileController } from './sendfile.controller';

/** `sendfile()` examples (docs/sendfile.md). */
@Module({ controllers: [SendfileController] })
export class SendfileModule {}
