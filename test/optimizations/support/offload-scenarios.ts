import { gzipSync } from 'node:zlib';
import { AWKWARD_NAMES, type DownloadFiles } from '../../proxies/download-files.fixture';
import { requestSha256 } from '../../proxies/http-client';
import type { ProxyName } from '../../proxies/proxy-server';
import { FIXTURE_COOKIE } from './offload-fixture.module';
import type { OffloadSuite } from './offload-suite';

/** The pre-compressed file the `/gzip/` route serves with Content-Encoding: gzip. */
export const GZIP_NAME = 'hello.txt.gz';

const OFFLOAD_HEADER: Record<ProxyName, string> = {
  nginx: 'x-accel-redirect',
  apache: 'x-sendfile',
  lighttpd: 'x-sendfile',
  caddy: 'x-accel-redirect',
};

/** `/media/<each segment percent-encoded>` */
export const urlOf = (prefix: string, name: string) => `/${prefix}/${name.split('/').map(encodeURIComponent).join('/')}`;

/** The offload header value the app must send for a file of the storage, per server. */
function expectedHeader(server: ProxyName, fx: DownloadFiles, name: string): string {
  const encoded = name.split('/').map(encodeURIComponent).join('/');
  if (server === 'nginx' || server === 'caddy') return `/protected/${encoded}`;
  if (server === 'apache') return Buffer.from(`${fx.files}/${name}`, 'utf8').toString('latin1');
  return `${fx.files.split('/').map(encodeURIComponent).join('/')}/${encoded}`;
}

/** The scenarios every server passes (see describeOffloadSuite). */
export function defineCommonScenarios(current: () => OffloadSuite): void {
  const header = (s: OffloadSuite) => OFFLOAD_HEADER[s.server];

  it('answers the proxy an empty 200 with the offload header, ignoring Range and If-* headers', async () => {
    const s = current();
    const res = await s.direct(urlOf('media', s.fx.small.name), { Range: 'bytes=0-1', 'If-None-Match': '*' });
    expect(res.status).toBe(200);
    expect(res.length).toBe(0);
    expect(res.headers[header(s)]).toBe(expectedHeader(s.server, s.fx, s.fx.small.name));
    expect(res.headers['content-encoding']).toBeUndefined();
    // The empty body's length, never the file's; not chunked, so nginx keeps its connection to the app.
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['transfer-encoding']).toBeUndefined();
  });

  it('serves a small text file by rule, byte-identical, without leaking the offload header', async () => {
    const s = current();
    const res = await s.viaProxy(urlOf('media', s.fx.small.name));
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(s.fx.small.text);
    expect(res.headers[header(s)]).toBeUndefined();
  });

  it("keeps Content-Type and Content-Disposition exactly as the app's streamed answer has them", async () => {
    const s = current();
    for (const name of [s.fx.small.name, 'café.txt', 'party 🎉.txt', s.fx.big.name]) {
      const streamed = await s.direct(urlOf('streamed', name), {}, 'HEAD');
      const res = await s.viaProxy(urlOf('media', name), {}, 'HEAD');
      expect(streamed.status).toBe(200);
      expect({ name, type: res.headers['content-type'], disposition: res.headers['content-disposition'] }).toEqual({
        name,
        type: streamed.headers['content-type'],
        disposition: streamed.headers['content-disposition'],
      });
    }
    const res = await s.viaProxy(urlOf('media', s.fx.small.name));
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="hello.txt"');
  });

  it('serves a 21 MiB binary sha256-identical', async () => {
    const s = current();
    const res = await requestSha256(`${s.proxy.url}${urlOf('media', s.fx.big.name)}`);
    expect(res.status).toBe(200);
    expect(res.length).toBe(s.fx.big.size);
    expect(res.sha256).toBe(s.fx.big.sha256);
  });

  it.each(AWKWARD_NAMES)('serves %j byte-identical through the encoding its server needs', async (name) => {
    const s = current();
    const direct = await s.direct(urlOf('media', name));
    expect(direct.headers[header(s)]).toBe(expectedHeader(s.server, s.fx, name));
    const res = await s.viaProxy(urlOf('media', name));
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(s.fx.textOf(name));
  });

  it('serves a file by route decorator (sourceDir), its name confined to the folder', async () => {
    const s = current();
    const direct = await s.direct(urlOf('reports', s.fx.report.name));
    expect(direct.length).toBe(0);
    expect(direct.headers[header(s)]).toEqual(expect.any(String));
    const res = await s.viaProxy(urlOf('reports', s.fx.report.name));
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(s.fx.report.text);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  });

  it("serves an entity's storage file (object download) by rule", async () => {
    const s = current();
    const res = await requestSha256(`${s.proxy.url}${urlOf('object', s.fx.big.name)}`);
    expect(res.status).toBe(200);
    expect(res.sha256).toBe(s.fx.big.sha256);
  });

  it('answers a Range request with 206 and exactly those bytes', async () => {
    const s = current();
    const res = await s.viaProxy(urlOf('media', s.fx.big.name), { Range: 'bytes=5000000-5000999' });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 5000000-5000999/${s.fx.big.size}`);
    expect(res.body.equals(s.fx.big.bytes.subarray(5000000, 5001000))).toBe(true);
  });

  it("answers HEAD with the file's length and no body", async () => {
    const s = current();
    const res = await s.viaProxy(urlOf('media', s.fx.big.name), {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(s.fx.big.size));
    expect(res.length).toBe(0);
  });

  it('answers 304 to a matching If-None-Match, 200 to another file\'s ETag or to "0"', async () => {
    const s = current();
    const first = await s.viaProxy(urlOf('media', s.fx.small.name));
    const etag = first.headers.etag as string;
    expect(etag).toEqual(expect.any(String));
    expect(etag).not.toBe('"0"');
    const again = await s.viaProxy(urlOf('media', s.fx.small.name), { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.length).toBe(0);
    const other = await s.viaProxy(urlOf('media', 'café.txt'));
    for (const tag of [other.headers.etag as string, '"0"']) {
      const res = await s.viaProxy(urlOf('media', s.fx.small.name), { 'If-None-Match': tag });
      expect({ tag, status: res.status }).toEqual({ tag, status: 200 });
    }
  });

  it('answers 304 to If-Modified-Since with the Last-Modified it sent', async () => {
    const s = current();
    const first = await s.viaProxy(urlOf('media', s.fx.small.name));
    const lastModified = first.headers['last-modified'] as string;
    expect(lastModified).toEqual(expect.any(String));
    const again = await s.viaProxy(urlOf('media', s.fx.small.name), { 'If-Modified-Since': lastModified });
    expect(again.status).toBe(304);
  });

  it('keeps Set-Cookie and Cache-Control on an offloaded download', async () => {
    const s = current();
    const direct = await s.direct(urlOf('cookie', s.fx.small.name));
    expect(direct.headers[header(s)]).toEqual(expect.any(String));
    const res = await s.viaProxy(urlOf('cookie', s.fx.small.name));
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe(s.fx.small.text);
    expect(res.headers['set-cookie']).toEqual([FIXTURE_COOKIE]);
    expect(res.headers['cache-control']).toBe('private, max-age=60');
  });

  it('answers 404 for a missing file', async () => {
    const s = current();
    for (const path of [urlOf('media', 'no-such-file.txt'), urlOf('reports', 'no-such-report.csv')]) {
      const res = await s.viaProxy(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('does not let clients reach the protected files directly', async () => {
    const s = current();
    for (const path of [
      `/protected/${s.fx.small.name}`,
      `/protected-reports/${encodeURIComponent(s.fx.report.name)}`,
      `/proxied-remote/origin/${s.fx.small.name}`,
      `${s.fx.files}/${s.fx.small.name}`,
    ]) {
      const res = await s.viaProxy(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.body.toString()).not.toContain(s.fx.small.text);
    }
  });

  it('never lets a traversal attempt in the request escape the folders', async () => {
    const s = current();
    for (const path of [
      '/media/../secret.txt',
      '/media/..%2fsecret.txt',
      '/media/%2e%2e/secret.txt',
      '/media/%2e%2e%2fsecret.txt',
      '/media/%252e%252e/secret.txt',
      '/media/..%5csecret.txt',
      '/reports/..%2f..%2fsecret.txt',
      '/reports/%2e%2e/%2e%2e/secret.txt',
      '/object/%2e%2e/secret.txt',
      `/media/${encodeURIComponent(s.fx.secretPath)}`,
    ]) {
      const res = await s.viaProxy(path);
      expect({ path, refused: res.status === 400 || res.status === 404 }).toEqual({ path, refused: true });
      expect(res.body.toString()).not.toContain(s.fx.secretText);
    }
  });

  it('refuses a symbolic link that leads out of the folder, as the app does when it streams', async () => {
    const s = current();
    for (const path of [`/media/${s.fx.escapeLink}`, `/reports/${s.fx.escapeLink}`]) {
      const res = await s.viaProxy(path);
      expect({ path, refused: res.status === 403 || res.status === 404 }).toEqual({ path, refused: true });
      expect(res.body.toString()).not.toContain(s.fx.secretText);
    }
  });

  it("leaks neither the app's X-Powered-By nor any offload header, offloaded or streamed", async () => {
    const s = current();
    for (const path of [urlOf('media', s.fx.small.name), urlOf('streamed', s.fx.small.name), '/virtual']) {
      const res = await s.viaProxy(path);
      expect(res.status).toBe(200);
      const leaked = Object.keys(res.headers).filter((name) => /^(x-powered-by|x-accel-|x-sendfile|x-lighttpd-send-file)/.test(name));
      expect({ path, leaked }).toEqual({ path, leaked: [] });
    }
  });

  it('streams a VirtualFile from the app (never offloaded)', async () => {
    const s = current();
    const direct = await s.direct('/virtual');
    expect(direct.headers[header(s)]).toBeUndefined();
    const res = await s.viaProxy('/virtual');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('generated by the app\n');
  });

  it('streams a download with a Content-Encoding from the app, the encoding intact', async () => {
    const s = current();
    const res = await s.viaProxy(urlOf('gzip', GZIP_NAME));
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers[header(s)]).toBeUndefined();
    expect(res.body.equals(gzipSync(s.fx.small.text))).toBe(true);
  });

  it('serves a remote HttpFile sha256-identical (offloaded by nginx, streamed by the app elsewhere)', async () => {
    const s = current();
    const direct = await s.direct(urlOf('remote', 'sub dir/résumé 🎉.txt'));
    if (s.server === 'nginx') {
      expect(direct.length).toBe(0);
      expect(direct.headers['x-accel-redirect']).toBe('/proxied-remote/origin/sub%20dir/r%C3%A9sum%C3%A9%20%F0%9F%8E%89.txt');
    } else {
      expect(direct.headers[header(s)]).toBeUndefined();
      expect(direct.body.toString()).toBe(s.fx.textOf('sub dir/résumé 🎉.txt'));
    }
    const res = await requestSha256(`${s.proxy.url}${urlOf('remote', s.fx.big.name)}`);
    expect(res.status).toBe(200);
    expect(res.sha256).toBe(s.fx.big.sha256);
    const named = await s.viaProxy(urlOf('remote', 'sub dir/résumé 🎉.txt'));
    expect(named.body.toString()).toBe(s.fx.textOf('sub dir/résumé 🎉.txt'));
    expect(named.headers['content-disposition']).toBe(direct.headers['content-disposition']);
    expect(named.headers['content-type']).toBe(direct.headers['content-type']);
  });
}
