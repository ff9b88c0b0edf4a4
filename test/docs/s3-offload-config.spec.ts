import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateProxyConfig, S3Storage } from 'nestjs-downloadview';
import { REPO_ROOT } from './markdown-examples';

/** `<!-- generated-s3: nginx -->` before a fenced block: the config generated for the documented S3 offload rule. */
const GENERATED_S3 = /<!-- generated-s3: nginx -->\n(?:```\w*\n([\s\S]*?)```)?/g;

/** The rule docs/optimizations/nginx.md documents: a local S3 server on port 9000, bucket `downloads`, prefix `media`. */
export function documentedS3Config(): string {
  const storage = new S3Storage({
    bucket: 'downloads',
    prefix: 'media',
    clientConfig: { endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, region: 'us-east-1' },
  });
  return generateProxyConfig('nginx', { options: { backend: 'nginx', storage, rules: [{ sourceStorage: storage, destinationUrl: '/s3-objects/' }] } });
}

describe('docs/optimizations/nginx.md, offload to object storage', () => {
  it('shows the config generated for the documented sourceStorage rule, verbatim', () => {
    const page = fs.readFileSync(path.join(REPO_ROOT, 'docs/optimizations/nginx.md'), 'utf8');
    const blocks = [...page.matchAll(GENERATED_S3)].map(([, quoted]) => quoted);
    expect(blocks).toEqual([documentedS3Config()]);
  });
});
