import type { DownloadResponse } from '../../response/download.response';
import type { OffloadBackend, OffloadRule, OffloadTarget } from '../offload-rule.interface';
import { PresignedRedirectResponse } from '../proxied-download.response';

/**
 * No proxy: the client itself fetches the object from the store, sent there
 * with a 302 (or `redirectStatus: 307`) to a short-lived presigned URL that
 * carries the streamed answer's Content-Disposition, Content-Type,
 * Content-Encoding and Cache-Control as response overrides. For
 * `sourceStorage` rules only (an `S3Storage`); `OffloadService` checks the
 * object exists (one HeadObject) and presigns, this backend writes the answer.
 */
export class RedirectBackend implements OffloadBackend {
  readonly name: string = 'redirect';
  readonly destinationKind = 'redirect' as const;
  readonly offloadsRemoteFiles: boolean = false;
  readonly needsStat: boolean = true;
  readonly extraRuleOptions: readonly (keyof OffloadRule)[] = ['redirectStatus'];

  checkRule(rule: OffloadRule): string[] {
    const problems: string[] = [];
    if (rule.sourceStorage === undefined) problems.push(`${this.name} needs sourceStorage (a storage that presigns URLs, e.g. an S3Storage)`);
    const status = rule.redirectStatus;
    if (status !== undefined && status !== 302 && status !== 307) {
      problems.push(`redirectStatus must be 302 or 307, got ${JSON.stringify(status) ?? String(status)}`);
    }
    return problems;
  }

  createResponse(download: DownloadResponse, target: OffloadTarget): PresignedRedirectResponse | undefined {
    if (target.url === undefined) return undefined;
    const headers = { location: target.url, 'cache-control': 'no-store' };
    return new PresignedRedirectResponse(download, headers, this.name, target.rule.options.redirectStatus ?? 302);
  }
}
