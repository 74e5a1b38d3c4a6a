import { describe, expect, it } from 'vitest';
import { EvaluationError } from '../../src/expr/index.js';
import * as T from '../../src/types/sql-type.js';
import { DecimalContext, type DecimalValue } from '../../src/types/values.js';
import { run, value } from './helpers.js';

const dec = (s: string) => new DecimalContext(s);

describe('integer arithmetic', () => {
  it('wraps INTEGER overflow like a Java int', () => {
    expect(run('2147483647 + 1')).toBe(-2147483648);
    expect(run('I * 2', [{ name: 'I', type: T.INTEGER, value: 1_500_000_000 }])).toBe(-1294967296);
    expect(run('-I', [{ name: 'I', type: T.INTEGER, value: -2147483648 }])).toBe(-2147483648);
  });

  it('truncates integer division and keeps the sign of the dividend for %', () => {
    expect(run('7 / 2')).toBe(3);
    expect(run('-7 / 2')).toBe(-3);
    expect(run('-7 % 2')).toBe(-1);
    expect(run('16 % 6 - 4')).toBe(0);
    expect(run('6 % 4 / 2 * 6')).toBe(6);
  });

  it('fails the record on integer division by zero', () => {
    expect(() => run('1 / 0')).toThrow(EvaluationError);
    expect(() => run('1 % 0')).toThrow('/ by zero');
  });

  it('computes BIGINT exactly beyond 2^53 and wraps at 2^63 like a Java long', () => {
    const big = [{ name: 'L', type: T.BIGINT, value: 9007199254740991 }];
    expect(run('L + 2', big)).toBe(9007199254740993n);
    expect(run('L * L', big)).toBe(BigInt.asIntN(64, 9007199254740991n * 9007199254740991n));
    expect(run('9223372036854775807 + 1')).toBe(-9223372036854775808n);
    expect(run('(L + 2) - 2', big)).toBe(9007199254740991);
  });

  it('keeps BIGINT values that fit 53 bits as plain numbers', () => {
    expect(run('CAST(2 AS BIGINT) * 3')).toBe(6);
    expect(typeof run('2147483648 - 1')).toBe('number');
  });

  it('widens INTEGER operands for BIGINT and DOUBLE arithmetic', () => {
    expect(run('I + L', [{ name: 'I', type: T.INTEGER, value: 2147483647 }, { name: 'L', type: T.BIGINT, value: 1 }])).toBe(2147483648);
    expect(run('1 / 2e0')).toBe(0.5);
    expect(run('1.0e0 / 0')).toBe(Infinity);
  });
});

describe('decimal arithmetic', () => {
  const cols = [
    { name: 'A', type: T.decimal(4, 2), value: dec('10.10') },
    { name: 'B', type: T.decimal(4, 2), value: dec('2.00') },
    { name: 'Z', type: T.decimal(4, 2), value: dec('0.00') },
  ];

  it('adds, subtracts, multiplies, divides and takes remainders exactly', () => {
    expect((run('A + B', cols) as DecimalValue).toFixed(2)).toBe('12.10');
    expect((run('A - B - B', cols) as DecimalValue).toFixed(2)).toBe('6.10');
    expect((run('A * B', cols) as DecimalValue).toFixed(4)).toBe('20.2000');
    expect((run('A / B', cols) as DecimalValue).toFixed(7)).toBe('5.0500000');
    expect((run('A % B', cols) as DecimalValue).toFixed(2)).toBe('0.10');
    expect((run('-A % B', cols) as DecimalValue).toFixed(2)).toBe('-0.10');
  });

  it('rounds division HALF_UP at the result scale', () => {
    expect((run('CAST(2 AS DECIMAL(1,0)) / CAST(3 AS DECIMAL(1,0))') as DecimalValue).toFixed()).toBe('0.666667');
    expect((run('CAST(1 AS DECIMAL(1,0)) / CAST(8 AS DECIMAL(1,0))') as DecimalValue).toFixed()).toBe('0.125');
  });

  it('fails the record on decimal division by zero', () => {
    expect(value('A / Z', cols)).toBeNull();
    expect(value('A % Z', cols)).toBeNull();
  });

  it('mixes decimals with integers as decimals and with doubles as doubles', () => {
    expect((run('A + 5', cols) as DecimalValue).toFixed(2)).toBe('15.10');
    expect(run('A + 5.1e0', cols)).toBeCloseTo(15.2, 10);
  });

  it('compares decimals of different scales by value', () => {
    expect(run('CAST(10.01 AS DECIMAL(4,2)) < CAST(10.012 AS DECIMAL(5,3))')).toBe(true);
    expect(run('CAST(10.010 AS DECIMAL(5,3)) = CAST(10.01 AS DECIMAL(4,2))')).toBe(true);
    expect(run('A > 10', cols)).toBe(true);
  });
});

describe('null handling', () => {
  const n = [{ name: 'N', type: T.INTEGER }, { name: 'S', type: T.STRING }, { name: 'B', type: T.BOOLEAN }];

  it('fails the expression for arithmetic on null, which the runtime turns into null', () => {
    expect(() => run('N + 1', n)).toThrow(EvaluationError);
    expect(value('N * 2', n)).toBeNull();
    expect(value('-N', n)).toBeNull();
  });

  it('makes comparisons with null false, not null', () => {
    expect(run('N = 1', n)).toBe(false);
    expect(run('N <> 1', n)).toBe(false);
    expect(run('N < 1', n)).toBe(false);
    expect(run('NOT (N = 1)', n)).toBe(true);
  });

  it('compares nulls with IS [NOT] DISTINCT FROM', () => {
    expect(run('N IS DISTINCT FROM 1', n)).toBe(true);
    expect(run('N IS NOT DISTINCT FROM N', n)).toBe(true);
    expect(run('1 IS DISTINCT FROM 1')).toBe(false);
    expect(run('N IS DISTINCT FROM NULL', n)).toBe(false);
  });

  it('uses three-valued logic for AND, OR and NOT', () => {
    expect(run('B AND false', n)).toBe(false);
    expect(run('B AND true', n)).toBeNull();
    expect(run('B OR true', n)).toBe(true);
    expect(run('B OR false', n)).toBeNull();
    expect(run('NOT B', n)).toBeNull();
    expect(run('true OR false AND true')).toBe(true);
    expect(run('NOT false AND NOT false')).toBe(true);
  });

  it('short-circuits AND and OR, so the right side is not evaluated', () => {
    expect(run('false AND (N + 1 > 0)', n)).toBe(false);
    expect(run('true OR (N + 1 > 0)', n)).toBe(true);
  });

  it('tests for null with IS [NOT] NULL', () => {
    expect(run('N IS NULL', n)).toBe(true);
    expect(run('S IS NOT NULL', n)).toBe(false);
    expect(run('NULL IS NULL')).toBe(true);
  });
});

describe('predicates', () => {
  it('evaluates BETWEEN inclusively on numbers, strings and times', () => {
    expect(run('1 BETWEEN 0 AND 2')).toBe(true);
    expect(run("'b' BETWEEN 'a' AND 'c'")).toBe(true);
    expect(run('3 NOT BETWEEN 1 AND 3')).toBe(false);
    expect(run("T BETWEEN '00:00:00.005' AND '00:00:00.010'", [{ name: 'T', type: T.TIME, value: 6 }])).toBe(true);
    expect(run('N BETWEEN 1 AND 2', [{ name: 'N', type: T.INTEGER }])).toBe(false);
  });

  it('evaluates IN over a list coerced to one type', () => {
    expect(run('2 IN (1, 2, 3)')).toBe(true);
    expect(run("2 IN (1, '2')")).toBe(true);
    expect(run('2 NOT IN (1, 3)')).toBe(true);
    expect(run('S IN (1, 2, 3, 4, 5, 6)', [{ name: 'S', type: T.BIGINT, value: 6 }])).toBe(true);
    expect(run('N IN (1, NULL)', [{ name: 'N', type: T.INTEGER }])).toBe(false);
    expect(run("D IN (1.5, 2.50, 3.0, 4, 5, 6)", [{ name: 'D', type: T.decimal(3, 2), value: dec('2.50') }])).toBe(true);
  });

  it('matches LIKE patterns with %, _ and an escape character, case-sensitively', () => {
    expect(run("'barfoobaz' LIKE '%foo%'")).toBe(true);
    expect(run("'foo' LIKE 'f_o'")).toBe(true);
    expect(run("'Foo' LIKE 'foo'")).toBe(false);
    expect(run("'%' LIKE '!%' ESCAPE '!'")).toBe(true);
    expect(run("'x' LIKE '!%' ESCAPE '!'")).toBe(false);
    expect(run("'a.c' LIKE 'a.c'")).toBe(true);
    expect(run("'abc' LIKE 'a.c'")).toBe(false);
    expect(run("'line1\nline2' LIKE 'line1%'")).toBe(true);
    expect(run("'this' NOT LIKE '%not%'")).toBe(true);
  });

  it('matches LIKE against a pattern column', () => {
    const cols = [{ name: 'V', type: T.STRING, value: 'foobar' }, { name: 'P', type: T.STRING, value: '%oba%' }];
    expect(run('V LIKE P', cols)).toBe(true);
    expect(run('V LIKE N', [...cols, { name: 'N', type: T.STRING }])).toBeNull();
  });

  it('compares strings by UTF-16 code units, like Java', () => {
    expect(run("'B2' < 'b2'")).toBe(true);
    expect(run("'b10' < 'b2'")).toBe(true);
    expect(run("'b2' < 'b2'")).toBe(false);
  });

  it('compares bytes as signed bytes, like Java ByteBuffer', () => {
    const cols = [{ name: 'A', type: T.BYTES, value: Buffer.from([0x80]) }, { name: 'B', type: T.BYTES, value: Buffer.from([0x01]) }];
    expect(run('A < B', cols)).toBe(true);
    expect(run("TO_BYTES('b', 'utf8') > TO_BYTES('a', 'utf8')")).toBe(true);
  });

  it('compares timestamps with ISO strings and dates with timestamps', () => {
    const cols = [{ name: 'TS', type: T.TIMESTAMP, value: 10 }, { name: 'D', type: T.DATE, value: 1 }];
    expect(run("TS = '1970-01-01T00:00:00.010'", cols)).toBe(true);
    expect(run("TS > '1970-01-01T00:00:00.010'", cols)).toBe(false);
    expect(run('D > TS', cols)).toBe(true);
  });

  it('compares arrays, maps and structs for equality element by element', () => {
    expect(run('ARRAY[1, 2] = ARRAY[1, 2]')).toBe(true);
    expect(run("MAP('a' := 1) <> MAP('a' := 2)")).toBe(true);
    expect(run('STRUCT(A := 1.0) = STRUCT(A := 1.0)')).toBe(true);
  });
});

describe('CASE', () => {
  it('returns the first branch whose condition is true, else the ELSE value or null', () => {
    const cols = [{ name: 'U', type: T.DOUBLE, value: 3 }];
    expect(run("CASE WHEN U < 2.0 THEN 'small' WHEN U < 4.0 THEN 'medium' ELSE 'large' END", cols)).toBe('medium');
    expect(run("CASE WHEN U > 5 THEN 'big' END", cols)).toBeNull();
  });

  it('treats a null condition as false', () => {
    expect(run("CASE WHEN N > 2.0 THEN 'foo' ELSE 'default' END", [{ name: 'N', type: T.DOUBLE }])).toBe('default');
  });

  it('evaluates branches lazily: an unmatched branch that would fail does not fail the row', () => {
    expect(run("CASE WHEN true THEN 1 ELSE 1 / 0 END")).toBe(1);
    expect(run("CASE WHEN N = 1 THEN N + 1 ELSE 0 END", [{ name: 'N', type: T.INTEGER }])).toBe(0);
  });

  it('matches a simple CASE by equality, never on null', () => {
    const cols = [{ name: 'X', type: T.INTEGER, value: 2 }, { name: 'N', type: T.INTEGER }];
    expect(run("CASE X WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END", cols)).toBe('two');
    expect(run("CASE N WHEN 1 THEN 'one' ELSE 'other' END", cols)).toBe('other');
  });

  it('converts branch results to the common type', () => {
    const r = run("CASE WHEN true THEN 1 ELSE CAST(2 AS BIGINT) END");
    expect(r).toBe(1);
    expect(run("CASE WHEN false THEN 1 ELSE 2.5 END")).toEqual(dec('2.5'));
  });

  it('nests CASE expressions', () => {
    expect(run("CASE WHEN true THEN CASE WHEN false THEN 'a' ELSE 'b' END ELSE 'c' END")).toBe('b');
  });
});
