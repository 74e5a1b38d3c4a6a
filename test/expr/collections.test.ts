import { describe, expect, it } from 'vitest';
import type { EvaluationError } from '../../src/expr/index.js';
import * as T from '../../src/types/sql-type.js';
import { run, value } from './helpers.js';

const colors = (v: unknown) => [{ name: 'C', type: T.array(T.STRING), value: v }];

describe('subscripts and dereference', () => {
  it('indexes arrays from 1, negative from the end, out of range giving null', () => {
    expect(run('C[1]', colors(['Red', 'Green']))).toBe('Red');
    expect(run('C[-1]', colors(['Red', 'Green']))).toBe('Green');
    expect(run('C[3]', colors(['Red', 'Green']))).toBeNull();
    expect(run('C[0]', colors(['Red']))).toBeNull();
    expect(run('C[1]', colors([]))).toBeNull();
    expect(run('C[1]', colors(null))).toBeNull();
    expect(run('C[10 - 5 - 4]', colors(['a']))).toBe('a');
  });

  it('looks up map keys, a missing key giving null', () => {
    const m = [{ name: 'M', type: T.map(T.STRING, T.INTEGER), value: new Map([['expected', 10]]) }];
    expect(run("M['expected']", m)).toBe(10);
    expect(run("M['missing']", m)).toBeNull();
    expect(run("IFNULL(M['missing'], -1)", m)).toBe(-1);
  });

  it('follows nested arrays and structs through nulls without failing', () => {
    const nested = T.struct([{ name: 'PERSON', type: T.struct([{ name: 'NAME', type: T.STRING }]) }]);
    expect(run('S->Person->Name', [{ name: 'S', type: nested, value: { PERSON: { NAME: 'George' } } }])).toBe('George');
    expect(run('S->Person->Name', [{ name: 'S', type: nested, value: { PERSON: null } }])).toBeNull();
    expect(run('S->Person->Name', [{ name: 'S', type: nested, value: null }])).toBeNull();
    const arrays = [{ name: 'A', type: T.array(T.array(T.INTEGER)), value: [null, [2]] }];
    expect(run('A[1][2]', arrays)).toBeNull();
    expect(run('A[2][1]', arrays)).toBe(2);
  });

  it('looks up maps with decimal keys by value', () => {
    const m = [{ name: 'M', type: T.map(T.decimal(2, 1), T.STRING), value: new Map([[run('1.5'), 'x']]) }];
    expect(run('M[1.5]', m)).toBe('x');
  });
});

describe('constructors', () => {
  it('builds arrays, converting elements to the common type', () => {
    expect(run("ARRAY[NULL, 10, '2e1', A, B]", [{ name: 'A', type: T.INTEGER, value: 30 }, { name: 'B', type: T.BIGINT, value: 40 }])).toEqual([
      null,
      10,
      20,
      30,
      40,
    ]);
  });

  it('builds arrays of structs with merged fields', () => {
    expect(run('ARRAY[NULL, STRUCT(X := 30, Y := 40), STRUCT(Y := 30, Z := 40)]')).toEqual([
      null,
      { X: 30, Y: 40, Z: null },
      { X: null, Y: 30, Z: 40 },
    ]);
  });

  it('builds maps in the order written, converting literal keys and values', () => {
    const cols = [{ name: 'K1', type: T.STRING, value: 'a' }, { name: 'V1', type: T.BOOLEAN, value: true }];
    const m = run("MAP(K1 := V1, 'b' := 'true', 10 := 'no')", cols) as Map<unknown, unknown>;
    expect([...m]).toEqual([['a', true], ['b', true], ['10', false]]);
  });

  it('keeps a null map key, and values that are null', () => {
    const m = run("MAP('k' := 10, CAST(NULL AS STRING) := NULL)") as Map<unknown, unknown>;
    expect([...m]).toEqual([['k', 10], [null, null]]);
  });

  it('builds structs with the field names as written, quoted names kept', () => {
    expect(run("STRUCT(FOO := 'x', `foo` := 'y')")).toEqual({ FOO: 'x', foo: 'y' });
    expect(run('STRUCT()')).toEqual({});
    expect(run("STRUCT(F := STRUCT(C := 'v'))")).toEqual({ F: { C: 'v' } });
  });

  it('keeps a struct field named like an Object property as a plain field', () => {
    expect(Object.keys(run("STRUCT(`__proto__` := 1)") as object)).toEqual(['__proto__']);
  });

  it('keeps a failing function inside a constructor to its own element', () => {
    const errors: EvaluationError[] = [];
    expect(run("STRUCT(A := 'moo', B := PARSE_DATE('foo', 'yyyyMMdd'))", [], errors)).toEqual({ A: 'moo', B: null });
    expect(errors).toHaveLength(1);
  });
});

describe('lambdas', () => {
  const nums = (v: unknown) => [{ name: 'N', type: T.array(T.INTEGER), value: v }];
  const map = (v: unknown) => [{ name: 'M', type: T.map(T.STRING, T.array(T.INTEGER)), value: v }];

  it('transforms and filters arrays', () => {
    expect(run('TRANSFORM(N, x => x + 5)', nums([3, 6]))).toEqual([8, 11]);
    expect(run('FILTER(N, x => x > 5)', nums([3, 6, 2, 10]))).toEqual([6, 10]);
    expect(run('FILTER(N, x => x > 5)', nums([5, null]))).toEqual([]);
    expect(run('TRANSFORM(N, x => x + 5)', nums(null))).toBeNull();
  });

  it('fails the whole call, not one element, when the lambda fails on an element', () => {
    const errors: EvaluationError[] = [];
    expect(run('TRANSFORM(N, x => x + 5)', nums([5, null]), errors)).toBeNull();
    expect(errors[0]?.message).toContain('TRANSFORM');
  });

  it('reduces arrays and maps from an initial state', () => {
    expect(run('REDUCE(N, 0, (s, x) => s + x)', nums([1, 2, 3]))).toBe(6);
    expect(run('REDUCE(N, 5, (s, x) => s + x)', nums(null))).toBe(5);
    const m = [{ name: 'M', type: T.map(T.STRING, T.INTEGER), value: new Map([['123', 3], ['12', 7], ['1234', 2]]) }];
    expect(run('REDUCE(M, 0, (s, k, v) => CASE WHEN LEN(k) > 3 THEN s + v ELSE s - v END)', m)).toBe(-8);
  });

  it('transforms keys and values of maps, failing on duplicate keys', () => {
    const input = new Map([['a', [2, 4, 5]], ['b', [-1, -2]]]);
    expect(run("TRANSFORM(M, (k, v) => k + '_test', (k, v) => ARRAY_MIN(v) + 1)", map(input))).toEqual(new Map([['a_test', 3], ['b_test', -1]]));
    expect(value("TRANSFORM(M, (k, v) => 'same', (k, v) => v)", map(input))).toBeNull();
  });

  it('filters maps by key and value', () => {
    const input = new Map([['yes', [2, 14]], ['no', [-4, 35]]]);
    expect(run("FILTER(M, (k, v) => INSTR(k, 'e') > 0 AND ARRAY_MIN(v) < 12)", map(input))).toEqual(new Map([['yes', [2, 14]]]));
  });

  it('nests lambdas, inner ones seeing outer variables and columns', () => {
    const cols = [{ name: 'A', type: T.INTEGER, value: 100 }, ...nums([1, 2])];
    expect(run('TRANSFORM(N, x => REDUCE(N, x, (s, y) => s + y + A))', cols)).toEqual([204, 205]);
    expect(run('TRANSFORM(N, x => TRANSFORM(ARRAY[10], x => x * 2))', nums([1]))).toEqual([[20]]);
  });

  it('lets lambda variables shadow columns', () => {
    const cols = [{ name: 'X', type: T.STRING, value: 'column' }, ...nums([1])];
    expect(run('TRANSFORM(N, X => X + 1)', cols)).toEqual([2]);
    expect(run('TRANSFORM(N, y => X)', cols)).toEqual(['column']);
  });

  it('evaluates the complex nested lambda from the ksqlDB suite', () => {
    const m = new Map([['hello', [200, 4, 5]], ['hey', [14, -3, -15, 3]], ['wow', [2, 3, 4]]]);
    const sql =
      'TRANSFORM(FILTER(M, (a, b) => LEN(a) > 2 AND REDUCE(b, 0, (c, d) => c+d) < 20), (X,Y) => LPAD(x, REDUCE(Y, 2, (s, k) => ABS(ABS(k)-s)), \'a\'), (X,Y) => REDUCE(ARRAY_UNION(Y, TRANSFORM(Y, z => z*3)), 0, (e, f) => e+f))';
    expect(run(sql, map(m))).toEqual(new Map([['hey', -4], ['w', 36]]));
  });
});
