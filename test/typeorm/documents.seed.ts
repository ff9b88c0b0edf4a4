import { gzipSync } from 'node:zlib';
import type { DataSource } from 'typeorm';
import { StorageService } from 'nestjs-downloadview';
import { Attachment, Document } from './document.entities';

export const HELLO = 'Hello world!\n';
export const ANOTHER = 'Hello from another file!\n';
export const CSV = Buffer.from('name;city\nZoë;Besançon\n', 'latin1');
export const ATTACHMENT_ID = '6f1c2a5e-2b7d-4c1e-9a8b-3f5e7d9c1b2a';
export const MODIFIED_AT = new Date('2020-01-02T03:04:05.000Z');

/** Files written into the media folder before the app starts. */
export const MEDIA_FILES: Record<string, string | Buffer> = {
  'object/hello-world.txt': HELLO,
  'object-other/hello-world.txt': ANOTHER,
  'object/data.csv': CSV,
  'object/hello.txt.gz': gzipSync(HELLO),
  'attachments/report.txt': 'An attachment\n',
};

/** One row per scenario; `file` is given as a storage name or as a StorageFile. */
export async function seedDocuments(dataSource: DataSource, storage: StorageService): Promise<Record<string, Document>> {
  const documents = dataSource.getRepository(Document);
  const rows: Partial<Document>[] = [
    { slug: 'hello-world', file: storage.file('object/hello-world.txt'), anotherFile: storage.file('object-other/hello-world.txt'), basename: 'Greetings.txt' },
    { slug: 'csv', file: storage.file('object/data.csv'), mimeType: 'text/csv', charset: 'iso-8859-1', basename: 'données.csv' },
    { slug: 'gzipped', file: storage.file('object/hello.txt.gz'), encoding: 'gzip', mimeType: 'text/plain', basename: 'hello.txt' },
    { slug: 'dated', file: storage.file('object/hello-world.txt'), modifiedAt: MODIFIED_AT },
    { slug: 'sized', file: storage.file('object/hello-world.txt'), size: 5 },
    { slug: 'oversized', file: storage.file('object/hello-world.txt'), size: 1000 },
    { slug: 'empty', file: null },
    { slug: 'missing', file: storage.file('object/no-such-file.txt') },
    { slug: 'draft', file: storage.file('object/hello-world.txt'), published: false },
    { slug: 'alice-notes', file: storage.file('object/hello-world.txt'), owner: 'alice' },
    {
      slug: 'hostile',
      file: storage.file('object/hello-world.txt'),
      basename: 'evil\r\nX-Injected: yes.txt',
      mimeType: 'text/html\r\nX-Injected: yes',
      charset: 'utf-8"; x=1',
      encoding: 'gzip\r\nX-Injected: yes',
    },
  ];
  const saved: Record<string, Document> = {};
  for (const row of rows) {
    const document = await documents.save(documents.create(row));
    saved[document.slug] = document;
  }
  await dataSource.getRepository(Attachment).save({ id: ATTACHMENT_ID, path: 'attachments/report.txt' });
  return saved;
}
