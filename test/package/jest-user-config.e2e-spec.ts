import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const REPO = path.resolve(__dirname, '..', '..');
const FIXTURE = path.join(__dirname, 'fixtures', 'jest-user');
const run = promisify(execFile);

/**
 * The Jest config docs/testing.md gives users of Nest 12 (quoted from
 * fixtures/jest-user/jest.config.js), in a project of its own that installs
 * nestjs-downloadview as a package (the built dist/, through node_modules):
 * the user's first test passes with it, and fails without its
 * transformIgnorePatterns with the error users reported.
 */
describe('the Jest config docs/testing.md gives Nest 12 users', () => {
  let project: string;

  /** Runs Jest in the temp project with `config`; answers its exit code and output. */
  async function jest(config: string): Promise<{ code: number; output: string }> {
    fs.writeFileSync(path.join(project, 'jest.config.js'), config);
    const jestBin = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');
    try {
      const { stdout, stderr } = await run(process.execPath, [jestBin, '--ci', '--no-cache', '--runInBand'], {
        cwd: project,
        env: { ...process.env, CI: 'true', NODE_OPTIONS: '' },
        timeout: 120_000,
      });
      return { code: 0, output: stdout + stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  }

  beforeAll(() => {
    if (!fs.existsSync(path.join(REPO, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'ndv-jest-user-'));
    // node_modules: the repository's packages, plus this one as a user installs it.
    const modules = path.join(project, 'node_modules');
    fs.mkdirSync(modules);
    for (const entry of fs.readdirSync(path.join(REPO, 'node_modules'))) {
      if (entry === '.bin' || entry === 'nestjs-downloadview') continue;
      fs.symlinkSync(path.join(REPO, 'node_modules', entry), path.join(modules, entry));
    }
    const self = path.join(modules, 'nestjs-downloadview');
    fs.mkdirSync(self);
    fs.symlinkSync(path.join(REPO, 'dist'), path.join(self, 'dist'));
    fs.copyFileSync(path.join(REPO, 'package.json'), path.join(self, 'package.json'));
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'jest-user', private: true }));
    fs.copyFileSync(path.join(FIXTURE, 'download.user-test.ts'), path.join(project, 'download.spec.ts'));
  });

  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  const documented = fs.readFileSync(path.join(FIXTURE, 'jest.config.js'), 'utf8');

  it('runs a test of a Nest 12 app with constructor injection and a download', async () => {
    const { code, output } = await jest(documented);
    expect({ code, passed: /Tests:\s+1 passed/.test(output) }).toEqual({ code: 0, passed: true });
  }, 150_000);

  it('fails with "Must use import to load ES Module" without its transformIgnorePatterns', async () => {
    const withoutPatterns = documented.replace(/transformIgnorePatterns: \[[\s\S]*?\],\n/, '');
    expect(withoutPatterns).not.toContain('transformIgnorePatterns');
    const { code, output } = await jest(withoutPatterns);
    expect(code).not.toBe(0);
    expect(output).toContain("Must use import to load ES Module");
  }, 150_000);
});
