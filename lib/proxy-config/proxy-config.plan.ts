import type { CompiledOffloadRule } from '../optimizations/offload-rule.interface';
import { compileOffloadRule, compileOffloadRules } from '../optimizations/offload-rule.validator';
import type { OffloadServerName } from '../optimizations/offload-rule.interface';
import { proxyLinkProblems } from '../signing/proxy-link-options.validator';
import type { ProxyConfigPlan, ProxyConfigSource, ProxyLocation } from './proxy-config.interface';

/** A folder storage (FileSystemStorage): where its `baseUrl` files are on disk. */
interface FolderStorage {
  location: string;
  baseUrl?: string;
}

function folderStorage(storage: unknown): FolderStorage | undefined {
  const candidate = storage as Partial<FolderStorage> | undefined;
  return typeof candidate?.location === 'string' ? (candidate as FolderStorage) : undefined;
}

/** The folder a local `sourceUrl` rule serves: the storage's location below its baseUrl. */
function folderOfUrl(rule: CompiledOffloadRule, storage: FolderStorage | undefined): string | undefined {
  const baseUrl = storage?.baseUrl;
  if (!storage || !baseUrl || !rule.sourceUrl?.startsWith(baseUrl)) return undefined;
  const below = rule.sourceUrl.slice(baseUrl.length).split('/').filter(Boolean).map(decodeURIComponent);
  return [storage.location.replace(/\/+$/, ''), ...below].join('/');
}

/**
 * Turns the app's rules into the locations `server` must serve: one per
 * internal URL (nginx, Caddy) or folder (Apache, lighttpd), rules for other
 * servers left out. Throws, naming every rule at fault, when a rule is
 * invalid or its folder cannot be known (a `sourceUrl` rule needs the
 * module's FileSystemStorage with that `baseUrl`).
 */
export function planProxyConfig(server: OffloadServerName, source: ProxyConfigSource): ProxyConfigPlan {
  const { options, routeRules = [] } = source;
  const compiled = compileOffloadRules(options.rules, options.backend);
  const problems = [...compiled.problems];
  const rules = [...compiled.rules];
  routeRules.forEach((rule, index) => {
    const result = compileOffloadRule(rule, `routeRules[${index}]`, compiled.backend);
    if (result.rule) rules.push(result.rule);
    problems.push(...result.problems);
  });
  const storage = folderStorage(options.storage);
  const locations = new Map<string, ProxyLocation>();
  for (const rule of rules.filter((r) => r.backend.name === server)) {
    let location: Omit<ProxyLocation, 'refuseSymlinks' | 'rules'>;
    if (rule.sourceStorage) {
      const objectsUrl = rule.sourceStorage.objectsUrl;
      if (!objectsUrl) {
        problems.push(`${rule.label}: cannot tell where the storage's objects are: give the S3Storage a clientConfig with a string endpoint (or region on AWS)`);
        continue;
      }
      if (!/^\/[\w./~-]*$/.test(rule.destination) || /[\s"'{};$\\]/.test(objectsUrl)) {
        problems.push(`${rule.label}: an object-store location needs a destinationUrl of letters, digits and "/_.~-", and an objectsUrl without quotes, braces, ";" or "$"`);
        continue;
      }
      location = { url: rule.destination, origin: objectsUrl, presigned: true };
    } else if (rule.backend.destinationKind === 'dir') {
      location = { dir: rule.destination };
    } else if (rule.sourceDir) {
      location = { url: rule.destination, dir: rule.sourceDir };
    } else if (/^https?:/.test(rule.sourceUrl ?? '') && rule.backend.offloadsRemoteFiles) {
      location = { url: rule.destination, origin: rule.sourceUrl };
    } else {
      const dir = folderOfUrl(rule, storage);
      if (!dir) {
        problems.push(`${rule.label}: cannot tell which folder ${rule.sourceUrl} is: give sourceDir, or the module a FileSystemStorage with that baseUrl`);
        continue;
      }
      location = { url: rule.destination, dir };
    }
    const key = location.url ?? location.dir!;
    const known = locations.get(key);
    const refuse = !rule.options.allowSymlinks;
    if (!known) {
      locations.set(key, { ...location, refuseSymlinks: refuse, rules: [rule.label] });
    } else if (known.dir !== location.dir || known.origin !== location.origin) {
      problems.push(`${rule.label}: ${key} already serves ${known.dir ?? known.origin} (${known.rules.join(', ')})`);
    } else {
      known.refuseSymlinks ||= refuse; // refused when one rule refuses
      known.rules.push(rule.label);
    }
  }
  problems.push(...proxyLinkProblems(options.proxyLinks));
  const proxyLinks = problems.length ? [] : (options.proxyLinks ?? []).filter((link) => link.server === server);
  if (!problems.length && locations.size === 0 && proxyLinks.length === 0) problems.push(`no offload rule for ${server}`);
  if (problems.length) throw new Error(`Cannot generate the ${server} config:\n- ${problems.join('\n- ')}`);
  return { server, locations: [...locations.values()], ...(proxyLinks.length ? { proxyLinks } : {}) };
}
