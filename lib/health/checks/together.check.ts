import type { CheckContext, CheckOutcome } from './healthcheck.types';
import { joinUrl, probe } from './http-probe';

/**
 * "Check them all together": the app's check route, asked through the
 * proxy, returns the check file, with no offload header leaking.
 */
export async function checkTogether(context: CheckContext): Promise<CheckOutcome> {
  const { proxyUrl, checkPath, timeoutMs } = context.options;
  if (!proxyUrl) return { part: 'together', status: 'skip', summary: 'no --proxy given' };
  const url = joinUrl(proxyUrl, checkPath);
  let answer;
  try {
    answer = await probe(url, timeoutMs);
  } catch (err) {
    return { part: 'together', status: 'fail', summary: `GET ${url}: ${(err as Error).message}` };
  }
  const got = `GET ${url} → ${answer.status}, ${answer.length} bytes`;
  const leaked = ['x-accel-redirect', 'x-sendfile'].filter((header) => answer.headers[header] !== undefined);
  if (leaked.length) {
    return {
      part: 'together',
      status: 'fail',
      summary: `${got} with ${leaked.join(', ')} passed to the client`,
      details: ['The proxy does not act on the offload header (X-Sendfile not enabled, or the wrong header for this proxy).'],
    };
  }
  if (answer.status !== 200 || (context.sha256 !== undefined && answer.sha256 !== context.sha256)) {
    return { part: 'together', status: 'fail', summary: `${got}, expected 200 with the check file` };
  }
  const verified = context.sha256 === undefined ? 'content not verified (no sha256 known)' : 'sha256 matches';
  return { part: 'together', status: 'pass', summary: `${got}, ${verified}` };
}
