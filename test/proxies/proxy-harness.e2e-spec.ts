import { AWKWARD_NAMES, createDownloadFiles, type DownloadFiles } from './download-files.fixture';
import { rawRequest, requestSha256, sha256 } from './http-client';
import { headerValueParam, offloadPath, startOffloadApp, type OffloadApp, type OffloadQuery } from './offload-app.fixture';
import { percentEncodePath, rawUtf8HeaderValue } from './offload-header';
import { generateProxyConfig, type OffloadRule } from 'nestjs-downloadview';
import { NGINX_LOCATIONS } from './nginx.server';
import { generatedConfig, withNginxLocations } from './generated-config';
import { describeProxy, PROXY_NAMES, startProxy, type ProxyName, type RunningProxy } from './proxy-server';

/** What each real server was measured to do (see README.md). */
interface Behaviour {
  /** Sends an ETag of its own when the app sends none. */
  ownEtag: boolean;
  /** Keeps the app's ETag (nginx replaces it with the file's). */
  keepsAppEtag: boolean;
  /** Status of a header value that points outside the mapped folders. */
  traversalStatus: number;
  /** The encoding the server does NOT take, for a name with a literal `%25`. */
  wrongEncoding(files: string, name: string): string;
  /** Header values that try to escape the mapped folders. */
  traversals(fx: DownloadFiles): string[];
}

const BEHAVIOUR: Record<ProxyName, Behaviour> = {
  nginx: {
    ownEtag: true,
    keepsAppEtag: false,
    traversalStatus: 404,
    wrongEncoding: (_files, name) => rawUtf8HeaderValue(`/protected/${name}`),
    traversals: () => ['/protected/../secret.txt', '/protected/%2e%2e/secret.txt', '/protected/..%2fsecret.txt'],
  },
  apache: {
    ownEtag: false, // FileETag None in httpd.conf; without it every file gets ETag "0"
    keepsAppEtag: true,
    traversalStatus: 404,
    wrongEncoding: (files, name) => `${files}/${percentEncodePath(name)}`,
    traversals: (fx) => [`${fx.files}/../secret.txt`, `${fx.files}/%2e%2e/secret.txt`, fx.secretPath],
  },
  lighttpd: {
    ownEtag: true,
    keepsAppEtag: true,
    traversalStatus: 403,
    wrongEncoding: (files, name) => rawUtf8HeaderValue(`${files}/${name}`),
    traversals: (fx) => [`${fx.files}/../secret.txt`, `${fx.files}/%2e%2e/secret.txt`, fx.secretPath],
  },
  caddy: {
    ownEtag: true,
    keepsAppEtag: false, // file_server's ETag (mtime and size) replaces the app's
    traversalStatus: 404,
    wrongEncoding: (_files, name) => rawUtf8HeaderValue(`/protected/${name}`),
    // The last one matches no handle_path block: the config's fallback answers 404, not an empty 200.
    traversals: () => ['/protected/../secret.txt', '/protected/%2e%2e/secret.txt', '/protected/..%2fsecret.txt', '/elsewhere/hello.txt'],
  },
};

let fx: DownloadFiles;
let app: OffloadApp;

beforeAll(async () => {
  fx = await createDownloadFiles();
  app = await startOffloadApp({ files: fx.files, reports: fx.reports });
});

afterAll(async () => {
  await app?.close();
  await fx?.remove();
});

for (const name of PROXY_NAMES) {
  describeProxy(name, () => {
    const expected = BEHAVIOUR[name];
    let proxy: RunningProxy;
    const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
      rawRequest(`${proxy.url}${path}`, { headers, method });
    const offload = (relativePath: string, query?: OffloadQuery, dirKey = 'files') =>
      offloadPath(name, dirKey, relativePath, query);

    beforeAll(async () => {
      // The config the library generates for rules mapping the harness's folders
      // (nginx.server.ts NGINX_LOCATIONS): the templates' locations, from rules.
      const byUrl = name === 'nginx' || name === 'caddy';
      const rules: OffloadRule[] = byUrl
        ? [
            { sourceDir: fx.files, destinationUrl: NGINX_LOCATIONS.files },
            { sourceDir: fx.reports, destinationUrl: NGINX_LOCATIONS.reports },
          ]
        : [{ sourceDir: fx.files }, { sourceDir: fx.reports }];
      // nginx's remote files: /proxied-remote/<path> fetches the app's /<path>.
      if (name === 'nginx') rules.push({ sourceUrl: `${app.url}/`, destinationUrl: '/proxied-remote/' });
      proxy = await startProxy(name, {
        appPort: app.port,
        dirs: { files: fx.files, reports: fx.reports },
        config: (run) =>
          generateProxyConfig(name, { options: { backend: name, rules } }, {
            listen: `127.0.0.1:${run.port}`,
            upstream: `127.0.0.1:${run.appPort}`,
            runtimeDir: run.tmpDir,
            user: run.user,
            group: run.group,
          }),
      });
    });

    afterAll(async () => {
      await proxy?.stop();
    });

    it('forwards ordinary requests to the app', async () => {
      const res = await get('/hello');
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe('hello from the app\n');
    });

    it('serves a small text file named in the offload header', async () => {
      const res = await get(offload(fx.small.name));
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(fx.small.text);
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(fx.small.text)));
    });

    it('serves a 24 MiB binary file sha256-identical to the source', async () => {
      const res = await requestSha256(`${proxy.url}${offload(fx.big.name)}`);
      expect(res.status).toBe(200);
      expect(res.length).toBe(fx.big.size);
      expect(res.sha256).toBe(fx.big.sha256);
    });

    it.each(AWKWARD_NAMES)('serves %j with the header encoding it needs', async (file) => {
      const res = await get(offload(file));
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(fx.textOf(file));
    });

    it('misses a file whose name is sent in the other encoding', async () => {
      const value = expected.wrongEncoding(fx.files, '50%25 off.txt');
      const res = await get(offload('50%25 off.txt', { value: headerValueParam(Buffer.from(value, 'latin1')) }));
      expect(res.status).toBe(404);
    });

    it("keeps the app's Content-Type and Content-Disposition", async () => {
      const disposition = `attachment; filename="cafe.txt"; filename*=UTF-8''caf%C3%A9.txt`;
      const res = await get(offload('café.txt', { type: 'text/x-custom; charset=utf-8', disposition }));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/x-custom; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(disposition);
    });

    it('serves files from a second mapped folder', async () => {
      const res = await get(offload(fx.report.name, { type: 'text/csv' }, 'reports'));
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(fx.report.text);
    });

    it('answers a Range request with 206 and exactly those bytes', async () => {
      const res = await get(offload(fx.big.name), { Range: 'bytes=1000000-1000099' });
      expect(res.status).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes 1000000-1000099/${fx.big.size}`);
      expect(sha256(res.body)).toBe(sha256(fx.big.bytes.subarray(1000000, 1000100)));
    });

    it('answers a suffix Range request with the last bytes', async () => {
      const res = await get(offload(fx.big.name), { Range: 'bytes=-16' });
      expect(res.status).toBe(206);
      expect(res.body.equals(fx.big.bytes.subarray(fx.big.size - 16))).toBe(true);
    });

    it("answers HEAD with the file's length and no body", async () => {
      const res = await get(offload(fx.big.name), {}, 'HEAD');
      expect(res.status).toBe(200);
      expect(res.headers['content-length']).toBe(String(fx.big.size));
      expect(res.length).toBe(0);
    });

    if (expected.ownEtag) {
      it('answers 304 to If-None-Match with the ETag it sent', async () => {
        const first = await get(offload(fx.small.name));
        expect(first.headers.etag).toEqual(expect.any(String));
        const again = await get(offload(fx.small.name), { 'If-None-Match': first.headers.etag as string });
        expect(again.status).toBe(304);
        expect(again.length).toBe(0);
      });
    } else {
      it('sends no ETag of its own when the app sends none', async () => {
        const res = await get(offload(fx.small.name));
        expect(res.headers.etag).toBeUndefined();
      });
    }

    it("does not answer 304 to another file's ETag", async () => {
      const other = await get(offload(fx.report.name, {}, 'reports'));
      const res = await get(offload(fx.small.name), { 'If-None-Match': other.headers.etag ?? '"0"' });
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(fx.small.text);
    });

    it(`${expected.keepsAppEtag ? 'keeps' : 'replaces'} the app's ETag and answers 304 to the one it sent`, async () => {
      const first = await get(offload(fx.small.name, { etag: '"app-v1"' }));
      expect(first.headers.etag === '"app-v1"').toBe(expected.keepsAppEtag);
      const fresh = await get(offload(fx.small.name, { etag: '"app-v1"' }), { 'If-None-Match': first.headers.etag as string });
      expect(fresh.status).toBe(304);
      const stale = await get(offload(fx.small.name, { etag: '"app-v1"' }), { 'If-None-Match': '"app-v0"' });
      expect(stale.status).toBe(200);
    });

    it('answers 304 to If-Modified-Since with the Last-Modified it sent', async () => {
      const first = await get(offload(fx.small.name));
      expect(first.headers['last-modified']).toEqual(expect.any(String));
      const again = await get(offload(fx.small.name), { 'If-Modified-Since': first.headers['last-modified'] as string });
      expect(again.status).toBe(304);
    });

    it('does not let clients reach the protected files directly (404)', async () => {
      for (const path of [
        `/protected/${fx.small.name}`,
        `/protected-reports/${percentEncodePath(fx.report.name)}`,
        `/proxied-remote/origin/${fx.small.name}`,
        `${fx.files}/${fx.small.name}`,
      ]) {
        const res = await get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.body.toString()).not.toContain(fx.small.text);
      }
    });

    it('refuses header values that escape the mapped folders', async () => {
      for (const value of expected.traversals(fx)) {
        const res = await get(offload(fx.small.name, { value: headerValueParam(value) }));
        expect({ value, status: res.status }).toEqual({ value, status: expected.traversalStatus });
        expect(res.body.toString()).not.toContain(fx.secretText);
      }
    });
  });
}

describeProxy('nginx', () => {
  let proxy: RunningProxy;
  // X-Accel-Redirect values are sent as given (`value`), whatever the route's file.
  const remote = (target: string) => offloadPath('nginx', 'files', 'unused', { value: headerValueParam(target) });

  beforeAll(async () => {
    // The app's /origin/<path> route plays the remote server: /proxied-remote/<path> is a
    // sourceUrl rule's generated location for it.
    const rules: OffloadRule[] = [
      { sourceDir: fx.files, destinationUrl: NGINX_LOCATIONS.files },
      { sourceUrl: `${app.url}/`, destinationUrl: '/proxied-remote/' },
    ];
    proxy = await startProxy('nginx', {
      appPort: app.port,
      dirs: { files: fx.files },
      config: withNginxLocations(generatedConfig('nginx', { options: { backend: 'nginx', rules } }), () => [
        // Test-only, no rule describes it: the origin chosen by the app, in the header.
        // X-Accel-Redirect: /proxied-url/<host[:port]>/<percent-encoded path> (plain http).
        '        location ~ ^/proxied-url/(?<remote_host>[^/]+)(?<remote_path>/.*)$ {',
        '            internal;',
        '            rewrite ^ $remote_path break;',
        '            proxy_pass http://$remote_host;',
        '            proxy_force_ranges on;',
        '            proxy_set_header Cookie "";',
        '            proxy_set_header Authorization "";',
        '            proxy_hide_header Set-Cookie;',
        '            proxy_hide_header Content-Type;',
        '        }',
      ]),
    });
  });

  afterAll(async () => {
    await proxy?.stop();
  });

  it('offloads a remote file through /proxied-remote/ (fixed origin)', async () => {
    const res = await requestSha256(`${proxy.url}${remote(`/proxied-remote/origin/${fx.big.name}`)}`);
    expect(res.status).toBe(200);
    expect(res.sha256).toBe(fx.big.sha256);
  });

  it('offloads a remote file through /proxied-url/<host:port>/ (origin chosen by the app)', async () => {
    const target = `/proxied-url/127.0.0.1:${app.port}/origin/${fx.big.name}`;
    const res = await requestSha256(`${proxy.url}${remote(target)}`);
    expect(res.status).toBe(200);
    expect(res.sha256).toBe(fx.big.sha256);
  });

  it.each(['/proxied-remote/origin/', `/proxied-url/127.0.0.1:{port}/origin/`])(
    'passes a percent-encoded awkward name through %s',
    async (prefix) => {
      const file = 'sub dir/résumé 🎉.txt';
      const target = `${prefix.replace('{port}', String(app.port))}${percentEncodePath(file)}`;
      const res = await rawRequest(`${proxy.url}${remote(target)}`);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe(fx.textOf(file));
    },
  );

  it("keeps the app's Content-Disposition and Content-Type (the origin's is hidden)", async () => {
    const res = await rawRequest(`${proxy.url}${remote(`/proxied-remote/origin/${fx.small.name}`)}`);
    expect(res.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''unused`);
    expect(res.headers['content-type']).toBe('application/octet-stream');
  });

  it('answers Range requests even though the origin ignores them', async () => {
    const res = await rawRequest(`${proxy.url}${remote(`/proxied-remote/origin/${fx.big.name}`)}`, {
      headers: { Range: 'bytes=100-199' },
    });
    expect(res.status).toBe(206);
    expect(res.body.equals(fx.big.bytes.subarray(100, 200))).toBe(true);
  });

  it("does not forward the client's cookies and credentials to the origin", async () => {
    const before = app.received.length;
    await rawRequest(`${proxy.url}${remote(`/proxied-remote/origin/${fx.small.name}`)}`, {
      headers: { Cookie: 'session=s3cret', Authorization: 'Bearer s3cret' },
    });
    const atOrigin = app.received.slice(before).filter((r) => r.url.startsWith('/origin/'));
    expect(atOrigin).toHaveLength(1);
    expect(atOrigin[0].headers.cookie).toBeUndefined();
    expect(atOrigin[0].headers.authorization).toBeUndefined();
  });
});
