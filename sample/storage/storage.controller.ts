import { Controller, Get } from '@nestjs/common';
import { Download, StorageService, WildcardPath } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';

/** Files in the configured storage, by name (django-downloadview's StorageDownloadView). */
@Controller('storage')
export class StorageController {
  constructor(private readonly storage: StorageService) {}

  // docs:start by-name
  /** Any file of the storage: the name is the rest of the URL, confined to the storage. */
  @Get('files/*')
  @Download()
  @Example('/storage/files/hello-world.txt', 'media/hello-world.txt, from the storage')
  @Example('/storage/files/notes/caf%C3%A9%20menu.txt', 'a name with a space and an accent (RFC 6266 filename*)')
  byName(@WildcardPath() name: string[]) {
    return this.storage.file(name);
  }
  // docs:end by-name

  // docs:start inline
  /** The same files shown in the browser rather than saved. */
  @Get('inline/*')
  @Download({ attachment: false })
  @Example('/storage/inline/notes/caf%C3%A9%20menu.txt', 'the same note, inline')
  inline(@WildcardPath() name: string[]) {
    return this.storage.file(name);
  }
  // docs:end inline
}
