import type { ColumnLike } from './typeorm.types';

const INT_RANGES: Record<string, bigint> = {
  tinyint: 127n,
  smallint: 32767n,
  int2: 32767n,
  mediumint: 8388607n,
  int: 2147483647n,
  int4: 2147483647n,
  integer: 2147483647n,
  bigint: 9223372036854775807n,
  int8: 9223372036854775807n,
};
const DECIMAL_TYPES = new Set(['decimal', 'numeric', 'float', 'float4', 'float8', 'real', 'double', 'double precision']);
const SQLITE_DRIVERS = new Set(['sqlite', 'better-sqlite3', 'sqljs', 'capacitor', 'cordova', 'expo', 'nativescript', 'react-native']);
const INT64_MAX = 9223372036854775807n;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The column type as a lower-case name (`Number` → `integer`, `String` → `varchar`). */
export function columnTypeName(column: ColumnLike): string {
  const { type } = column;
  if (type === Number) return 'integer';
  if (type === String) return 'varchar';
  if (typeof type === 'function') return type.name.toLowerCase();
  return String(type).toLowerCase();
}

/**
 * Turns a route parameter into a value the database accepts for the lookup
 * column, or `undefined` when no row can match it (answered 404 without a
 * query): PostgreSQL would reject `abc` for an integer, an out-of-range
 * number, a malformed UUID or a NUL byte with an error, never a "no row".
 */
export function toLookupValue(
  column: ColumnLike,
  raw: unknown,
  databaseType = '',
): string | number | undefined {
  const text = Array.isArray(raw) ? raw.join('/') : raw;
  if (typeof text !== 'string' && typeof text !== 'number') return undefined;
  const value = String(text);
  if (value === '' || value.includes('\0')) return undefined;
  const type = columnTypeName(column);
  // SQLite stores every integer type in 64 bits.
  const max = INT_RANGES[type] && (SQLITE_DRIVERS.has(databaseType) ? INT64_MAX : INT_RANGES[type]);
  if (max !== undefined) {
    if (!/^-?\d{1,20}$/.test(value)) return undefined;
    const number = BigInt(value);
    if (number > max || number < -max - 1n) return undefined;
    return Number.isSafeInteger(Number(number)) ? Number(number) : number.toString();
  }
  if (DECIMAL_TYPES.has(type)) return /^-?\d{1,64}(\.\d{1,64})?$/.test(value) ? value : undefined;
  if (type === 'uuid') return UUID.test(value) ? value.toLowerCase() : undefined;
  return value;
}

/**
 * Whether a query failed on the value rather than on the database: a
 * PostgreSQL "data exception" (SQLSTATE class 22: invalid text
 * representation, out of range, bad encoding...), meaning no row matches.
 */
export function isDataError(err: unknown): boolean {
  const code = (err as { driverError?: { code?: unknown } })?.driverError?.code ?? (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}
