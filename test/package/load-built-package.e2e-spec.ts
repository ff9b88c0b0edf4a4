import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const REPO = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(REPO, 'dist', 'index.js');
const FIXTURES = path.join(__dirname, 'fixtures');
const run = promisify(execFile);

/** Newest modification time of the library's sources (specs excluded). */
function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** `npm test` builds first; run alone, this suite builds dist/ when it is missing or stale. */
function ensureBuilt(): void {
  if (fs.existsSync(ENTRY) && fs.statSync(ENTRY).mtimeMs >= newestSource(path.join(REPO, 'lib'))) return;
  try {
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'pipe' });
  } catch (err) {
    const output = `${(err as { stdout?: Buffer }).stdout ?? ''}${(err as { stderr?: Buffer }).stderr ?? ''}`;
    throw new Error(`dist/ is missing or stale and \`npm run build\` failed:\n${output}`);
  }
  if (!fs.existsSync(ENTRY)) throw new Error(`\`npm run build\` did not produce ${ENTRY}`);
}

interface Served {
  module: string;
  adapter: string;
  status: number;
  disposition: string;
  sha256: string;
  rangeStatus: number;
  rangeBody: string;
}

describe('the built package in plain Node (not Jest)', () => {
  let folder: string;
  let content: Buffer;
  const NAME = 'data file é.bin';

  beforeAll(() => {
    ensureBuilt();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ndv-package-'));
    content = randomBytes(3 * 1024 * 1024 + 7);
    fs.writeFileSync(path.join(folder, NAME), content);
  }, 120_000);

  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  /** Runs a fixture script with node from the repo, so that the package resolves itself by name. */
  async function serve(script: string): Promise<Served[]> {
    const { stdout } = await run(process.execPath, [path.join(FIXTURES, script), folder, NAME], {
      cwd: REPO,
      timeout: 30_000,
    });
    return stdout.trim().split('\n').map((line) => JSON.parse(line) as Served);
  }

  it.each([
    ['a CommonJS script (require)', 'serve-file.cjs', 'commonjs'],
    ['an ES module (import { DownloadModule, Download, PathFile })', 'serve-file.mjs', 'esm'],
  ])('loads from %s and serves a file byte for byte on Express and Fastify', async (_label, script, kind) => {
    const served = await serve(script);
    const sha256 = createHash('sha256').update(content).digest('hex');
    expect(served).toEqual(
      ['express', 'fastify'].map((adapter) => ({
        module: kind,
        adapter,
        status: 200,
        disposition: `attachment; filename="data file e.bin"; filename*=UTF-8''data%20file%20%C3%A9.bin`,
        sha256,
        rangeStatus: 206,
        rangeBody: content.subarray(0, 10).toString('hex'),
      })),
    );
  });

  it('resolves both entry points through package.json "exports"', () => {
    const resolve = (specifier: string) =>
      execFileSync(process.execPath, ['-p', `require.resolve(${JSON.stringify(specifier)})`], { cwd: REPO }).toString().trim();
    expect(resolve('nestjs-downloadview')).toBe(ENTRY);
    expect(resolve('nestjs-downloadview/testing')).toBe(path.join(REPO, 'dist', 'testing', 'index.js'));
  });
});
