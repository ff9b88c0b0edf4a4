import { Controller, Get, type ModuleMetadata } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Download, DownloadModule, VirtualFile } from 'nestjs-downloadview';

/** Chunks and sizes of the generated downloads. */
export const CHUNK = 8 * 1024;
export const CHUNKS = 1024; // 8 MiB in all

/** Opened by the test once the client has received the first chunk of /virtual/live. */
export interface Gate {
  open?: () => void;
  opened?: Promise<void>;
}

export function chunkOf(index: number): Buffer {
  return Buffer.alloc(CHUNK, index % 251);
}

export function virtualFileApp(gate: Gate): ModuleMetadata {
  @Controller('virtual')
  class VirtualFilesController {
    @Get('text')
    @Download({ attachment: false })
    text() {
      return new VirtualFile('Grüße, world!\n', { name: 'greeting.txt' });
    }

    @Get('buffer')
    @Download()
    buffer() {
      return new VirtualFile(Buffer.from([0, 1, 2, 3, 254, 255]), { name: 'bytes.bin', modifiedTime: new Date('2025-01-01T00:00:00Z') });
    }

    @Get('lines')
    @Download()
    lines() {
      return new VirtualFile(
        (async function* () {
          yield 'id,name\n';
          for (let i = 1; i <= 3; i++) yield `${i},row ${i}\n`;
        })(),
        { name: 'report.csv' },
      );
    }

    @Get('sized')
    @Download()
    sized() {
      return new VirtualFile(
        (function* () {
          yield 'abc';
          yield Buffer.from('def');
        })(),
        { name: 'sized.txt', size: 6 },
      );
    }

    @Get('big')
    @Download()
    big() {
      return new VirtualFile(
        (async function* () {
          for (let i = 0; i < CHUNKS; i++) yield chunkOf(i);
        })(),
        { name: 'big.bin' },
      );
    }

    @Get('web')
    @Download()
    web() {
      const encoder = new TextEncoder();
      return new VirtualFile(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode('web '));
            controller.enqueue(encoder.encode('stream'));
            controller.close();
          },
        }),
        { name: 'web.txt' },
      );
    }

    @Get('readable')
    @Download()
    readable() {
      return new VirtualFile(Readable.from(['node ', 'readable']), { name: 'readable.txt' });
    }

    @Get('iterable')
    @Download()
    iterable() {
      return new VirtualFile(['plain ', 'array'], { name: 'array.txt' });
    }

    @Get('live')
    @Download()
    live() {
      gate.opened = new Promise<void>((resolve) => (gate.open = resolve));
      const opened = gate.opened;
      return new VirtualFile(
        (async function* () {
          yield 'first;';
          await opened; // produced only after the client has received 'first;'
          yield 'second';
        })(),
        { name: 'live.txt' },
      );
    }
  }

  return { imports: [DownloadModule.forRoot()], controllers: [VirtualFilesController] };
}
