import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './markdown-examples';

/** `<!-- config: test/proxies/nginx/nginx.conf -->` right before a fenced block: the block is that whole file. */
const CONFIG = /<!-- config: (\S+) -->\n(?:```\w*\n([\s\S]*?)```)?/g;

const SERVER_PAGES = {
  'docs/optimizations/nginx.md': 'test/proxies/nginx/nginx.conf',
  'docs/optimizations/apache.md': 'test/proxies/apache/httpd.conf',
  'docs/optimizations/lighttpd.md': 'test/proxies/lighttpd/lighttpd.conf',
};

function configsOf(page: string): { source: string; quoted?: string }[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, page), 'utf8');
  return [...text.matchAll(CONFIG)].map(([, source, quoted]) => ({ source, quoted }));
}

describe('server configs in docs/optimizations', () => {
  it.each(Object.entries(SERVER_PAGES))('%s shows %s, the template the e2e suite runs, verbatim', (page, template) => {
    const configs = configsOf(page);
    expect(configs.map((c) => c.source)).toEqual([template]);
    expect(configs[0].quoted).toBe(fs.readFileSync(path.join(REPO_ROOT, template), 'utf8'));
  });
});
