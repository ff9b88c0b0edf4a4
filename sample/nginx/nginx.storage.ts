import * as path from 'node:path';
import { FileSystemStorage } from 'nestjs-downloadview';
import { MEDIA_ROOT } from '../sample.paths';

/** media/nginx/, published under /media/nginx/ (the django demo's storage). */
export const NGINX_MEDIA_DIR = path.join(MEDIA_ROOT, 'nginx');

export const nginxStorage = new FileSystemStorage({ location: NGINX_MEDIA_DIR, baseUrl: '/media/nginx/' });
