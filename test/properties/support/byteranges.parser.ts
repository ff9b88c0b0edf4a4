/**
 * A strict reader of a multipart/byteranges body (RFC 9110 §14.6, RFC 2046
 * §5.1.1), written for the property tests: every part must carry a
 * Content-Range for the representation's size, and the framing must be exact.
 */
export interface ByterangePart {
  start: number;
  end: number;
  size: number;
  contentType?: string;
  body: Buffer;
}

export function boundaryOf(contentType: string): string {
  const match = /^multipart\/byteranges;\s*boundary=("?)([^";]+)\1$/i.exec(contentType);
  if (!match) throw new Error(`not multipart/byteranges: ${contentType}`);
  return match[2];
}

export function parseByteranges(body: Buffer, boundary: string): ByterangePart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: ByterangePart[] = [];
  // The body starts with the first delimiter (an empty preamble) or CRLF and the delimiter.
  let offset = body.subarray(0, 2).toString('latin1') === '\r\n' ? 2 : 0;
  if (!body.subarray(offset, offset + delimiter.length).equals(delimiter)) {
    throw new Error('multipart body does not start with the boundary');
  }
  offset += delimiter.length;
  for (;;) {
    const after = body.subarray(offset, offset + 2).toString('latin1');
    if (after === '--') {
      const tail = body.subarray(offset + 2).toString('latin1');
      if (tail !== '' && tail !== '\r\n') throw new Error(`bytes after the closing delimiter: ${JSON.stringify(tail)}`);
      return parts;
    }
    if (after !== '\r\n') throw new Error(`delimiter not followed by CRLF at ${offset}`);
    offset += 2;
    const headerEnd = body.indexOf('\r\n\r\n', offset, 'latin1');
    if (headerEnd < 0) throw new Error('part without a blank line after its headers');
    const headers = new Map<string, string>();
    for (const line of body.subarray(offset, headerEnd).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 1) throw new Error(`malformed part header line ${JSON.stringify(line)}`);
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(headers.get('content-range') ?? '');
    if (!range) throw new Error(`part without a valid Content-Range: ${headers.get('content-range')}`);
    const [start, end, size] = range.slice(1).map(Number);
    const dataStart = headerEnd + 4;
    const dataEnd = dataStart + (end - start + 1);
    // The part's data is exactly as long as its Content-Range says, then CRLF and the delimiter.
    const next = Buffer.concat([Buffer.from('\r\n'), delimiter]);
    if (!body.subarray(dataEnd, dataEnd + next.length).equals(next)) {
      throw new Error(`part ${start}-${end} is not followed by CRLF and the boundary`);
    }
    parts.push({ start, end, size, contentType: headers.get('content-type'), body: body.subarray(dataStart, dataEnd) });
    offset = dataEnd + next.length;
  }
}
