import { MIN_SECRET_LENGTH, type SigningOptions } from './signing-options.interface';

const PARAM_NAME = /^[A-Za-z0-9_.~-]+$/;

/** Problems with the `signing` option, for DownloadModule's start-up error. */
export function signingProblems(signing: SigningOptions | undefined): string[] {
  if (signing === undefined) return [];
  if (signing === null || typeof signing !== 'object') return ['signing must be an object: { secrets: [...] }'];
  const problems: string[] = [];
  const { secrets, ttl, expiresParam, signatureParam } = signing;
  if (!Array.isArray(secrets) || secrets.length === 0) {
    problems.push('signing.secrets must be a non-empty array of strings (the first one signs)');
  } else {
    secrets.forEach((secret, index) => {
      if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
        problems.push(
          `signing.secrets[${index}] must be a string of at least ${MIN_SECRET_LENGTH} characters` +
            ` (e.g. \`openssl rand -hex 32\`), got ${typeof secret === 'string' ? `${secret.length} characters` : typeof secret}`,
        );
      }
    });
  }
  if (ttl !== undefined && !(Number.isSafeInteger(ttl) && ttl > 0)) {
    problems.push(`signing.ttl must be whole seconds > 0, got ${String(ttl)}`);
  }
  for (const [key, value] of [['expiresParam', expiresParam], ['signatureParam', signatureParam]] as const) {
    if (value !== undefined && !(typeof value === 'string' && PARAM_NAME.test(value))) {
      problems.push(`signing.${key} must be a query parameter name (letters, digits, - _ . ~), got ${JSON.stringify(value)}`);
    }
  }
  if (expiresParam !== undefined && expiresParam === signatureParam) {
    problems.push('signing.expiresParam and signing.signatureParam must differ');
  }
  return problems;
}
