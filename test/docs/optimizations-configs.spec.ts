import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateProxyConfig, type OffloadServerName } from 'nestjs-downloadview';
import { REPO_ROOT } from './markdown-examples';

/** `<!-- config: test/proxies/nginx/nginx.conf -->` right before a fenced block: the block is that whole file. */
const CONFIG = /<!-- config: (\S+) -->\n(?:```\w*\n([\s\S]*?)```)?/g;
/** `<!-- generated: nginx -->` right before a fenced block: what the CLI prints for the docs' options file. */
const GENERATED = /<!-- generated: (\w+) -->\n(?:```\w*\n([\s\S]*?)```)?/g;

/** The options file docs/optimizations/proxy-config.md quotes and the CLI e2e runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const example = require('../proxy-config/download.options.js');

/** `npx nestjs-downloadview proxy-config <server> --options test/proxy-config/download.options.js`, defaults for the rest. */
export function documentedConfig(server: OffloadServerName): string {
  return generateProxyConfig(server, { options: example.downloadOptions(server), routeRules: example.routeRules(server) });
}

const SERVER_PAGES = {
  'docs/optimizations/nginx.md': 'test/proxies/nginx/nginx.conf',
  'docs/optimizations/apache.md': 'test/proxies/apache/httpd.conf',
  'docs/optimizations/lighttpd.md': 'test/proxies/lighttpd/lighttpd.conf',
};

const GENERATED_PAGES: Record<string, OffloadServerName> = {
  'docs/optimizations/nginx.md': 'nginx',
  'docs/optimizations/apache.md': 'apache',
  'docs/optimizations/lighttpd.md': 'lighttpd',
  'docs/optimizations/caddy.md': 'caddy',
};

const read = (page: string) => fs.readFileSync(path.join(REPO_ROOT, page), 'utf8');

function configsOf(page: string): { source: string; quoted?: string }[] {
  return [...read(page).matchAll(CONFIG)].map(([, source, quoted]) => ({ source, quoted }));
}

if (process.env.UPDATE_EXAMPLES === '1') {
  for (const page of Object.keys(GENERATED_PAGES)) {
    const text = read(page).replace(GENERATED, (_all, server: OffloadServerName) => {
      const fence = server === 'caddy' ? 'caddyfile' : server === 'apache' ? 'apache' : server;
      return `<!-- generated: ${server} -->\n\`\`\`${fence}\n${documentedConfig(server)}\`\`\``;
    });
    fs.writeFileSync(path.join(REPO_ROOT, page), text);
  }
}

describe('server configs in docs/optimizations', () => {
  it.each(Object.entries(SERVER_PAGES))('%s shows %s, the template the sample and harness run, verbatim', (page, template) => {
    const configs = configsOf(page);
    expect(configs.map((c) => c.source)).toEqual([template]);
    expect(configs[0].quoted).toBe(fs.readFileSync(path.join(REPO_ROOT, template), 'utf8'));
  });

  it.each(Object.entries(GENERATED_PAGES))('%s shows the config generated for %s from the documented options file', (page, server) => {
    const blocks = [...read(page).matchAll(GENERATED)].map(([, name, quoted]) => ({ name, quoted }));
    expect(blocks.map((b) => b.name)).toEqual([server]);
    expect(blocks[0].quoted).toBe(documentedConfig(server));
  });
});
