import type { SigningOptions } from 'nestjs-downloadview';

// docs:start config
/**
 * The sample's signing secrets: URL_SIGNING_SECRET (and, while rotating,
 * URL_SIGNING_OLD_SECRET). The fallback is for the demo only.
 */
export function sampleSigning(env: NodeJS.ProcessEnv = process.env): SigningOptions {
  const current = env.URL_SIGNING_SECRET ?? 'sample-only-secret-never-use-in-production';
  return { secrets: [current, env.URL_SIGNING_OLD_SECRET].filter((s): s is string => Boolean(s)), ttl: 600 };
}
// docs:end config
