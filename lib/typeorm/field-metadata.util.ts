import type { FieldFileOptions } from './field.file';

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MIME_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"\\\\\\x00-\\x1f\\x7f]*"))*$`);
const CHARSET = new RegExp(`^${TOKEN}$`);
const ENCODING = new RegExp(`^${TOKEN}(\\s*,\\s*${TOKEN})*$`);

/** The metadata columns of `@ObjectDownload()` options (those are written in terms of an entity). */
export interface MetadataFields {
  basenameField?: string;
  mimeTypeField?: string;
  charsetField?: string;
  encodingField?: string;
  sizeField?: string;
  modificationTimeField?: string;
}

/** Problems found while reading the metadata columns of one object, for a warning. */
export type MetadataProblems = string[];

/**
 * Reads the metadata columns named by the options from an object. Values
 * that are empty are left out (the usual defaults apply); values that could
 * not go in a header as they are (a MIME type with a line break, a negative
 * size, an invalid date) are left out too and reported in `problems`: such
 * columns often hold what an uploader claimed.
 */
export function readFieldMetadata(
  object: Record<string, unknown>,
  options: MetadataFields,
  problems: MetadataProblems = [],
): FieldFileOptions {
  const read = (field: string | undefined) => (field === undefined ? undefined : object[field]);
  const text = (field: string | undefined, pattern?: RegExp): string | undefined => {
    const value = read(field);
    if (value === null || value === undefined || value === '') return undefined;
    if (typeof value === 'string' && (!pattern || pattern.test(value.trim()))) return pattern ? value.trim() : value;
    problems.push(`${field}: unusable value ${JSON.stringify(value)}`);
    return undefined;
  };
  const metadata: FieldFileOptions = {
    basename: text(options.basenameField),
    mimetype: text(options.mimeTypeField, MIME_TYPE),
    charset: text(options.charsetField, CHARSET),
    encoding: text(options.encodingField, ENCODING),
    size: toSize(read(options.sizeField), options.sizeField, problems),
    modifiedTime: toDate(read(options.modificationTimeField), options.modificationTimeField, problems),
  };
  for (const key of Object.keys(metadata) as (keyof FieldFileOptions)[]) {
    if (metadata[key] === undefined) delete metadata[key];
  }
  return metadata;
}

function toSize(value: unknown, field: string | undefined, problems: MetadataProblems): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  // PostgreSQL's bigint arrives as a string.
  const size = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0) return size;
  problems.push(`${field}: unusable size ${JSON.stringify(value)}`);
  return undefined;
}

function toDate(value: unknown, field: string | undefined, problems: MetadataProblems): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (date && !Number.isNaN(date.getTime())) return date;
  problems.push(`${field}: unusable date ${JSON.stringify(value)}`);
  return undefined;
}
