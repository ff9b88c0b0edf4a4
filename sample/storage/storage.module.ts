import { Module } from '@nestjs/common';
import { StorageController } from './storage.controller';

/** StorageService / StorageFile examples (the storage is set in AppModule). */
@Module({ controllers: [StorageController] })
export class StorageModule {}
