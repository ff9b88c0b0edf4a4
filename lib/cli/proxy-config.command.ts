import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { OffloadServerName } from '../optimizations/offload-rule.interface';
import { generateProxyConfig, PROXY_CONFIG_GENERATORS } from '../proxy-config/proxy-config.generator';
import type { ProxyConfigParams, ProxyConfigSource } from '../proxy-config/proxy-config.interface';
import { lighttpdProxyLinkScript, lighttpdProxyLinkScriptPath } from '../proxy-config/proxy-links.config';
import { proxyLinkProblems } from '../signing/proxy-link-options.validator';
import { UsageError } from './healthcheck.command';

const SERVERS = Object.keys(PROXY_CONFIG_GENERATORS) as OffloadServerName[];

export const PROXY_CONFIG_USAGE = `Usage: nestjs-downloadview proxy-config <${SERVERS.join('|')}> --options FILE [options]

Prints the whole reverse-proxy config the app's offload rules need: internal
locations or X-Sendfile folders per rule, symbolic links refused where the
server can, the headers it must not pass to clients, and kept-alive
connections to the app. See docs/optimizations/proxy-config.md.

FILE is a JavaScript module (the app's compiled code, e.g. dist/download.options.js)
exporting the DownloadModule options - as \`downloadOptions\`, as its default
export or as module.exports - or a function of the server's name returning
them (may be async). It may also export \`routeRules\` (an array, or such a
function): the rules of the app's @XAccelRedirect() / @XSendfile() decorators,
and \`upstream\` (HOST:PORT, an array of them, or such a function): the app's
instances when --upstream is not given.

Options:
  --options FILE         the module holding the options (required)
  --listen HOST:PORT     where the proxy listens (default 127.0.0.1:8080)
  --upstream HOST:PORT   the app (default 127.0.0.1:3000); repeat it, or separate
                         addresses with commas, for several instances (nginx,
                         Caddy and lighttpd balance over them; Apache refuses)
  --runtime-dir DIR      pid file, logs and temp files (default /run/nestjs-downloadview)
  --user NAME            workers' user (Apache default www-data)
  --group NAME           workers' group
  --healthcheck-file F   a file the proxy alone serves at /healthcheck-utils/proxy
  --link-script PREFIX   lighttpd: print instead the Lua script of the proxyLinks
                         entry with that urlPrefix (the config expects it at
                         <runtime-dir>/proxy-link-<prefix>.lua); it holds the secret
  -h, --help             show this help

Exit status: 0 with the config on stdout, 1 when the rules cannot be turned
into a config, 2 on a usage error.`;

/** The server, options file and params from the command line. */
export function parseProxyConfigArgs(
  argv: string[],
): { server: OffloadServerName; optionsFile: string; params: ProxyConfigParams; linkScript?: string } | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      options: { type: 'string' },
      listen: { type: 'string' },
      upstream: { type: 'string', multiple: true },
      'runtime-dir': { type: 'string' },
      user: { type: 'string' },
      group: { type: 'string' },
      'healthcheck-file': { type: 'string' },
      'link-script': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const [server, ...extra] = positionals;
  if (!SERVERS.includes(server as OffloadServerName) || extra.length) {
    throw new UsageError(`give one server: ${SERVERS.join(', ')}${server === undefined ? '' : `; got ${positionals.join(' ')}`}`);
  }
  if (!values.options) throw new UsageError('--options FILE is required: the module exporting the DownloadModule options');
  const params: ProxyConfigParams = {};
  if (values.listen !== undefined) params.listen = values.listen;
  if (values.upstream !== undefined) params.upstream = upstreamList(values.upstream);
  if (values['runtime-dir'] !== undefined) params.runtimeDir = path.resolve(values['runtime-dir']);
  if (values.user !== undefined) params.user = values.user;
  if (values.group !== undefined) params.group = values.group;
  if (values['healthcheck-file'] !== undefined) params.healthcheckFile = path.resolve(values['healthcheck-file']);
  const linkScript = values['link-script'];
  if (linkScript !== undefined && server !== 'lighttpd') throw new UsageError('--link-script is for lighttpd: nginx checks links in its config');
  return { server: server as OffloadServerName, optionsFile: path.resolve(values.options), params, ...(linkScript !== undefined ? { linkScript } : {}) };
}

/** `--upstream a --upstream b,c`: one address as a string (as before), several as an array. */
function upstreamList(values: string[]): string | string[] {
  const list = values.flatMap((value) => value.split(',')).map((value) => value.trim());
  if (list.some((value) => value === '')) throw new UsageError(`--upstream needs HOST:PORT, got ${JSON.stringify(values.join(','))}`);
  return list.length === 1 ? list[0] : list;
}

/** What the options module holds: the source of the config, and the app's instances if it names them. */
export interface LoadedProxyConfig extends ProxyConfigSource {
  /** The module's `upstream` export (used when --upstream is not given). */
  upstream?: string | string[];
}

/**
 * Loads the options module: `downloadOptions`, the default export or the
 * module itself; `routeRules` and `upstream` beside it. A function is called
 * with the server's name (so one file can serve every server) and may be async.
 */
export async function loadProxyConfigSource(file: string, server?: OffloadServerName): Promise<LoadedProxyConfig> {
  // require() for CommonJS (the usual compiled Nest app), import() for ES modules.
  const loaded: Record<string, unknown> = file.endsWith('.mjs') ? await import(pathToFileURL(file).href) : require(file);
  const call = async (value: unknown) => (typeof value === 'function' ? await (value as (s?: string) => unknown)(server) : value);
  const options = await call(loaded.downloadOptions ?? loaded.default ?? loaded);
  if (options === null || typeof options !== 'object') throw new Error(`${file} exports no DownloadModule options`);
  const routeRules = await call(loaded.routeRules ?? (loaded.default as { routeRules?: unknown } | undefined)?.routeRules);
  if (routeRules !== undefined && !Array.isArray(routeRules)) throw new Error(`${file}: routeRules must be an array of offload rules`);
  const upstream = await call(loaded.upstream ?? (loaded.default as { upstream?: unknown } | undefined)?.upstream);
  if (upstream !== undefined && typeof upstream !== 'string' && !(Array.isArray(upstream) && upstream.every((u) => typeof u === 'string'))) {
    throw new Error(`${file}: upstream must be HOST:PORT or an array of them`);
  }
  return {
    options: options as ProxyConfigSource['options'],
    routeRules: routeRules as ProxyConfigSource['routeRules'],
    ...(upstream !== undefined ? { upstream: upstream as string | string[] } : {}),
  };
}

/** `nestjs-downloadview proxy-config <server> ...`: answers the exit status. */
export async function proxyConfigCommand(
  argv: string[],
  print: (text: string) => void = (text) => process.stdout.write(text),
  printError: (text: string) => void = (text) => process.stderr.write(`${text}\n`),
): Promise<number> {
  let parsed;
  try {
    parsed = parseProxyConfigArgs(argv);
  } catch (err) {
    printError(`nestjs-downloadview proxy-config: ${(err as Error).message}\n\n${PROXY_CONFIG_USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    print(`${PROXY_CONFIG_USAGE}\n`);
    return 0;
  }
  try {
    const { upstream, ...source } = await loadProxyConfigSource(parsed.optionsFile, parsed.server);
    const params = upstream !== undefined && parsed.params.upstream === undefined ? { ...parsed.params, upstream } : parsed.params;
    print(parsed.linkScript === undefined ? generateProxyConfig(parsed.server, source, params) : linkScriptOf(source, parsed.linkScript));
    return 0;
  } catch (err) {
    printError(`nestjs-downloadview proxy-config: ${(err as Error).message}`);
    return 1;
  }
}

/** The Lua script of the lighttpd `proxyLinks` entry on `urlPrefix`. */
function linkScriptOf(source: ProxyConfigSource, urlPrefix: string): string {
  const links = source.options.proxyLinks ?? [];
  const problems = proxyLinkProblems(links);
  if (problems.length) throw new Error(`invalid proxyLinks:\n- ${problems.join('\n- ')}`);
  const link = links.find((l) => l.server === 'lighttpd' && l.urlPrefix === urlPrefix);
  if (!link) throw new Error(`no lighttpd proxyLinks entry has urlPrefix ${JSON.stringify(urlPrefix)}`);
  return `-- ${lighttpdProxyLinkScriptPath('<runtime-dir>', link)}\n${lighttpdProxyLinkScript(link)}`;
}
