import { describe, expect, it } from 'vitest';
import type { Expression } from '../../src/sql/ast.js';
import { parseExpression } from '../../src/sql/parse.js';
import { col, errorOf, expr, int } from './ast-helpers.js';

const A = col('A');
const B = col('B');
const C = col('C');

function arith(op: '+' | '-' | '*' | '/' | '%', left: Expression, right: Expression): Expression {
  return { kind: 'Arithmetic', op, left, right };
}

describe('operator precedence, as in ksqlDB', () => {
  it('binds AND tighter than OR', () => {
    expect(expr('a OR b AND c')).toEqual({ kind: 'Logical', op: 'OR', left: A, right: { kind: 'Logical', op: 'AND', left: B, right: C } });
  });

  it('applies NOT to a whole comparison but not to a following AND', () => {
    expect(expr('NOT a = 1 AND b')).toEqual({
      kind: 'Logical',
      op: 'AND',
      left: { kind: 'Not', operand: { kind: 'Comparison', op: '=', left: A, right: int('1') } },
      right: B,
    });
  });

  it('binds arithmetic tighter than comparison, * tighter than +, and is left-associative', () => {
    expect(expr('a + b * c > a - b - c')).toEqual({
      kind: 'Comparison',
      op: '>',
      left: arith('+', A, arith('*', B, C)),
      right: arith('-', arith('-', A, B), C),
    });
    expect(expr('a / b % c')).toEqual(arith('%', arith('/', A, B), C));
  });

  it('binds unary minus tighter than * and postfix operators tighter than unary minus', () => {
    expect(expr('-a * b')).toEqual(arith('*', { kind: 'Unary', op: '-', operand: A }, B));
    expect(expr('-a[1]')).toEqual({ kind: 'Unary', op: '-', operand: { kind: 'Subscript', base: A, index: int('1') } });
  });

  it('honours parentheses', () => {
    expect(expr('(a + b) * c')).toEqual(arith('*', arith('+', A, B), C));
  });
});

describe('literals', () => {
  it('types numbers like ksqlDB: INTEGER, BIGINT, DECIMAL, DOUBLE', () => {
    expect(expr('2147483647')).toEqual({ kind: 'NumericLiteral', text: '2147483647', type: 'INTEGER' });
    expect(expr('2147483648')).toEqual({ kind: 'NumericLiteral', text: '2147483648', type: 'BIGINT' });
    expect(expr('-2147483648')).toEqual({ kind: 'NumericLiteral', text: '-2147483648', type: 'INTEGER' });
    expect(expr('1.50')).toEqual({ kind: 'NumericLiteral', text: '1.50', type: 'DECIMAL' });
    expect(expr('1.5E3')).toEqual({ kind: 'NumericLiteral', text: '1.5E3', type: 'DOUBLE' });
    expect(errorOf(() => parseExpression('9223372036854775808')).message).toBe('Invalid numeric literal: 9223372036854775808');
  });

  it('reads strings with doubled quotes, booleans, NULL and typed literals', () => {
    expect(expr("'it''s'")).toEqual({ kind: 'StringLiteral', value: "it's" });
    expect(expr('TRUE')).toEqual({ kind: 'BooleanLiteral', value: true });
    expect(expr('false')).toEqual({ kind: 'BooleanLiteral', value: false });
    expect(expr('null')).toEqual({ kind: 'NullLiteral' });
    expect(expr("DATE '2020-01-02'")).toEqual({ kind: 'TypedLiteral', type: 'DATE', value: '2020-01-02' });
    expect(expr("TIMESTAMP '2020-01-02T03:04:05'")).toEqual({ kind: 'TypedLiteral', type: 'TIMESTAMP', value: '2020-01-02T03:04:05' });
  });

  it('reads ARRAY, MAP and STRUCT constructors', () => {
    expect(expr('ARRAY[1, 2]')).toEqual({ kind: 'ArrayConstructor', items: [int('1'), int('2')] });
    expect(expr("MAP('a' := 1, k := v)")).toEqual({
      kind: 'MapConstructor',
      entries: [
        { key: { kind: 'StringLiteral', value: 'a' }, value: int('1') },
        { key: col('K'), value: col('V') },
      ],
    });
    expect(expr('STRUCT(f := 1, `g` := a)')).toEqual({
      kind: 'StructConstructor',
      fields: [
        { name: 'F', value: int('1') },
        { name: 'g', value: A },
      ],
    });
  });
});

describe('predicates', () => {
  it('reads [NOT] BETWEEN, [NOT] IN and [NOT] LIKE with ESCAPE', () => {
    expect(expr('a NOT BETWEEN 1 AND 2')).toEqual({ kind: 'Between', value: A, low: int('1'), high: int('2'), negated: true });
    expect(expr('a IN (1, b)')).toEqual({ kind: 'InList', value: A, list: [int('1'), B], negated: false });
    expect(expr("a NOT LIKE 'x!%' ESCAPE '!'")).toEqual({
      kind: 'Like',
      value: A,
      pattern: { kind: 'StringLiteral', value: 'x!%' },
      escape: '!',
      negated: true,
    });
  });

  it('reads IS [NOT] NULL and IS [NOT] DISTINCT FROM', () => {
    expect(expr('a IS NOT NULL')).toEqual({ kind: 'IsNull', value: A, negated: true });
    expect(expr('a IS DISTINCT FROM b')).toEqual({ kind: 'Comparison', op: 'IS DISTINCT FROM', left: A, right: B });
    expect(expr('a IS NOT DISTINCT FROM b')).toEqual({ kind: 'Comparison', op: 'IS NOT DISTINCT FROM', left: A, right: B });
  });

  it('reads != as <>', () => {
    expect(expr('a != b')).toEqual({ kind: 'Comparison', op: '<>', left: A, right: B });
  });
});

describe('functions, lambdas and structure access', () => {
  it('reads COUNT(*) and upper-cases function names', () => {
    expect(expr('count(*)')).toEqual({ kind: 'FunctionCall', name: 'COUNT', args: [], star: true });
    expect(expr('ucase(a)')).toEqual({ kind: 'FunctionCall', name: 'UCASE', args: [A] });
  });

  it('reads a bare time unit argument as an interval unit, singular or plural', () => {
    expect(expr('TIMESTAMPADD(SECOND, 5, ts)')).toEqual({
      kind: 'FunctionCall',
      name: 'TIMESTAMPADD',
      args: [{ kind: 'IntervalUnit', unit: 'SECONDS' }, int('5'), col('TS')],
    });
    expect(expr('f(days)')).toEqual({ kind: 'FunctionCall', name: 'F', args: [{ kind: 'IntervalUnit', unit: 'DAYS' }] });
  });

  it('reads lambdas with one or several parameters', () => {
    expect(expr('TRANSFORM(arr, x => x + 1)')).toEqual({
      kind: 'FunctionCall',
      name: 'TRANSFORM',
      args: [col('ARR'), { kind: 'Lambda', params: ['X'], body: arith('+', col('X'), int('1')) }],
    });
    expect(expr('REDUCE(arr, 0, (s, x) => s + x)')).toMatchObject({ args: [col('ARR'), int('0'), { kind: 'Lambda', params: ['S', 'X'] }] });
    expect(expr('FILTER(arr, (x) => x > 0)')).toMatchObject({ args: [col('ARR'), { kind: 'Lambda', params: ['X'] }] });
  });

  it('reads struct dereference, array subscripts and map lookups in order', () => {
    expect(expr("s->f[1]['k']->g")).toEqual({
      kind: 'Dereference',
      field: 'G',
      base: {
        kind: 'Subscript',
        index: { kind: 'StringLiteral', value: 'k' },
        base: { kind: 'Subscript', index: int('1'), base: { kind: 'Dereference', field: 'F', base: col('S') } },
      },
    });
  });

  it('reads both forms of CASE and CAST', () => {
    expect(expr("CASE WHEN a THEN 'x' ELSE 'y' END")).toEqual({
      kind: 'SearchedCase',
      whens: [{ when: A, then: { kind: 'StringLiteral', value: 'x' } }],
      else: { kind: 'StringLiteral', value: 'y' },
    });
    expect(expr('CASE a WHEN 1 THEN b END')).toEqual({ kind: 'SimpleCase', operand: A, whens: [{ when: int('1'), then: B }] });
    expect(expr('CAST(a AS DECIMAL(4, 2))')).toEqual({ kind: 'Cast', expr: A, type: { kind: 'DECIMAL', precision: 4, scale: 2 } });
  });

  it('reads pseudo columns and header columns as column references', () => {
    expect(expr('ROWTIME + WINDOWSTART')).toEqual(arith('+', col('ROWTIME'), col('WINDOWSTART')));
  });

  it('gives each node the position where it starts', () => {
    const e = parseExpression('a +\n  f(b)');
    expect(e.loc).toEqual({ line: 1, column: 1 });
    if (e.kind !== 'Arithmetic') throw new Error(e.kind);
    expect(e.right.loc).toEqual({ line: 2, column: 3 });
  });
});
