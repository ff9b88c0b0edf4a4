import { IncomingMessage } from 'node:http';
import { Transform, type Readable, type TransformCallback, pipeline } from 'node:stream';

/**
 * The body of a GetObject answer as the stream `open()` returns: bytes pass
 * through as they come (never collected); a body shorter or longer than
 * `expected` fails the stream (a truncated file must never look complete);
 * destroying the stream before its end (a client gone) aborts the S3
 * request, which closes its socket.
 *
 * A Node HTTP answer whose Content-Length is `expected` is returned as it
 * is: Node's parser already ends it at that length and fails it when the
 * connection closes before (`aborted`), so counting its bytes again in a
 * Transform would only add a stream hop per chunk. Any other body (another
 * request handler, a checksum-validating wrapper, a length that differs) is
 * counted.
 */
export function s3BodyStream(body: Readable, expected: number | undefined, abort: AbortController): Readable {
  if (expected !== undefined && framedByNode(body, expected)) {
    body.once('close', () => {
      if (!body.readableEnded) abort.abort();
    });
    return body;
  }
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

/** Whether `body` is Node's own HTTP answer, untouched, framed by a Content-Length of `expected` bytes. */
function framedByNode(body: Readable, expected: number): boolean {
  if (!(body instanceof IncomingMessage) || body.readableDidRead || body.destroyed) return false;
  const length = body.headers['content-length'];
  return body.headers['transfer-encoding'] === undefined && length !== undefined && Number(length) === expected;
}

function wrongLength(expected: number, received: number): NodeJS.ErrnoException {
  return Object.assign(new Error(`S3 object body has the wrong length: ${received} bytes, expected ${expected}`), {
    code: 'ERR_S3_BODY_LENGTH',
  });
}
