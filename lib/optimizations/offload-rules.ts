import * as path from 'node:path';
import type { DownloadFile } from '../files/download.file';
import { percentEncodePath } from './backends/header-value.util';
import type { CompiledOffloadRule, OffloadTarget } from './offload-rule.interface';

export type { CompiledOffloadRule, OffloadTarget } from './offload-rule.interface';

const ABSOLUTE_URL = /^[a-z][a-z\d+.-]*:/i;
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f/\\]/;

/** Whether one decoded path segment can be joined to a destination without leaving it. */
export function isSafeSegment(segment: string): boolean {
  return segment !== '' && segment !== '.' && segment !== '..' && !UNSAFE_CHARACTERS.test(segment);
}

/** A URL split into what prefixes match (origin and path) and its query string. */
export function splitUrl(url: string): { base: string; search: string } | undefined {
  if (ABSOLUTE_URL.test(url)) {
    try {
      const parsed = new URL(url);
      return { base: parsed.origin + parsed.pathname, search: parsed.search };
    } catch {
      return undefined;
    }
  }
  const hash = url.indexOf('#');
  const withoutHash = hash < 0 ? url : url.slice(0, hash);
  const query = withoutHash.indexOf('?');
  return query < 0
    ? { base: withoutHash, search: '' }
    : { base: withoutHash.slice(0, query), search: withoutHash.slice(query) };
}

function safe(segments: string[]): string[] | undefined {
  return segments.every(isSafeSegment) ? segments : undefined;
}

/** Segments of `url` below the rule's `sourceUrl`, decoded once, or undefined. */
function matchUrl(rule: CompiledOffloadRule, url: string): { segments: string[]; search: string } | undefined {
  const parts = splitUrl(url);
  if (!parts || !rule.sourceUrl || !parts.base.startsWith(rule.sourceUrl)) return undefined;
  try {
    const segments = safe(parts.base.slice(rule.sourceUrl.length).split('/').map(decodeURIComponent));
    if (!segments || /[\u0000-\u0020\u007f]/.test(parts.search)) return undefined;
    return { segments, search: parts.search };
  } catch {
    return undefined; // a malformed escape: never offloaded
  }
}

/** Segments of `filePath` below the rule's `sourceDir`, or undefined. */
function matchDir(rule: CompiledOffloadRule, filePath: string): string[] | undefined {
  if (!rule.sourceDir || !path.isAbsolute(filePath)) return undefined;
  // The usual case, a normalised path below the folder, without path.relative().
  const prefix = rule.sourceDir.endsWith(path.sep) ? rule.sourceDir : rule.sourceDir + path.sep;
  if (filePath.startsWith(prefix)) {
    const segments = safe(filePath.slice(prefix.length).split(path.sep));
    if (segments) return segments;
  }
  const relative = path.relative(rule.sourceDir, path.resolve(filePath));
  if (relative === '' || path.isAbsolute(relative)) return undefined;
  const segments = relative.split(path.sep);
  return segments[0] === '..' ? undefined : safe(segments);
}

/**
 * Where `rule` sends `file`, or undefined when it does not capture it:
 * `sourceUrl` against the file's URL, `sourceDir` against its absolute path,
 * both on whole segments, `sourceStorage` against the storage of a StorageFile. A name that could leave the destination once
 * decoded by the proxy is never captured.
 */
export function matchOffloadRule(rule: CompiledOffloadRule, file: DownloadFile): OffloadTarget | undefined {
  if (rule.sourceStorage) {
    // A StorageFile of that very storage; its presigned query is added by OffloadService.
    if ((file as DownloadFile & { storage?: unknown }).storage !== rule.sourceStorage) return undefined;
    const segments = safe(file.name.split('/'));
    return segments && { rule, segments, search: '' };
  }
  if (rule.sourceUrl) {
    const url = file.getUrl();
    const matched = url === undefined ? undefined : matchUrl(rule, url);
    return matched && { rule, ...matched };
  }
  const filePath = file.getPath();
  const segments = filePath === undefined ? undefined : matchDir(rule, filePath);
  return segments && { rule, segments, search: '' };
}

/**
 * The target of a `sourceStorage` rule once the object is presigned: the
 * segments below the storage's `objectsUrl` AS THE STORE'S URL WRITES THEM
 * (`it%27s.txt`), and the presigned query. The signature covers that exact
 * path: nginx decodes the X-Accel-Redirect path once (so `targetUrl()`
 * encodes these segments once more) and its location sends the result
 * verbatim; re-escaped by nginx, `'`, `(` or `!` would no longer match
 * the signature. The query is kept as it is (nginx never decodes it).
 * Throws when the URL is not below `objectsUrl` (the proxy location would
 * fetch another object).
 */
export function presignedTarget(rule: CompiledOffloadRule, presignedUrl: string): OffloadTarget | undefined {
  const base = rule.sourceStorage?.objectsUrl;
  if (!base || !presignedUrl.startsWith(base)) {
    throw new Error(`${rule.label}: the presigned URL is not below the storage's objectsUrl ${JSON.stringify(base)}`);
  }
  const rest = presignedUrl.slice(base.length);
  const query = rest.indexOf('?');
  const search = query < 0 ? '' : rest.slice(query);
  try {
    const encoded = (query < 0 ? rest : rest.slice(0, query)).split('/');
    // Checked decoded (no `..`, `/` or control character once the store decodes them), kept encoded.
    const segments = safe(encoded.map(decodeURIComponent)) && encoded;
    // eslint-disable-next-line no-control-regex
    return segments && !/[\u0000-\u0020\u007f]/.test(search) ? { rule, segments, search } : undefined;
  } catch {
    return undefined;
  }
}

/** The absolute path of a folder destination: `destinationDir/segments...`. */
export function targetPath(target: OffloadTarget): string {
  const folder = target.rule.destination === '/' ? '' : target.rule.destination;
  return [folder, ...target.segments].join('/');
}

/**
 * The URL of a URL destination, each segment percent-encoded
 * (`/protected/a%20b.txt`), or undefined for a name that is not valid UTF-16.
 */
export function targetUrl(target: OffloadTarget): string | undefined {
  const encoded = percentEncodePath(target.segments.join('/'));
  return encoded === undefined ? undefined : target.rule.destination + encoded + target.search;
}
