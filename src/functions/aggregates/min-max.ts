// MIN and MAX over the orderable types, ignoring nulls (null until a value arrives). Like
// ksqlDB's, they cannot undo, so they aggregate streams only.

import type { SqlType } from '../../types/sql-type.js';
import type { AggregateFunction } from '../types.js';
import { defineAggregate, type Overload, type UdafCore } from './define.js';
import { type Comparator, comparatorFor, ORDERABLE } from './ordering.js';

function extremeCore(cmp: Comparator, sign: 1 | -1): UdafCore<unknown> {
  const pick = (a: unknown, b: unknown): unknown => {
    if (a === null) return b;
    if (b === null) return a;
    return cmp(b, a) * sign > 0 ? b : a;
  };
  return {
    init: () => null,
    add: (s, args) => pick(s, args[0]),
    merge: pick,
    result: (s) => s,
  };
}

function overloads(sign: 1 | -1): Overload[] {
  const sameAsArg = (ctx: { cols: readonly SqlType[] }): SqlType | undefined => ctx.cols[0];
  return ORDERABLE.map((t) => ({
    cols: `val ${t}`,
    returns: t === 'DECIMAL' ? sameAsArg : t,
    intermediate: t === 'DECIMAL' ? sameAsArg : t,
    ...(t === 'DECIMAL' ? { returnsText: 'DECIMAL' } : {}),
    make: (ctx) => extremeCore(comparatorFor(ctx.cols[0]!), sign),
  }));
}

export const MAX: AggregateFunction = defineAggregate({
  name: 'MAX',
  description: 'Returns the largest non-null value of a column over a group.',
  overloads: overloads(1),
});

export const MIN: AggregateFunction = defineAggregate({
  name: 'MIN',
  description: 'Returns the smallest non-null value of a column over a group.',
  overloads: overloads(-1),
});
