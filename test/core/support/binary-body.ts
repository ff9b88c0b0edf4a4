import type { Response } from 'supertest';

/**
 * A supertest parser that keeps any body as raw bytes (`res.body` is a
 * Buffer), whatever its Content-Type: `.buffer(true).parse(binaryBody)`.
 */
export function binaryBody(res: Response, callback: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
  res.on('error', (err: Error) => callback(err, Buffer.concat(chunks)));
}
