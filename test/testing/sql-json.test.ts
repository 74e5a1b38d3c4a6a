import { describe, expect, it } from 'vitest';
import { JsonDecimal, parseJson, stringifyJson } from '../../src/testing/json-value.js';
import { rowToTestJson, sqlToTestJson } from '../../src/testing/sql-json.js';
import { valuesMatch } from '../../src/testing/value-compare.js';
import { array, BIGINT, BYTES, decimal, DOUBLE, INTEGER, map, STRING, struct, TIMESTAMP } from '../../src/types/sql-type.js';
import { DecimalContext } from '../../src/types/values.js';

describe('sqlToTestJson', () => {
  it('writes a DECIMAL with its column scale, so 1.5 in DECIMAL(4,2) is 1.50', () => {
    const v = sqlToTestJson(new DecimalContext('1.5'), decimal(4, 2));
    expect(v).toBeInstanceOf(JsonDecimal);
    expect(stringifyJson(v)).toBe('1.50');
    expect(valuesMatch(v, parseJson('1.50'))).toBe(true);
    expect(valuesMatch(v, parseJson('1.5'))).toBe(false);
  });

  it('keeps numbers, big BIGINTs and timestamps as numbers', () => {
    expect(sqlToTestJson(9223372036854775807n, BIGINT)).toBe(9223372036854775807n);
    expect(sqlToTestJson(1.5, DOUBLE)).toBe(1.5);
    expect(sqlToTestJson(1700000000000, TIMESTAMP)).toBe(1700000000000);
  });

  it('writes BYTES as base64', () => {
    expect(sqlToTestJson(Buffer.from([0x21]), BYTES)).toBe('IQ==');
  });

  it('writes maps and structs as objects, arrays as arrays, nulls inside as null', () => {
    const t = struct([
      { name: 'M', type: map(STRING, INTEGER) },
      { name: 'L', type: array(decimal(3, 1)) },
    ]);
    const v = sqlToTestJson({ M: new Map([['a', 1], ['b', null]]), L: [new DecimalContext('2'), null] }, t);
    expect(stringifyJson(v)).toBe('{"M":{"a":1,"b":null},"L":[2.0,null]}');
  });
});

describe('rowToTestJson', () => {
  const cols = [{ name: 'ID', type: INTEGER }];

  it('writes a single unwrapped column as its value and a wrapped one as an object', () => {
    expect(rowToTestJson(cols, [5], true)).toBe(5);
    expect(rowToTestJson(cols, [5], false)).toEqual({ ID: 5 });
  });

  it('writes a null row as null (a null key or a tombstone)', () => {
    expect(rowToTestJson(cols, null, false)).toBeNull();
  });
});
