import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/expr/index.js';
import { FunctionRegistry } from '../../src/functions/registry.js';
import { testingFunctions } from '../../src/functions/testing-functions.js';
import { parseExpression } from '../../src/sql/parse.js';
import * as T from '../../src/types/sql-type.js';
import { scopeOf } from '../expr/helpers.js';

const fns = FunctionRegistry.builtins();
for (const f of testingFunctions()) fns.register(f);

const cols = [{ name: 'ID', type: T.BIGINT }, { name: 'S', type: T.STRING }, { name: 'ST', type: T.struct([{ name: 'A', type: T.STRING }]) }];
const evaluate = (sql: string, row: unknown[] = [0, 'd1', { A: 'expect-result' }]) =>
  compileExpression(parseExpression(sql), scopeOf(cols), fns).evaluate(row);

describe("ksqlDB's test UDFs", () => {
  it('resolve TEST_UDF overloads as the ksqlDB suite expects', () => {
    expect(evaluate('TEST_UDF(ID, NULL)')).toBe('doStuffLongString');
    expect(evaluate('TEST_UDF(ID, ID, NULL)')).toBe('doStuffLongLongString');
    expect(evaluate('TEST_UDF(ID, ID, ID, ID, ID)')).toBe('doStuffLongVarargs');
    expect(evaluate('TEST_UDF(ST)')).toBe('expect-result');
    expect(evaluate('TEST_UDF()')).toEqual({ A: 'foo' });
    expect(evaluate('TOSTRUCT(S)')).toEqual({ A: 'd1' });
  });

  it('make BAD_UDF fail every other string call, so those rows get null', () => {
    const c = compileExpression(parseExpression('BAD_UDF(S)'), scopeOf(cols), fns);
    expect(['d1', 'd2', 'd1', 'd2'].map((s) => c.evaluate([0, s, null]))).toEqual([null, 'd2', null, 'd2']);
  });

  it('evaluate only the CASE branches that are taken', () => {
    expect(evaluate('CASE WHEN WHENCONDITION(true, true) THEN WHENRESULT(100, true) WHEN WHENCONDITION(true, false) THEN WHENRESULT(200, false) ELSE WHENRESULT(300, false) END')).toBe(100);
    expect(evaluate('CASE WHEN WHENCONDITION(false, true) THEN WHENRESULT(100, false) ELSE WHENRESULT(300, true) END')).toBe(300);
  });
});
