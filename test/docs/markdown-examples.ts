import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * `<!-- example: sample/path/path.controller.ts#by-name -->` (or `snippet:`)
 * right before a fenced code block: the block must equal that region.
 */
const QUOTE = /<!-- (?:example|snippet): ([^#\s]+)#([\w-]+) -->\n(```\w*\n([\s\S]*?)```)?/g;
const MARKER = /(?:\/\/|#|<!--)\s*docs:(start|end) ([\w-]+)/;

/** A code block of a page that quotes a region of a source file. */
export interface QuotedExample {
  page: string;
  source: string;
  id: string;
  /** The fenced block's content, or undefined when no block follows the comment. */
  quoted?: string;
}

/** Every Markdown page of the project's documentation. */
export function markdownPages(): string[] {
  const docs = (dir: string): string[] =>
    fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
      const relative = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) return docs(relative);
      return entry.name.endsWith('.md') ? [relative] : [];
    });
  return ['README.md', 'CHANGELOG.md', ...docs('docs')].filter((page) => fs.existsSync(path.join(REPO_ROOT, page)));
}

export function quotedExamples(page: string): QuotedExample[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, page), 'utf8');
  return [...text.matchAll(QUOTE)].map(([, source, id, , quoted]) => ({ page, source, id, quoted }));
}

/** Decorators of the sample only, left out of quoted snippets (a reader has no such decorator). */
const SAMPLE_ONLY_DECORATOR = /^\s*@Example\(/;
const SAMPLE_ONLY_IMPORT = /^import .*\bfrom '\.\.\/home\/example\.decorator';$/;

/** Change in ( ) and { } depth over a line, strings and comments aside (good enough for the sample). */
function depth(line: string, open: string, close: string): number {
  const code = line.replace(/\/\/.*$/, '').replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '');
  return [...code].reduce((sum, c) => sum + (c === open ? 1 : c === close ? -1 : 0), 0);
}

/** Index of the line that closes the construct opened at `start` (balanced `( )`, then `{ }`). */
function endOf(lines: string[], start: number): number {
  let parens = 0;
  let braces = 0;
  let sawBrace = false;
  for (let i = start; i < lines.length; i++) {
    parens += depth(lines[i], '(', ')');
    const b = depth(lines[i], '{', '}');
    if (lines[i].includes('{')) sawBrace = true;
    braces += b;
    if (parens <= 0 && braces <= 0 && (sawBrace || /\)\s*;?\s*$/.test(lines[i]))) return i;
  }
  return lines.length - 1;
}

/** `lines` without the sample-only decorators (a decorator call may span lines). */
function withoutSampleOnly(lines: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (SAMPLE_ONLY_DECORATOR.test(lines[i])) {
      let parens = depth(lines[i], '(', ')');
      while (parens > 0 && i + 1 < lines.length) parens += depth(lines[++i], '(', ')');
      continue;
    }
    if (!SAMPLE_ONLY_IMPORT.test(lines[i])) kept.push(lines[i]);
  }
  return kept;
}

/**
 * A region of class members that uses `this.` but not the constructor is shown
 * with what makes it complete: the class's decorators, its `class` line and
 * its constructor (the injection the body relies on), then the region, then `}`.
 */
function withClassContext(lines: string[], start: number, body: string[]): string[] {
  if (!body.some((line) => /\bthis\.\w/.test(line)) || body.some((line) => /^\s*constructor\(/.test(line))) return body;
  const indent = (line: string) => line.length - line.trimStart().length;
  const regionIndent = Math.min(...body.filter((line) => line.trim()).map(indent));
  let classLine = -1;
  for (let i = start; i >= 0; i--) {
    if (/^\s*(export\s+)?(abstract\s+)?class\s/.test(lines[i]) && indent(lines[i]) < regionIndent) {
      classLine = i;
      break;
    }
  }
  if (classLine < 0) return body;
  let first = classLine;
  while (first > 0 && /^\s*(@|\}\)|\)|\w+:)/.test(lines[first - 1]) && !/^\s*(\*|\/)/.test(lines[first - 1])) first--;
  const ctor = lines.findIndex((line, i) => i > classLine && /^\s*constructor\(/.test(line));
  // Only around class members: a region inside a method body stays as it is.
  if (ctor < 0 || ctor > start || indent(lines[ctor]) !== regionIndent) return body;
  const closing = ' '.repeat(indent(lines[classLine])) + '}';
  return [...lines.slice(first, classLine + 1), ...lines.slice(ctor, endOf(lines, ctor) + 1), '', ...body, closing];
}

/**
 * The lines between `docs:start <id>` and `docs:end <id>` of a source file,
 * without other regions' markers nor the sample-only `@Example()` decorator,
 * with the class and constructor around a method that needs them (see
 * withClassContext), dedented, ending with one newline: what a reader can
 * paste.
 */
export function region(source: string, id: string): string {
  const lines = fs.readFileSync(path.join(REPO_ROOT, source), 'utf8').split('\n');
  const isMarker = (line: string, kind: string) => {
    const match = MARKER.exec(line);
    return match !== null && match[1] === kind && match[2] === id;
  };
  const start = lines.findIndex((line) => isMarker(line, 'start'));
  const end = lines.findIndex((line, index) => index > start && isMarker(line, 'end'));
  if (start < 0 || end < 0) throw new Error(`${source} has no region "${id}" (docs:start/docs:end ${id})`);
  const raw = withoutSampleOnly(lines.slice(start + 1, end).filter((line) => !MARKER.test(line)));
  const body = withClassContext(lines, start, raw);
  const indent = Math.min(...body.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length));
  return body.map((line) => line.slice(indent)).join('\n').trimEnd() + '\n';
}

/** Problems with the docs:start / docs:end markers of one source file. */
export function markerProblems(source: string): string[] {
  const lines = fs.readFileSync(path.join(REPO_ROOT, source), 'utf8').split('\n');
  const open = new Set<string>();
  const seen = new Set<string>();
  const problems: string[] = [];
  lines.forEach((line, index) => {
    const match = MARKER.exec(line);
    if (!match) return;
    const [, kind, id] = match;
    const where = `${source}:${index + 1}`;
    if (kind === 'start') {
      if (seen.has(id)) problems.push(`${where}: region "${id}" starts twice`);
      seen.add(id);
      open.add(id);
    } else if (!open.delete(id)) {
      problems.push(`${where}: docs:end ${id} without a docs:start`);
    }
  });
  for (const id of open) problems.push(`${source}: docs:start ${id} is never closed`);
  return problems;
}

/** Relative links of a page (`[text](target)`), without their `#anchor`. */
export function relativeLinks(page: string): string[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target.split('#')[0])
    .filter((target) => target !== '' && !/^[a-z]+:/i.test(target));
}

/**
 * Rewrites a page's quoted blocks from their sources (`UPDATE_EXAMPLES=1 npx
 * jest test/docs`); a comment without a block gets one, as `ts`.
 */
export function updateExamples(page: string): void {
  const file = path.join(REPO_ROOT, page);
  const text = fs.readFileSync(file, 'utf8');
  const updated = text.replace(QUOTE, (comment: string, source: string, id: string, block?: string) => {
    const head = comment.slice(0, comment.indexOf('-->') + 4);
    const fence = block ? block.slice(0, block.indexOf('\n')) : '```ts';
    return `${head}${fence}\n${region(source, id)}\`\`\``;
  });
  if (updated !== text) fs.writeFileSync(file, updated);
}
