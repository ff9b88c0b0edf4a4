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
