import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CheckOutcome, HealthcheckPart } from './checks/healthcheck.types';
import { findFault, runHealthchecks } from './healthcheck.runner';

const outcome = (part: HealthcheckPart, status: CheckOutcome['status']): CheckOutcome => ({ part, status, summary: '' });

describe('findFault', () => {
  it('blames nothing when every check passed or was skipped', () => {
    expect(findFault([outcome('storage', 'pass'), outcome('app', 'skip'), outcome('together', 'pass')])).toBeUndefined();
  });

  it.each([
    [['storage', 'app', 'proxy', 'together'], 'storage'],
    [['app', 'proxy', 'together'], 'app'],
    [['proxy', 'together'], 'proxy'],
    [['together'], 'mapping'],
  ] as const)('blames the first part that fails alone: %j → %s', (failing, part) => {
    const parts: HealthcheckPart[] = ['storage', 'app', 'proxy', 'together'];
    const outcomes = parts.map((p) => outcome(p, (failing as readonly string[]).includes(p) ? 'fail' : 'pass'));
    expect(findFault(outcomes)?.part).toBe(part);
  });
});

describe('runHealthchecks (storage only)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dv-health-'));
    fs.writeFileSync(path.join(dir, 'healthcheck.txt'), 'ok\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the check file, and is not ok when the parts it was not given could not run', async () => {
    const report = await runHealthchecks({ storageDir: dir });
    expect(report.ok).toBe(false);
    expect(report.fault).toBeUndefined();
    expect(report.notRun).toEqual(['app', 'proxy', 'together']);
    expect(report.outcomes.map((o) => `${o.part}:${o.status}`)).toEqual(['storage:pass', 'app:skip', 'proxy:skip', 'together:skip']);
    expect(report.outcomes[1]).toMatchObject({
      summary: 'no --app given',
      details: ['Not run: give --app, or leave this check out with --skip app.'],
    });
  });

  it('is ok when the checks that cannot run are skipped by name, and runs no skipped check', async () => {
    const report = await runHealthchecks({ storageDir: dir, skip: ['app', 'proxy', 'together'] });
    expect(report).toMatchObject({ ok: true, notRun: [] });
    expect(report.outcomes.map((o) => `${o.part}:${o.status}`)).toEqual(['storage:pass', 'app:skip', 'proxy:skip', 'together:skip']);
    expect(report.outcomes[3].summary).toBe('skipped as asked (--skip together)');
    const skipped = await runHealthchecks({ storageDir: dir, skip: ['storage', 'app', 'proxy', 'together'] });
    expect(skipped.outcomes[0]).toEqual({ part: 'storage', status: 'skip', summary: 'skipped as asked (--skip storage)' });
  });

  it('blames the failing part and still lists the checks that could not run', async () => {
    const report = await runHealthchecks({ storageDir: dir, expectSha256: '0'.repeat(64), skip: ['app'] });
    expect(report).toMatchObject({ ok: false, fault: { part: 'storage' }, notRun: ['proxy', 'together'] });
  });

  it('fails the storage on another sha256, and refuses a name leaving the folder', async () => {
    const wrong = await runHealthchecks({ storageDir: dir, expectSha256: '0'.repeat(64) });
    expect(wrong.fault?.part).toBe('storage');
    expect(wrong.outcomes[0].summary).toContain(`expected ${'0'.repeat(64)}`);
    const escaping = await runHealthchecks({ storageDir: dir, checkFile: '../etc/passwd' });
    expect(escaping.outcomes[0]).toMatchObject({ status: 'fail', summary: 'refused check file name "../etc/passwd"' });
  });
});
