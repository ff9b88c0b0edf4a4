import type { Provider } from '@nestjs/common';
import { FileStorageBinding } from './file-storage.binding';
import { ObjectDownloadExplorer } from './object-download.explorer';
import { ObjectDownloadResolver } from './object-download.resolver';

/**
 * What DownloadModule provides for TypeORM entities. None of these load
 * typeorm unless the application uses `@FileColumn()` or `@ObjectDownload()`.
 */
export const typeormProviders: Provider[] = [FileStorageBinding, ObjectDownloadResolver, ObjectDownloadExplorer];
