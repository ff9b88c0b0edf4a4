/** Metadata key under which `@ObjectDownload()` stores its options on a handler. */
export const OBJECT_DOWNLOAD_METADATA = 'nestjs-downloadview:object-download';
