import type { DownloadModuleOptions } from '../download-module-options.interface';
import { UrlSigner } from './url-signer.service';

const NEW_SECRET = 'n'.repeat(32);
const OLD_SECRET = 'o'.repeat(32);
const NOW = Date.UTC(2030, 0, 1);

/** A signer whose clock the test sets. */
class SignerAt extends UrlSigner {
  constructor(
    config: DownloadModuleOptions,
    public time = NOW,
  ) {
    super(config);
  }
  protected override now(): number {
    return this.time;
  }
}

const signer = (secrets = [NEW_SECRET], signing: object = {}) => new SignerAt({ signing: { secrets, ...signing } });

describe('UrlSigner', () => {
  it('adds the expiry and an HMAC-SHA256 signature (base64url) to the query', () => {
    const url = signer().sign('/signed/hello-world.txt');
    expect(url).toMatch(/^\/signed\/hello-world\.txt\?expires=1893459600&signature=[A-Za-z0-9_-]{43}$/);
    expect(signer().verify(url)).toEqual({ valid: true, expiresAt: new Date((NOW / 1000 + 3600) * 1000) });
  });

  it.each([
    ['a space', '/signed/notes/café menu.txt', '/signed/notes/caf%C3%A9%20menu.txt'],
    ['lower-case escapes', '/signed/notes/caf%c3%a9%20menu.txt', '/signed/notes/caf%C3%A9%20menu.txt'],
    ['an emoji', '/signed/🎉.txt', '/signed/%F0%9F%8E%89.txt'],
    ['reserved characters', "/signed/a+b,c;d=e@f:g!'().txt", "/signed/a%2Bb%2Cc%3Bd%3De%40f%3Ag!'().txt"],
  ])('signs a name with %s in one canonical form, and every spelling of it verifies', (_what, written, canonical) => {
    const url = signer().sign(written);
    expect(url.startsWith(`${canonical}?`)).toBe(true);
    const query = url.slice(url.indexOf('?'));
    expect(signer().verify(url).valid).toBe(true);
    expect(signer().verify(written + query).valid).toBe(true);
  });

  it('keeps an encoded slash distinct from a real one', () => {
    const url = signer().sign('/signed/a%2Fb.txt');
    expect(signer().verify(url.replace('a%2Fb', 'a/b'))).toMatchObject({ valid: false, reason: 'invalid' });
  });

  it('signs absolute URLs by their path, keeping origin, other parameters and fragment', () => {
    const url = signer().sign('https://cdn.example.com:8443/media/a b.pdf?download=1&lang=fr#page=2');
    expect(url).toMatch(
      /^https:\/\/cdn\.example\.com:8443\/media\/a%20b\.pdf\?download=1&lang=fr&expires=\d+&signature=[\w-]{43}#page=2$/,
    );
    expect(signer().verify(url).valid).toBe(true);
    // The path and expiry are signed, not the host nor the other parameters.
    const path = url.replace('https://cdn.example.com:8443', '').replace('#page=2', '');
    expect(signer().verify(path.replace('lang=fr', 'lang=en')).valid).toBe(true);
  });

  it('replaces an earlier expiry and signature when signing again', () => {
    const once = signer().sign('/signed/x.txt', { ttl: 10 });
    const twice = signer().sign(once, { ttl: 20 });
    expect(twice.match(/expires=/g)).toHaveLength(1);
    expect(twice.match(/signature=/g)).toHaveLength(1);
    expect(signer().verify(twice).valid).toBe(true);
  });

  it('refuses a URL replayed on another path', () => {
    const url = signer().sign('/signed/public.txt');
    expect(signer().verify(url.replace('public', 'secret'))).toEqual({
      valid: false,
      reason: 'invalid',
      message: 'The URL signature does not match this URL (it was changed, or signed for another path)',
    });
  });

  it('refuses a URL whose expiry was pushed back', () => {
    const url = signer().sign('/signed/x.txt', { ttl: 60 });
    const later = url.replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 3600}`);
    expect(signer().verify(later)).toMatchObject({ valid: false, reason: 'invalid' });
  });

  it('refuses a changed signature', () => {
    const url = signer().sign('/signed/x.txt');
    const flipped = url.replace(/signature=(.)/, (_m, c: string) => `signature=${c === 'A' ? 'B' : 'A'}`);
    expect(signer().verify(flipped)).toMatchObject({ valid: false, reason: 'invalid' });
  });

  it('refuses an expired URL, saying when it expired', () => {
    const url = signer().sign('/signed/x.txt', { expiresAt: new Date(NOW - 1000) });
    expect(signer().verify(url)).toEqual({
      valid: false,
      reason: 'expired',
      message: 'The signed URL expired at 2029-12-31T23:59:59.000Z',
    });
    const clock = signer();
    const fresh = clock.sign('/signed/x.txt', { ttl: 60 });
    clock.time = NOW + 60_000;
    expect(clock.verify(fresh)).toMatchObject({ valid: false, reason: 'expired' });
  });

  it.each([
    ['no query', '/signed/x.txt', 'missing'],
    ['no signature', '/signed/x.txt?expires=1893459600', 'missing'],
    ['a non-numeric expiry', '/signed/x.txt?expires=soon&signature=' + 'A'.repeat(43), 'malformed'],
    ['a short signature', '/signed/x.txt?expires=1893459600&signature=abc', 'malformed'],
    ['two signatures', '/signed/x.txt?expires=1893459600&signature=' + 'A'.repeat(43) + '&signature=' + 'B'.repeat(43), 'malformed'],
  ])('refuses a URL with %s (%s)', (_what, url, reason) => {
    expect(signer().verify(url)).toMatchObject({ valid: false, reason });
  });

  it('rotates secrets: the first signs, every one verifies', () => {
    const signedBefore = signer([OLD_SECRET]).sign('/signed/x.txt');
    const rotated = signer([NEW_SECRET, OLD_SECRET]);
    expect(rotated.verify(signedBefore).valid).toBe(true);
    const signedAfter = rotated.sign('/signed/x.txt');
    expect(signer([NEW_SECRET]).verify(signedAfter).valid).toBe(true);
    expect(signer([OLD_SECRET]).verify(signedAfter)).toMatchObject({ valid: false, reason: 'invalid' });
  });

  it('uses the configured lifetime and parameter names', () => {
    const url = signer([NEW_SECRET], { ttl: 60, expiresParam: 'e', signatureParam: 's' }).sign('/x');
    expect(url).toMatch(/^\/x\?e=1893456060&s=[\w-]{43}$/);
    expect(signer([NEW_SECRET], { expiresParam: 'e', signatureParam: 's' }).verify(url).valid).toBe(true);
  });

  it('says how to configure it when no secret is set', () => {
    const unconfigured = new UrlSigner({});
    expect(unconfigured.enabled).toBe(false);
    expect(() => unconfigured.sign('/x')).toThrow('URL signing is not configured: pass `signing: { secrets: [...] }`');
  });
});
