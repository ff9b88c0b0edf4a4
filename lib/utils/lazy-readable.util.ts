import { Readable } from 'node:stream';

/**
 * A Readable that opens its source on the first read only. Destroying it
 * before that (Nest does so with an unsent StreamableFile) opens nothing.
 */
export function lazyReadable(open: () => Promise<Readable>): Readable {
  let source: Readable | undefined;
  const lazy = new Readable({
    read() {
      if (source) {
        source.resume();
        return;
      }
      open().then(
        (opened) => {
          if (lazy.destroyed) {
            opened.destroy();
            return;
          }
          source = opened;
          opened.on('data', (chunk) => {
            if (!lazy.push(chunk)) opened.pause();
          });
          opened.once('end', () => lazy.push(null));
          opened.once('error', (err) => lazy.destroy(err));
        },
        (err: Error) => lazy.destroy(err),
      );
    },
    destroy(err, callback) {
      source?.destroy();
      callback(err);
    },
  });
  return lazy;
}
