import { Module } from '@nestjs/common';
import { VirtualController } from './virtual.controller';

/** VirtualFile examples. */
@Module({ controllers: [VirtualController] })
export class VirtualModule {}
