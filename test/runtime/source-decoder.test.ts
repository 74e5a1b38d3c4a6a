import { describe, expect, it } from 'vitest';
import type { DataSource } from '../../src/catalog/types.js';
import type { LogRecord } from '../../src/log/types.js';
import { sourceDecoder } from '../../src/runtime/source-decoder.js';
import * as T from '../../src/types/sql-type.js';

function source(sourceType: 'STREAM' | 'TABLE'): DataSource {
  return {
    name: 'ORDERS',
    sourceType,
    columns: [
      { name: 'K', type: T.STRING, namespace: 'KEY' },
      { name: 'QTY', type: T.INTEGER, namespace: 'VALUE' },
      { name: 'NOTE', type: T.STRING, namespace: 'VALUE' },
    ],
    topic: 'orders',
    keyFormat: { format: 'KAFKA', options: {} },
    valueFormat: { format: 'JSON', options: {} },
    isSource: false,
    statement: 'CREATE ...',
  };
}

function record(key: string | null, value: string | null, offset = 7): LogRecord {
  return {
    topic: 'orders',
    partition: 0,
    offset,
    key: key === null ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    timestamp: 1000 + offset,
    headers: [],
  };
}

describe('source decoding', () => {
  it('lays a record out as key columns, value columns, ROWTIME, ROWPARTITION, ROWOFFSET', () => {
    const decode = sourceDecoder(source('STREAM'));
    const rec = decode(record('a', '{"QTY": 3, "NOTE": "fast", "OTHER": 1}'));
    expect(rec?.row).toEqual(['a', 3, 'fast', 1007, 0, 7]);
    expect(rec?.ts).toBe(1007);
    expect(rec?.nullValue).toBe(false);
  });

  it('gives missing value columns and a missing key as nulls', () => {
    const rec = sourceDecoder(source('STREAM'))(record(null, '{"qty": 4}'));
    expect(rec?.row).toEqual([null, 4, null, 1007, 0, 7]);
    expect(rec?.nullKey).toBe(true);
  });

  it('marks a null value, and drops a table record without a key', () => {
    expect(sourceDecoder(source('STREAM'))(record('a', null))).toMatchObject({ row: ['a', null, null, 1007, 0, 7], nullValue: true });
    expect(sourceDecoder(source('TABLE'))(record(null, '{"QTY": 1}'))).toBeNull();
  });

  it('refuses a value that does not fit its column', () => {
    expect(() => sourceDecoder(source('STREAM'))(record('a', '{"QTY": "many"}'))).toThrow(/Can't coerce string to type. targetType: INTEGER/);
  });
});
