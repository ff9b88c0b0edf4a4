/**
 * Loads an optional peer dependency when a feature first needs it, so that
 * applications not using the feature need not install it. A missing package
 * gives an error naming it and the feature; any other failure is rethrown.
 *
 * @example
 * const terminus = requireOptional<typeof import('@nestjs/terminus')>('@nestjs/terminus', 'DownloadHealthIndicator');
 */
export function requireOptional<T>(name: string, feature: string, load: (id: string) => unknown = require): T {
  try {
    return load(name) as T;
  } catch (err) {
    const error = err as NodeJS.ErrnoException;
    if (error?.code === 'MODULE_NOT_FOUND' && String(error.message).includes(`'${name}'`)) {
      throw new Error(`${feature} needs the optional package "${name}": npm install ${name}`);
    }
    throw err;
  }
}
