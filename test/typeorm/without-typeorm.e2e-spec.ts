import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const REPO = path.resolve(__dirname, '..', '..');
const DIST = path.join(REPO, 'dist');
const FIXTURES = path.join(__dirname, 'fixtures');
const run = promisify(execFile);

/** `npm test` builds first; run alone, this suite builds dist/ when it lacks the TypeORM feature. */
function ensureBuilt(): void {
  const built = path.join(DIST, 'typeorm', 'index.js');
  const newest = Math.max(...fs.readdirSync(path.join(REPO, 'lib', 'typeorm')).map((f) => fs.statSync(path.join(REPO, 'lib', 'typeorm', f)).mtimeMs));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest) return;
  execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'pipe' });
}

/** Runs the fixture in plain Node, optionally with typeorm and @nestjs/typeorm made unresolvable. */
async function scenario(name: string, root: string, hideTypeOrm = true): Promise<Record<string, unknown>> {
  const preload = hideTypeOrm ? ['-r', path.join(FIXTURES, 'hide-typeorm.cjs')] : [];
  const { stdout } = await run(process.execPath, [...preload, path.join(FIXTURES, 'without-typeorm.cjs'), name, root], {
    cwd: REPO,
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/** Every .d.ts reachable from dist/index.d.ts through relative imports. */
function reachableDeclarations(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry) || !fs.existsSync(entry)) return seen;
  seen.add(entry);
  const source = fs.readFileSync(entry, 'utf8');
  for (const [, spec] of source.matchAll(/(?:from|import\()\s*['"](\.[^'"]+)['"]/g)) {
    const base = path.resolve(path.dirname(entry), spec.replace(/\.js$/, ''));
    for (const candidate of [`${base}.d.ts`, path.join(base, 'index.d.ts')]) reachableDeclarations(candidate, seen);
  }
  return seen;
}

describe('the built package without typeorm installed (plain Node)', () => {
  let root: string;

  beforeAll(() => {
    ensureBuilt();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'downloadview-no-typeorm-'));
    fs.writeFileSync(path.join(root, 'hello.txt'), 'hello\n');
  }, 120_000);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('loads dist/index.js and serves a storage file, exporting the TypeORM API without loading typeorm', async () => {
    expect(await scenario('serve', root)).toEqual({
      status: 200,
      body: 'hello\n',
      exports: ['FileColumn', 'ObjectDownload'],
      typeormLoaded: [],
    });
  });

  it('does not load typeorm when it is installed but unused', async () => {
    expect(await scenario('serve', root, false)).toMatchObject({ status: 200, typeormLoaded: [] });
  });

  it('fails the start-up of an app using @ObjectDownload({ entity }), naming what to install', async () => {
    const { error } = await scenario('object-download', root);
    expect(error).toBe(
      '@ObjectDownload(): invalid routes:\n' +
        '- DocumentsController.download: @ObjectDownload({ entity }) needs the optional packages typeorm and @nestjs/typeorm: npm install typeorm @nestjs/typeorm',
    );
  });

  it('fails to define an entity with @FileColumn(), naming what to install', async () => {
    expect(await scenario('file-column', root)).toEqual({
      error: '@FileColumn() needs the optional package "typeorm": npm install typeorm',
      typeormLoaded: [],
    });
  });

  it('publishes typings that never import typeorm, so apps without it type-check', () => {
    const files = [...reachableDeclarations(path.join(DIST, 'index.d.ts'))];
    expect(files).toContain(path.join(DIST, 'typeorm', 'index.d.ts'));
    const offenders = files.filter((file) => /['"](typeorm|@nestjs\/typeorm)(\/[^'"]*)?['"]/.test(fs.readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
