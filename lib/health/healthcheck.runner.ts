import { checkApp } from './checks/app.check';
import {
  type CheckContext,
  type CheckOutcome,
  DEFAULT_HEALTHCHECK_OPTIONS,
  type HealthcheckFault,
  type HealthcheckOptions,
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

/**
 * django-downloadview's four healthchecks against a live deployment:
 * storage readable; the app alone answers the offload header; the proxy
 * alone serves the check file from storage; proxy and app together return
 * the file. Each part is checked alone, so a failure names the part at fault.
 */
export async function runHealthchecks(options: Partial<HealthcheckOptions>): Promise<HealthcheckReport> {
  const context: CheckContext = {
    options: { ...DEFAULT_HEALTHCHECK_OPTIONS, ...options },
    sha256: options.expectSha256?.toLowerCase(),
  };
  const outcomes: CheckOutcome[] = [];
  for (const check of [checkStorage, checkApp, checkProxy, checkTogether]) {
    outcomes.push(await check(context));
  }
  const fault = findFault(outcomes);
  return { ok: !fault, outcomes, fault };
}
