import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { DownloadModule, type DownloadModuleExtras, type DownloadModuleOptions, FileSystemStorage } from 'nestjs-downloadview';
import { type AdapterName, createTestApp } from '../support/test-app.factory';
import type { TestDatabase } from '../support/test-databases';
import { ENTITIES } from './document.entities';

/** A started app with TypeORM on a test database and a media folder of its own. */
export interface TypeOrmTestApp {
  app: INestApplication;
  dataSource: DataSource;
  /** The FileSystemStorage folder (removed by close()). */
  media: string;
  close(): Promise<void>;
}

/**
 * Starts an app on `adapter` with DownloadModule (a FileSystemStorage in a
 * temp folder, published under `/media/`) and TypeORM on `db`, plus `metadata`.
 * `files` are written into the media folder first.
 */
export async function startTypeOrmApp(
  adapter: AdapterName,
  db: TestDatabase,
  metadata: ModuleMetadata,
  options: { files?: Record<string, string | Buffer>; download?: DownloadModuleOptions & DownloadModuleExtras } = {},
): Promise<TypeOrmTestApp> {
  const media = fs.mkdtempSync(path.join(os.tmpdir(), 'downloadview-typeorm-'));
  fs.chmodSync(media, 0o755); // a reverse proxy's workers read it when downloads are offloaded
  for (const [name, content] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(media, name)), { recursive: true });
    fs.writeFileSync(path.join(media, name), content);
  }
  const database = await db.open();
  let app: INestApplication | undefined;
  try {
    app = await createTestApp(adapter, {
      ...metadata,
      imports: [
        DownloadModule.forRoot({ storage: new FileSystemStorage({ location: media, baseUrl: '/media/' }), ...options.download }),
        TypeOrmModule.forRoot({ ...database.typeorm, entities: ENTITIES, synchronize: true } as never),
        ...(metadata.imports ?? []),
      ],
    });
  } catch (err) {
    await database.close();
    fs.rmSync(media, { recursive: true, force: true });
    throw err;
  }
  const started = app;
  return {
    app: started,
    dataSource: started.get(DataSource),
    media,
    close: async () => {
      await started.close();
      await database.close();
      fs.rmSync(media, { recursive: true, force: true });
    },
  };
}
