import { missingProxyParts, PROXY_SERVERS } from './proxy-availability';
import type { ProxyName } from './proxy-server.types';

/**
 * `describe()` for a suite that needs a real proxy server. When the server is
 * not installed the suite is skipped with a loud warning, except on CI
 * (`CI=true`), where a failing test says what is missing: a CI run must never
 * pass by skipping the proxies.
 *
 * @example
 * describeProxy('nginx', () => {
 *   let proxy: RunningProxy;
 *   beforeAll(async () => (proxy = await startProxy('nginx', { appPort, dirs, config: generatedConfig('nginx', { options }) })));
 *   afterAll(() => proxy?.stop());
 *   it('serves the file', async () => { ... });
 * });
 */
export function describeProxy(name: ProxyName, fn: () => void): void {
  const title = `behind ${name}`;
  const missing = missingProxyParts(name);
  if (missing.length === 0) {
    describe(title, fn);
    return;
  }
  const message =
    `${name} unavailable (missing ${missing.join(', ')}): ` +
    `.ci/run must install ${PROXY_SERVERS[name].packages.join(' ')}`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it(`has ${name} installed`, () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`\n${'!'.repeat(72)}\n!! SKIPPING the ${name} suite: ${message}\n${'!'.repeat(72)}\n`);
  describe.skip(title, fn);
}
