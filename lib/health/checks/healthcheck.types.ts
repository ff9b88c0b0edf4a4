/** The parts of a deployment the healthchecks tell apart, which are also the checks' names. */
export type HealthcheckPart = 'storage' | 'app' | 'proxy' | 'together';

/** Every check, in the order run. */
export const HEALTHCHECK_PARTS: readonly HealthcheckPart[] = ['storage', 'app', 'proxy', 'together'];

/** The command-line option each check cannot run without. */
export const HEALTHCHECK_NEEDS: Readonly<Record<HealthcheckPart, string>> = {
  storage: '--storage-dir',
  app: '--app',
  proxy: '--proxy',
  together: '--proxy',
};

/** What one check found. */
export interface CheckOutcome {
  part: HealthcheckPart;
  status: 'pass' | 'fail' | 'skip';
  /** One line: what was asked and what came back. */
  summary: string;
  /** Why it failed and what to look at. */
  details?: string[];
}

/** Where the deployment is and what the check file is. */
export interface HealthcheckOptions {
  /** The application reached directly, e.g. `http://127.0.0.1:3000`. */
  appUrl?: string;
  /** The reverse proxy in front of it, e.g. `http://127.0.0.1:8080`. */
  proxyUrl?: string;
  /** The app's route that downloads the check file (default `/healthcheck-utils/download`). */
  checkPath: string;
  /** A location of the proxy serving the check file straight from storage (default `/healthcheck-utils/proxy`). */
  proxyCheckPath: string;
  /** The storage folder, when this machine sees it. */
  storageDir?: string;
  /** The check file's name in the storage (default `healthcheck.txt`). */
  checkFile: string;
  /** The check file's sha256 (hex); default: computed by the storage check. */
  expectSha256?: string;
  /** The header the app must answer; default `X-Accel-Redirect` or `X-Sendfile`. */
  offloadHeader?: string;
  /** Per request, in ms (default 5000). */
  timeoutMs: number;
  /**
   * Checks left out on purpose (`--skip`). Any other check that cannot run
   * because its option is missing makes the report not ok (`notRun`).
   */
  skip?: readonly HealthcheckPart[];
}

/** The part to blame and what to do about it. */
export interface HealthcheckFault {
  /** `mapping`: app and proxy each work alone, but disagree on where the files are. */
  part: 'storage' | 'app' | 'proxy' | 'mapping';
  message: string;
}

/** Every outcome, in the order run, and the verdict. */
export interface HealthcheckReport {
  /** No check failed, and every check ran but those in `skip`. */
  ok: boolean;
  outcomes: CheckOutcome[];
  fault?: HealthcheckFault;
  /** Checks that could not run for want of their option, and were not in `skip`. */
  notRun: HealthcheckPart[];
}

/** Values the checks pass on to the ones after them. */
export interface CheckContext {
  options: HealthcheckOptions;
  /** The check file's sha256, from --expect-sha256 or the storage check. */
  sha256?: string;
  /** The app's offload header, name and value, once the app check saw it. */
  offload?: { name: string; value: string };
}

export const DEFAULT_HEALTHCHECK_OPTIONS = {
  checkPath: '/healthcheck-utils/download',
  proxyCheckPath: '/healthcheck-utils/proxy',
  checkFile: 'healthcheck.txt',
  timeoutMs: 5000,
} as const;
