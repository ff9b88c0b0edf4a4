export { DownloadHealthIndicator } from './download.health-indicator';
export { runHealthchecks, findFault } from './healthcheck.runner';
export type {
  CheckOutcome,
  HealthcheckFault,
  HealthcheckOptions,
  HealthcheckPart,
  HealthcheckReport,
} from './checks/healthcheck.types';
