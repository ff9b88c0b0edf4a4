import { checkApp } from './checks/app.check';
import {
  type CheckContext,
  type CheckOutcome,
  DEFAULT_HEALTHCHECK_OPTIONS,
  HEALTHCHECK_NEEDS,
  HEALTHCHECK_PARTS,
  type HealthcheckFault,
  type HealthcheckOptions,
  type HealthcheckPart,
  type HealthcheckReport,
} from './checks/healthcheck.types';
import { checkProxy } from './checks/proxy.check';
import { checkStorage } from './checks/storage.check';
import { checkTogether } from './checks/together.check';

const FAULTS: Record<HealthcheckFault['part'], string> = {
  storage: 'the storage: the check file cannot be read there (permissions, mount, remote storage).',
  app: 'the app: it does not answer the offload header for the check file (check route, storage, `backend` and `rules`).',
  proxy: 'the proxy: it cannot serve the check file from storage, or exposes its internal location (its config).',
  mapping:
    'app and proxy disagree: each works alone, not together. The rule destination (destinationUrl / destinationDir) ' +
    'must be the proxy\'s offload location (nginx `internal` location, XSendFilePath, x-sendfile-docroot).',
};

/** Blames the first part that failed alone, else the mapping between app and proxy. */
export function findFault(outcomes: readonly CheckOutcome[]): HealthcheckFault | undefined {
  const failed = (part: string) => outcomes.some((o) => o.part === part && o.status === 'fail');
  for (const part of ['storage', 'app', 'proxy'] as const) {
    if (failed(part)) return { part, message: FAULTS[part] };
  }
  return failed('together') ? { part: 'mapping', message: FAULTS.mapping } : undefined;
}

const CHECKS = { storage: checkStorage, app: checkApp, proxy: checkProxy, together: checkTogether } as const;

/**
 * django-downloadview's four healthchecks against a live deployment:
 * storage readable; the app alone answers the offload header; the proxy
 * alone serves the check file from storage; proxy and app together return
 * the file. Each part is checked alone, so a failure names the part at fault.
 * A check whose option is missing (no `storageDir`, `appUrl`, `proxyUrl`)
 * does not run and makes the report not ok, unless `skip` names it.
 */
export async function runHealthchecks(options: Partial<HealthcheckOptions>): Promise<HealthcheckReport> {
  const context: CheckContext = {
    options: { ...DEFAULT_HEALTHCHECK_OPTIONS, ...options },
    sha256: options.expectSha256?.toLowerCase(),
  };
  const skip = new Set(options.skip ?? []);
  const outcomes: CheckOutcome[] = [];
  const notRun: HealthcheckPart[] = [];
  for (const part of HEALTHCHECK_PARTS) {
    if (skip.has(part)) {
      outcomes.push({ part, status: 'skip', summary: `skipped as asked (--skip ${part})` });
      continue;
    }
    const outcome = await CHECKS[part](context);
    if (outcome.status === 'skip') {
      notRun.push(part);
      outcome.details = [...(outcome.details ?? []), `Not run: give ${HEALTHCHECK_NEEDS[part]}, or leave this check out with --skip ${part}.`];
    }
    outcomes.push(outcome);
  }
  const fault = findFault(outcomes);
  return { ok: !fault && notRun.length === 0, outcomes, fault, notRun };
}
