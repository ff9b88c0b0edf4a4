import type { S3Client } from '@aws-sdk/client-s3';
import { Controller, Get, type INestApplication } from '@nestjs/common';
import { TypeOrmModule, getRepositoryToken } from '@nestjs/typeorm';
import request from 'supertest';
import { Column, Entity, PrimaryGeneratedColumn, type Repository } from 'typeorm';
import { DownloadModule, FileColumn, ObjectDownload, S3Storage, type StorageFile, StorageService } from 'nestjs-downloadview';
import { binaryBody } from '../core/support/binary-body';
import { type RunningS3Server, startS3Server } from '../support/s3-server';
import { ADAPTERS, createTestApp } from '../support/test-app.factory';

/** An entity whose file lives in the bucket. */
@Entity()
class Invoice {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', unique: true }) number!: string;
  @FileColumn() pdf!: StorageFile | null;
}

@Controller('invoices')
class InvoicesController {
  @Get(':number')
  @ObjectDownload({ entity: Invoice, lookup: 'number', fileField: 'pdf' })
  download() {}
}

const PDF = Buffer.from('%PDF-1.4 not really\n');

describe.each(ADAPTERS)('@FileColumn() entities served from S3Storage (%s)', (adapter) => {
  let s3: RunningS3Server;
  let client: S3Client;
  let app: INestApplication;

  beforeAll(async () => {
    s3 = await startS3Server();
    client = s3.createClient();
    const storage = new S3Storage({ client, bucket: s3.bucket, prefix: 'invoices' });
    app = await createTestApp(adapter, {
      imports: [
        TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: [Invoice], synchronize: true }),
        TypeOrmModule.forFeature([Invoice]),
        DownloadModule.forRoot({ storage }),
      ],
      controllers: [InvoicesController],
    });
    const name = await storage.save('2026/12/INV-1.pdf', PDF);
    const files = app.get(StorageService);
    const invoices = app.get<Repository<Invoice>>(getRepositoryToken(Invoice));
    await invoices.save({ number: 'INV-1', pdf: files.file(name) } as Invoice);
    await invoices.save({ number: 'INV-2', pdf: files.file('2026/12/gone.pdf') } as Invoice);
  });

  afterAll(async () => {
    await app?.close();
    client?.destroy();
    await s3?.close();
  });

  it('streams the object a row names, with its ETag, and honours Range', async () => {
    const res = await request(app.getHttpServer()).get('/invoices/INV-1').buffer(true).parse(binaryBody).expect(200);
    expect(res.body.equals(PDF)).toBe(true);
    expect(res.headers).toMatchObject({ 'content-type': 'application/pdf', etag: expect.stringMatching(/^"/) });
    const ranged = await request(app.getHttpServer()).get('/invoices/INV-1').set('range', 'bytes=1-3').buffer(true).parse(binaryBody).expect(206);
    expect(ranged.body.toString()).toBe('PDF');
  });

  it('answers 404 for an unknown row and for a row whose object is gone', async () => {
    await request(app.getHttpServer()).get('/invoices/INV-9').expect(404);
    await request(app.getHttpServer()).get('/invoices/INV-2').expect(404);
  });
});
