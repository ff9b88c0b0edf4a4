import * as fs from 'node:fs';
import * as path from 'node:path';
import * as testing from './index';

const LIB = path.resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === __dirname ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

describe('the nestjs-downloadview/testing entry point', () => {
  it('is never imported by production code', () => {
    const offenders = sourceFiles(LIB).filter((file) =>
      /from\s+['"](\.\.?\/)+(testing)(\/|['"])|nestjs-downloadview\/testing/.test(fs.readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('exports every helper', () => {
    expect(Object.keys(testing).sort()).toEqual(
      [
        'DownloadAssertionError',
        'assertDownloadResponse',
        'assertXAccelRedirect',
        'assertXSendfile',
        'createDownloadTestingModule',
        'decodeXSendfile',
        'setupView',
        'temporaryMediaRoot',
      ].sort(),
    );
  });
});
