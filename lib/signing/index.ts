export { UrlSigner, type SignatureCheck, type SignatureFailure, type SignOptions } from './url-signer.service';
export { SignatureGuard } from './signature.guard';
export { SignatureRequired } from './signature-required.decorator';
export type { SigningOptions } from './signing-options.interface';
export { canonicalPath } from './signed-url.util';
export type { ProxyLinkOptions, ProxyLinkServer, ProxyLinkSignOptions } from './proxy-link-options.interface';
