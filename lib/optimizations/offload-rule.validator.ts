import * as path from 'node:path';
import type { OffloadBackend } from './backends/offload-backend.interface';
import { OFFLOAD_SERVER_LIST, toOffloadBackend } from './backends/offload-backends';
import { OFFLOAD_RULE_KEYS, type OffloadRule, type PresigningStorage } from './offload-rule.interface';
import type { CompiledOffloadRule } from './offload-rules';

/** Rules checked and normalised, or every problem found, each naming its rule. */
export interface CompiledOffloadRules {
  rules: CompiledOffloadRule[];
  problems: string[];
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/;

const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** Canonical URL prefix (ending with `/`) or the reason it is refused. */
function normaliseSourceUrl(value: unknown): { value?: string; problem?: string } {
  if (typeof value !== 'string' || value === '') return { problem: `sourceUrl must be a non-empty string, got ${show(value)}` };
  if (CONTROL.test(value) || /[?#]/.test(value)) return { problem: `sourceUrl must be a plain URL prefix without ?, # or control characters, got ${show(value)}` };
  if (/^https?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return { problem: `sourceUrl is not a valid URL: ${show(value)}` };
    }
    if (url.username || url.password) return { problem: `sourceUrl must not hold credentials, got ${show(value)}` };
    return { value: (url.origin + url.pathname).replace(/\/*$/, '/') };
  }
  if (!value.startsWith('/') || value.startsWith('//')) {
    return { problem: `sourceUrl must start with "/" (a storage's baseUrl) or be an http(s) URL, got ${show(value)}` };
  }
  if (DOT_SEGMENT.test(value)) return { problem: `sourceUrl must not hold "." or ".." segments, got ${show(value)}` };
  return { value: value.replace(/\/*$/, '/') };
}

function normaliseDir(name: string, value: unknown): { value?: string; problem?: string } {
  if (typeof value !== 'string' || !path.isAbsolute(value) || CONTROL.test(value)) {
    return { problem: `${name} must be an absolute folder path, got ${show(value)}` };
  }
  return { value: path.resolve(value).replace(/\/+$/, '') || '/' };
}

function normaliseDestinationUrl(value: unknown): { value?: string; problem?: string } {
  if (typeof value !== 'string' || !/^\/[\x21-\x7e]*$/.test(value) || value.startsWith('//') || /[?#]/.test(value)) {
    return {
      problem: `destinationUrl must be an internal location path starting with "/", in printable ASCII without spaces, ? or # (percent-encode it), got ${show(value)}`,
    };
  }
  if (DOT_SEGMENT.test(value)) return { problem: `destinationUrl must not hold "." or ".." segments, got ${show(value)}` };
  return { value: value.replace(/\/*$/, '/') };
}

/**
 * A `sourceStorage` that can presign, for a backend that proxies remote files
 * (nginx) or redirects the client, or the reasons not.
 */
function checkSourceStorage(rule: OffloadRule, backend: OffloadBackend | undefined): { value?: PresigningStorage; problems: string[] } {
  const storage = rule.sourceStorage as Partial<PresigningStorage> | null;
  const redirects = backend?.destinationKind === 'redirect';
  const problems: string[] = [];
  if (typeof storage !== 'object' || storage === null || typeof storage.presign !== 'function') {
    problems.push(`sourceStorage must be a storage that presigns URLs (an S3Storage: presign()${redirects ? '' : ' and objectsUrl'})`);
  } else if (!redirects && (typeof storage.objectsUrl !== 'string' || !/^https?:\/\/[^/]+\/.*\/$/.test(storage.objectsUrl))) {
    // Known at start-up, or every answer would fail: the proxy location is built from it.
    // A redirect needs none: the client follows the presigned URL as it is.
    problems.push('sourceStorage has no objectsUrl: give the S3Storage a clientConfig with a string endpoint (or a string region on AWS), not a client');
  }
  if (backend && !redirects && !(backend.destinationKind === 'url' && backend.offloadsRemoteFiles)) {
    problems.push(`sourceStorage needs a server that proxies remote files (nginx) or 'redirect'; ${backend.name} reads files from disk`);
  }
  const expiresIn = rule.presignExpiresIn;
  if (expiresIn !== undefined && !(Number.isSafeInteger(expiresIn) && expiresIn >= 1 && expiresIn <= 604800)) {
    problems.push(`presignExpiresIn must be whole seconds from 1 to 604800, got ${show(expiresIn)}`);
  }
  return problems.length ? { problems } : { value: storage as PresigningStorage, problems };
}

/** The problems of one rule, and its compiled form when it has none. */
export function compileOffloadRule(
  rule: OffloadRule,
  label: string,
  fallbackBackend?: OffloadBackend,
): { rule?: CompiledOffloadRule; problems: string[] } {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) {
    return { problems: [`${label}: a rule must be an object, got ${Array.isArray(rule) ? 'an array' : show(rule)}`] };
  }
  const problems: string[] = [];
  const unknown = Object.keys(rule).filter((key) => !OFFLOAD_RULE_KEYS.includes(key as keyof OffloadRule));
  if (unknown.length) {
    problems.push(`unknown option(s) ${unknown.map(show).join(', ')}; known: ${OFFLOAD_RULE_KEYS.join(', ')}`);
  }
  const backend = rule.backend === undefined ? fallbackBackend : toOffloadBackend(rule.backend);
  if (rule.backend !== undefined && !backend) {
    problems.push(`backend must be ${OFFLOAD_SERVER_LIST} or an OffloadBackend, got ${show(rule.backend)}`);
  } else if (!backend) {
    problems.push('no backend: set `backend` on the rule or in the DownloadModule options');
  }

  let sourceUrl: string | undefined;
  let sourceDir: string | undefined;
  let sourceStorage: PresigningStorage | undefined;
  const sources = (['sourceUrl', 'sourceDir', 'sourceStorage'] as const).filter((key) => rule[key] !== undefined);
  if (sources.length > 1) {
    problems.push(`give one of sourceUrl, sourceDir or sourceStorage, not ${sources.join(' and ')}`);
  } else if (rule.sourceStorage !== undefined) {
    const checked = checkSourceStorage(rule, backend);
    sourceStorage = checked.value;
    problems.push(...checked.problems);
  } else if (rule.sourceUrl !== undefined) {
    const checked = normaliseSourceUrl(rule.sourceUrl);
    sourceUrl = checked.value;
    if (checked.problem) problems.push(checked.problem);
  } else if (rule.sourceDir !== undefined) {
    const checked = normaliseDir('sourceDir', rule.sourceDir);
    sourceDir = checked.value;
    if (checked.problem) problems.push(checked.problem);
  } else {
    problems.push('needs sourceUrl (files by URL), sourceDir (files by path) or sourceStorage (objects by presigned URL)');
  }

  let destination: string | undefined;
  if (backend?.destinationKind === 'url') {
    if (rule.destinationDir !== undefined) {
      problems.push(`destinationDir is for X-Sendfile servers; ${backend.name} needs destinationUrl (an internal location)`);
    }
    const checked = normaliseDestinationUrl(rule.destinationUrl);
    destination = checked.value;
    if (checked.problem) problems.push(rule.destinationUrl === undefined ? `${backend.name} needs destinationUrl (an internal location, e.g. "/protected/")` : checked.problem);
  } else if (backend?.destinationKind === 'redirect') {
    const given = (['destinationUrl', 'destinationDir'] as const).filter((key) => rule[key] !== undefined);
    if (given.length) problems.push(`${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} for proxies; ${backend.name} sends the client to a presigned URL`);
    destination = '';
  } else if (backend?.destinationKind === 'dir') {
    if (rule.destinationUrl !== undefined) {
      problems.push(`destinationUrl is for nginx and Caddy; ${backend.name} needs destinationDir (an absolute folder)`);
    }
    if (rule.destinationDir === undefined && rule.sourceDir === undefined) {
      problems.push(`${backend.name} needs destinationDir (the absolute folder it reads the files from)`);
    } else {
      const checked = normaliseDir('destinationDir', rule.destinationDir ?? rule.sourceDir);
      destination = checked.value;
      if (checked.problem && rule.destinationDir !== undefined) problems.push(checked.problem);
    }
  }

  if (rule.presignExpiresIn !== undefined && rule.sourceStorage === undefined) {
    problems.push('presignExpiresIn is for sourceStorage rules');
  }

  if (rule.allowSymlinks !== undefined && typeof rule.allowSymlinks !== 'boolean') {
    problems.push(`allowSymlinks must be true or false, got ${show(rule.allowSymlinks)}`);
  }

  if (backend) {
    const foreign = (['expires', 'withBuffering', 'limitRate', 'redirectStatus'] as const).filter(
      (key) => rule[key] !== undefined && !backend.extraRuleOptions.includes(key),
    );
    if (foreign.length) problems.push(`${foreign.join(', ')} ${foreign.length > 1 ? 'are' : 'is'} not understood by ${backend.name}`);
    problems.push(...backend.checkRule(rule));
  }

  if (problems.length || !backend || destination === undefined) {
    return { problems: problems.map((problem) => `${label}: ${problem}`) };
  }
  const compiled: CompiledOffloadRule = { label, backend, sourceUrl, sourceDir, sourceStorage, destination, options: { ...rule } };
  return { rule: compiled, problems: [] };
}

/**
 * Checks and normalises `DownloadModule` offload options: the global
 * `backend` and every rule, named by index in the problems (`rules[2]: ...`).
 */
export function compileOffloadRules(rules: unknown, backend: unknown): CompiledOffloadRules & { backend?: OffloadBackend } {
  const problems: string[] = [];
  let fallback = backend === undefined ? undefined : toOffloadBackend(backend);
  if (fallback?.destinationKind === 'redirect') {
    // The module's backend is the proxy in front of the app (the generated config's server);
    // redirecting is a choice for the objects of one storage, made by a rule.
    problems.push(`backend 'redirect' is chosen per rule ({ backend: 'redirect', sourceStorage } or @PresignedRedirect()), not for the whole module`);
    fallback = undefined;
  } else if (backend !== undefined && !fallback) {
    problems.push(`backend must be ${OFFLOAD_SERVER_LIST.replace(", 'redirect'", '')} or an OffloadBackend, got ${show(backend)}`);
  }
  if (rules !== undefined && !Array.isArray(rules)) {
    problems.push(`rules must be an array of offload rules, got ${show(rules)}`);
    return { rules: [], problems, backend: fallback };
  }
  const compiled: CompiledOffloadRule[] = [];
  (rules ?? []).forEach((rule: OffloadRule, index: number) => {
    const result = compileOffloadRule(rule, `rules[${index}]${describeRule(rule)}`, fallback);
    if (result.rule) compiled.push(result.rule);
    problems.push(...result.problems);
  });
  return { rules: compiled, problems, backend: fallback };
}

/** ` (sourceUrl "/media/")`, to find the rule in the options. */
function describeRule(rule: OffloadRule): string {
  if (rule === null || typeof rule !== 'object') return '';
  if (typeof rule.sourceUrl === 'string') return ` (sourceUrl ${JSON.stringify(rule.sourceUrl)})`;
  if (typeof rule.sourceDir === 'string') return ` (sourceDir ${JSON.stringify(rule.sourceDir)})`;
  if (rule.sourceStorage) return ' (sourceStorage)';
  return '';
}
