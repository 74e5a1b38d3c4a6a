// Test helpers: parse an expression, type it and evaluate it over one row of named columns.

import { compileExpression, columnScope, inferType, type EvaluationError } from '../../src/expr/index.js';
import { FunctionRegistry } from '../../src/functions/registry.js';
import { parseExpression } from '../../src/sql/parse.js';
import type { SqlType } from '../../src/types/sql-type.js';

export const fns = FunctionRegistry.builtins();

export interface Col {
  readonly name: string;
  readonly type: SqlType;
  readonly value?: unknown;
  readonly source?: string;
}

export function scopeOf(cols: readonly Col[]) {
  return columnScope(cols.map((c) => ({ name: c.name, type: c.type, ...(c.source === undefined ? {} : { source: c.source }) })));
}

export function typeOf(sql: string, cols: readonly Col[] = []): SqlType {
  return inferType(parseExpression(sql), scopeOf(cols), fns);
}

/** Evaluates; function-call errors are collected in `errors`. */
export function run(sql: string, cols: readonly Col[] = [], errors: EvaluationError[] = []): unknown {
  const c = compileExpression(parseExpression(sql), scopeOf(cols), fns, { onError: (e) => errors.push(e) });
  return c.evaluate(cols.map((x) => (x.value === undefined ? null : x.value)));
}

export function compile(sql: string, cols: readonly Col[] = []) {
  return compileExpression(parseExpression(sql), scopeOf(cols), fns);
}

/** Evaluates like the runtime: an evaluation error gives null. */
export function value(sql: string, cols: readonly Col[] = []): unknown {
  try {
    return run(sql, cols);
  } catch (e) {
    if ((e as Error).name === 'EvaluationError') return null;
    throw e;
  }
}
