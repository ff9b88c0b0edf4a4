import type { Readable } from 'node:stream';
import { type ByteRange, PathFile } from 'nestjs-downloadview';

/** How often the content of CountingPathFile wrappers was opened. */
export interface OpenCounter {
  opens: number;
}

/** A PathFile that counts its open() calls: proves HEAD and 304 never open the content. */
export class CountingPathFile extends PathFile {
  constructor(
    name: string,
    root: string,
    private readonly counter: OpenCounter,
  ) {
    super(name, { root });
  }

  override open(range?: ByteRange): Promise<Readable> {
    this.counter.opens++;
    return super.open(range);
  }
}
