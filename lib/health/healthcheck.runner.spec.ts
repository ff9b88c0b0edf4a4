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

  it('reads the check file and skips the parts it was not given', async () => {
    const report = await runHealthchecks({ storageDir: dir });
    expect(report.ok).toBe(true);
    expect(report.outcomes.map((o) => `${o.part}:${o.status}`)).toEqual(['storage:pass', 'app:skip', 'proxy:skip', 'together:skip']);
  });

  it('fails the storage on another sha256, and refuses a name leaving the folder', async () => {
    const wrong = await runHealthchecks({ storageDir: dir, expectSha256: '0'.repeat(64) });
    expect(wrong.fault?.part).toBe('storage');
    expect(wrong.outcomes[0].summary).toContain(`expected ${'0'.repeat(64)}`);
    const escaping = await runHealthchecks({ storageDir: dir, checkFile: '../etc/passwd' });
    expect(escaping.outcomes[0]).toMatchObject({ status: 'fail', summary: 'refused check file name "../etc/passwd"' });
  });
});
