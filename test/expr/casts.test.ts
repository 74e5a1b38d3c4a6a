import { describe, expect, it } from 'vitest';
import * as T from '../../src/types/sql-type.js';
import { DecimalContext, type DecimalValue } from '../../src/types/values.js';
import { run, value } from './helpers.js';

const dec = (s: string) => new DecimalContext(s);

describe('CAST to numbers', () => {
  it('parses strings like Java (trimmed, exact integer syntax)', () => {
    expect(run("CAST(' 12 ' AS INT)")).toBe(12);
    expect(value("CAST('1.5' AS INT)")).toBeNull();
    expect(value("CAST('abc' AS INT)")).toBeNull();
    expect(run("CAST('9223372036854775807' AS BIGINT)")).toBe(9223372036854775807n);
    expect(run("CAST('1e3' AS DOUBLE)")).toBe(1000);
    expect(run("CAST('NaN' AS DOUBLE)")).toBeNaN();
  });

  it('truncates doubles toward zero and wraps longs into ints', () => {
    expect(run('CAST(3.3e0 - 2.1e0 AS INT)')).toBe(1);
    expect(run('CAST(-1.9e0 AS BIGINT)')).toBe(-1);
    expect(run('CAST(2147483648 AS INT)')).toBe(-2147483648);
    expect(run('CAST(1e30 AS BIGINT)')).toBe(9223372036854775807n);
  });

  it('truncates decimals to integers', () => {
    const cols = [{ name: 'V', type: T.decimal(4, 2), value: dec('10.99') }];
    expect(run('CAST(V AS INT)', cols)).toBe(10);
    expect(run('CAST(V AS BIGINT)', cols)).toBe(10);
    expect(run('CAST(V AS DOUBLE)', cols)).toBe(10.99);
  });

  it('rounds HALF_UP to the target decimal scale and rejects values too wide for the precision', () => {
    expect((run('CAST(0.99e0 AS DECIMAL(2,1))') as DecimalValue).toFixed(1)).toBe('1.0');
    expect((run("CAST('0.01' AS DECIMAL(2,1))") as DecimalValue).toFixed(1)).toBe('0.0');
    expect((run('CAST(-0.05 AS DECIMAL(2,1))') as DecimalValue).toFixed(1)).toBe('-0.1');
    expect((run('CAST(1 AS DECIMAL(2,1))') as DecimalValue).toFixed(1)).toBe('1.0');
    expect(value('CAST(10 AS DECIMAL(2,1))')).toBeNull();
    expect((run('CAST(CAST(10.12 AS DECIMAL(4,2)) AS DECIMAL(5,3))') as DecimalValue).toFixed(3)).toBe('10.120');
  });
});

describe('CAST to STRING', () => {
  it('prints numbers as Java does', () => {
    expect(run('CAST(1.0e0 AS STRING)')).toBe('1.0');
    expect(run('CAST(1.0e7 AS STRING)')).toBe('1.0E7');
    expect(run('CAST(0.0001e0 AS STRING)')).toBe('1.0E-4');
    expect(run('CAST(-1 AS STRING)')).toBe('-1');
    expect(run('CAST(CAST(10 AS DECIMAL(4,2)) AS STRING)')).toBe('10.00');
    expect(run('CAST(true AS STRING)')).toBe('true');
  });

  it('prints dates, times and timestamps as ISO text', () => {
    expect(run("CAST(DATE '2018-05-11' AS STRING)")).toBe('2018-05-11');
    expect(run("CAST(T AS STRING)", [{ name: 'T', type: T.TIME, value: 5000 }])).toBe('00:00:05');
    expect(run("CAST(T AS STRING)", [{ name: 'T', type: T.TIMESTAMP, value: 10 }])).toBe('1970-01-01T00:00:00.010');
  });

  it('prints collections like Java: [1, 3], {this=1}, Struct{F0=1,f1=3}', () => {
    expect(run('CAST(A AS STRING)', [{ name: 'A', type: T.array(T.INTEGER), value: [1, 3] }])).toBe('[1, 3]');
    expect(run('CAST(M AS STRING)', [{ name: 'M', type: T.map(T.STRING, T.INTEGER), value: new Map([['this', 1]]) }])).toBe('{this=1}');
    const st = T.struct([{ name: 'F0', type: T.INTEGER }, { name: 'f1', type: T.INTEGER }, { name: 'N', type: T.STRING }]);
    expect(run('CAST(S AS STRING)', [{ name: 'S', type: st, value: { F0: 1, f1: 3, N: null } }])).toBe('Struct{F0=1,f1=3}');
  });

  it('keeps null as null', () => {
    expect(run('CAST(D AS STRING)', [{ name: 'D', type: T.DOUBLE }])).toBeNull();
    expect(run('CAST(NULL AS STRING)')).toBeNull();
  });
});

describe('CAST between temporal types', () => {
  it('parses ISO strings, with or without a zone', () => {
    expect(run("CAST('2022-04-28T21:44:47.943' AS TIMESTAMP)")).toBe(1651182287943);
    expect(run("CAST('2022-04-28T21:44:47.943Z' AS TIMESTAMP)")).toBe(1651182287943);
    expect(run("CAST('1970-01-01T00:00:01+01:00' AS TIMESTAMP)")).toBe(-3599000);
    expect(run("CAST('00:01' AS TIME)")).toBe(60000);
    expect(run("CAST('00:00:00.010' AS TIME)")).toBe(10);
    expect(run("CAST('2018-05-11' AS DATE)")).toBe(17662);
    expect(value("CAST('foo' AS TIMESTAMP)")).toBeNull();
  });

  it('takes the time of day and the day of a timestamp', () => {
    const cols = [{ name: 'TS', type: T.TIMESTAMP, value: -2000 }];
    expect(run('CAST(TS AS TIME)', cols)).toBe(86398000);
    expect(run('CAST(TS AS DATE)', cols)).toBe(-1);
    expect(run('CAST(D AS TIMESTAMP)', [{ name: 'D', type: T.DATE, value: 2 }])).toBe(172800000);
  });
});

describe('CAST of collections', () => {
  it('casts arrays, maps and nested collections element by element', () => {
    expect(run('CAST(A AS ARRAY<INTEGER>)', [{ name: 'A', type: T.array(T.BIGINT), value: [1, 3, 2147483648] }])).toEqual([1, 3, -2147483648]);
    expect(run('CAST(A AS ARRAY<ARRAY<STRING>>)', [{ name: 'A', type: T.array(T.array(T.BIGINT)), value: [[1, -3]] }])).toEqual([['1', '-3']]);
    const m = new Map([['k1', new Map([['k2', '10']])]]);
    expect(run('CAST(M AS MAP<STRING, MAP<STRING, INTEGER>>)', [{ name: 'M', type: T.map(T.STRING, T.map(T.STRING, T.STRING)), value: m }])).toEqual(
      new Map([['k1', new Map([['k2', 10]])]]),
    );
  });

  it('casts structs field by field, by name, missing fields becoming null', () => {
    const st = T.struct([{ name: 'F0', type: T.BIGINT }, { name: 'F1', type: T.STRING }]);
    expect(run('CAST(S AS STRUCT<F0 STRING, F3 STRING>)', [{ name: 'S', type: st, value: { F0: 1, F1: '3' } }])).toEqual({ F0: '1', F3: null });
  });
});

describe('CAST of string literals to booleans', () => {
  it('accepts true/false and yes/no prefixes', () => {
    expect(run("CAST('true' AS BOOLEAN)")).toBe(true);
    expect(run("CAST('Yes' AS BOOLEAN)")).toBe(true);
    expect(run("CAST('no' AS BOOLEAN)")).toBe(false);
  });
});
