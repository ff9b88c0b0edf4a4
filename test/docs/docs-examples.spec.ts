import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  REPO_ROOT,
  markdownPages,
  markerProblems,
  quotedExamples,
  region,
  relativeLinks,
  updateExamples,
} from './markdown-examples';

/** Source files under these folders may carry docs:start / docs:end regions. */
function sourceFiles(dir: string): string[] {
  const full = path.join(REPO_ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.(ts|conf|sh)$/.test(entry.name) ? [relative] : [];
  });
}

const pages = markdownPages();
if (process.env.UPDATE_EXAMPLES === '1') pages.forEach(updateExamples);
const examples = pages.flatMap(quotedExamples);

describe('docs examples', () => {
  it('finds the pages and the examples they quote', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/index.md', 'docs/views/path.md']));
    expect(examples.length).toBeGreaterThan(10);
  });

  it.each(examples.map((example) => [`${example.page} quotes ${example.source}#${example.id}`, example] as const))(
    '%s exactly',
    (_title, { source, id, quoted }) => {
      expect(quoted).toBeDefined(); // the comment must sit right above a fenced code block
      expect(quoted).toBe(region(source, id));
    },
  );

  // What a reader pastes must compile: no decorator of the sample only (region()
  // leaves @Example() out), and a method using `this.` comes with its class and
  // constructor (region() adds them), so the injection is shown.
  it.each(pages)('%s shows no sample-only @Example() in its code blocks', (page) => {
    const blocks = fs.readFileSync(path.join(REPO_ROOT, page), 'utf8').match(/```\w*\n[\s\S]*?```/g) ?? [];
    expect(blocks.filter((block) => block.includes('@Example(') && !/^```(?:text|console|sh)?\n/.test(block))).toEqual([]);
  });

  it.each(examples.map((example) => [`${example.page} quotes ${example.source}#${example.id}`, example] as const))(
    '%s with the constructor its methods use',
    (_title, { quoted = '' }) => {
      const methodUsingThis = /^\s*(?:async\s+)?\w+\([^)]*\)[^{;]*\{[\s\S]*?\bthis\.\w/m.test(quoted) && /^\s*@\w+\(/m.test(quoted);
      if (methodUsingThis) expect(quoted).toMatch(/^\s*constructor\(/m);
    },
  );

  it('pairs every docs:start with one docs:end in the sample and the library', () => {
    const problems = [...sourceFiles('sample'), ...sourceFiles('lib')].flatMap(markerProblems);
    expect(problems).toEqual([]);
  });

  it('links only to files that exist', () => {
    const broken = pages.flatMap((page) =>
      relativeLinks(page)
        .filter((target) => !fs.existsSync(path.resolve(REPO_ROOT, path.dirname(page), decodeURI(target))))
        .map((target) => `${page} → ${target}`),
    );
    expect(broken).toEqual([]);
  });
});
