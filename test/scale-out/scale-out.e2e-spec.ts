import { createHash, randomBytes } from 'node:crypto';
import { S3Storage } from 'nestjs-downloadview';
import { getFreePort } from '../proxies/net-port';
import { describeProxy, type RunningProxy, startProxy } from '../proxies/proxy-server';
import { makeTempDir, removeTempDir } from '../proxies/temp-dir';
import { type RunningS3Server, startS3Server } from '../support/s3-server';
import { ADAPTERS, type AdapterName } from '../support/test-app.factory';
import { scaleOutConfig } from './scale-out.config';
import { type InstanceEnv, type RunningInstance, startInstance } from './scale-out-instance.process';

/*
 * Issue 11 item 4, docs/scaling.md: two app instances (one Express, one
 * Fastify, separate processes, nothing shared but their configuration) serve
 * the files of one S3 server behind one nginx. A bounded load of streamed,
 * ranged, signed-URL and offloaded (nginx fetches from S3) downloads runs
 * while one instance crashes (SIGKILL) and starts again. Every download
 * started after nginx marked the instance down must succeed, every body
 * compared with the object by SHA-256.
 */

const OBJECTS = [
  { name: 'exports/big.bin', size: 3 * 1024 * 1024 },
  { name: 'photos/été 2026.jpg', size: 300 * 1024 },
  { name: 'notes/read me 📄.txt', size: 20 * 1024 },
];
const CONCURRENCY = 4;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const urlPath = (name: string) => name.split('/').map(encodeURIComponent).join('/');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Kind = 'streamed' | 'ranged' | 'signed' | 'offloaded';

interface Download {
  kind: Kind;
  name: string;
  startedAt: number;
  ok: boolean;
  error?: string;
  /**
   * x-instance of the answers: the link's then the file's for a signed download.
   * None for an offloaded one: nginx keeps only a few of the instance's headers
   * (Content-Type, Content-Disposition...) when it follows X-Accel-Redirect.
   */
  servedBy: string[];
}

describeProxy('nginx', () => {
  describe.each(ADAPTERS)('two instances, the %s one crashes and starts again', (victimAdapter: AdapterName) => {
    const survivorAdapter: AdapterName = victimAdapter === 'express' ? 'fastify' : 'express';
    const bodies = new Map<string, Buffer>();
    let s3: RunningS3Server;
    let proxy: RunningProxy;
    let emptyDir: string;
    let victimEnv: InstanceEnv;
    /** The config nginx runs (the last one generated: the harness retries on a port race). */
    let runningConfig = '';
    let instanceAddresses: string[] = [];
    const instances: RunningInstance[] = [];

    beforeAll(async () => {
      s3 = await startS3Server('scale-out');
      const client = s3.createClient();
      const storage = new S3Storage({ client, bucket: s3.bucket });
      for (const { name, size } of OBJECTS) {
        const body = randomBytes(size);
        bodies.set(name, body);
        await storage.save(name, body);
      }
      client.destroy();

      const shared = {
        s3Endpoint: s3.endpoint,
        bucket: s3.bucket,
        accessKeyId: s3.credentials.accessKeyId,
        secretAccessKey: s3.credentials.secretAccessKey,
        signingSecret: randomBytes(32).toString('hex'), // one secret, given to both by configuration
      };
      victimEnv = { ...shared, name: victimAdapter, adapter: victimAdapter, port: await getFreePort() };
      const survivorEnv = { ...shared, name: survivorAdapter, adapter: survivorAdapter, port: await getFreePort() };
      instances.push(...(await Promise.all([startInstance(victimEnv), startInstance(survivorEnv)])));

      emptyDir = await makeTempDir('nestjs-dv-scale-out');
      proxy = await startProxy('nginx', {
        appPort: victimEnv.port,
        dirs: { files: emptyDir }, // nothing is served from disk here
        // The config of docs/scaling.md, generated for this run: both instances as the upstream.
        config: (run) =>
          (runningConfig = scaleOutConfig({
            listen: `127.0.0.1:${run.port}`,
            instances: (instanceAddresses = [`127.0.0.1:${victimEnv.port}`, `127.0.0.1:${survivorEnv.port}`]),
            s3Endpoint: s3.endpoint,
            bucket: s3.bucket,
            runtimeDir: run.tmpDir,
            user: run.user,
            group: run.group,
          })),
      });
    }, 60_000);

    afterAll(async () => {
      await proxy?.stop();
      await Promise.all(instances.map((instance) => instance.stop()));
      await s3?.close();
      if (emptyDir) await removeTempDir(emptyDir);
    });

    it("runs what generateProxyConfig() makes of the instances' offload rule, with both instances as the upstream", () => {
      // The upstream of the bucket (http level), then the internal location and its 404 (server level).
      expect(runningConfig).toContain(`    upstream nestjs_downloadview_objects_0 {\n        server ${new URL(s3.endpoint).host};\n`);
      expect(runningConfig).toContain('        location ~ ^/s3-objects/(.*) {\n            internal;\n');
      expect(runningConfig).toContain(`proxy_pass http://nestjs_downloadview_objects_0/${s3.bucket}/$1$is_args$args;`);
      // Both instances, each marked down for 2 s after one failure, and the failover of the catch-all location.
      expect(instanceAddresses).toHaveLength(2);
      for (const address of instanceAddresses) expect(runningConfig).toContain(`        server ${address} max_fails=1 fail_timeout=2s;\n`);
      expect(runningConfig).toContain('        zone nestjs_downloadview_app 64k;\n');
      expect(runningConfig).toContain('        keepalive_timeout 4s;\n');
      const catchAll = runningConfig.slice(runningConfig.indexOf('        location / {'));
      expect(catchAll).toContain('proxy_pass http://nestjs_downloadview_app;');
      expect(catchAll).toContain('proxy_next_upstream error timeout http_503;\n            proxy_next_upstream_tries 2;\n            proxy_connect_timeout 1s;');
      // Exactly the generator's output, nothing edited by hand.
      const port = new URL(proxy.url).port;
      expect(runningConfig).toBe(
        scaleOutConfig({
          listen: `127.0.0.1:${port}`,
          instances: instanceAddresses,
          s3Endpoint: s3.endpoint,
          bucket: s3.bucket,
          runtimeDir: proxy.tmpDir,
          user: runningConfig.match(/^user (\S+) (\S+);$/m)![1],
          group: runningConfig.match(/^user (\S+) (\S+);$/m)![2],
        }),
      );
    });

    /** One download through nginx, its body compared with the object (or the range of it). */
    async function download(kind: Kind, name: string): Promise<Download> {
      const record: Download = { kind, name, startedAt: Date.now(), ok: false, servedBy: [] };
      const object = bodies.get(name)!;
      const signal = AbortSignal.timeout(15_000);
      try {
        let url = `${proxy.url}/${kind === 'offloaded' ? 'offloaded' : 'files'}/${urlPath(name)}`;
        let expected = object;
        const headers: Record<string, string> = {};
        if (kind === 'signed') {
          const link = await fetch(`${proxy.url}/links/${urlPath(name)}`, { signal });
          record.servedBy.push(link.headers.get('x-instance') ?? '?');
          if (link.status !== 200) throw new Error(`link: ${link.status}`);
          url = `${proxy.url}${((await link.json()) as { url: string }).url}`;
        } else if (kind === 'ranged') {
          // Half of them at the end of the object, the others anywhere.
          const start = Math.random() < 0.5 ? object.length - 1000 : Math.floor(Math.random() * (object.length - 1));
          const end = Math.min(object.length - 1, start + Math.floor(Math.random() * 256 * 1024));
          headers.range = `bytes=${start}-${end}`;
          expected = object.subarray(start, end + 1);
        }
        const res = await fetch(url, { headers, signal });
        if (kind !== 'offloaded') record.servedBy.push(res.headers.get('x-instance') ?? '?');
        // Sent by nginx from S3: the instance's own headers did not come through, its bytes neither.
        else if (res.headers.has('x-instance')) throw new Error(`not offloaded: streamed by ${res.headers.get('x-instance')}`);
        const body = Buffer.from(await res.arrayBuffer());
        const status = kind === 'ranged' ? 206 : 200;
        if (res.status !== status) throw new Error(`status ${res.status}, expected ${status}`);
        if (body.length !== expected.length || sha256(body) !== sha256(expected)) {
          throw new Error(`corrupted: ${body.length} bytes, sha256 ${sha256(body)} (expected ${expected.length}, ${sha256(expected)})`);
        }
        record.ok = true;
      } catch (error) {
        record.error = (error as Error).message;
      }
      return record;
    }

    /** Resolves when nginx's error log says the victim was marked down, with the time it noticed. */
    async function markedDown(timeoutMs: number): Promise<number> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (/upstream server temporarily disabled/.test(proxy.logs())) return Date.now();
        await sleep(10);
      }
      throw new Error(`nginx did not mark the instance down within ${timeoutMs} ms\n${proxy.logs()}`);
    }

    it('loses no download started after nginx marked the crashed instance down, and takes it back once restarted', async () => {
      const done: Download[] = [];
      let loading = true;
      const kinds: Kind[] = ['streamed', 'ranged', 'signed', 'offloaded'];
      let next = 0;
      const worker = async () => {
        while (loading) {
          const n = next++;
          done.push(await download(kinds[n % kinds.length], OBJECTS[Math.floor(n / kinds.length) % OBJECTS.length].name));
        }
      };
      const workers = Array.from({ length: CONCURRENCY }, worker);

      await sleep(2_000); // both instances serving
      const crashedAt = Date.now();
      await instances[0].crash();
      const downAt = await markedDown(5_000);
      await sleep(2_000); // the survivor alone
      instances[0] = await startInstance(victimEnv);
      const restartedAt = Date.now();
      // Until the restarted instance has served a few downloads again (bounded).
      const servedByVictimAfter = () =>
        done.filter((d) => d.startedAt > restartedAt && d.ok && d.servedBy.at(-1) === victimAdapter).length;
      const deadline = Date.now() + 15_000;
      while (servedByVictimAfter() < 5 && Date.now() < deadline) await sleep(100);
      loading = false;
      await Promise.all(workers);

      const afterDown = done.filter((d) => d.startedAt >= downAt);
      const summary = {
        downloads: done.length,
        afterMarkedDown: afterDown.length,
        failedAfterMarkedDown: afterDown.filter((d) => !d.ok),
        // In flight at the crash: they may be cut (never silently: the hash or the length says so).
        failedBeforeMarkedDown: done.filter((d) => d.startedAt < downAt && !d.ok).length,
        kinds: Object.fromEntries(kinds.map((k) => [k, afterDown.filter((d) => d.kind === k).length])),
      };
      // The figures docs/scaling.md quotes.
      console.info(`scale-out (${victimAdapter} crashed): ${JSON.stringify({ ...summary, failedAfterMarkedDown: summary.failedAfterMarkedDown.length, markedDownAfterMs: downAt - crashedAt })}`);
      expect(summary).toMatchObject({ failedAfterMarkedDown: [] });
      expect(summary.kinds).toEqual({
        streamed: expect.any(Number),
        ranged: expect.any(Number),
        signed: expect.any(Number),
        offloaded: expect.any(Number),
      });
      for (const count of Object.values(summary.kinds)) expect(count).toBeGreaterThan(0);
      expect(done.filter((d) => d.startedAt >= crashedAt).length).toBeGreaterThan(0);
      // Both instances served before the crash, the survivor alone while it was down, the victim again after its restart.
      const before = done.filter((d) => d.startedAt < crashedAt && d.ok && d.servedBy.length > 0).map((d) => d.servedBy.at(-1));
      expect(new Set(before)).toEqual(new Set([victimAdapter, survivorAdapter]));
      const whileDown = done.filter((d) => d.startedAt >= downAt && d.startedAt < restartedAt - 1_000);
      expect(whileDown.every((d) => d.servedBy.every((name) => name === survivorAdapter))).toBe(true);
      expect(servedByVictimAfter()).toBeGreaterThanOrEqual(5);
      // A link signed by one instance is served by the other: the secrets are shared by configuration.
      const crossSigned = done.filter((d) => d.kind === 'signed' && d.ok && new Set(d.servedBy).size === 2);
      expect(crossSigned.length).toBeGreaterThan(0);
    }, 60_000);
  });
});
