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

/**
 * The lines between `docs:start <id>` and `docs:end <id>` of a source file,
 * without other regions' markers, dedented, ending with one newline.
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
  const body = lines.slice(start + 1, end).filter((line) => !MARKER.test(line));
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
