import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { StorageService } from 'nestjs-downloadview';
import { Document } from './document.entity';

/**
 * Fills the in-memory database when the sample starts. The files are in
 * sample/media/ (the storage); the rows only hold their names and metadata.
 */
@Injectable()
export class DocumentsSeeder implements OnModuleInit {
  constructor(
    @InjectRepository(Document) private readonly documents: Repository<Document>,
    private readonly storage: StorageService,
  ) {}

  async onModuleInit(): Promise<void> {
    if ((await this.documents.count()) > 0) return;
    // docs:start seed
    await this.documents.save([
      {
        slug: 'hello-world',
        file: this.storage.file('object/hello-world.txt'),
        anotherFile: this.storage.file('object-other/hello-world.txt'),
        basename: 'greeting.txt',
      },
      {
        slug: 'cities',
        file: this.storage.file('object/cities.csv'),
        basename: 'cities.csv',
        mimeType: 'text/csv',
        charset: 'iso-8859-1',
        modifiedAt: new Date('2024-01-01T00:00:00Z'),
        size: 23,
      },
      { slug: 'draft', file: this.storage.file('object/hello-world.txt'), published: false, owner: 'alice' },
      { slug: 'no-file', file: null },
    ]);
    // docs:end seed
  }
}
