import * as path from 'node:path';
import { FileSystemStorage } from 'nestjs-downloadview';
import { MEDIA_ROOT } from '../sample.paths';

/** media/apache/, published under /media/apache/ (the django demo's storage). */
export const APACHE_MEDIA_DIR = path.join(MEDIA_ROOT, 'apache');

export const apacheStorage = new FileSystemStorage({ location: APACHE_MEDIA_DIR, baseUrl: '/media/apache/' });
