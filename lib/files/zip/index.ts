export { ZipFile } from './zip.file';
export type { ZipEntry, ZipFileOptions } from './zip-file.options';
export { ZipLayoutMemo, type ZipLayoutMemoOptions } from './zip-layout.memo';
