import { FILES_DIR_ENV } from '../server-kinds';

let dir: string | undefined;

/**
 * The generated folder, handed to the child process by the harness. Read
 * from the environment once: `process.env` lookups cost microseconds, which
 * would show in a 13 B benchmark.
 */
export function filesDir(): string {
  dir ??= process.env[FILES_DIR_ENV];
  if (!dir) throw new Error(`${FILES_DIR_ENV} is not set: start the bench servers through the harness`);
  return dir;
}
