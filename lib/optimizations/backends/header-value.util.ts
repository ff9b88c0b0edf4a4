/**
 * Percent-encodes every segment of a `/`-separated path, keeping the
 * slashes: `/srv/a b/é.txt` -> `/srv/a%20b/%C3%A9.txt`. nginx and lighttpd
 * decode offload header values once, so this is the form they need (a
 * literal `%`, `?` or `#` breaks otherwise). Undefined for a string that is
 * not valid UTF-16 (a lone surrogate).
 */
export function percentEncodePath(value: string): string | undefined {
  try {
    // One call instead of one per segment: the only `%2F` in the output is an encoded slash.
    return encodeURIComponent(value).replace(/%2F/g, '/');
  } catch {
    return undefined;
  }
}

/**
 * A header value carrying the raw UTF-8 bytes of `text` (what mod_xsendfile
 * reads). Node refuses header strings with characters above 0xFF and writes
 * each character as one byte, so the bytes travel as a latin1 string.
 * Undefined when `text` holds a control character, which no header can carry.
 */
export function rawUtf8HeaderValue(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) return undefined;
  return Buffer.from(text, 'utf8').toString('latin1');
}
