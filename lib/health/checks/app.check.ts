import type { CheckContext, CheckOutcome } from './healthcheck.types';
import { joinUrl, probe, readableHeader } from './http-probe';

const OFFLOAD_HEADERS = ['x-accel-redirect', 'x-sendfile'];

/**
 * "Check the app vs storage": the app alone, asked for the check file,
 * answers an empty 200 with the offload header (X-Accel-Redirect,
 * X-Sendfile) instead of streaming the file.
 */
export async function checkApp(context: CheckContext): Promise<CheckOutcome> {
  const { appUrl, checkPath, offloadHeader, timeoutMs } = context.options;
  if (!appUrl) return { part: 'app', status: 'skip', summary: 'no --app given' };
  const url = joinUrl(appUrl, checkPath);
  let answer;
  try {
    answer = await probe(url, timeoutMs);
  } catch (err) {
    return { part: 'app', status: 'fail', summary: `GET ${url}: ${(err as Error).message}`, details: ['Is the app running there?'] };
  }
  const wanted = offloadHeader ? [offloadHeader.toLowerCase()] : OFFLOAD_HEADERS;
  const name = wanted.find((header) => typeof answer.headers[header] === 'string');
  const got = `GET ${url} → ${answer.status}`;
  if (answer.status !== 200) {
    return {
      part: 'app',
      status: 'fail',
      summary: `${got}, expected 200`,
      details: [answer.status === 404 ? 'The app does not find the check route or the check file in its storage.' : 'The check route fails.'],
    };
  }
  if (!name) {
    const streamed = context.sha256 !== undefined && answer.sha256 === context.sha256;
    return {
      part: 'app',
      status: 'fail',
      summary: `${got} without ${wanted.map((h) => h.replace(/(^|-)\w/g, (c) => c.toUpperCase())).join(' or ')}`,
      details: [
        streamed
          ? 'The app streamed the check file itself: no offload rule matches it (check `backend` and `rules`, sourceDir / sourceUrl).'
          : 'The app answered something else than an offloaded download.',
      ],
    };
  }
  const value = readableHeader(String(answer.headers[name]));
  if (answer.length !== 0) {
    return { part: 'app', status: 'fail', summary: `${got} with ${name} and a ${answer.length}-byte body`, details: ['An offloaded answer must be empty.'] };
  }
  context.offload = { name, value };
  return { part: 'app', status: 'pass', summary: `${got}, ${name}: ${value}` };
}
