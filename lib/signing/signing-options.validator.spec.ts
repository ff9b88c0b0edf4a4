import { validateDownloadOptions } from '../download-module-options.validator';
import { signingProblems } from './signing-options.validator';

const SECRET = 's'.repeat(32);

describe('signingProblems', () => {
  it('accepts no signing and a complete one', () => {
    expect(signingProblems(undefined)).toEqual([]);
    expect(signingProblems({ secrets: [SECRET, SECRET], ttl: 60, expiresParam: 'e', signatureParam: 's' })).toEqual([]);
  });

  it.each([
    [{ secrets: [] }, 'signing.secrets must be a non-empty array of strings (the first one signs)'],
    [{ secrets: [SECRET, 'short'] }, 'signing.secrets[1] must be a string of at least 32 characters (e.g. `openssl rand -hex 32`), got 5 characters'],
    [{ secrets: [SECRET], ttl: 0 }, 'signing.ttl must be whole seconds > 0, got 0'],
    [{ secrets: [SECRET], ttl: 1.5 }, 'signing.ttl must be whole seconds > 0, got 1.5'],
    [{ secrets: [SECRET], signatureParam: 'a b' }, 'signing.signatureParam must be a query parameter name (letters, digits, - _ . ~), got "a b"'],
    [{ secrets: [SECRET], expiresParam: 'x', signatureParam: 'x' }, 'signing.expiresParam and signing.signatureParam must differ'],
  ])('refuses %j', (signing, problem) => {
    expect(signingProblems(signing as never)).toContain(problem);
  });

  it('is part of DownloadModule\'s start-up error', () => {
    expect(() => validateDownloadOptions({ signing: { secrets: ['short'] } })).toThrow(
      /DownloadModule: invalid options:\n- signing\.secrets\[0\] must be a string of at least 32 characters/,
    );
  });
});
