import * as path from 'node:path';
import { remembered } from './remembered.util';

/** How often a segment is percent-decoded to look for hidden dots and slashes. */
const DECODE_ROUNDS = 3;

function decodeRepeatedly(segment: string): string {
  if (!segment.includes('%')) return segment;
  let current = segment;
  for (let round = 0; round < DECODE_ROUNDS; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (decoded === current) return current;
    current = decoded;
  }
  return current;
}

function isUnsafeSegment(segment: string): boolean {
  if (segment === '' || segment === '.' || segment === '..') return true;
  if (/[\0\\]/.test(segment)) return true;
  const decoded = decodeRepeatedly(segment);
  return (
    decoded === '.' ||
    decoded === '..' ||
    /[\0\\/]/.test(decoded) ||
    /^[a-zA-Z]:/.test(decoded)
  );
}

/**
 * Splits a user-supplied relative name (a string, or the segment array that
 * Express gives for a `*name` route) into safe segments, or answers `null`
 * when the name is empty, absolute, or tries to climb: `..`, encoded or
 * double-encoded dots and slashes, NUL bytes, backslashes, drive letters.
 */
export function safeSegments(name: string | readonly string[]): string[] | null {
  // A route param that is missing (undefined) is refused like an empty name.
  if (typeof name !== 'string' && !Array.isArray(name)) return null;
  const segments = typeof name === 'string' ? name.split('/') : [...name];
  if (segments.length === 0) return null;
  for (const segment of segments) {
    if (typeof segment !== 'string' || isUnsafeSegment(segment)) return null;
  }
  return segments;
}

/** A name given as a string or segment array, as one `/`-joined string ('' for anything else). */
export function joinName(name: string | readonly string[]): string {
  if (typeof name === 'string') return name;
  return Array.isArray(name) ? name.join('/') : '';
}

/**
 * Resolves `name` inside `root`, or answers `null` when it would leave it
 * (see `safeSegments`). Symbolic links are not resolved here: callers that
 * must refuse links leaving the root compare real paths after this check.
 */
export function confinePath(root: string, name: string | readonly string[]): string | null {
  const segments = safeSegments(name);
  if (!segments) return null;
  // Safe segments (no empty, `.`, `..`, separator or drive) joined to a resolved
  // root stay inside it by construction: no path.resolve() per request.
  return rootPrefix(root) + segments.join(path.sep);
}

const rootPrefixes = new Map<string, string>();

/** `path.resolve(root)` ending with one separator; remembered for absolute roots (a relative one follows the working directory). */
function rootPrefix(root: string): string {
  const compute = () => {
    const base = path.resolve(root);
    return base.endsWith(path.sep) ? base : base + path.sep;
  };
  return path.isAbsolute(root) ? remembered(rootPrefixes, root, compute) : compute();
}

/** Whether `child` is `parent` itself or lies below it, segment-wise. */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  if (relative === '') return true;
  // `..hidden` is a name inside; only a whole `..` segment climbs out.
  const climbs = relative === '..' || relative.startsWith(`..${path.sep}`);
  return !climbs && !path.isAbsolute(relative);
}
