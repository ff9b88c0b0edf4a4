import { safeSegments } from '../../utils/confine-path.util';

/** S3 refuses keys longer than 1024 bytes (KeyTooLongError). */
const MAX_KEY_BYTES = 1024;

/**
 * The normalised key prefix of a storage: `''`, or safe segments ending
 * with `/` (`media/2026/`). Throws for a prefix that is not a plain folder name.
 */
export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  if (!safeSegments(trimmed)) throw new Error(`S3Storage: invalid key prefix ${JSON.stringify(prefix)}`);
  return `${trimmed}/`;
}

/**
 * The object key of a storage name under `prefix`, or `null` when the name is
 * refused: empty, absolute, with empty segments, `.` or `..` (also
 * percent-encoded), backslashes, NUL, a drive letter, or too long for S3.
 * Confinement is done here, before the SDK sees the key: the SDK would
 * normalise `a/../b` itself and leave the prefix.
 */
export function confineKey(prefix: string, name: string | readonly string[]): string | null {
  const segments = safeSegments(name);
  if (!segments) return null;
  const key = prefix + segments.join('/');
  return Buffer.byteLength(key) > MAX_KEY_BYTES ? null : key;
}

/** The key prefix of a folder listing (`''` for the top), or `null` when the name is refused. */
export function folderPrefix(prefix: string, directory: string): string | null {
  const trimmed = directory.replace(/\/+$/, '');
  if (trimmed === '') return prefix;
  const key = confineKey(prefix, trimmed);
  return key === null ? null : `${key}/`;
}

/** An error the engine answers with 404, like a missing file on disk. */
export function notFound(message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code: 'ENOENT' });
}
