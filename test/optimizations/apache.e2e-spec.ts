import { describeOffloadSuite, urlOf } from './support/offload-suite';

describeOffloadSuite('apache', (suite) => {
  it("answers with the app's weak ETag (never Apache's \"0\") and honours it", async () => {
    const s = suite();
    const direct = await s.direct(urlOf('media', s.fx.big.name));
    expect(direct.headers.etag).toMatch(/^W\/"/);
    const res = await s.viaProxy(urlOf('media', s.fx.big.name), {}, 'HEAD');
    expect(res.headers.etag).toBe(direct.headers.etag);
    const fresh = await s.viaProxy(urlOf('media', s.fx.big.name), { 'If-None-Match': direct.headers.etag as string });
    expect(fresh.status).toBe(304);
  });

  it('answers Range requests although it sends no Accept-Ranges', async () => {
    const s = suite();
    const res = await s.viaProxy(urlOf('media', s.fx.big.name), { Range: 'bytes=-10' });
    expect(res.headers['accept-ranges']).toBeUndefined();
    expect(res.status).toBe(206);
    expect(res.body.equals(s.fx.big.bytes.subarray(s.fx.big.size - 10))).toBe(true);
  });
});
