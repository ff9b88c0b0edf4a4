import { Inject, Injectable, Optional } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DOWNLOAD_CONFIG } from '../download.constants';
import type { DownloadModuleOptions } from '../download-module-options.interface';
import { safeSegments } from '../utils/confine-path.util';
import { PROXY_LINK_DEFAULT_TTL, type ProxyLinkOptions, type ProxyLinkSignOptions } from './proxy-link-options.interface';
import { proxyLinkUrl } from './proxy-link.util';
import { canonicalPath, paramValues, splitUrl, withoutParams } from './signed-url.util';
import { SIGNING_DEFAULTS, type SigningOptions } from './signing-options.interface';

/** Options of one `sign()` call. */
export interface SignOptions {
  /** Lifetime in seconds (default: the module's `signing.ttl`, else 3600). */
  ttl?: number;
  /** Exact expiry instead of a lifetime. */
  expiresAt?: Date;
}

/** Why a URL was refused. */
export type SignatureFailure = 'missing' | 'malformed' | 'invalid' | 'expired';

/** The outcome of `verify()`. */
export type SignatureCheck =
  | { valid: true; expiresAt: Date }
  | { valid: false; reason: SignatureFailure; message: string };

const SIGNATURE = /^[A-Za-z0-9_-]{43}$/; // base64url of 32 bytes, unpadded
const EXPIRY = /^\d{1,15}$/;

/**
 * Issues and checks signed, expiring URLs: an HMAC-SHA256, over the path in
 * canonical form and the expiry, carried in the query string with the expiry
 * (`?expires=1700000000&signature=...`). Other query parameters and the
 * host are not signed. Secrets come from DownloadModule's `signing` option.
 *
 * @example
 * const url = signer.sign('/signed/reports/résumé 2024.pdf');   // '/signed/reports/r%C3%A9sum%C3%A9%202024.pdf?expires=...&signature=...'
 */
@Injectable()
export class UrlSigner {
  constructor(@Optional() @Inject(DOWNLOAD_CONFIG) private readonly config?: DownloadModuleOptions) {}

  /** Whether secrets are configured. */
  get enabled(): boolean {
    return Boolean(this.config?.signing?.secrets?.length);
  }

  /** The signing options; throws a clear error when none are configured. */
  get options(): Required<SigningOptions> {
    const signing = this.config?.signing;
    if (!signing?.secrets?.length) {
      throw new Error(
        'URL signing is not configured: pass `signing: { secrets: [...] }` to DownloadModule.forRoot()',
      );
    }
    return { ...SIGNING_DEFAULTS, ...signing } as Required<SigningOptions>;
  }

  /**
   * Signs a path or an absolute URL the client will request, global prefix
   * included: answers it with its path in canonical percent-encoded form and
   * the expiry and signature added to its query (replacing earlier ones).
   */
  sign(url: string, options: SignOptions = {}): string {
    const { secrets, ttl, expiresParam, signatureParam } = this.options;
    const expiresMs = options.expiresAt?.getTime() ?? this.now() + (options.ttl ?? ttl) * 1000;
    if (!Number.isFinite(expiresMs)) throw new RangeError('sign(): invalid expiry');
    const expires = Math.floor(expiresMs / 1000);
    const parts = splitUrl(url);
    const path = canonicalPath(parts.path);
    const signature = this.digest(secrets[0], expires, path).toString('base64url');
    const params = [
      ...withoutParams(parts.params, [expiresParam, signatureParam]),
      `${expiresParam}=${expires}`,
      `${signatureParam}=${signature}`,
    ];
    return `${parts.origin}${path}?${params.join('&')}${parts.hash}`;
  }

  /**
   * Checks a URL as requested (path and query, or an absolute URL): its
   * signature must match its path and expiry under one of the secrets (in
   * constant time), and the expiry must not have passed.
   */
  verify(url: string): SignatureCheck {
    const { secrets, expiresParam, signatureParam } = this.options;
    const parts = splitUrl(url);
    const expiresValues = paramValues(parts.params, expiresParam);
    const signatureValues = paramValues(parts.params, signatureParam);
    if (expiresValues.length === 0 || signatureValues.length === 0) {
      return fail('missing', `The URL is not signed: it needs the "${expiresParam}" and "${signatureParam}" query parameters`);
    }
    const [expiresText] = expiresValues;
    const [signatureText] = signatureValues;
    if (expiresValues.length > 1 || signatureValues.length > 1 || !EXPIRY.test(expiresText) || !SIGNATURE.test(signatureText)) {
      return fail('malformed', 'The URL signature is malformed');
    }
    const expires = Number(expiresText);
    const given = Buffer.from(signatureText, 'base64url');
    const path = canonicalPath(parts.path);
    let matches = false;
    for (const secret of secrets) {
      // Every secret is tried, so the time taken does not tell which one matched.
      if (timingSafeEqual(given, this.digest(secret, expires, path))) matches = true;
    }
    if (!matches) {
      return fail('invalid', 'The URL signature does not match this URL (it was changed, or signed for another path)');
    }
    const expiresAt = new Date(expires * 1000);
    if (expires * 1000 <= this.now()) {
      return fail('expired', `The signed URL expired at ${expiresAt.toISOString()}`);
    }
    return { valid: true, expiresAt };
  }

  /**
   * A link the proxy checks itself (DownloadModule's `proxyLinks`: nginx
   * `secure_link`, lighttpd mod_magnet), for the file at `path` below the
   * entry's `sourceDir`: a relative name (string or segments) or an
   * absolute path inside the folder. Answers the path and query to give
   * out, e.g. `/links/a%20b.pdf?md5=...&expires=...` (nginx) or
   * `/links/<mac>/<hex expiry>/a%20b.pdf` (lighttpd). Throws for a name that
   * climbs out of the folder or holds a control character.
   *
   * @see docs/optimizations/verified-links.md
   */
  proxyLink(path: string | readonly string[], options: ProxyLinkSignOptions = {}): string {
    const links = this.config?.proxyLinks ?? [];
    const link = options.urlPrefix === undefined ? links[0] : links.find((l) => l.urlPrefix === options.urlPrefix);
    if (!link) {
      throw new Error(
        options.urlPrefix === undefined
          ? 'proxy links are not configured: pass `proxyLinks: [{ server, urlPrefix, sourceDir, secret }]` to DownloadModule.forRoot()'
          : `no proxyLinks entry has urlPrefix ${JSON.stringify(options.urlPrefix)}`,
      );
    }
    const segments = this.proxyLinkSegments(link, path);
    const expiresMs = options.expiresAt?.getTime() ?? this.now() + (options.ttl ?? link.ttl ?? PROXY_LINK_DEFAULT_TTL) * 1000;
    if (!Number.isFinite(expiresMs)) throw new RangeError('proxyLink(): invalid expiry');
    return proxyLinkUrl(link, segments, Math.floor(expiresMs / 1000));
  }

  /** The segments below the entry's folder, or a throw. */
  private proxyLinkSegments(link: ProxyLinkOptions, path: string | readonly string[]): string[] {
    const dir = link.sourceDir.replace(/\/+$/, '');
    let name = path;
    if (typeof name === 'string' && name.startsWith('/')) {
      if (!name.startsWith(`${dir}/`)) throw new Error(`proxyLink(): ${name} is not inside ${dir}`);
      name = name.slice(dir.length + 1);
    }
    const segments = safeSegments(name);
    // eslint-disable-next-line no-control-regex
    if (!segments || segments.some((s) => /[\u0000-\u001f\u007f]/.test(s))) {
      throw new Error(`proxyLink(): ${JSON.stringify(path)} is not a safe name below ${dir}`);
    }
    return segments;
  }

  /** The current time in ms; override to control the clock. */
  protected now(): number {
    return Date.now();
  }

  /** The HMAC of one (expiry, canonical path) pair. */
  protected digest(secret: string, expires: number, path: string): Buffer {
    return createHmac('sha256', secret).update(`${expires}\n${path}`).digest();
  }
}

function fail(reason: SignatureFailure, message: string): SignatureCheck {
  return { valid: false, reason, message };
}
