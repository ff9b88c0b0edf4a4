import type { OutgoingHttpHeaders } from 'node:http';
import type { DownloadResponse } from '../../response/download.response';
import type { OffloadRule } from '../offload-rule.interface';
import { type OffloadTarget, targetUrl } from '../offload-rules';
import { offloadedHeaders, XAccelRedirectResponse } from '../proxied-download.response';
import type { OffloadBackend } from './offload-backend.interface';

const isWholeNumber = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * nginx (django-downloadview's XAccelRedirectMiddleware): `X-Accel-Redirect`
 * to an `internal` location, each path segment percent-encoded (nginx
 * decodes the value once). Also offloads remote files (HttpFile) to a
 * location that proxies their origin.
 *
 * The charset travels in Content-Type: nginx ignores `X-Accel-Charset`
 * unless its config declares that charset.
 */
export class NginxBackend implements OffloadBackend {
  readonly name: string = 'nginx';
  readonly destinationKind = 'url' as const;
  readonly offloadsRemoteFiles: boolean = true;
  readonly needsStat: boolean = false;
  readonly extraRuleOptions: readonly (keyof OffloadRule)[] = ['expires', 'withBuffering', 'limitRate'];

  checkRule(rule: OffloadRule): string[] {
    const problems: string[] = [];
    const { expires, withBuffering, limitRate } = rule;
    if (
      expires !== undefined &&
      expires !== false &&
      !isWholeNumber(expires) &&
      !(expires instanceof Date && !Number.isNaN(expires.getTime()))
    ) {
      problems.push(`expires must be whole seconds >= 0, a valid Date or false, got ${show(expires)}`);
    }
    if (withBuffering !== undefined && typeof withBuffering !== 'boolean') {
      problems.push(`withBuffering must be true or false, got ${show(withBuffering)}`);
    }
    if (limitRate !== undefined && limitRate !== false && !isWholeNumber(limitRate)) {
      problems.push(`limitRate must be whole bytes per second >= 0 or false, got ${show(limitRate)}`);
    }
    return problems;
  }

  createResponse(download: DownloadResponse, target: OffloadTarget): XAccelRedirectResponse | undefined {
    const url = targetUrl(target);
    if (url === undefined) return undefined;
    const headers = offloadedHeaders(download);
    headers['x-accel-redirect'] = url;
    Object.assign(headers, this.accelHeaders(target.rule.options));
    return new XAccelRedirectResponse(download, headers, this.name);
  }

  /** `X-Accel-Buffering`, `X-Accel-Expires` and `X-Accel-Limit-Rate` from a rule. */
  protected accelHeaders(rule: OffloadRule): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {};
    if (rule.withBuffering !== undefined) headers['x-accel-buffering'] = rule.withBuffering ? 'yes' : 'no';
    if (rule.expires === false) headers['x-accel-expires'] = 'off';
    else if (rule.expires instanceof Date) headers['x-accel-expires'] = `@${Math.floor(rule.expires.getTime() / 1000)}`;
    else if (rule.expires !== undefined) headers['x-accel-expires'] = String(rule.expires);
    if (rule.limitRate === false) headers['x-accel-limit-rate'] = 'off';
    else if (rule.limitRate !== undefined) headers['x-accel-limit-rate'] = String(rule.limitRate);
    return headers;
  }
}

function show(value: unknown): string {
  return value instanceof Date ? 'an invalid Date' : JSON.stringify(value) ?? String(value);
}
