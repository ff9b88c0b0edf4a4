import { describeOffloadSuite, urlOf } from './support/offload-suite';

describeOffloadSuite('caddy', (suite) => {
  it("answers with file_server's own ETag and Accept-Ranges, and leaks no offload header", async () => {
    const s = suite();
    const direct = await s.direct(urlOf('media', s.fx.small.name));
    expect(direct.headers['x-accel-redirect']).toBe(`/protected/${s.fx.small.name}`);
    const res = await s.viaProxy(urlOf('media', s.fx.small.name));
    expect(res.headers.etag).toMatch(/^"[0-9a-z]+"$/);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(Object.keys(res.headers).filter((name) => name.startsWith('x-accel'))).toEqual([]);
  });

  it('answers several ranges as multipart/byteranges', async () => {
    const s = suite();
    const res = await s.viaProxy(urlOf('media', s.fx.big.name), { Range: 'bytes=0-9,100-109' });
    expect(res.status).toBe(206);
    expect(res.headers['content-type']).toMatch(/^multipart\/byteranges; boundary=/);
  });
});
