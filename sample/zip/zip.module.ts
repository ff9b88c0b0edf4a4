import { Module } from '@nestjs/common';
import { ZipLayoutMemo } from 'nestjs-downloadview';
import { ZipController } from './zip.controller';

// docs:start module
/** ZipFile example: one memo of members' CRC-32 for the app, as a provider. */
@Module({
  controllers: [ZipController],
  providers: [ZipLayoutMemo],
})
export class ZipModule {}
// docs:end module
