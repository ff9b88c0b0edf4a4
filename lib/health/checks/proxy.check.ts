import type { CheckContext, CheckOutcome } from './healthcheck.types';
import { joinUrl, probe } from './http-probe';

/**
 * "Check the reverse proxy vs storage": a location of the proxy that serves
 * the check file straight from the storage folder answers it. Then, when the
 * app answered X-Accel-Redirect, that internal location must NOT be served
 * to clients.
 */
export async function checkProxy(context: CheckContext): Promise<CheckOutcome> {
  const { proxyUrl, proxyCheckPath, timeoutMs } = context.options;
  if (!proxyUrl) return { part: 'proxy', status: 'skip', summary: 'no --proxy given' };
  const url = joinUrl(proxyUrl, proxyCheckPath);
  let answer;
  try {
    answer = await probe(url, timeoutMs);
  } catch (err) {
    return { part: 'proxy', status: 'fail', summary: `GET ${url}: ${(err as Error).message}`, details: ['Is the proxy running there?'] };
  }
  const got = `GET ${url} → ${answer.status}, ${answer.length} bytes`;
  if (answer.status !== 200 || (context.sha256 && answer.sha256 !== context.sha256)) {
    return {
      part: 'proxy',
      status: 'fail',
      summary: `${got}, expected 200 with the check file`,
      details: [
        'The proxy cannot serve the check file from storage: compare its folder (nginx `alias`, Apache `XSendFilePath`,',
        'lighttpd `x-sendfile-docroot`) and the healthcheck location with the storage folder.',
      ],
    };
  }
  const internal = context.offload?.name === 'x-accel-redirect' ? context.offload.value : undefined;
  if (internal?.startsWith('/')) {
    const leak = await probe(joinUrl(proxyUrl, internal), timeoutMs).catch(() => undefined);
    if (leak && leak.status === 200 && leak.sha256 === context.sha256) {
      return {
        part: 'proxy',
        status: 'fail',
        summary: `GET ${joinUrl(proxyUrl, internal)} → 200: the internal location is public`,
        details: ['Mark the offload location `internal;` so that clients cannot bypass the app.'],
      };
    }
  }
  return { part: 'proxy', status: 'pass', summary: `${got}, sha256 matches${internal ? `; ${internal} is not public` : ''}` };
}
