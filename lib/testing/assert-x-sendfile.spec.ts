import { createServer } from 'node:http';
import { inject } from 'light-my-request';
import request from 'supertest';
import { assertXSendfile, decodeXSendfile } from './assert-x-sendfile';
import { DownloadAssertionError } from './download-assertion.error';

const FILE = '/srv/media/notes/café menu.txt';
/** What each server reads (measured, see test/proxies/README.md). */
const APACHE_VALUE = Buffer.from(FILE, 'utf8').toString('latin1');
const LIGHTTPD_VALUE = '/srv/media/notes/caf%C3%A9%20menu.txt';
const DESCRIPTION = {
  'content-type': 'text/plain; charset=utf-8',
  'content-disposition': `attachment; filename="cafe menu.txt"; filename*=UTF-8''caf%C3%A9%20menu.txt`,
};

function answer(value: string) {
  return (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(200, { ...DESCRIPTION, 'x-sendfile': value });
    res.end();
  };
}

function messageOf(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DownloadAssertionError);
    return (err as Error).message;
  }
  throw new Error('expected the assertion to fail');
}

describe('assertXSendfile', () => {
  it.each([
    ['apache', APACHE_VALUE],
    ['lighttpd', LIGHTTPD_VALUE],
  ] as const)('reads the path as %s encodes it, through supertest and inject()', async (server, value) => {
    for (const response of [await request(createServer(answer(value))).get('/'), await inject(answer(value), { url: '/' })]) {
      assertXSendfile(response, {
        filePath: FILE,
        basename: 'café menu.txt',
        contentType: 'text/plain; charset=utf-8',
        server,
      });
      assertXSendfile(response, { filePath: FILE }); // no server named: either form
    }
  });

  it('fails when the path is encoded for the other server', async () => {
    const response = await inject(answer(LIGHTTPD_VALUE), { url: '/' });
    const message = messageOf(() => assertXSendfile(response, { filePath: FILE, server: 'apache' }));
    expect(message).toContain(`X-Sendfile (as apache reads it)\n    expected: '${FILE}'\n    actual:   '${LIGHTTPD_VALUE}'`);
    expect(message).toContain(`header value as sent: "${LIGHTTPD_VALUE}"`);
  });

  it('fails on another file, showing both readings', async () => {
    const response = await inject(answer(APACHE_VALUE), { url: '/' });
    const message = messageOf(() => assertXSendfile(response, { filePath: '/srv/media/other.txt' }));
    expect(message).toContain(`expected: '/srv/media/other.txt'`);
    expect(message).toContain(`apache: '${FILE}'`);
  });

  it('fails on a response without X-Sendfile', () => {
    const message = messageOf(() => assertXSendfile({ status: 200, headers: DESCRIPTION, body: 'Hello' }));
    expect(message).toContain(`X-Sendfile\n    expected: '(present)'\n    actual:   (absent)`);
    expect(message).toContain('body');
  });

  it('decodes a malformed lighttpd escape to nothing rather than throwing', () => {
    expect(decodeXSendfile('/srv/%ZZ.txt', 'lighttpd')).toBeUndefined();
  });
});
