import { describeOffloadSuite, urlOf } from './support/offload-suite';

describeOffloadSuite('lighttpd', (suite) => {
  it('answers with its own ETag, as no app ETag is sent to it', async () => {
    const s = suite();
    const direct = await s.direct(urlOf('media', s.fx.small.name));
    expect(direct.headers.etag).toBeUndefined();
    const res = await s.viaProxy(urlOf('media', s.fx.small.name));
    expect(res.headers.etag).toMatch(/^"\d+"$/);
  });
});
