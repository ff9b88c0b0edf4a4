import { DEFAULT_MAX_RANGES } from './download.constants';
import type { DownloadModuleOptions } from './download-module-options.interface';
import type { DownloadOptions } from './interfaces/download-options.interface';
import type { OffloadBackend } from './optimizations/backends/offload-backend.interface';
import { compileOffloadRules } from './optimizations/offload-rule.validator';
import type { CompiledOffloadRule } from './optimizations/offload-rules';
import { signingProblems } from './signing/signing-options.validator';
import { proxyLinkProblems } from './signing/proxy-link-options.validator';

const STORAGE_METHODS = ['exists', 'stat', 'open', 'url', 'path', 'save', 'delete', 'list'] as const;

/**
 * The module's options once checked and normalised (what `DOWNLOAD_CONFIG`
 * holds): defaults filled in, offload rules and backend compiled once, the
 * same instances injected everywhere.
 */
export interface DownloadConfig extends DownloadModuleOptions {
  defaults: DownloadOptions;
  maxRanges: number;
  /** The compiled global backend, if any. */
  offloadBackend?: OffloadBackend;
  /** The compiled global rules. */
  offloadRules: readonly CompiledOffloadRule[];
}

/**
 * Checks the options at start-up and throws one error listing every problem,
 * so that a wrong configuration never reaches a request; answers them
 * normalised.
 */
export function validateDownloadOptions(options: DownloadModuleOptions | undefined): DownloadConfig {
  const problems: string[] = [];
  if (options === null || typeof options !== 'object') {
    throw new Error('DownloadModule: options must be an object, got ' + String(options));
  }
  const { storage, maxRanges, defaults } = options;
  if (storage !== undefined) {
    const missing = STORAGE_METHODS.filter(
      (method) => typeof (storage as unknown as Record<string, unknown>)?.[method] !== 'function',
    );
    if (missing.length) problems.push(`storage must implement Storage; missing: ${missing.join(', ')}`);
  }
  if (maxRanges !== undefined && !(Number.isInteger(maxRanges) && maxRanges >= 1)) {
    problems.push(`maxRanges must be a whole number >= 1, got ${String(maxRanges)}`);
  }
  if (defaults !== undefined && (defaults === null || typeof defaults !== 'object')) {
    problems.push('defaults must be an object of @Download() options');
  }
  const offload = compileOffloadRules(options.rules, options.backend);
  problems.push(...offload.problems);
  problems.push(...signingProblems(options.signing));
  problems.push(...proxyLinkProblems(options.proxyLinks));
  if (problems.length) {
    throw new Error(`DownloadModule: invalid options:\n- ${problems.join('\n- ')}`);
  }
  return {
    ...options,
    defaults: { ...defaults },
    maxRanges: maxRanges ?? DEFAULT_MAX_RANGES,
    offloadBackend: offload.backend,
    offloadRules: offload.rules,
  };
}
