/** One part of a multipart/byteranges body. */
export interface BytePart {
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Parses a multipart/byteranges body (RFC 9110 14.6) by its boundary,
 * keeping each part's bytes exactly.
 */
export function parseByteranges(body: Buffer, contentType: string): BytePart[] {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) throw new Error(`No boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: BytePart[] = [];
  let position = body.indexOf(delimiter);
  if (position !== 0 && body.subarray(0, position).toString().trim() !== '') {
    throw new Error('Bytes before the first boundary');
  }
  while (position !== -1) {
    const afterDelimiter = position + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') {
      if (body.subarray(afterDelimiter + 2).toString() !== '\r\n') throw new Error('Bytes after the closing boundary');
      return parts;
    }
    const headerEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd);
    if (headerEnd === -1 || next === -1) throw new Error('Truncated multipart body');
    const headers: Record<string, string> = {};
    for (const line of body.subarray(afterDelimiter + 2, headerEnd).toString().split('\r\n')) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: body.subarray(headerEnd + 4, next) });
    position = next + 2;
  }
  throw new Error('No closing boundary');
}
