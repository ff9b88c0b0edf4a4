import { Controller, Get, type INestApplication, Module, Param } from '@nestjs/common';
import * as http from 'node:http';
import { Download, DownloadModule, HttpFile } from 'nestjs-downloadview';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { FAULT_BODY, type FaultyOrigin, startFaultyOrigin, TRICKLE_BODY } from './support/faulty-origin';
import { eventually, openFdCount, settleFdCount, stableFdCount } from './support/open-fds';

/** HttpFile's timeout in these tests: for the remote headers, then between two chunks of the body. */
const TIMEOUT = 300;
/** A byte later than the timeout, and one well within it. */
const SLOW_BYTE = 2 * TIMEOUT;
const FAST_BYTE = 15;
/** Past this, the client calls it a hang and gives up (the test then fails). */
const CLIENT_LIMIT = 5_000;
/** Polls (10 ms apart) for the origin's sockets to close: 6 s at most. */
const SOCKET_TURNS = 600;

interface Outcome {
  status?: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The body ended normally (false: the connection was cut). */
  complete: boolean;
  /** The client gave up after CLIENT_LIMIT ms. */
  hung: boolean;
  ms: number;
}

/** One GET on a fresh connection, given up after CLIENT_LIMIT ms. */
function fetchOutcome(base: string, path: string): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let status: number | undefined;
    let headers: http.IncomingHttpHeaders = {};
    let done = false;
    const finish = (complete: boolean, hung = false) => {
      if (done) return;
      done = true;
      clearTimeout(limit);
      req.destroy();
      resolve({ status, headers, body: Buffer.concat(chunks), complete, hung, ms: Date.now() - started });
    };
    const req = http.get(`${base}${path}`, { agent: false, headers: { connection: 'close' } }, (res) => {
      status = res.statusCode;
      headers = res.headers;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => finish(res.complete));
      res.on('error', () => finish(false));
      res.on('close', () => finish(res.complete));
    });
    req.on('error', () => finish(false));
    const limit = setTimeout(() => finish(false, true), CLIENT_LIMIT);
  });
}

function faultsApp(origin: string) {
  @Controller('faults')
  class FaultsController {
    @Get(':name')
    @Download()
    byName(@Param('name') name: string) {
      return new HttpFile(`${origin}/${name}`, { timeout: TIMEOUT });
    }
  }

  @Module({ imports: [DownloadModule.forRoot()], controllers: [FaultsController] })
  class FaultsModule {}
  return { imports: [FaultsModule] };
}

describe.each(ADAPTERS)('HttpFile against a faulty origin (%s)', (adapter) => {
  let origin: FaultyOrigin;
  let app: INestApplication;
  let base: string;
  let baselineFds: number;
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);

  beforeAll(async () => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    origin = await startFaultyOrigin({ slow: SLOW_BYTE, fast: FAST_BYTE });
    app = await createTestApp(adapter, faultsApp(origin.url));
    base = await appUrl(app);
    expect((await fetchOutcome(base, '/faults/ok')).status).toBe(200);
    baselineFds = await stableFdCount();
  });

  afterEach(async () => {
    // No socket to the origin outlives its request (the app closes what it opened;
    // after a fetch aborted before the headers, undici may open a spare connection
    // that it closes after its 4 s keep-alive timeout, hence the bound)...
    expect(await eventually(() => origin.open.size === 0, SOCKET_TURNS)).toBe(true);
    // ...and the app still answers.
    const healthy = await fetchOutcome(base, '/faults/ok');
    expect(healthy).toMatchObject({ status: 200, complete: true });
    expect(healthy.body.equals(FAULT_BODY)).toBe(true);
  });

  afterAll(async () => {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    await app?.close();
    await origin?.close();
  });

  /** A cut connection: headers of a 200 with the announced length, fewer bytes, no clean end. */
  const expectCut = (outcome: Outcome) => {
    expect(outcome.hung).toBe(false);
    expect(outcome.status).toBe(200);
    expect(outcome.complete).toBe(false);
    expect(outcome.body.length).toBeLessThan(FAULT_BODY.length);
    expect(outcome.body.equals(FAULT_BODY.subarray(0, outcome.body.length))).toBe(true);
  };

  it.each([
    ['resets the connection before its headers', 502, 'reset-before-headers'],
    ['sends its headers byte by byte, slower than the timeout', 504, 'slow-headers'],
    ['sends headers, then stalls before the body', 504, 'stall-before-body'],
    ['sends headers, then its body slower than the timeout', 504, 'slow-body'],
  ])('answers an origin that %s with %d, within the timeout', async (_label, status, name) => {
    const outcome = await fetchOutcome(base, `/faults/${name}`);
    expect(outcome).toMatchObject({ hung: false, status, complete: true });
    expect(JSON.parse(outcome.body.toString())).toMatchObject({ statusCode: status });
    expect(outcome.ms).toBeLessThan(TIMEOUT * 4);
  });

  // fetch gives up after 20 redirects (502); the timeout covers them all, so a
  // loaded machine may reach it first (504): either way within the timeout.
  it.each([
    ['in a loop between two URLs', 'loop-a'],
    ['to itself', 'loop-self'],
  ])('answers an origin that redirects %s with 502 or 504, within the timeout', async (_label, name) => {
    const outcome = await fetchOutcome(base, `/faults/${name}`);
    expect(outcome).toMatchObject({ hung: false, complete: true });
    expect([502, 504]).toContain(outcome.status);
    expect(outcome.ms).toBeLessThan(TIMEOUT * 4);
    expect(origin.hits.get(`/${name}`)).toBeGreaterThan(1);
  });

  it.each([
    ['resets the connection in the middle of the body', 'reset-mid-body'],
    ['stalls in the middle of the body', 'stall-mid-body'],
    ['sends fewer bytes than its Content-Length', 'fewer-bytes'],
    ['sends a first byte, then the rest slower than the timeout', 'slow-body-after-first'],
  ])('cuts the connection when the origin %s, never a complete-looking body', async (_label, name) => {
    const outcome = await fetchOutcome(base, `/faults/${name}`);
    expectCut(outcome);
    expect(outcome.headers['content-length']).toBe(String(FAULT_BODY.length));
    expect(outcome.ms).toBeLessThan(TIMEOUT * 4);
  });

  it('sends exactly the announced bytes when the origin sends more than its Content-Length', async () => {
    const outcome = await fetchOutcome(base, '/faults/more-bytes');
    expect(outcome).toMatchObject({ hung: false, status: 200 });
    expect(outcome.headers['content-length']).toBe('40');
    // The 40 bytes the origin announced, or a cut connection: never the extra bytes.
    if (outcome.complete) expect(outcome.body.equals(FAULT_BODY.subarray(0, 40))).toBe(true);
    else expect(outcome.body.length).toBeLessThan(40);
  });

  it('waits for an origin that is slow but alive: the timeout is between bytes, not for the whole body', async () => {
    const outcome = await fetchOutcome(base, '/faults/trickle');
    expect(outcome).toMatchObject({ hung: false, status: 200, complete: true });
    expect(outcome.body.equals(TRICKLE_BODY)).toBe(true);
    expect(outcome.ms).toBeGreaterThan(TIMEOUT);
  });

  it('leaves no file descriptor open and never crashed', async () => {
    expect(await settleFdCount(baselineFds)).toBeLessThanOrEqual(baselineFds);
    expect(openFdCount()).toBeLessThanOrEqual(baselineFds);
    expect(crashes).toEqual([]);
  });
});
