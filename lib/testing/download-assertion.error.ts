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

/** `13 bytes "Hello world!\n"`, or hex for binary content. */
export function previewBytes(bytes: Buffer): string {
  const limit = 120;
  const head = bytes.subarray(0, limit);
  const text = head.toString('utf8');
  const binary = text.includes('\uFFFD') || /[\u0000-\u0008\u000e-\u001f]/.test(text);
  const shown = binary ? `<${head.toString('hex').replace(/(..)/g, '$1 ').trim()}>` : JSON.stringify(text);
  return `${bytes.length} bytes ${shown}${bytes.length > limit ? '…' : ''}`;
}

function formatMessage(title: string, mismatches: readonly Mismatch[], summary: string): string {
  const count = mismatches.length === 1 ? '1 difference' : `${mismatches.length} differences`;
  const lines = [`${title} (${count}):`];
  for (const m of mismatches) {
    lines.push(`  ${m.what}`, `    expected: ${show(m.expected)}`, `    actual:   ${show(m.actual)}`);
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
