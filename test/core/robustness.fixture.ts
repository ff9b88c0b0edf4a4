import {
  type ArgumentsHost,
  Catch,
  Controller,
  Get,
  HttpException,
  type ModuleMetadata,
  Param,
} from '@nestjs/common';
import { APP_FILTER, BaseExceptionFilter, HttpAdapterHost } from '@nestjs/core';
import { Readable } from 'node:stream';
import { Download, DownloadModule, PathFile, VirtualFile } from 'nestjs-downloadview';

/** What the robustness suite observes from inside the app. */
export interface Observed {
  /** Statuses of the HttpExceptions that reached the exception filter. */
  filtered: number[];
  /** Server-side streams of the last TrackedPathFile: did they end, or were they cut? */
  streams: Array<{ ended: boolean; closed: boolean }>;
  /** Whether the last generator's `finally` ran (it was stopped or finished). */
  generatorClosed: boolean;
}

/** A PathFile that records what happens to the stream it opens. */
class TrackedPathFile extends PathFile {
  constructor(name: string, root: string, private readonly observed: Observed) {
    super(name, { root });
  }

  override async open(range?: { start: number; end: number }): Promise<Readable> {
    const stream = await super.open(range);
    const record = { ended: false, closed: false };
    this.observed.streams.push(record);
    stream.once('end', () => (record.ended = true));
    stream.once('close', () => (record.closed = true));
    return stream;
  }
}

/** A PathFile whose file disappears between stat() and open(), or may not be read. */
class FailingOpenFile extends PathFile {
  constructor(name: string, root: string, private readonly code: string) {
    super(name, { root });
  }

  override async open(): Promise<Readable> {
    throw Object.assign(new Error(`open failed: ${this.code}`), { code: this.code });
  }
}

/** A PathFile whose stream fails after `after` bytes. */
class BreakingFile extends PathFile {
  constructor(name: string, root: string, private readonly after: number) {
    super(name, { root });
  }

  override async open(): Promise<Readable> {
    const after = this.after;
    const source = await super.open();
    return Readable.from(
      (async function* () {
        let sent = 0;
        for await (const chunk of source as AsyncIterable<Buffer>) {
          if (sent + chunk.length > after) {
            yield chunk.subarray(0, after - sent);
            throw new Error('disk read error');
          }
          sent += chunk.length;
          yield chunk;
        }
      })(),
      { objectMode: false },
    );
  }
}

/** Notes every HttpException it sees, then lets Nest answer it as usual. */
@Catch(HttpException)
class RecordingFilter extends BaseExceptionFilter {
  constructor(private readonly observed: Observed) {
    super();
  }

  override catch(exception: HttpException, host: ArgumentsHost) {
    this.observed.filtered.push(exception.getStatus());
    super.catch(exception, host);
  }
}

export function robustnessApp(root: string, observed: Observed): ModuleMetadata {
  @Controller()
  class RobustnessController {
    @Get('null')
    @Download()
    nothing() {
      return null;
    }

    @Get('undefined')
    @Download()
    async nothingLater() {
      return undefined;
    }

    @Get('path/:name')
    @Download()
    byName(@Param('name') name: string) {
      return new TrackedPathFile(name, root, observed);
    }

    @Get('vanished/:code')
    @Download()
    vanished(@Param('code') code: string) {
      return new FailingOpenFile('hello.txt', root, code);
    }

    @Get('breaking/:after')
    @Download()
    breaking(@Param('after') after: string) {
      return new BreakingFile('big.bin', root, Number(after));
    }

    @Get('generated/failing')
    @Download()
    failingGenerator() {
      return new VirtualFile(
        (async function* () {
          yield Buffer.alloc(64 * 1024, 'a');
          throw new Error('generator failed');
        })(),
        { name: 'failing.csv' },
      );
    }

    @Get('generated/failing-first')
    @Download()
    failingFirst() {
      return new VirtualFile(
        // eslint-disable-next-line require-yield
        (async function* () {
          throw new Error('generator failed before its first chunk');
        })(),
        { name: 'failing-first.csv' },
      );
    }

    @Get('generated/empty')
    @Download()
    emptyGenerator() {
      return new VirtualFile((async function* () {})(), { name: 'empty.csv' });
    }

    @Get('generated/endless')
    @Download()
    endless() {
      observed.generatorClosed = false;
      return new VirtualFile(
        (async function* () {
          try {
            for (;;) yield Buffer.alloc(64 * 1024, 'e');
          } finally {
            observed.generatorClosed = true;
          }
        })(),
        { name: 'endless.bin' },
      );
    }
  }

  return {
    imports: [DownloadModule.forRoot()],
    controllers: [RobustnessController],
    providers: [
      {
        provide: APP_FILTER,
        useFactory: (host: HttpAdapterHost) => {
          const filter = new RecordingFilter(observed);
          (filter as unknown as { httpAdapterHost: HttpAdapterHost }).httpAdapterHost = host;
          return filter;
        },
        inject: [HttpAdapterHost],
      },
    ],
  };
}
