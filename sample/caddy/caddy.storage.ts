import * as path from 'node:path';
import { FileSystemStorage } from 'nestjs-downloadview';
import { MEDIA_ROOT } from '../sample.paths';

/** media/caddy/, published under /media/caddy/. */
export const CADDY_MEDIA_DIR = path.join(MEDIA_ROOT, 'caddy');

export const caddyStorage = new FileSystemStorage({ location: CADDY_MEDIA_DIR, baseUrl: '/media/caddy/' });
