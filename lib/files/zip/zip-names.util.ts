/**
 * Names safe to use inside an archive: `/` for `\`, no drive letter, no
 * absolute path, no empty, `.` or `..` segment, no control characters; an
 * empty result becomes `file`. Duplicates (compared case-insensitively, as
 * Windows and macOS extract them) get ` (2)`, ` (3)`... before the extension.
 */
export function safeZipNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const safe = safeZipName(name);
    let unique = safe;
    for (let n = 2; taken.has(unique.toLowerCase()); n++) unique = numbered(safe, n);
    taken.add(unique.toLowerCase());
    return unique;
  });
}

/** One name made safe (see safeZipNames). */
export function safeZipName(name: string): string {
  const segments = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/\\/g, '/')
    .replace(/^[a-zA-Z]:/, '')
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..');
  return segments.join('/') || 'file';
}

function numbered(name: string, n: number): string {
  const slash = name.lastIndexOf('/');
  const dot = name.lastIndexOf('.');
  const at = dot > slash + 1 ? dot : name.length;
  return `${name.slice(0, at)} (${n})${name.slice(at)}`;
}
