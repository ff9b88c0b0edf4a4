import { describeOffloadSuite, urlOf } from './support/offload-suite';

describeOffloadSuite('nginx', (suite) => {
  it("sends the rule's X-Accel options to nginx, which keeps them to itself", async () => {
    const s = suite();
    const direct = await s.direct(urlOf('media', s.fx.small.name));
    expect(direct.headers).toMatchObject({
      'x-accel-buffering': 'no',
      'x-accel-expires': '3600',
      'x-accel-limit-rate': '1073741824',
    });
    const res = await s.viaProxy(urlOf('media', s.fx.small.name));
    expect(res.body.toString()).toBe(s.fx.small.text);
    expect(Object.keys(res.headers).filter((name) => name.startsWith('x-accel'))).toEqual([]);
  });

  it("answers with nginx's own strong ETag (it replaces the app's validators)", async () => {
    const s = suite();
    const res = await s.viaProxy(urlOf('media', s.fx.small.name));
    expect(res.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(res.headers['accept-ranges']).toBe('bytes');
  });
});
