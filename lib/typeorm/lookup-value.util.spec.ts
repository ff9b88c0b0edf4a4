import { columnTypeName, isDataError, toLookupValue } from './lookup-value.util';

const column = (type: unknown) => ({ propertyName: 'key', type });

describe('toLookupValue', () => {
  it('passes a string through for text columns', () => {
    expect(toLookupValue(column('varchar'), 'hello-world')).toBe('hello-world');
    expect(toLookupValue(column(String), 'é ü')).toBe('é ü');
  });

  it('joins a wildcard segment array with slashes', () => {
    expect(toLookupValue(column('varchar'), ['reports', '2024.csv'])).toBe('reports/2024.csv');
  });

  it('refuses empty values, NUL bytes and non-strings (no row can match)', () => {
    expect(toLookupValue(column('varchar'), '')).toBeUndefined();
    expect(toLookupValue(column('varchar'), 'a\0b')).toBeUndefined();
    expect(toLookupValue(column('varchar'), undefined)).toBeUndefined();
    expect(toLookupValue(column('varchar'), { $ne: 1 })).toBeUndefined();
  });

  it('turns integer keys into numbers and refuses anything else', () => {
    expect(toLookupValue(column(Number), '42')).toBe(42);
    expect(toLookupValue(column('int'), '-7')).toBe(-7);
    expect(toLookupValue(column('integer'), '4.2')).toBeUndefined();
    expect(toLookupValue(column('integer'), '1e3')).toBeUndefined();
    expect(toLookupValue(column('integer'), ' 1')).toBeUndefined();
    expect(toLookupValue(column('integer'), 'abc')).toBeUndefined();
  });

  it('refuses integers out of the column type range (PostgreSQL would fail the query)', () => {
    expect(toLookupValue(column('integer'), '2147483647')).toBe(2147483647);
    expect(toLookupValue(column('integer'), '2147483648')).toBeUndefined();
    expect(toLookupValue(column('smallint'), '40000')).toBeUndefined();
    expect(toLookupValue(column('bigint'), '9223372036854775807')).toBe('9223372036854775807');
    expect(toLookupValue(column('bigint'), '9223372036854775808')).toBeUndefined();
  });

  it('allows 64-bit integers in any integer column on SQLite', () => {
    expect(toLookupValue(column('integer'), '2147483648', 'better-sqlite3')).toBe(2147483648);
  });

  it('checks decimals and UUIDs', () => {
    expect(toLookupValue(column('numeric'), '12.50')).toBe('12.50');
    expect(toLookupValue(column('numeric'), '12,50')).toBeUndefined();
    expect(toLookupValue(column('uuid'), '6F1C2A5E-2B7D-4C1E-9A8B-3F5E7D9C1B2A')).toBe('6f1c2a5e-2b7d-4c1e-9a8b-3f5e7d9c1b2a');
    expect(toLookupValue(column('uuid'), 'not-a-uuid')).toBeUndefined();
  });
});

describe('columnTypeName', () => {
  it('names constructor and string types in lower case', () => {
    expect(columnTypeName(column(Number))).toBe('integer');
    expect(columnTypeName(column(String))).toBe('varchar');
    expect(columnTypeName(column(Date))).toBe('date');
    expect(columnTypeName(column('UUID'))).toBe('uuid');
  });
});

describe('isDataError', () => {
  it('recognises PostgreSQL data exceptions (SQLSTATE class 22) only', () => {
    expect(isDataError({ driverError: { code: '22P02' } })).toBe(true);
    expect(isDataError({ code: '22003' })).toBe(true);
    expect(isDataError({ driverError: { code: '42P01' } })).toBe(false);
    expect(isDataError(new Error('boom'))).toBe(false);
    expect(isDataError(undefined)).toBe(false);
  });
});
