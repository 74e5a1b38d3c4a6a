// Expression typing and compilation: the public face of src/expr. The analyzer types
// expressions with inferType; the planner/runtime compiles them once per query with
// compileExpression into functions over rows (arrays indexed by column position).

import { KsqlError } from '../errors.js';
import type { FunctionRegistry } from '../functions/registry.js';
import { EvaluationError, toEvaluationError } from '../functions/values/errors.js';
import type { Expression } from '../sql/ast.js';
import type { SqlType } from '../types/sql-type.js';
import { CodeGen, type ErrorSink } from './codegen.js';
import type { Scope } from './scope.js';
import type { Typed } from './typed.js';
import { Typer, type TypeOptions } from './typer.js';

export { EvaluationError } from '../functions/values/errors.js';
export { compareValues, valueKey, valuesEqual } from '../functions/values/compare.js';
export { castSupported, convertValue } from '../functions/values/cast.js';
export { javaToString } from '../functions/values/java-string.js';
export { assignValue, isAssignable } from './assign.js';
export { columnScope, type ColumnInfo, type Scope, type ScopeColumn } from './scope.js';
export type { TypeOptions } from './typer.js';

export interface CompileOptions extends TypeOptions {
  /**
   * Receives errors a function call hit for one record: the call yields null and evaluation goes
   * on, as in ksqlDB (e.g. COALESCE(PARSE_DATE(bad), x) -> x). The runtime logs them to the
   * processing log. Errors outside function calls are thrown by evaluate() instead.
   */
  readonly onError?: (error: EvaluationError) => void;
}

export interface CompiledExpression {
  readonly type: SqlType;
  /**
   * Evaluates the expression on one row. Throws EvaluationError when the expression fails for
   * this row (arithmetic on null, / by zero, a bad CAST): the runtime logs it and uses null.
   */
  evaluate(row: readonly unknown[]): unknown;
}

const NULL_TYPE_MESSAGE = "Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).";

function typeTree(expr: Expression, scope: Scope, fns: FunctionRegistry, options: TypeOptions): Typed {
  return new Typer(scope, fns, options).type(expr);
}

/**
 * The SQL type of `expr`, or null for an untyped NULL literal (e.g. INSERT VALUES (NULL)).
 * Throws KsqlError ('TYPE', 'UNKNOWN_COLUMN', 'UNKNOWN_FUNCTION') with the position.
 */
export function inferTypeOrNull(expr: Expression, scope: Scope, fns: FunctionRegistry, options: TypeOptions = {}): SqlType | null {
  return typeTree(expr, scope, fns, options).type;
}

/** The SQL type of `expr`. Throws KsqlError ('TYPE'|'UNKNOWN_COLUMN'|'UNKNOWN_FUNCTION') with the position. */
export function inferType(expr: Expression, scope: Scope, fns: FunctionRegistry, options: TypeOptions = {}): SqlType {
  const t = inferTypeOrNull(expr, scope, fns, options);
  if (t === null) throw new KsqlError('TYPE', NULL_TYPE_MESSAGE, expr.loc);
  return t;
}

/** Compiles `expr` once into a JS function over rows; see CompiledExpression. */
export function compileExpression(
  expr: Expression,
  scope: Scope,
  fns: FunctionRegistry,
  options: CompileOptions = {},
): CompiledExpression {
  const typed = typeTree(expr, scope, fns, options);
  if (typed.type === null) throw new KsqlError('TYPE', NULL_TYPE_MESSAGE, expr.loc);
  const sink: ErrorSink | undefined = options.onError;
  const { fn } = new CodeGen(sink).compile(typed);
  const evaluate = (row: readonly unknown[]): unknown => {
    try {
      return fn(row);
    } catch (e) {
      throw e instanceof EvaluationError ? e : toEvaluationError(e);
    }
  };
  return { type: typed.type, evaluate };
}

export interface CompiledRowFunction {
  readonly types: readonly SqlType[];
  /** Evaluates every expression on one row into a new array, in order. */
  evaluate(row: readonly unknown[]): unknown[];
}

/**
 * Compiles several expressions (a projection) into one JS function over rows returning their
 * values. When expression i throws for a row (see CompiledExpression.evaluate), `onItemError`
 * receives i and the EvaluationError, and the value is null; the other expressions still run.
 */
export function compileRowFunction(
  exprs: readonly Expression[],
  scope: Scope,
  fns: FunctionRegistry,
  options: CompileOptions & { readonly onItemError: (index: number, error: EvaluationError) => void },
): CompiledRowFunction {
  const typed = exprs.map((expr) => {
    const t = typeTree(expr, scope, fns, options);
    if (t.type === null) throw new KsqlError('TYPE', NULL_TYPE_MESSAGE, expr.loc);
    return t;
  });
  const onItemError = options.onItemError;
  const fail = (index: number, e: unknown): null => {
    onItemError(index, e instanceof EvaluationError ? e : toEvaluationError(e));
    return null;
  };
  const { fn } = new CodeGen(options.onError).compileAll(typed, fail);
  return { types: typed.map((t) => t.type!), evaluate: fn };
}

/** The JavaScript generated for `expr`, for debugging and tests. */
export function generatedSource(expr: Expression, scope: Scope, fns: FunctionRegistry, options: CompileOptions = {}): string {
  return new CodeGen(options.onError).compile(typeTree(expr, scope, fns, options)).source;
}
