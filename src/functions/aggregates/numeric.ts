// SUM, SUM_LIST and AVG. Nulls are skipped; each keeps ksqlDB's result type (SUM(INT) is INT and
// wraps like Java's int) and intermediate type (AVG keeps STRUCT<SUM, COUNT>); all can undo.

import * as T from '../../types/sql-type.js';
import type { SqlType } from '../../types/sql-type.js';
import type { AggregateFunction } from '../types.js';
import { type Arith, decimalArith, DOUBLE_ARITH, INT_ARITH, LONG_ARITH } from './arith.js';
import { defineAggregate, type Overload, structOf, type UdafCore } from './define.js';

function sumCore<N>(arith: Arith<N>): UdafCore<N> {
  return {
    init: () => arith.zero,
    add: (s, args) => {
      const v = args[0] as N | null;
      return v === null ? s : arith.add(s, v);
    },
    undo: (s, args) => {
      const v = args[0] as N | null;
      return v === null ? s : arith.sub(s, v);
    },
    merge: (a, b) => arith.add(a, b),
    result: (s) => s,
  };
}

function decimalSum(t: SqlType): UdafCore<unknown> {
  if (t.kind !== 'DECIMAL') throw new Error('SUM(DECIMAL) resolved for a non-decimal');
  return sumCore(decimalArith(t.precision, t.scale));
}

const sameAsArg = (ctx: { cols: readonly SqlType[] }): SqlType | undefined => ctx.cols[0];

export const SUM: AggregateFunction = defineAggregate({
  name: 'SUM',
  description: 'Returns the sum of a column over a group. Nulls are ignored; the sum of no values is 0.',
  overloads: [
    { cols: 'val INTEGER', returns: 'INTEGER', intermediate: 'INTEGER', make: () => sumCore(INT_ARITH) },
    { cols: 'val BIGINT', returns: 'BIGINT', intermediate: 'BIGINT', make: () => sumCore(LONG_ARITH) },
    { cols: 'val DOUBLE', returns: 'DOUBLE', intermediate: 'DOUBLE', make: () => sumCore(DOUBLE_ARITH) },
    {
      cols: 'val DECIMAL',
      returns: sameAsArg,
      intermediate: sameAsArg,
      returnsText: 'DECIMAL',
      description: 'Keeps the precision and scale of the column; a sum that does not fit fails with "Numeric field overflow".',
      make: (ctx) => decimalSum(ctx.returnType),
    },
  ],
});

function listSumCore<N>(arith: Arith<N>): UdafCore<N> {
  const total = (s: N, list: readonly (N | null)[], sign: 1 | -1): N => {
    let acc = s;
    for (const x of list) if (x !== null) acc = sign === 1 ? arith.add(acc, x) : arith.sub(acc, x);
    return acc;
  };
  return {
    init: () => arith.zero,
    add: (s, args) => {
      const list = args[0] as (N | null)[] | null;
      return list === null ? s : total(s, list, 1);
    },
    undo: (s, args) => {
      const list = args[0] as (N | null)[] | null;
      return list === null ? s : total(s, list, -1);
    },
    merge: (a, b) => arith.add(a, b),
    result: (s) => s,
  };
}

export const SUM_LIST: AggregateFunction = defineAggregate({
  name: 'SUM_LIST',
  description: 'Returns the sum of the elements of an array column over a group; null arrays and null elements are ignored.',
  overloads: [
    { cols: 'list ARRAY<INTEGER>', returns: 'INTEGER', intermediate: 'INTEGER', make: () => listSumCore(INT_ARITH) },
    { cols: 'list ARRAY<BIGINT>', returns: 'BIGINT', intermediate: 'BIGINT', make: () => listSumCore(LONG_ARITH) },
    { cols: 'list ARRAY<DOUBLE>', returns: 'DOUBLE', intermediate: 'DOUBLE', make: () => listSumCore(DOUBLE_ARITH) },
  ],
});

/** [sum, count] */
type AvgState<N> = [N, number];

function averageCore<N>(arith: Arith<N>): UdafCore<AvgState<N>> {
  return {
    init: () => [arith.zero, 0],
    add: (s, args) => {
      const v = args[0] as N | null;
      if (v === null) return s;
      s[0] = arith.add(s[0], v);
      s[1]++;
      return s;
    },
    undo: (s, args) => {
      const v = args[0] as N | null;
      if (v === null) return s;
      s[0] = arith.sub(s[0], v);
      s[1]--;
      return s;
    },
    merge: (a, b) => [arith.add(a[0], b[0]), a[1] + b[1]],
    // ksqlDB answers 0.0, not null, for a group with no values.
    result: (s) => (s[1] === 0 ? 0 : arith.toDouble(s[0]) / s[1]),
  };
}

function avg(type: SqlType, make: () => UdafCore<unknown>): Overload {
  const intermediate = structOf([
    ['SUM', type],
    ['COUNT', T.BIGINT],
  ]);
  return { cols: `val ${T.formatType(type)}`, returns: 'DOUBLE', intermediate: () => intermediate, make };
}

export const AVG: AggregateFunction = defineAggregate({
  name: 'AVG',
  description:
    'Returns the average of a column over a group as a DOUBLE: the sum divided by the count of non-null values (0.0 when there are none). DECIMAL columns are averaged as DOUBLE.',
  overloads: [
    avg(T.INTEGER, () => averageCore(INT_ARITH)),
    avg(T.BIGINT, () => averageCore(LONG_ARITH)),
    avg(T.DOUBLE, () => averageCore(DOUBLE_ARITH)),
  ],
});
