import { Inject, Injectable, Optional } from '@nestjs/common';

/** No provider has it: `providers: [ZipLayoutMemo]` takes the defaults; `useValue: new ZipLayoutMemo({...})` others. */
const NO_OPTIONS = Symbol('ZipLayoutMemoOptions');

/** Options of a ZipLayoutMemo. */
export interface ZipLayoutMemoOptions {
  /** Members remembered before the least recently used is forgotten (default 10 000). */
  maxEntries?: number;
}

/**
 * Remembers the CRC-32 of the members ZipFile has sent whole, keyed by each
 * member's validators, so that the next request for the same archive knows
 * its whole layout up front (strong ETag, Range, If-Range, 304). Bounded:
 * the least recently used members are forgotten past `maxEntries`.
 *
 * Hold one per app, as a provider (`providers: [ZipLayoutMemo]`, or
 * `{ provide: ZipLayoutMemo, useValue: new ZipLayoutMemo({ maxEntries }) }`),
 * and pass it as `new ZipFile(entries, { name, memo })`.
 */
@Injectable()
export class ZipLayoutMemo {
  private readonly crcs = new Map<string, number>();
  private readonly maxEntries: number;

  constructor(@Optional() @Inject(NO_OPTIONS) options?: ZipLayoutMemoOptions) {
    this.maxEntries = Math.max(1, options?.maxEntries ?? 10_000);
  }

  /** Members remembered. */
  get size(): number {
    return this.crcs.size;
  }

  /** The CRC-32 remembered for a member's validators. */
  get(key: string): number | undefined {
    const crc = this.crcs.get(key);
    if (crc !== undefined) {
      this.crcs.delete(key);
      this.crcs.set(key, crc);
    }
    return crc;
  }

  /** Remembers a member's CRC-32. */
  set(key: string, crc32: number): void {
    this.crcs.delete(key);
    this.crcs.set(key, crc32);
    while (this.crcs.size > this.maxEntries) this.crcs.delete(this.crcs.keys().next().value as string);
  }

  /** Forgets a member (its content did not match what was remembered). */
  delete(key: string): void {
    this.crcs.delete(key);
  }

  /** Forgets everything. */
  clear(): void {
    this.crcs.clear();
  }
}
