import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Document } from './document.entity';
import { DocumentsSeeder } from './documents.seeder';
import { ObjectController } from './object.controller';
import { OwnDocumentsResolver } from './own-documents.resolver';

// docs:start module
/**
 * Object downloads from a SQLite database in memory, seeded at start (the
 * files are in sample/media/object*). DownloadModule.forRoot() in AppModule
 * gives the storage the file columns read from.
 */
@Module({
  imports: [
    TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: [Document], synchronize: true }),
    TypeOrmModule.forFeature([Document]),
  ],
  controllers: [ObjectController],
  providers: [DocumentsSeeder, OwnDocumentsResolver],
})
export class ObjectModule {}
// docs:end module
