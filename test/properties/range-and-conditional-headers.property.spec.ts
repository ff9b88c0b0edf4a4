import fc from 'fast-check';
import { DownloadResponse, DownloadResponseWriter, type PreparedDownload } from 'nestjs-downloadview';
import type { Readable } from 'node:stream';
import { checkDownloadAnswer } from './support/download-answer.check';
import { entityTag } from './support/http-headers.arbitraries';
import { downloadRequestHeaders } from './support/http-headers.arbitraries';
import { MemoryFile } from './support/memory.file';
import { runs } from './support/fast-check.settings';

/**
 * Range and conditional headers, generated: DownloadResponse.prepare() and the
 * body the writer builds, checked against a reference model of RFC 9110 §13-14
 * (test/properties/support/rfc9110-ranges.model.ts).
 */

const MAX_RANGES = 8;
/** prepare() of one request, whatever its headers: far below this (the CPU is shared). */
const PREPARE_BUDGET_MS = 250;

/** A content and the validators its file carries. */
const representation = fc.record({
  content: fc.oneof(
    { weight: 6, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 200, maxLength: 5000 }) },
  ).map((bytes) => Buffer.from(bytes)),
  etag: fc.option(entityTag, { nil: undefined }),
  modifiedTime: fc.option(fc.integer({ min: 0, max: 4_000_000_000 }).map((s) => new Date(s * 1000)), { nil: undefined }),
});

const requestFor = (rep: { content: Buffer; etag?: string; modifiedTime?: Date }) =>
  fc.record({
    method: fc.constantFrom('GET' as const, 'GET' as const, 'GET' as const, 'HEAD' as const),
    headers: downloadRequestHeaders(rep.content.length, {
      etag: rep.etag,
      lastModified: rep.modifiedTime?.toUTCString(),
    }),
  });

async function bodyOf(prepared: PreparedDownload, file: MemoryFile): Promise<Buffer | undefined> {
  if (prepared.body === 'none') return undefined;
  const writer = new DownloadResponseWriter();
  const stream: Readable = await (writer as unknown as { openBody(p: PreparedDownload, f: MemoryFile): Promise<Readable> }).openBody(prepared, file);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('Range and conditional headers (property, DownloadResponse.prepare())', () => {
  it('answer any headers as RFC 9110 says: 412 / 304 / 416 / 200, or a 206 whose parts are the exact slices the reference model computes, bounded by maxRanges', async () => {
    await fc.assert(
      fc.asyncProperty(
        representation.chain((rep) => fc.tuple(fc.constant(rep), requestFor(rep))),
        async ([rep, request]) => {
          const file = new MemoryFile(rep.content, { etag: rep.etag, modifiedTime: rep.modifiedTime });
          const response = new DownloadResponse(file, { maxRanges: MAX_RANGES });
          const started = performance.now();
          const prepared = await response.prepare(request);
          const elapsed = performance.now() - started;
          if (elapsed > PREPARE_BUDGET_MS) throw new Error(`prepare() took ${elapsed.toFixed(0)} ms`);
          const body = await bodyOf(prepared, file);
          checkDownloadAnswer(
            rep.content,
            { etag: rep.etag ?? undefined, lastModified: rep.modifiedTime?.toUTCString() },
            request,
            { status: prepared.status, headers: prepared.headers as Record<string, string>, body },
            MAX_RANGES,
          );
          // Whatever was asked, the body is never larger than the content plus the multipart framing.
          if (body && body.length > rep.content.length + (MAX_RANGES + 1) * 200) {
            throw new Error(`a ${body.length}-byte body for a ${rep.content.length}-byte file`);
          }
        },
      ),
      runs(2000),
    );
  });
});
