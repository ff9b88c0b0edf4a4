import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { Download, StorageService, ZipFile, ZipLayoutMemo } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';

/** Several files of the storage as one ZIP archive, produced while it is sent. */
@Controller('zip')
export class ZipController {
  constructor(
    private readonly storage: StorageService,
    private readonly memo: ZipLayoutMemo,
  ) {}

  // docs:start selected
  /**
   * The files named in the query string (`?names=a.txt&names=notes/b.txt`),
   * each confined to the storage: a name that leaves it, or a missing file,
   * answers 404. Stored members: exact Content-Length; from the second
   * request on (the memo knows their CRC-32), Range and resumed downloads.
   */
  @Get('selected')
  @Download()
  @Example('/zip/selected?names=hello-world.txt&names=notes/caf%C3%A9%20menu.txt', 'two files of the storage as selected.zip')
  selected(@Query('names') names?: string | string[]) {
    const list = [names ?? []].flat().filter((name) => name !== '');
    // The names come from the client: a bound on how many.
    if (list.length === 0 || list.length > 100) throw new BadRequestException('Name 1 to 100 files with ?names=');
    const entries = list.map((name) => ({ file: this.storage.file(name), name }));
    return new ZipFile(entries, { name: 'selected.zip', memo: this.memo });
  }
  // docs:end selected
}
