// Key encoding: one canonical string per key row, equal exactly when ksqlDB's GROUP BY would put
// two rows in one group, and decodable back to the values.

import { describe, expect, it } from 'vitest';
import { decodeKey, encodeKey, keyEncoder } from '../../src/state/key-codec.js';
import type { SqlType } from '../../src/types/sql-type.js';
import { array, BIGINT, BOOLEAN, BYTES, DATE, decimal, DOUBLE, INTEGER, map, STRING, struct, TIMESTAMP } from '../../src/types/sql-type.js';
import { Decimal, DecimalContext } from '../../src/types/values.js';

describe('key encoding', () => {
  it('encodes a BIGINT held as a number and as a bigint to the same key', () => {
    expect(encodeKey([1], [BIGINT])).toBe(encodeKey([1n], [BIGINT]));
    expect(encodeKey([9007199254740993n], [BIGINT])).not.toBe(encodeKey([9007199254740992], [BIGINT]));
  });

  it('tells 1 and "1" apart and puts 1 and 1n together within one key schema', () => {
    const types = [STRING, BIGINT, STRING];
    const keys = [
      ['1', 1, '1'],
      ['1', 1n, '1'],
      ['11', 1, ''],
      ['1', 11, ''],
      ['1', null, '1'],
      [null, 1, '1'],
    ].map((r) => encodeKey(r, types));
    expect(keys[0]).toBe(keys[1]);
    expect(new Set(keys).size).toBe(5);
  });

  it('encodes a single STRING or BIGINT key as its plain text, so the engine pays no concatenation', () => {
    expect(encodeKey(['customer-1'], [STRING])).toBe('customer-1');
    expect(encodeKey([42], [BIGINT])).toBe('42');
    expect(encodeKey([2n ** 62n], [BIGINT])).toBe(String(2n ** 62n));
  })

  it('groups DECIMAL 1.0 and 1.00 together, as a DECIMAL column of one scale does', () => {
    expect(encodeKey([new Decimal('1.0')], [decimal(4, 2)])).toBe(encodeKey([new DecimalContext('1.00')], [decimal(4, 2)]));
    expect(encodeKey([new Decimal('1.01')], [decimal(4, 2)])).not.toBe(encodeKey([new Decimal('1.1')], [decimal(4, 2)]));
  });

  it('tells 0.0 from -0.0 in a DOUBLE key, as Java Double.equals does', () => {
    expect(encodeKey([0], [DOUBLE])).not.toBe(encodeKey([-0], [DOUBLE]));
    expect(Object.is(decodeKey(encodeKey([-0], [DOUBLE]), [DOUBLE])[0], -0)).toBe(true);
  });

  it('never lets a string swallow its neighbour in a multi-column key', () => {
    const types = [STRING, STRING];
    const rows = [
      ['a', 'bc'],
      ['ab', 'c'],
      ['a;', 'bc'],
      ['', 'abc'],
      ['abc', ''],
      [null, 'abc'],
      ['abc', null],
      ['n', 'x'],
      ['s', 'x'],
    ];
    expect(new Set(rows.map((r) => encodeKey(r, types))).size).toBe(rows.length);
  });

  it('distinguishes a null key from every string, NUL characters included', () => {
    const values = [null, 'n', '', '\u0000', '\u0000\u0000', '\u0000n', 'a\u0000'];
    const keys = values.map((v) => encodeKey([v], [STRING]));
    expect(new Set(keys).size).toBe(values.length);
    expect(keys.map((k) => decodeKey(k, [STRING])[0])).toEqual(values);
    const numbers = [null, 0, -0, NaN, -1.5];
    expect(numbers.map((v) => decodeKey(encodeKey([v], [DOUBLE]), [DOUBLE])[0])).toEqual(numbers);
    expect(decodeKey(encodeKey([null], [BIGINT]), [BIGINT])).toEqual([null]);
  });

  it('reports a key that does not match its schema', () => {
    expect(() => decodeKey('12x', [BIGINT])).toThrow(/Corrupt state key '12x'/);
    expect(() => decodeKey('i1;', [BIGINT, BIGINT])).toThrow(/Corrupt state key/);
  });

  it('encodes maps equal whatever their insertion order', () => {
    const t = [map(STRING, INTEGER)];
    const a = new Map<unknown, unknown>([
      ['x', 1],
      ['y', 2],
    ]);
    const b = new Map<unknown, unknown>([
      ['y', 2],
      ['x', 1],
    ]);
    expect(encodeKey([a], t)).toBe(encodeKey([b], t));
  });

  it('round trips every type through decodeKey', () => {
    const pointType = struct([
      { name: 'X', type: INTEGER },
      { name: 'LABEL', type: STRING },
    ]);
    const types: SqlType[] = [
      BOOLEAN,
      INTEGER,
      BIGINT,
      BIGINT,
      DOUBLE,
      decimal(10, 3),
      STRING,
      BYTES,
      DATE,
      TIMESTAMP,
      array(STRING),
      map(STRING, array(BIGINT)),
      pointType,
      STRING,
    ];
    const row: unknown[] = [
      true,
      -42,
      9223372036854775807n,
      123,
      0.1,
      new DecimalContext('-12.345'),
      'semi;colon:5:',
      Buffer.from([0, 1, 254, 255]),
      19000,
      1_700_000_000_000,
      ['a', null, ''],
      new Map<unknown, unknown>([['k', [1, 2n ** 60n]]]),
      { X: 7, LABEL: null },
      'last:value;n',
    ];
    const decoded = decodeKey(encodeKey(row, types), types);
    expect(decoded).toEqual(row);
    expect((decoded[5] as Decimal).equals(new Decimal('-12.345'))).toBe(true);
    expect(decoded[3]).toBe(123);
  });

  it('round trips a row of nulls', () => {
    const types = [INTEGER, STRING, array(INTEGER)];
    expect(decodeKey(encodeKey([null, null, null], types), types)).toEqual([null, null, null]);
  });

  it('compiles one encoder per key schema that agrees with encodeKey', () => {
    const enc = keyEncoder([STRING, INTEGER]);
    expect(enc(['a', 1])).toBe(encodeKey(['a', 1], [STRING, INTEGER]));
    expect(keyEncoder([])([])).toBe('');
  });

  it('rejects a row whose length does not match the key schema', () => {
    expect(() => encodeKey([1, 2], [INTEGER])).toThrow(/1 column\(s\) cannot encode 2 value\(s\)/);
  });
});
