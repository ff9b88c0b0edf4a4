import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Module, NotFoundException, Param, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Download, DownloadModule, PathFile, ZipFile, ZipLayoutMemo, type ZipEntry } from 'nestjs-downloadview';
import { TINY, ZIP_FIXTURE_JSON, ZIP_PART_COUNT, ZIP_PARTS_DIR, ZIP_ZEROS_NAME, zipPartName, type ZipFixture } from '../../bench-files.fixture';
import { filesDir } from './files-dir';

/** Most copies of the sparse member in one archive (64 x 256 MiB = 16 GiB). */
const MAX_ZERO_COPIES = 64;

let fixture: ZipFixture | undefined;
const zipFixture = (): ZipFixture => (fixture ??= JSON.parse(readFileSync(join(filesDir(), ZIP_FIXTURE_JSON), 'utf8')) as ZipFixture);

/**
 * The ZIP rows (P9-P11): archives of the generated files, streamed by ZipFile.
 * - `hundred.zip`: the 100 MiB file's bytes as 100 stored members of 1 MiB,
 *   no memo: every request computes the CRC-32 while it sends (yazl writes it);
 * - `hundred-known.zip`: the same with a ZipLayoutMemo, warmed by the first
 *   request: the layout is known, the library's own layout path sends it;
 * - `zeros-<n>.zip`: n copies of a sparse all-zero member, its CRC-32 given
 *   in the entries (computed once by the fixture): layout known, ranges;
 * - `zeros-<n>-stream.zip`: the same without the CRC-32 (computed while sent);
 * - `tiny.zip`: the 13 B file alone, to warm the app up.
 */
// docs:start bench-zip
@Controller('files')
class ZipController {
  constructor(private readonly memo: ZipLayoutMemo) {}

  @Get(':name')
  @Download()
  get(@Param('name') name: string) {
    if (name === 'hundred.zip' || name === 'hundred-known.zip') {
      const parts = join(filesDir(), ZIP_PARTS_DIR);
      const entries = Array.from({ length: ZIP_PART_COUNT }, (_, i): ZipEntry => ({
        file: new PathFile(zipPartName(i), { root: parts }),
        name: `parts/${zipPartName(i)}`,
      }));
      return new ZipFile(entries, { name, memo: name === 'hundred-known.zip' ? this.memo : undefined });
    }
    const zeros = /^zeros-(\d+)(-stream)?\.zip$/.exec(name);
    const copies = Number(zeros?.[1]);
    if (zeros && copies >= 1 && copies <= MAX_ZERO_COPIES) {
      const { zeroCrc32 } = zipFixture();
      const entries = Array.from({ length: copies }, (_, i): ZipEntry => ({
        file: new PathFile(ZIP_ZEROS_NAME, { root: filesDir() }),
        name: `zeros-${i}.bin`,
        crc32: zeros[2] ? undefined : zeroCrc32,
      }));
      return new ZipFile(entries, { name });
    }
    if (name === 'tiny.zip') return new ZipFile([{ file: new PathFile(TINY.name, { root: filesDir() }), name: TINY.name }], { name });
    throw new NotFoundException();
  }
}
// docs:end bench-zip

@Module({ imports: [DownloadModule.forRoot({})], controllers: [ZipController], providers: [ZipLayoutMemo] })
class ZipBenchModule {}

/** ZipFile on Express or Fastify (no offload rule: every archive is streamed). */
export function createZipApp(adapter: 'express' | 'fastify'): Promise<INestApplication> {
  return adapter === 'express'
    ? NestFactory.create(ZipBenchModule, new ExpressAdapter(), { logger: false })
    : NestFactory.create(ZipBenchModule, new FastifyAdapter(), { logger: false });
}
