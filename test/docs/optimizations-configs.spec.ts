import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateProxyConfig, type OffloadServerName } from 'nestjs-downloadview';
import { type SampleProxy, sampleProxyConfig } from '../../sample/proxy/sample-offload.config';
import { REPO_ROOT } from './markdown-examples';

/** Any hand-written config quoted from a file (`<!-- config: test/proxies/nginx/nginx.conf -->`): the pages have none left. */
const CONFIG = /<!-- config: (\S+) -->/g;
/** `<!-- generated-sample: nginx -->` right before a fenced block: the config `npm run start:nginx` and the sample suite run. */
const GENERATED_SAMPLE = /<!-- generated-sample: (\w+) -->\n(?:```\w*\n([\s\S]*?)```)?/g;
/** `<!-- generated: nginx -->` right before a fenced block: what the CLI prints for the docs' options file. */
const GENERATED = /<!-- generated: (\w+) -->\n(?:```\w*\n([\s\S]*?)```)?/g;

/** The options file docs/optimizations/proxy-config.md quotes and the CLI e2e runs. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const example = require('../proxy-config/download.options.js');

/** `npx nestjs-downloadview proxy-config <server> --options test/proxy-config/download.options.js`, defaults for the rest. */
export function documentedConfig(server: OffloadServerName): string {
  return generateProxyConfig(server, { options: example.downloadOptions(server), routeRules: example.routeRules(server) });
}

/**
 * The config `npm run start:<server>` and test/optimizations/sample-behind-proxy.e2e-spec.ts
 * run (sampleProxyConfig(), from the sample's rules), for listen port 8080, the app on 3000,
 * the temp folder /tmp/nestjs-dv-<server> and www-data workers; the checkout's folder reads `<repo>`.
 */
export function documentedSampleConfig(server: SampleProxy): string {
  const run = { port: 8080, appPort: 3000, tmpDir: `/tmp/nestjs-dv-${server}`, user: 'www-data', group: 'www-data' };
  return sampleProxyConfig(server, run).split(REPO_ROOT).join('<repo>');
}

const GENERATED_PAGES: Record<string, OffloadServerName> = {
  'docs/optimizations/nginx.md': 'nginx',
  'docs/optimizations/apache.md': 'apache',
  'docs/optimizations/lighttpd.md': 'lighttpd',
  'docs/optimizations/caddy.md': 'caddy',
};

/** `<!-- generated-healthcheck: nginx -->` right before a fenced block: the healthcheck part of that config. */
const GENERATED_HEALTHCHECK = /<!-- generated-healthcheck: (\w+) -->\n(?:```\w*\n([\s\S]*?)```)?/g;
const HEALTHCHECK_PAGE = 'docs/healthchecks.md';

/** The healthcheck lines of documentedSampleConfig(server) (its comment to the next blank line), unindented. */
export function documentedHealthcheck(server: SampleProxy): string {
  const lines = documentedSampleConfig(server).split('\n');
  const start = lines.findIndex((line) => line.includes('# Healthcheck (docs/healthchecks.md)'));
  if (start < 0) throw new Error(`no healthcheck block in the ${server} sample config`);
  const end = lines.indexOf('', start);
  const block = lines.slice(start, end);
  const indent = Math.min(...block.map((line) => line.length - line.trimStart().length));
  return `${block.map((line) => line.slice(indent)).join('\n')}\n`;
}

const read = (page: string) => fs.readFileSync(path.join(REPO_ROOT, page), 'utf8');

if (process.env.UPDATE_EXAMPLES === '1') {
  for (const page of Object.keys(GENERATED_PAGES)) {
    const fenceOf = (server: string) => (server === 'caddy' ? 'caddyfile' : server);
    const text = read(page)
      .replace(GENERATED, (_all, server: OffloadServerName) => `<!-- generated: ${server} -->\n\`\`\`${fenceOf(server)}\n${documentedConfig(server)}\`\`\``)
      .replace(
        GENERATED_SAMPLE,
        (_all, server: SampleProxy) => `<!-- generated-sample: ${server} -->\n\`\`\`${fenceOf(server)}\n${documentedSampleConfig(server)}\`\`\``,
      );
    fs.writeFileSync(path.join(REPO_ROOT, page), text);
  }
  const health = read(HEALTHCHECK_PAGE).replace(
    GENERATED_HEALTHCHECK,
    (_all, server: SampleProxy) => `<!-- generated-healthcheck: ${server} -->\n\`\`\`${server}\n${documentedHealthcheck(server)}\`\`\``,
  );
  fs.writeFileSync(path.join(REPO_ROOT, HEALTHCHECK_PAGE), health);
}

describe('server configs in docs/optimizations', () => {
  it.each(Object.keys(GENERATED_PAGES))('%s quotes no hand-written config', (page) => {
    expect([...read(page).matchAll(CONFIG)].map(([, source]) => source)).toEqual([]);
  });

  it.each(Object.entries(GENERATED_PAGES))('%s shows the config generated for %s from the sample\'s rules, as npm run start and the sample suite run it', (page, server) => {
    const blocks = [...read(page).matchAll(GENERATED_SAMPLE)].map(([, name, quoted]) => ({ name, quoted }));
    expect(blocks.map((b) => b.name)).toEqual([server]);
    expect(blocks[0].quoted).toBe(documentedSampleConfig(server as SampleProxy));
  });

  it(`${HEALTHCHECK_PAGE} shows the healthcheck part of the nginx, Apache and lighttpd configs generated for the sample`, () => {
    const blocks = [...read(HEALTHCHECK_PAGE).matchAll(GENERATED_HEALTHCHECK)].map(([, name, quoted]) => ({ name, quoted }));
    expect(blocks.map((b) => b.name)).toEqual(['nginx', 'apache', 'lighttpd']);
    for (const { name, quoted } of blocks) expect({ name, quoted }).toEqual({ name, quoted: documentedHealthcheck(name as SampleProxy) });
  });

  it.each(Object.entries(GENERATED_PAGES))('%s shows the config generated for %s from the documented options file', (page, server) => {
    const blocks = [...read(page).matchAll(GENERATED)].map(([, name, quoted]) => ({ name, quoted }));
    expect(blocks.map((b) => b.name)).toEqual([server]);
    expect(blocks[0].quoted).toBe(documentedConfig(server));
  });
});
