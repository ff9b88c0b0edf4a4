import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import {
  generateProxyConfig,
  lighttpdProxyLinkScript,
  lighttpdProxyLinkScriptPath,
  UrlSigner,
  type DownloadModuleOptions,
  type ProxyLinkOptions,
} from 'nestjs-downloadview';
import { type BenchFiles, ONE_MIB, TINY } from '../bench-files.fixture';
import type { BenchOptions } from '../bench.options';
import { SUBJECT_LABELS, type Subject, type SubjectId } from '../bench.subjects';
import type { LoadTool } from '../load/load-tool';
import { probe } from '../load/probe';
import { findLighttpd, startLighttpdWithConfig } from '../servers/lighttpd.process';
import { freePort } from '../servers/net.util';
import { findNginx, startNginxWithConfig } from '../servers/nginx.process';
import { FILES_ROUTE } from '../servers/server-kinds';
import { measureThroughput, type ThroughputCell } from './throughput.scenario';

/** What the proxy-verified link rows measured; the cells join the run's own lists. */
export interface LinksMeasures {
  subjects: { id: SubjectId; label: string }[];
  throughput: ThroughputCell[];
  notes: string[];
}

/** nginx: the static location added to the generated config for the baseline goes before its catch-all proxy to the app. */
const NGINX_CATCH_ALL = '        # Everything else goes to the app.';

/** The static location that refuses symbolic links as the links location does (`disable_symlinks`, `server.follow-symlink`). */
const NO_FOLLOW_ROUTE = '/files-nofollow/';

const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';

interface RunningProxy {
  pids: number[];
  note: string;
  stop(): Promise<void>;
}

/**
 * Issue 13 item 5: downloads through links the proxy verifies itself vs the
 * same proxy serving the same file statically, 13 B and 1 MiB: nginx
 * (`secure_link`) and lighttpd (the mod_magnet Lua script), each ONE process
 * started from the config `generateProxyConfig()` writes for a `proxyLinks`
 * entry, plus a plain static location for the baseline. One link per file is
 * issued with `UrlSigner.proxyLink()` before the load, valid for a day; the
 * app upstream is a port nothing listens on (were the app asked, the check
 * before the load would fail), and a tampered link must be refused (403).
 */
export async function measureLinks(tool: LoadTool, files: BenchFiles, options: BenchOptions, log: (line: string) => void): Promise<LinksMeasures> {
  const sizes = [TINY, ONE_MIB];
  const result: LinksMeasures = { subjects: [], throughput: [], notes: [] };
  const servers = [
    ['nginx', findNginx(), 'links-nginx-static', 'links-nginx-static-nofollow', 'links-nginx-verified', 'nginx is not installed (Debian: apt-get install nginx-light)'],
    [
      'lighttpd',
      findLighttpd(),
      'links-lighttpd-static',
      'links-lighttpd-static-nofollow',
      'links-lighttpd-verified',
      'lighttpd or mod_magnet is not installed (Debian: apt-get install lighttpd lighttpd-modules-lua)',
    ],
  ] as const;
  for (const [server, binary, staticId, noFollowId, verifiedId, missing] of servers) {
    if (!binary) {
      result.notes.push(`no ${server} proxy-verified link rows: ${missing}`);
      continue;
    }
    const link: ProxyLinkOptions = { server, urlPrefix: '/links/', sourceDir: files.dir, secret: SECRET, ttl: 86_400 };
    const signer = new UrlSigner({ proxyLinks: [link] } as DownloadModuleOptions);
    const links = new Map(sizes.map((file) => [file.name, signer.proxyLink(file.name)]));
    const port = await freePort();
    log(`Proxy-verified links: ${server} from the generated config on port ${port}, one link per file issued before the load`);
    const proxy = server === 'nginx' ? await startNginx(link, files.dir, port) : await startLighttpd(link, files.dir, port);
    try {
      const url = `http://127.0.0.1:${port}`;
      const tampered = links.get(TINY.name)!.replace(/tiny\.txt/, 'tinz.txt');
      const refused = await probe(url + tampered);
      if (refused.status !== 403) throw new Error(`${server}: a tampered link answered ${refused.status}, expected 403: the link check is not active`);
      const subject = (id: SubjectId, pathFor?: (name: string) => string): Subject => ({ id, label: SUBJECT_LABELS[id], url, pids: proxy.pids, role: 'nginx', pathFor });
      // The middle row: static files with the links location's symlink refusal, to tell its cost from the link check's.
      const subjects = [subject(staticId), subject(noFollowId, (name) => `${NO_FOLLOW_ROUTE}${name}`), subject(verifiedId, (name) => links.get(name)!)];
      log(`Links throughput (${server}): ${sizes.map((f) => f.label).join(', ')}, ${options.runs} run(s) of ${options.duration} s, ${options.connections} connections`);
      result.throughput.push(...(await measureThroughput(tool, subjects, sizes, files.dir, options, log)));
      result.subjects.push(...subjects.map((s) => ({ id: s.id, label: s.label })));
      result.notes.push(proxy.note);
    } finally {
      await proxy.stop();
    }
  }
  return result;
}

/** The worker user and group: the runner's own, or www-data when it is root. */
function workerIdentity(): { user: string; group: string; uid: number; gid: number } {
  const me = userInfo();
  if (me.uid !== 0) return { user: me.username, group: execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim(), uid: me.uid, gid: me.gid };
  const id = (flag: string) => Number(execFileSync('id', [flag, 'www-data'], { encoding: 'utf8' }).trim());
  return { user: 'www-data', group: 'www-data', uid: id('-u'), gid: id('-g') };
}

async function generated(server: 'nginx' | 'lighttpd', link: ProxyLinkOptions, port: number, runtimeDir: string): Promise<string> {
  const who = workerIdentity();
  return generateProxyConfig(server, { options: { proxyLinks: [link] } }, {
    listen: `127.0.0.1:${port}`,
    // Nothing listens there: the links must not need the app.
    upstream: `127.0.0.1:${await freePort()}`,
    runtimeDir,
    user: who.user,
    group: who.group,
  });
}

async function startNginx(link: ProxyLinkOptions, dir: string, port: number): Promise<RunningProxy> {
  const tmpDir = await mkdtemp(join(tmpdir(), 'nestjs-dv-bench-links-nginx-'));
  const config = await generated('nginx', link, port, tmpDir);
  if (!config.includes(NGINX_CATCH_ALL)) throw new Error('the generated nginx config has no catch-all location to put the static one before');
  const withStatic = config.replace(
    NGINX_CATCH_ALL,
    [
      '        # Bench baselines: the same folder served statically, without and with the symlink refusal.',
      `        location ${FILES_ROUTE} {`,
      `            alias "${dir}/";`,
      '        }',
      `        location ${NO_FOLLOW_ROUTE} {`,
      `            alias "${dir}/";`,
      `            disable_symlinks on from="${dir}";`,
      '        }',
      '',
      NGINX_CATCH_ALL,
    ].join('\n'),
  );
  const nginx = await startNginxWithConfig(withStatic, tmpDir, port);
  return {
    pids: nginx.workerPids,
    note:
      `proxy-verified links, nginx: one nginx (${nginx.workerPids.length} worker(s): the generated config's worker_processes auto, and its access log) serves the three rows, ` +
      'the links location as generateProxyConfig() writes it (secure_link, disable_symlinks) and two static locations added for the baselines (plain, and with the same disable_symlinks); no app runs',
    stop: () => nginx.stop(),
  };
}

async function startLighttpd(link: ProxyLinkOptions, dir: string, port: number): Promise<RunningProxy> {
  const tmpDir = await mkdtemp(join(tmpdir(), 'nestjs-dv-bench-links-lighttpd-'));
  const config = await generated('lighttpd', link, port, tmpDir);
  await writeFile(lighttpdProxyLinkScriptPath(tmpDir, link), lighttpdProxyLinkScript(link), { mode: 0o644 });
  // mod_alias is among the generated config's modules; the static block takes /files/ from mod_proxy as the links block does /links/.
  const withStatic = [
    config,
    '# Bench baselines: the same folder served statically, without and with the symlink refusal.',
    `$HTTP["url"] =^ "${FILES_ROUTE}" {`,
    '    proxy.server = ( )',
    `    alias.url = ( "${FILES_ROUTE}" => "${dir}/" )`,
    '}',
    `$HTTP["url"] =^ "${NO_FOLLOW_ROUTE}" {`,
    '    proxy.server = ( )',
    `    alias.url = ( "${NO_FOLLOW_ROUTE}" => "${dir}/" )`,
    '    server.follow-symlink = "disable"',
    '}',
    '',
  ].join('\n');
  const who = workerIdentity();
  const lighttpd = await startLighttpdWithConfig(withStatic, tmpDir, port, who);
  return {
    pids: [lighttpd.pid],
    note:
      'proxy-verified links, lighttpd: one lighttpd process (the generated config, its access log) serves the three rows, the links block as generateProxyConfig() writes it ' +
      '(mod_magnet running lighttpdProxyLinkScript(), follow-symlink disabled) and two mod_alias blocks added for the baselines (plain, and with the same follow-symlink disabled); no app runs',
    stop: () => lighttpd.stop(),
  };
}
