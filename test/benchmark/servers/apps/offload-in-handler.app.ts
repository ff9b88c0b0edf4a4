import { Controller, Get, type INestApplication, Module, Param, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { ServerResponse } from 'node:http';
import { DownloadModule, DownloadResponse, OffloadService, PathFile } from 'nestjs-downloadview';
import { PROTECTED_LOCATION } from '../server-kinds';
import { filesDir } from './files-dir';

/**
 * The library's offload decision (PathFile, DownloadResponse, the rule, the
 * nginx backend) called from a plain `@Res()` handler instead of through
 * `@Download()` and DownloadService: splits what P4 measures into the
 * decision itself and the `@Download()` flow around it.
 */
@Controller('files')
class OffloadInHandlerController {
  constructor(private readonly offloads: OffloadService) {}

  @Get(':name')
  async get(@Param('name') name: string, @Res() res: ServerResponse) {
    const download = new DownloadResponse(new PathFile(name, { root: filesDir() }));
    const proxied = await this.offloads.createResponse(download);
    if (!proxied) throw new Error(`no offload rule matched ${name}`);
    proxied.write(res);
  }
}

@Module({
  imports: [DownloadModule.forRoot({ backend: 'nginx', rules: [{ sourceDir: filesDir(), destinationUrl: PROTECTED_LOCATION }] })],
  controllers: [OffloadInHandlerController],
})
class OffloadInHandlerBenchModule {}

export function createOffloadInHandlerApp(): Promise<INestApplication> {
  return NestFactory.create(OffloadInHandlerBenchModule, new ExpressAdapter(), { logger: false });
}
