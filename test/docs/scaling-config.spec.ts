import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOCUMENTED_SCALE_OUT, scaleOutConfig } from '../scale-out/scale-out.config';
import { REPO_ROOT } from './markdown-examples';

/** `<!-- generated-scale-out: nginx -->` before a fenced block: the config the scale-out suite runs, for the documented addresses. */
const GENERATED_SCALE_OUT = /<!-- generated-scale-out: nginx -->\n(?:```\w*\n([\s\S]*?)```)?/g;
const PAGE = 'docs/scaling.md';
const read = () => fs.readFileSync(path.join(REPO_ROOT, PAGE), 'utf8');

if (process.env.UPDATE_EXAMPLES === '1') {
  const text = read().replace(GENERATED_SCALE_OUT, () => `<!-- generated-scale-out: nginx -->\n\`\`\`nginx\n${scaleOutConfig(DOCUMENTED_SCALE_OUT)}\`\`\``);
  fs.writeFileSync(path.join(REPO_ROOT, PAGE), text);
}

describe(`${PAGE}, the scale-out nginx config`, () => {
  it('shows what generateProxyConfig() makes of the instances\' rule with both instances as the upstream, verbatim', () => {
    const blocks = [...read().matchAll(GENERATED_SCALE_OUT)].map(([, quoted]) => quoted);
    expect(blocks).toEqual([scaleOutConfig(DOCUMENTED_SCALE_OUT)]);
  });
});
