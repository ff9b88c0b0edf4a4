/**
 * `signing` option of DownloadModule: signed, expiring URLs checked by
 * `@SignatureRequired()`.
 *
 * @example
 * DownloadModule.forRoot({ storage, signing: { secrets: [process.env.URL_SECRET!, process.env.OLD_URL_SECRET!] } })
 */
export interface SigningOptions {
  /**
   * HMAC-SHA256 keys, at least 32 characters each. The first one signs; every
   * one verifies, so a new secret goes first and the old one stays until the
   * URLs it signed have expired (rotation).
   */
  secrets: string[];
  /** Lifetime of a signed URL in seconds (default 3600). */
  ttl?: number;
  /** Query parameter carrying the expiry, in seconds since the epoch (default `expires`). */
  expiresParam?: string;
  /** Query parameter carrying the signature (default `signature`). */
  signatureParam?: string;
}

/** Defaults of the optional signing options. */
export const SIGNING_DEFAULTS = {
  ttl: 3600,
  expiresParam: 'expires',
  signatureParam: 'signature',
} as const;

/** Shortest secret accepted: 32 characters (256 bits of hex, 192 of base64). */
export const MIN_SECRET_LENGTH = 32;
