import { boundaryOf, parseByteranges } from './byteranges.parser';
import { type ModelValidators, modelConditions, modelRange, type Span } from './rfc9110-ranges.model';

/** An answer as a client sees it: status, headers (lower-case names), body bytes (GET only). */
export interface SeenAnswer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body?: Buffer;
}

/**
 * Checks one answer to a GET or HEAD of `content` against the reference model:
 * the status RFC 9110 asks for (with the freedoms it leaves: an invalid Range
 * may be ignored or rejected, more than `maxRanges` parts are ignored), and
 * every 206 body the exact slices of the content, at most `maxRanges` parts,
 * never more bytes than the content has.
 */
export function checkDownloadAnswer(
  content: Buffer,
  validators: ModelValidators,
  request: { method: 'GET' | 'HEAD'; headers: Record<string, string> },
  answer: SeenAnswer,
  maxRanges: number,
): void {
  const size = content.length;
  const header = (name: string) => {
    const value = answer.headers[name];
    return value === undefined ? undefined : String(value);
  };
  const conditions = modelConditions(request.headers, validators);
  const range = request.headers.range;
  let allowed: number[];
  let expectedSpans: Span[] | undefined;
  if (conditions === 412 || conditions === 304) {
    allowed = [conditions];
  } else if (range === undefined || conditions === 'ignore-range') {
    allowed = [200];
  } else {
    const verdict = modelRange(range, size);
    if (verdict.kind === 'unknown-unit') allowed = [200];
    else if (verdict.kind === 'invalid') allowed = [200, 206, 416];
    else if (verdict.kind === 'unsatisfiable') allowed = size === 0 ? [200, 416] : [416];
    else if (verdict.spans.length > maxRanges) allowed = [200];
    else {
      allowed = [206];
      expectedSpans = verdict.spans;
    }
  }
  if (!allowed.includes(answer.status)) {
    throw new Error(`status ${answer.status}, expected ${allowed.join(' or ')} (conditions: ${conditions}, range verdict: ${range === undefined ? '-' : JSON.stringify(modelRange(range, size))})`);
  }

  if (answer.status === 416) expectEqual(header('content-range'), `bytes */${size}`, 'Content-Range of the 416');
  if (answer.status === 200) expectEqual(header('content-length'), String(size), 'Content-Length of the 200');
  if (answer.status !== 206) {
    if (request.method === 'GET' && answer.body && answer.status === 200) {
      if (!answer.body.equals(content)) throw new Error('the 200 body is not the content');
    }
    return;
  }

  // 206: the parts, from the single Content-Range or from the multipart body.
  const type = header('content-type') ?? '';
  let parts: Span[];
  if (/^multipart\/byteranges/i.test(type)) {
    if (request.method === 'HEAD') {
      parts = expectedSpans ?? [];
    } else {
      const body = answer.body!;
      expectEqual(header('content-length'), String(body.length), 'Content-Length of the multipart 206');
      const parsed = parseByteranges(body, boundaryOf(type));
      if (parsed.length < 2) throw new Error(`a multipart/byteranges answer with ${parsed.length} part(s)`);
      for (const part of parsed) {
        expectEqual(part.size, size, 'complete-length of a part');
        if (part.end >= size || part.start > part.end) throw new Error(`part ${part.start}-${part.end} outside ${size} bytes`);
        if (!part.body.equals(content.subarray(part.start, part.end + 1))) {
          throw new Error(`part ${part.start}-${part.end} is not that slice of the content`);
        }
      }
      parts = parsed;
    }
  } else {
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header('content-range') ?? '');
    if (!match) throw new Error(`206 with Content-Range ${header('content-range')}`);
    const [start, end, total] = match.slice(1).map(Number);
    expectEqual(total, size, 'complete-length');
    if (end >= size || start > end) throw new Error(`range ${start}-${end} outside ${size} bytes`);
    expectEqual(header('content-length'), String(end - start + 1), 'Content-Length of the 206');
    if (request.method === 'GET') {
      if (!answer.body!.equals(content.subarray(start, end + 1))) throw new Error(`the 206 body is not bytes ${start}-${end}`);
    }
    parts = [{ start, end }];
  }
  // Bounded: at most maxRanges parts, none overlapping, so never more bytes than the content.
  if (parts.length > maxRanges) throw new Error(`${parts.length} parts, more than maxRanges (${maxRanges})`);
  const sorted = [...parts].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start <= sorted[i - 1].end) throw new Error('overlapping parts');
  }
  if (expectedSpans) {
    const seen = sorted.map(({ start, end }) => `${start}-${end}`).join(',');
    const wanted = expectedSpans.map(({ start, end }) => `${start}-${end}`).join(',');
    expectEqual(seen, wanted, 'the ranges answered (ascending)');
  }
}

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}
