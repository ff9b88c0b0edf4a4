import { inspect } from 'node:util';

/** One expectation that a response did not meet. */
export interface Mismatch {
  /** What was compared, e.g. `basename (Content-Disposition filename)`. */
  what: string;
  expected: unknown;
  actual: unknown;
  /** Extra words for the reader (why it failed, how to fix the test). */
  hint?: string;
}

/**
 * Thrown by the assertion helpers: one message listing every expectation
 * the response missed, each with its expected and actual value, followed by
 * a short summary of the response. `mismatches` keeps them for programs.
 */
export class DownloadAssertionError extends Error {
  override readonly name = 'DownloadAssertionError';
  /** Keyed like Node's AssertionError, so reporters that look for them find them. */
  readonly expected: Record<string, unknown>;
  readonly actual: Record<string, unknown>;

  constructor(
    title: string,
    readonly mismatches: readonly Mismatch[],
    summary: string,
  ) {
    super(formatMessage(title, mismatches, summary));
    this.expected = Object.fromEntries(mismatches.map((m) => [m.what, m.expected]));
    this.actual = Object.fromEntries(mismatches.map((m) => [m.what, m.actual]));
  }
}

/** How a value is shown in a failure message. */
export function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  if (Buffer.isBuffer(value)) return previewBytes(value);
  return inspect(value, { breakLength: Infinity, maxStringLength: 300 });
}

/** Whether bytes read as something other than text: invalid UTF-8, or control characters. */
function looksBinary(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  return text.includes('\uFFFD') || /[\u0000-\u0008\u000e-\u001f]/.test(text);
}

/** `13 bytes "Hello world!\n"`, or hex for binary content. */
export function previewBytes(bytes: Buffer): string {
  const limit = 120;
  const head = bytes.subarray(0, limit);
  const shown = looksBinary(head) ? `<${hex(head)}>` : JSON.stringify(head.toString('utf8'));
  return `${bytes.length} bytes ${shown}${bytes.length > limit ? '…' : ''}`;
}

function hex(bytes: Buffer): string {
  return bytes.toString('hex').replace(/(..)(?!$)/g, '$1 ');
}

/** Bytes shown on each side of the first difference of two binary bodies. */
export const BYTES_AROUND_DIFFERENCE = 16;

/** The offset of the first byte where `a` and `b` differ (the shorter one's length if one starts the other), or -1. */
export function firstDifference(a: Buffer, b: Buffer): number {
  const common = Math.min(a.length, b.length);
  const step = 4096;
  for (let start = 0; start < common; start += step) {
    const end = Math.min(start + step, common);
    if (a.subarray(start, end).equals(b.subarray(start, end))) continue;
    for (let i = start; i < end; i++) if (a[i] !== b[i]) return i;
  }
  return a.length === b.length ? -1 : common;
}

/**
 * Where two bodies first differ, for a failure message: the offset, both
 * lengths, and the bytes around it (`around` either side) in hex, expected
 * above actual, the first differing byte in brackets and `(end)` where a
 * body ends. Empty when they are equal.
 */
export function describeByteDifference(expected: Buffer, actual: Buffer, around = BYTES_AROUND_DIFFERENCE): string[] {
  const offset = firstDifference(expected, actual);
  if (offset < 0) return [];
  const from = Math.max(0, offset - around);
  const to = offset + around + 1; // exclusive
  const row = (bytes: Buffer) => {
    const before = hex(bytes.subarray(from, offset));
    const at = offset < bytes.length ? `[${hex(bytes.subarray(offset, offset + 1))}]` : '[end]';
    const after = offset < bytes.length ? hex(bytes.subarray(offset + 1, to)) : '';
    const tail = offset >= bytes.length ? '' : bytes.length <= to ? '(end)' : '…';
    return [from > 0 ? '…' : '', before, at, after, tail].filter(Boolean).join(' ');
  };
  const last = Math.min(to, Math.max(expected.length, actual.length)) - 1;
  return [
    `first difference at byte ${offset} (0x${offset.toString(16)}); lengths: expected ${expected.length}, actual ${actual.length}`,
    `bytes ${from}..${last} in hex, the first difference in [ ]:`,
    `  expected: ${row(expected)}`,
    `  actual:   ${row(actual)}`,
  ];
}

function formatMessage(title: string, mismatches: readonly Mismatch[], summary: string): string {
  const count = mismatches.length === 1 ? '1 difference' : `${mismatches.length} differences`;
  const lines = [`${title} (${count}):`];
  for (const m of mismatches) {
    lines.push(`  ${m.what}`, `    expected: ${show(m.expected)}`, `    actual:   ${show(m.actual)}`);
    if (Buffer.isBuffer(m.expected) && Buffer.isBuffer(m.actual) && (looksBinary(m.expected) || looksBinary(m.actual))) {
      lines.push(...describeByteDifference(m.expected, m.actual).map((line) => `    ${line}`));
    }
    if (m.hint) lines.push(`    (${m.hint})`);
  }
  lines.push('', summary);
  return lines.join('\n');
}

/** Collects mismatches, then throws them all at once. */
export class Expectations {
  private readonly found: Mismatch[] = [];

  /** Records a mismatch when `ok` is false. */
  check(ok: boolean, mismatch: Mismatch): void {
    if (!ok) this.found.push(mismatch);
  }

  get mismatches(): readonly Mismatch[] {
    return this.found;
  }

  /** Throws a DownloadAssertionError when anything was recorded. */
  throwIfAny(title: string, summary: () => string): void {
    if (this.found.length) throw new DownloadAssertionError(title, this.found, summary());
  }
}
