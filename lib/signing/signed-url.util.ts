/** A URL split into the parts signing deals with. */
export interface UrlParts {
  /** `https://host:port` of an absolute URL, else `''`. */
  origin: string;
  /** The path as written (percent-encoded or not), e.g. `/files/a b.txt`. */
  path: string;
  /** Query parameters as written, without `?`, one raw `name=value` each. */
  params: string[];
  /** `#fragment` or `''`. */
  hash: string;
}

const ORIGIN = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i;

/** Splits a path or an absolute URL without normalising anything. */
export function splitUrl(url: string): UrlParts {
  const origin = ORIGIN.exec(url)?.[0] ?? '';
  let rest = url.slice(origin.length);
  const hashAt = rest.indexOf('#');
  const hash = hashAt < 0 ? '' : rest.slice(hashAt);
  if (hashAt >= 0) rest = rest.slice(0, hashAt);
  const queryAt = rest.indexOf('?');
  const query = queryAt < 0 ? '' : rest.slice(queryAt + 1);
  const path = (queryAt < 0 ? rest : rest.slice(0, queryAt)) || '/';
  return { origin, path, params: query.split('&').filter(Boolean), hash };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape stays as written (routers answer 400 for it anyway)
  }
}

/**
 * The one form of a path that is signed and compared: every segment decoded
 * once, then percent-encoded with `encodeURIComponent`. `/a b/é.txt`,
 * `/a%20b/%C3%A9.txt` and `/a%20b/%c3%a9.txt` give the same form, while an
 * encoded slash (`a%2Fb`) stays distinct from a real one (`a/b`). Dot
 * segments are kept, not resolved: the path signed is the path routed.
 */
export function canonicalPath(path: string): string {
  return path.split('/').map((segment) => encodeURIComponent(decodeSegment(segment))).join('/');
}

/** The raw value(s) of query parameter `name` among `params`. */
export function paramValues(params: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (const param of params) {
    const eq = param.indexOf('=');
    const key = decodeSegment((eq < 0 ? param : param.slice(0, eq)).replace(/\+/g, ' '));
    if (key === name) values.push(eq < 0 ? '' : decodeSegment(param.slice(eq + 1).replace(/\+/g, ' ')));
  }
  return values;
}

/** `params` without any of the given names. */
export function withoutParams(params: readonly string[], names: readonly string[]): string[] {
  return params.filter((param) => {
    const eq = param.indexOf('=');
    return !names.includes(decodeSegment(eq < 0 ? param : param.slice(0, eq)));
  });
}
