// Small helpers for writing function descriptors: one call per function, docs next to code.

import type { Signature, ScalarFunction, FunctionCategory, ReturnContext } from '../types.js';
import type { SqlType } from '../../types/sql-type.js';
import { EvaluationError } from '../values/errors.js';

export function scalar(name: string, category: FunctionCategory, description: string, signatures: Signature[]): ScalarFunction {
  return { kind: 'SCALAR', name, category, description, signatures };
}

/** Return type = the type of argument i after conversion (ABS(DECIMAL(4,2)) -> DECIMAL(4,2)). */
export function argType(i: number): (ctx: ReturnContext) => SqlType {
  return (ctx) => {
    const t = ctx.paramTypes[i] ?? ctx.argTypes[i];
    if (t === null || t === undefined) throw new EvaluationError(`Cannot infer the type of argument ${i + 1}`);
    return t;
  };
}

export function fail(message: string): never {
  throw new EvaluationError(message);
}
