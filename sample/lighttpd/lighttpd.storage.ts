import * as path from 'node:path';
import { FileSystemStorage } from 'nestjs-downloadview';
import { MEDIA_ROOT } from '../sample.paths';

/** media/lighttpd/, published under /media/lighttpd/ (the django demo's storage). */
export const LIGHTTPD_MEDIA_DIR = path.join(MEDIA_ROOT, 'lighttpd');

export const lighttpdStorage = new FileSystemStorage({ location: LIGHTTPD_MEDIA_DIR, baseUrl: '/media/lighttpd/' });
