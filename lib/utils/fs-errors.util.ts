/** Error codes that mean "there is no such file here" rather than a fault. */
const NOT_FOUND_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG', 'ELOOP', 'EINVAL']);

/** Whether a file-system error only says that the file is not there. */
export function isNotFoundError(err: unknown): boolean {
  return NOT_FOUND_CODES.has((err as NodeJS.ErrnoException)?.code ?? '');
}

/** Whether a file-system error says the process may not read the file. */
export function isForbiddenError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code;
  return code === 'EACCES' || code === 'EPERM';
}
