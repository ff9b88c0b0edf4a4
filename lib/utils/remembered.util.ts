/** How many answers a remembering map keeps before it starts again from empty. */
const LIMIT = 1024;

/**
 * `cache`'s answer for `key`, computed once: for values asked on every
 * download (a root folder, a MIME type, a file name's Content-Disposition)
 * that are few in practice. Bounded: a map that reaches the limit is cleared,
 * so names chosen by clients cannot grow it without end.
 */
export function remembered<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    if (cache.size >= LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}
