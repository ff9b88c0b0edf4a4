import { Module } from '@nestjs/common';
import { PathController } from './path.controller';

/** PathFile examples. */
@Module({ controllers: [PathController] })
export class PathModule {}
