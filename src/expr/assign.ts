// Whether a value of one type may go where another is expected without an explicit CAST (INSERT
// VALUES, INSERT INTO a stream, UDF arguments): ksqlDB's implicit widening rules.

import { implicitCost } from '../functions/signature.js';
import { convertValue } from '../functions/values/cast.js';
import * as T from '../types/sql-type.js';
import type { SqlType } from '../types/sql-type.js';

/**
 * True if `from` converts implicitly to `to`: equal types, INTEGER -> BIGINT -> DECIMAL -> DOUBLE
 * (decimals only to a decimal wide enough), element-wise for ARRAY and MAP, field-wise by name
 * for STRUCT (fields missing from `from` become null). NULL (from = null) goes anywhere.
 */
export function isAssignable(from: SqlType | null, to: SqlType): boolean {
  if (from === null) return true;
  if (T.typesEqual(from, to)) return true;
  if (implicitCost(from, to) !== undefined) return true;
  if (from.kind === 'ARRAY' && to.kind === 'ARRAY') return isAssignable(from.item, to.item);
  if (from.kind === 'MAP' && to.kind === 'MAP') return isAssignable(from.key, to.key) && isAssignable(from.value, to.value);
  if (from.kind === 'STRUCT' && to.kind === 'STRUCT') {
    return from.fields.every((f) => {
      const target = to.fields.find((x) => x.name === f.name);
      return target !== undefined && isAssignable(f.type, target.type);
    });
  }
  return false;
}

/** Converts a value of type `from` to type `to` (see isAssignable); throws EvaluationError if it does not fit. */
export function assignValue(v: unknown, from: SqlType, to: SqlType): unknown {
  return convertValue(v, from, to);
}
