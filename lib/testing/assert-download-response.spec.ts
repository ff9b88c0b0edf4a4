import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { inject } from 'light-my-request';
import request from 'supertest';
import { assertDownloadResponse } from './assert-download-response';
import { DownloadAssertionError } from './download-assertion.error';

type Answer = { status?: number; headers: Record<string, string>; body: string | Buffer };

const HELLO: Answer = {
  headers: {
    'content-type': 'text/plain; charset=utf-8',
    'content-disposition': `attachment; filename="cafe menu.txt"; filename*=UTF-8''caf%C3%A9%20menu.txt`,
  },
  body: 'Hello world!\n',
};
const BINARY: Answer = {
  headers: { 'content-type': 'application/octet-stream', 'content-disposition': 'inline; filename="data.bin"' },
  body: Buffer.from([0xff, 0x00, 0x41]),
};

function handler(answer: Answer) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(answer.status ?? 200, answer.headers);
    res.end(answer.body);
  };
}

/** Bytes as the failure message shows them: `ff 00 41`. */
const hex = (bytes: Buffer) => [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');

function failure(fn: () => void): DownloadAssertionError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DownloadAssertionError) return err;
    throw err;
  }
  throw new Error('expected the assertion to fail');
}

describe('assertDownloadResponse', () => {
  describe.each([
    ['supertest', (answer: Answer) => request(createServer(handler(answer))).get('/')],
    ['Fastify inject()', (answer: Answer) => inject(handler(answer), { url: '/' })],
  ] as const)('with a %s response', (_client, get) => {
    it('passes when content, basename, type and attachment match', async () => {
      const response = await get(HELLO);
      expect(() =>
        assertDownloadResponse(response, {
          content: 'Hello world!\n',
          basename: 'café menu.txt',
          contentType: 'text/plain; charset=utf-8',
          mimeType: 'text/plain',
          attachment: true,
          status: 200,
        }),
      ).not.toThrow();
    });

    it('compares binary content byte for byte', async () => {
      const response = await get(BINARY);
      assertDownloadResponse(response, { content: Buffer.from([0xff, 0x00, 0x41]), attachment: false });
      const error = failure(() => assertDownloadResponse(response, { content: Buffer.from([0xff, 0x00, 0x42]) }));
      expect(error.message).toContain('expected: 3 bytes <ff 00 42>');
      expect(error.message).toContain('actual:   3 bytes <ff 00 41>');
      expect(error.message).toContain(
        [
          '    first difference at byte 2 (0x2); lengths: expected 3, actual 3',
          '    bytes 0..2 in hex, the first difference in [ ]:',
          '      expected: ff 00 [42] (end)',
          '      actual:   ff 00 [41] (end)',
        ].join('\n'),
      );
    });

    it('shows where a long binary body differs: the offset, the lengths and 16 bytes either side', async () => {
      const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
      const response = await get({ ...BINARY, body: bytes });
      const wanted = Buffer.from(bytes);
      wanted[3000] ^= 0xff;
      const error = failure(() => assertDownloadResponse(response, { content: wanted }));
      const around = (buffer: Buffer) =>
        `… ${hex(buffer.subarray(2984, 3000))} [${hex(buffer.subarray(3000, 3001))}] ${hex(buffer.subarray(3001, 3017))} …`;
      expect(error.message).toContain(
        [
          '    first difference at byte 3000 (0xbb8); lengths: expected 4096, actual 4096',
          '    bytes 2984..3016 in hex, the first difference in [ ]:',
          `      expected: ${around(wanted)}`,
          `      actual:   ${around(bytes)}`,
        ].join('\n'),
      );
    });

    it('shows where a binary body stops short of the expected one', async () => {
      const bytes = Buffer.from(Array.from({ length: 64 }, (_, i) => 255 - i));
      const response = await get({ ...BINARY, body: bytes.subarray(0, 40) });
      const error = failure(() => assertDownloadResponse(response, { content: bytes }));
      expect(error.message).toContain('first difference at byte 40 (0x28); lengths: expected 64, actual 40');
      expect(error.message).toContain(`      actual:   … ${hex(bytes.subarray(24, 40))} [end]\n`);
      expect(error.message).toContain(`      expected: … ${hex(bytes.subarray(24, 40))} [d7] ${hex(bytes.subarray(41, 57))} …\n`);
    });

    it('lists every wrong expectation with expected and actual values', async () => {
      const response = await get(HELLO);
      const error = failure(() =>
        assertDownloadResponse(response, { content: 'Bye\n', basename: 'hello.txt', mimeType: 'text/csv', attachment: false }),
      );
      expect(error.message).toMatch(/^Download response does not match \(4 differences\):/);
      expect(error.message).toContain(`basename (Content-Disposition filename)\n    expected: 'hello.txt'\n    actual:   'café menu.txt'`);
      expect(error.message).toContain(`content\n    expected: 4 bytes "Bye\\n"\n    actual:   13 bytes "Hello world!\\n"`);
      expect(error.message).toContain(`MIME type (Content-Type without parameters)\n    expected: 'text/csv'\n    actual:   'text/plain'`);
      expect(error.message).toContain(`attachment (Content-Disposition type)\n    expected: 'inline'\n    actual:   'attachment'`);
      expect(error.message).toContain('Response: status 200');
      expect(error.message).not.toContain('first difference'); // text is shown as text
      expect(error.mismatches).toHaveLength(4);
      expect(error.expected).toMatchObject({ 'basename (Content-Disposition filename)': 'hello.txt' });
    });

    it('expects 200 unless told, and fails on a 404 without Content-Disposition', async () => {
      const response = await get({ status: 404, headers: { 'content-type': 'application/json' }, body: '{}' });
      const error = failure(() => assertDownloadResponse(response));
      expect(error.message).toContain('status\n    expected: 200\n    actual:   404');
      expect(error.message).toContain('Content-Disposition header\n    expected: ');
      expect(error.message).toContain('actual:   (absent)');
    });

    it('accepts another status when told, e.g. 206 for a range', async () => {
      const response = await get({ ...HELLO, status: 206, body: 'Hello' });
      assertDownloadResponse(response, { status: 206, content: 'Hello' });
    });
  });

  it('accepts a plain { status, headers, body } response (fetch, node:http)', () => {
    assertDownloadResponse(
      { status: 200, headers: { 'Content-Disposition': 'attachment; filename="a.csv"', 'Content-Type': 'text/csv' }, body: 'a,b\n' },
      { basename: 'a.csv', mimeType: 'text/csv', content: 'a,b\n' },
    );
  });

  it('says how to fix a supertest response whose body was parsed, not kept', () => {
    const parsed = { status: 200, headers: { 'content-disposition': 'attachment; filename="a.json"' }, body: { a: 1 } };
    const error = failure(() => assertDownloadResponse(parsed, { content: '{"a":1}' }));
    expect(error.message).toContain('add .buffer(true) or use inject()');
  });

  it('reports an unparsable Content-Disposition instead of crashing', () => {
    const response = { status: 200, headers: { 'content-disposition': 'attachment; filename=' }, body: '' };
    const error = failure(() => assertDownloadResponse(response, { basename: 'x' }));
    expect(error.message).toContain('unparsable Content-Disposition');
  });
});
