import type { DownloadModuleOptions } from './interfaces/download-module-options.interface';
import { compileOffloadRules } from './optimizations/offload-rule.validator';
import { signingProblems } from './signing/signing-options.validator';

const STORAGE_METHODS = ['exists', 'stat', 'open', 'url', 'path', 'save', 'delete', 'list'] as const;

/**
 * Checks the options at start-up and throws one error listing every problem,
 * so that a wrong configuration never reaches a request.
 */
export function validateDownloadOptions(options: DownloadModuleOptions | undefined): DownloadModuleOptions {
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
  problems.push(...compileOffloadRules(options.rules, options.backend).problems);
  problems.push(...signingProblems(options.signing));
  if (problems.length) {
    throw new Error(`DownloadModule: invalid options:\n- ${problems.join('\n- ')}`);
  }
  return options;
}
