import { createServer } from 'node:http';
import { inject } from 'light-my-request';
import request from 'supertest';
import { assertXAccelRedirect } from './assert-x-accel-redirect';
import { DownloadAssertionError } from './download-assertion.error';

const OFFLOADED = {
  'x-accel-redirect': '/protected/caf%C3%A9%20menu.txt',
  'x-accel-expires': '3600',
  'x-accel-buffering': 'no',
  'x-accel-limit-rate': 'off',
  'content-type': 'text/plain; charset=utf-8',
  'content-disposition': `attachment; filename="cafe menu.txt"; filename*=UTF-8''caf%C3%A9%20menu.txt`,
};

function answer(headers: Record<string, string>, body = '', status = 200) {
  return (_req: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(status, headers);
    res.end(body);
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

describe('assertXAccelRedirect', () => {
  it.each([
    ['supertest', () => request(createServer(answer(OFFLOADED))).get('/')],
    ['Fastify inject()', () => inject(answer(OFFLOADED), { url: '/' })],
  ])('passes on a matching %s response, comparing header VALUES', async (_client, get) => {
    const response = await get();
    assertXAccelRedirect(response, {
      redirectUrl: '/protected/caf%C3%A9%20menu.txt',
      basename: 'café menu.txt',
      contentType: 'text/plain; charset=utf-8',
      charset: null,
      expires: 3600,
      withBuffering: false,
      limitRate: false,
    });
  });

  it('matches the redirect URL whether the expectation is percent-encoded or not', () => {
    const response = { status: 200, headers: OFFLOADED, body: '' };
    assertXAccelRedirect(response, { redirectUrl: '/protected/café menu.txt' });
    expect(messageOf(() => assertXAccelRedirect(response, { redirectUrl: '/protected/cafe menu.txt' }))).toContain(
      `X-Accel-Redirect\n    expected: '/protected/cafe menu.txt'\n    actual:   '/protected/caf%C3%A9%20menu.txt'`,
    );
  });

  it('tells "absent" (null) from "off" (false) from a value', () => {
    const response = { status: 200, headers: OFFLOADED, body: '' };
    const message = messageOf(() =>
      assertXAccelRedirect(response, { expires: null, limitRate: 1024, withBuffering: true, charset: 'utf-8' }),
    );
    expect(message).toContain(`x-accel-expires\n    expected: '(absent)'\n    actual:   '3600'`);
    expect(message).toContain(`x-accel-limit-rate\n    expected: '1024'\n    actual:   'off'`);
    expect(message).toContain(`x-accel-buffering\n    expected: 'yes'\n    actual:   'no'`);
    expect(message).toContain(`x-accel-charset\n    expected: 'utf-8'\n    actual:   (absent)`);
  });

  it('reads a Date expiry as nginx\'s @epoch form', () => {
    const response = { status: 200, headers: { ...OFFLOADED, 'x-accel-expires': '@1700000000' }, body: '' };
    assertXAccelRedirect(response, { expires: new Date(1_700_000_000_000) });
  });

  it('fails on a streamed download: no header, a body', async () => {
    const streamed = await inject(answer({ 'content-type': 'text/plain' }, 'Hello world!\n'), { url: '/' });
    const message = messageOf(() => assertXAccelRedirect(streamed));
    expect(message).toContain(`X-Accel-Redirect\n    expected: '(present)'\n    actual:   (absent)`);
    expect(message).toContain('body\n    expected: ');
    expect(message).toContain('actual:   13 bytes "Hello world!\\n"');
  });

  it('fails on a status other than 200, which a proxy would not act on', () => {
    const message = messageOf(() => assertXAccelRedirect({ status: 206, headers: OFFLOADED, body: '' }));
    expect(message).toContain('status\n    expected: 200\n    actual:   206');
  });
});
