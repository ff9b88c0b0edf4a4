export { sendfile, type SendfileOptions } from './sendfile';
