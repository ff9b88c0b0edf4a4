import { requireOptional } from '../utils/optional-package.util';

/** The install line for the optional peers object downloads rely on. */
export const TYPEORM_INSTALL = 'npm install typeorm @nestjs/typeorm';

/**
 * Loads `typeorm` when a feature first needs it (an entity class being
 * defined, the application starting), never when the library is imported.
 */
export function loadTypeOrm(feature: string): typeof import('typeorm') {
  return requireOptional<typeof import('typeorm')>('typeorm', feature);
}

/** Whether a package can be loaded from here (without loading it). */
export function isInstalled(name: string, resolve: (id: string) => string = require.resolve): boolean {
  try {
    resolve(name);
    return true;
  } catch {
    return false;
  }
}

/** What is missing for `@ObjectDownload({ entity })`: an empty list when both peers are installed. */
export function missingTypeOrmPackages(resolve?: (id: string) => string): string[] {
  return ['typeorm', '@nestjs/typeorm'].filter((name) => !isInstalled(name, resolve));
}

/**
 * The injection token of a DataSource registered by `TypeOrmModule.forRoot()`:
 * the DataSource class for the default one, `@nestjs/typeorm`'s token for a
 * named one.
 */
export function dataSourceToken(name?: string): unknown {
  if (name === undefined || name === 'default') return loadTypeOrm('@ObjectDownload()').DataSource;
  const nest = requireOptional<typeof import('@nestjs/typeorm')>('@nestjs/typeorm', '@ObjectDownload({ dataSource })');
  return nest.getDataSourceToken(name);
}
