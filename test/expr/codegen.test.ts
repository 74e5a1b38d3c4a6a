import { describe, expect, it } from 'vitest';
import { KsqlError } from '../../src/errors.js';
import { compileExpression, compileRowFunction, EvaluationError, generatedSource, inferType } from '../../src/expr/index.js';
import { FunctionRegistry } from '../../src/functions/registry.js';
import { sig } from '../../src/functions/signature.js';
import { parseExpression } from '../../src/sql/parse.js';
import * as T from '../../src/types/sql-type.js';
import { run, scopeOf } from './helpers.js';

describe('compiled expressions', () => {
  it('compile once and evaluate each row by column position', () => {
    const cols = [{ name: 'A', type: T.INTEGER }, { name: 'B', type: T.STRING }];
    const fns = FunctionRegistry.builtins();
    const c = compileExpression(parseExpression("CONCAT(B, '-', CAST(A * 2 AS STRING))"), scopeOf(cols), fns);
    expect(c.type).toEqual(T.STRING);
    expect(c.evaluate([1, 'x'])).toBe('x-2');
    expect(c.evaluate([21, 'y'])).toBe('y-42');
  });

  it('treat a missing (undefined) cell as null', () => {
    const c = compileExpression(parseExpression('A IS NULL'), scopeOf([{ name: 'A', type: T.INTEGER }]), FunctionRegistry.builtins());
    expect(c.evaluate([])).toBe(true);
  });

  it('throw EvaluationError from evaluate when the expression fails for a row', () => {
    const c = compileExpression(parseExpression('A / 0'), scopeOf([{ name: 'A', type: T.INTEGER }]), FunctionRegistry.builtins());
    expect(() => c.evaluate([1])).toThrow(EvaluationError);
  });

  it('turn a failing function call into null and report it, so the rest of the expression goes on', () => {
    const errors: EvaluationError[] = [];
    const fns = FunctionRegistry.builtins();
    const c = compileExpression(
      parseExpression("COALESCE(PARSE_DATE(S, 'yyyy-MM-dd'), PARSE_DATE(CONCAT(S, '-01-01'), 'yyyy-MM-dd'))"),
      scopeOf([{ name: 'S', type: T.STRING }]),
      fns,
      { onError: (e) => errors.push(e) },
    );
    expect(c.evaluate(['2004'])).toBe(12418);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('PARSE_DATE');
    expect(c.evaluate(['2003-12-24'])).toBe(12410);
  });

  it('keep the IFNULL fallback for a failing cast inside it', () => {
    expect(run("IFNULL(CAST(PARSE_DATE(F, 'yyyy-MM-dd') AS STRING), '1900-01-01')", [{ name: 'F', type: T.STRING, value: 'abcd' }])).toBe('1900-01-01');
    expect(run("IFNULL(CAST(PARSE_DATE(F, 'yyyy-MM-dd') AS STRING), '1900-01-01')", [{ name: 'F', type: T.STRING, value: '2022-02-02' }])).toBe('2022-02-02');
  });

  it('evaluate non-deterministic functions on every row', () => {
    const c = compileExpression(parseExpression('RANDOM()'), scopeOf([]), FunctionRegistry.builtins());
    const values = new Set([c.evaluate([]), c.evaluate([]), c.evaluate([])]);
    expect(values.size).toBe(3);
  });

  it('call user-registered functions with their declared types', () => {
    const fns = FunctionRegistry.builtins();
    fns.register({
      kind: 'SCALAR',
      name: 'TWICE',
      category: 'OTHER',
      description: 'Doubles a string.',
      signatures: [sig('s STRING', 'STRING', (s: string) => s + s)],
    });
    const c = compileExpression(parseExpression("TWICE('ab')"), scopeOf([]), fns);
    expect(c.evaluate([])).toBe('abab');
  });

  it('type aggregate calls through the registry but refuse to compile them', () => {
    const fns = FunctionRegistry.builtins();
    const scope = scopeOf([{ name: 'V', type: T.BIGINT }]);
    expect(inferType(parseExpression("SUM(V) > 10"), scope, fns)).toEqual(T.BOOLEAN);
    expect(() => inferType(parseExpression("SUM(V) > '100'"), scope, fns)).toThrow("Cannot compare SUM(V) (BIGINT) to '100' (STRING) with GREATER_THAN.");
    expect(() => compileExpression(parseExpression('SUM(V)'), scope, fns)).toThrow(KsqlError);
  });
});

describe('generated source', () => {
  it('reads each column from the row once per evaluation and keeps CASE branches lazy', () => {
    const src = generatedSource(
      parseExpression("CASE WHEN A > 1 THEN UCASE(S) ELSE 'small' END"),
      scopeOf([{ name: 'A', type: T.INTEGER }, { name: 'S', type: T.STRING }]),
      FunctionRegistry.builtins(),
    );
    expect(src.match(/row\[0\]/g)).toHaveLength(1);
    expect(src).toMatch(/if \(t\d+ === true\) \{\s*t\d+ = row\[1\]/);
  });
});

describe('compiled projections', () => {
  const cols = [{ name: 'A', type: T.INTEGER }, { name: 'S', type: T.STRING }];
  const exprs = ['A + 1', 'UCASE(S)', '10 / A', "CONCAT(S, '/', S)", "PARSE_DATE(S, 'yyyy-MM-dd')"].map((e) => parseExpression(e));

  it('compute every expression of a row into a new row, with their types', () => {
    const p = compileRowFunction(exprs, scopeOf(cols), FunctionRegistry.builtins(), { onItemError: () => undefined });
    expect(p.types).toEqual([T.INTEGER, T.STRING, T.INTEGER, T.STRING, T.DATE]);
    const row = [2, '2004-01-02'];
    expect(p.evaluate(row)).toEqual([3, '2004-01-02', 5, '2004-01-02/2004-01-02', 12419]);
    expect(row).toEqual([2, '2004-01-02']);
    expect(p.evaluate([null, null])).toEqual([null, null, null, '/', null]);
  });

  it('give null for an expression that fails on a row and still compute the others, reporting which failed', () => {
    const failed: [number, string][] = [];
    const calls: string[] = [];
    const p = compileRowFunction(exprs, scopeOf(cols), FunctionRegistry.builtins(), {
      onItemError: (i, e) => failed.push([i, e.message]),
      onError: (e) => calls.push(e.message),
    });
    expect(p.evaluate([0, 'x'])).toEqual([1, 'X', null, 'x/x', null]);
    expect(failed).toEqual([[2, '/ by zero']]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/PARSE_DATE/);
  });
});
