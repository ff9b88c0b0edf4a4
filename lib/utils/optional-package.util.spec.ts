import { requireOptional } from './optional-package.util';

describe('requireOptional', () => {
  it('loads an installed package', () => {
    const terminus = requireOptional<{ TerminusModule: unknown }>('@nestjs/terminus', 'Health checks');
    expect(terminus.TerminusModule).toBeDefined();
  });

  it('names the package and the feature when it is missing', () => {
    expect(() => requireOptional('nestjs-downloadview-no-such-package', 'DownloadHealthIndicator')).toThrow(
      'DownloadHealthIndicator needs the optional package "nestjs-downloadview-no-such-package": npm install nestjs-downloadview-no-such-package',
    );
  });

  it('rethrows other failures, e.g. a missing dependency of the package itself', () => {
    const broken = () => {
      throw Object.assign(new Error("Cannot find module 'left-pad'"), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => requireOptional('@nestjs/terminus', 'Health checks', broken)).toThrow("Cannot find module 'left-pad'");
  });
});
