import { Transform, type Readable, type TransformCallback, pipeline } from 'node:stream';

/**
 * The body of a GetObject answer as the stream `open()` returns: bytes pass
 * through as they come (never collected); a body shorter or longer than
 * `expected` fails the stream (a truncated file must never look complete);
 * destroying the stream before its end (a client gone) aborts the S3
 * request, which closes its socket.
 */
export function s3BodyStream(body: Readable, expected: number | undefined, abort: AbortController): Readable {
  let received = 0;
  const checked = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      received += chunk.length;
      if (expected !== undefined && received > expected) {
        callback(wrongLength(expected, received));
        return;
      }
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      callback(expected !== undefined && received !== expected ? wrongLength(expected, received) : null);
    },
  });
  pipeline(body, checked, () => {
    // Errors reach the reader through `checked`; this only ends the pipe.
  });
  checked.once('close', () => {
    if (!checked.readableEnded) {
      abort.abort();
      body.destroy();
    }
  });
  return checked;
}

function wrongLength(expected: number, received: number): NodeJS.ErrnoException {
  return Object.assign(new Error(`S3 object body has the wrong length: ${received} bytes, expected ${expected}`), {
    code: 'ERR_S3_BODY_LENGTH',
  });
}
