import { Controller, Get, Inject, Param, Query, type ModuleMetadata } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import {
  Download,
  DownloadFile,
  DownloadModule,
  PathFile,
  VirtualFile,
  ZipFile,
  ZipLayoutMemo,
  type ByteRange,
  type FileStat,
} from 'nestjs-downloadview';
import { ODD_NAMES } from './support/fixture-tree';

/** The members of /zip/stored: every kind of name and size of the fixture tree. */
export const STORED_MEMBERS = ['hello.txt', 'digits.txt', 'empty.bin', 'big.bin', 'sub/nested.txt', 'sub/deeper/deep.txt', ...ODD_NAMES];

/** Streams opened and closed by /zip/slow's members, for the abort test. */
export interface OpenedStreams {
  opened: number;
  closed: number;
}

/** A member that sends `size` bytes (all 1) slowly, counting its streams; `seekable` to take the layout path. */
class SlowFile extends DownloadFile {
  constructor(
    name: string,
    private readonly size: number,
    private readonly streams: OpenedStreams,
    private readonly canSeek = false,
  ) {
    super(name);
  }

  override get seekable(): boolean {
    return this.canSeek;
  }

  protected async loadStat(): Promise<FileStat> {
    return { size: this.size, modifiedTime: new Date('2025-01-01T00:00:00Z') };
  }

  async open(_range?: ByteRange): Promise<Readable> {
    this.streams.opened++;
    let sent = 0;
    const stream = new Readable({
      read() {
        setTimeout(() => {
          const chunk = Math.min(16 * 1024, 1024 * 1024 - sent);
          sent += chunk;
          this.push(chunk > 0 ? Buffer.alloc(chunk, 1) : null);
        }, 5);
      },
    });
    stream.once('close', () => this.streams.closed++);
    return stream;
  }
}

/** A member that fails once it has sent part of its bytes. */
function failingMember(): VirtualFile {
  async function* content() {
    yield Buffer.alloc(64 * 1024, 2);
    throw new Error('disk gone');
  }
  return new VirtualFile(content(), { name: 'failing.bin', size: 1024 * 1024 });
}

export function zipFileApp(root: string, streams: OpenedStreams, big?: { dir: string; names: string[]; crcs: number[] }): ModuleMetadata {
  const file = (name: string) => new PathFile(name, { root });
  /** Local files with CRC-32 that are not theirs. */
  const staleEntries = () => [{ file: file('big.bin'), name: 'big.bin', crc32: 1234 }, { file: file('hello.txt'), name: 'hello.txt', crc32: 5678 }];

  @Controller('zip')
  class ZipController {
    constructor(@Inject(ZipLayoutMemo) private readonly memo: ZipLayoutMemo) {}

    @Get('stored')
    @Download()
    stored() {
      return new ZipFile(STORED_MEMBERS.map((name) => ({ file: file(name), name })), { name: 'stored.zip', memo: this.memo });
    }

    @Get('deflated')
    @Download()
    deflated() {
      return new ZipFile(STORED_MEMBERS.map((name) => ({ file: file(name), name })), { name: 'deflated.zip', compress: true, memo: this.memo });
    }

    @Get('missing')
    @Download()
    missing() {
      return new ZipFile([{ file: file('hello.txt'), name: 'hello.txt' }, { file: file('nope.txt'), name: 'nope.txt' }], { name: 'm.zip' });
    }

    @Get('skip')
    @Download()
    skip() {
      const entries = [{ file: file('hello.txt'), name: 'hello.txt' }, { file: file('nope.txt'), name: 'nope.txt' }];
      return new ZipFile(entries, { name: 'm.zip', missing: 'skip' });
    }

    @Get('unsafe')
    @Download()
    unsafe() {
      const names = ['../../etc/evil.txt', '/absolute.txt', 'C:\\windows\\win.txt', 'a/./b/../c.txt', 'same.txt', 'SAME.txt', 'same.txt', '..'];
      return new ZipFile(names.map((name) => ({ file: file('hello.txt'), name })), { name: 'unsafe.zip' });
    }

    @Get('failing')
    @Download()
    failing() {
      return new ZipFile([{ file: file('big.bin'), name: 'big.bin' }, { file: failingMember(), name: 'failing.bin' }], { name: 'f.zip' });
    }

    @Get('slow')
    @Download()
    slow() {
      const entries = ['a', 'b', 'c'].map((name) => ({ file: new SlowFile(name, 1024 * 1024, streams), name: `${name}.bin` }));
      return new ZipFile(entries, { name: 'slow.zip' });
    }

    /** Like /zip/slow with every CRC-32 given: the layout path, written on the response by the library. */
    @Get('slow-known')
    @Download()
    slowKnown() {
      const crc = crc32(Buffer.alloc(1024 * 1024, 1));
      const entries = ['a', 'b', 'c'].map((name) => ({ file: new SlowFile(name, 1024 * 1024, streams, true), name: `${name}.bin`, crc32: crc }));
      return new ZipFile(entries, { name: 'slow.zip' });
    }

    /** The layout path with a wrong CRC-32 for a local file (as if it changed at the same size): found out once its bytes are sent. */
    @Get('stale')
    @Download()
    stale() {
      return new ZipFile(staleEntries(), { name: 's.zip', verifyCrc32: true });
    }

    /** /zip/stale without verifyCrc32: the layout is trusted, the members sent as they are. */
    @Get('stale-trusted')
    @Download()
    staleTrusted() {
      return new ZipFile(staleEntries(), { name: 's.zip' });
    }

    /** The layout path with a member shorter (`short`) or longer (`long`) than its size; `?verify=1` with verifyCrc32. */
    @Get('wrong-size/:how')
    @Download()
    wrongSize(@Param('how') how: string, @Query('verify') verify?: string) {
      // A SlowFile sends 1 MiB whatever size it announces.
      const size = how === 'short' ? 2 * 1024 * 1024 : 512 * 1024;
      const hello = { file: file('hello.txt'), name: 'hello.txt', crc32: crc32(readFileSync(join(root, 'hello.txt'))) };
      const entries = [hello, { file: new SlowFile('w', size, streams, true), name: 'w.bin', crc32: crc32(Buffer.alloc(size, 1)) }];
      return new ZipFile(entries, { name: 'w.zip', verifyCrc32: verify === '1' });
    }

    @Get('big')
    @Download()
    big() {
      if (!big) return null;
      const entries = big.names.map((name, index) => ({ file: new PathFile(name, { root: big.dir }), name, crc32: big.crcs[index] }));
      return new ZipFile(entries, { name: 'big.zip' });
    }
  }

  return {
    imports: [DownloadModule.forRoot()],
    controllers: [ZipController],
    providers: [ZipLayoutMemo],
  };
}
