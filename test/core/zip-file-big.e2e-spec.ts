import type { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { ADAPTERS, appUrl, createTestApp } from '../support/test-app.factory';
import { runClient, sevenZip } from './support/zip-tools';
import { zipFileApp } from './zip-file.fixture';

/**
 * A ZIP64 archive past 4 GiB, made of sparse files (stored members: nothing
 * but a few bytes is really on disk), downloaded by curl -C - (resumed) and by
 * aria2c (ranged, 4 connections), then checked by unzip and 7z and compared
 * member by member through sha256 of `unzip -p`. About a minute per adapter on
 * 2 shared cores and 5 GiB of disk: run when ZIP_BIG_TESTS=1 (.ci/run sets it).
 */
const describeBig = process.env.ZIP_BIG_TESTS === '1' ? describe.each(ADAPTERS) : describe.skip.each(ADAPTERS);

const HEAD = Buffer.from('HEAD of the big member\n');
const TAIL = Buffer.from('TAIL of the big member\n');
const BIG_SIZE = 2 ** 32 + 4096; // over 4 GiB: a ZIP64 member
const ZEROS = Buffer.alloc(16 * 1024 * 1024);

/** sha256 and CRC-32 of HEAD + zeros + TAIL without reading the sparse file. */
function bigDigests(): { sha256: string; crc: number } {
  const hash = createHash('sha256').update(HEAD);
  let crc = crc32(HEAD);
  let zeros = BIG_SIZE - HEAD.length - TAIL.length;
  while (zeros > 0) {
    const chunk = ZEROS.subarray(0, Math.min(zeros, ZEROS.length));
    hash.update(chunk);
    crc = crc32(chunk, crc);
    zeros -= chunk.length;
  }
  return { sha256: hash.update(TAIL).digest('hex'), crc: crc32(TAIL, crc) };
}

/** sha256 of a stream of bytes from a command (e.g. `unzip -p`). */
function sha256Of(argv: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
    const hash = createHash('sha256');
    child.stdout.on('data', (chunk: Buffer) => hash.update(chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(hash.digest('hex')) : reject(new Error(`${argv.join(' ')}: exit ${code}`))));
  });
}

/** sha256 of a whole GET, never kept in memory. */
function sha256OfUrl(url: string): Promise<{ sha256: string; size: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      const hash = createHash('sha256');
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        size += chunk.length;
      });
      res.once('end', () => resolve({ sha256: hash.digest('hex'), size, headers: res.headers }));
      res.once('error', reject);
    }).once('error', reject);
  });
}

describeBig('ZipFile past 4 GiB (%s)', (adapter) => {
  let dir: string;
  let work: string;
  let app: INestApplication;
  let url: string;
  let big: { sha256: string; crc: number };
  const small = Buffer.from('a small member after the big one\n');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ndv-zip-big-'));
    work = path.join(dir, 'work');
    fs.mkdirSync(work);
    const fd = fs.openSync(path.join(dir, 'big.bin'), 'w');
    fs.writeSync(fd, HEAD, 0, HEAD.length, 0);
    fs.writeSync(fd, TAIL, 0, TAIL.length, BIG_SIZE - TAIL.length);
    fs.closeSync(fd);
    fs.writeFileSync(path.join(dir, 'after.txt'), small);
    big = bigDigests();
    const streams = { opened: 0, closed: 0 };
    app = await createTestApp(adapter, zipFileApp(dir, streams, { dir, names: ['big.bin', 'after.txt'], crcs: [big.crc, crc32(small)] }));
    url = `${await appUrl(app)}/zip/big`;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes with curl -C - and splits over aria2c connections; unzip, 7z and sha256 of every member agree', async () => {
    const started = Date.now();
    const whole = await sha256OfUrl(url);
    const size = Number(whole.headers['content-length']);
    expect(whole.size).toBe(size);
    expect(size).toBeGreaterThan(2 ** 32);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    const fullPass = Date.now() - started;

    // A download broken 3 GiB in (inside the big member's zeros: a sparse file stands for it), resumed.
    const resumed = path.join(work, 'resumed.zip');
    await runClient(['curl', '-sS', '--fail', '-r', '0-1048575', '-o', resumed, url]);
    fs.truncateSync(resumed, 3 * 2 ** 30);
    await runClient(['curl', '-sS', '--fail', '-C', '-', '-o', resumed, url], 180_000);
    expect(fs.statSync(resumed).size).toBe(size);
    expect(await fileSha256(resumed)).toBe(whole.sha256);
    fs.rmSync(resumed);

    const aria = path.join(work, 'aria.zip');
    await runClient(['aria2c', '-q', '-x4', '-s4', '-k64M', '--file-allocation=none', '--allow-overwrite=true', '-d', work, '-o', 'aria.zip', url], 180_000);
    expect(await fileSha256(aria)).toBe(whole.sha256);

    await runClient(['unzip', '-tq', aria], 180_000);
    await runClient([sevenZip(), 't', aria], 180_000);
    expect(await sha256Of(['unzip', '-p', aria, 'big.bin'])).toBe(big.sha256);
    expect(await sha256Of(['unzip', '-p', aria, 'after.txt'])).toBe(createHash('sha256').update(small).digest('hex'));
    // eslint-disable-next-line no-console
    console.log(`ZIP64 ${adapter}: ${size} B archive; one full pass ${fullPass} ms; whole test ${Date.now() - started} ms`);
  }, 600_000);
});

function fileSha256(file: string): Promise<string> {
  return sha256Of(['cat', file]);
}
