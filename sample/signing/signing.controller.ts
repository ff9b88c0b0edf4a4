import { Controller, Get } from '@nestjs/common';
import { Download, SignatureRequired, StorageService, UrlSigner, WildcardPath } from 'nestjs-downloadview';
import { Example } from '../home/example.decorator';

/** Signed, expiring links to stored files. */
@Controller('signing')
export class SigningController {
  constructor(
    private readonly signer: UrlSigner,
    private readonly storage: StorageService,
  ) {}

  // docs:start issue
  /**
   * Issues a link to a stored file, valid for 5 minutes. A real application
   * checks first that the user may have the file.
   */
  @Get('links/*')
  @Example('/signing/links/notes/caf%C3%A9%20menu.txt', 'a signed link to a stored file, valid 5 minutes: follow it')
  link(@WildcardPath() name: string[]) {
    // Sign the URL the client will request: percent-encoded segments, global prefix included.
    const path = `/signing/files/${name.map(encodeURIComponent).join('/')}`;
    return { url: this.signer.sign(path, { ttl: 300 }) };
  }
  // docs:end issue

  // docs:start serve
  /** Serves a stored file only through an unexpired link from `link()`; anything else is a 403. */
  @Get('files/*')
  @SignatureRequired()
  @Download()
  file(@WildcardPath() name: string[]) {
    return this.storage.file(name);
  }
  // docs:end serve
}
