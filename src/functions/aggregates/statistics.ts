// STDDEV_SAMP, STDDEV_SAMPLE and CORRELATION, with ksqlDB's update formulas so results match it
// to the last digit. ksqlDB's STDDEV_SAMP returns the sample variance (no square root) while
// STDDEV_SAMPLE returns the standard deviation; both behaviours are kept.

import * as T from '../../types/sql-type.js';
import type { SqlType } from '../../types/sql-type.js';
import type { AggregateFunction } from '../types.js';
import { type Arith, DOUBLE_ARITH, INT_ARITH, LONG_ARITH } from './arith.js';
import { defineAggregate, type Overload, structOf, type UdafCore } from './define.js';

/** [sum, count, m2]: m2 is the sum of squared deviations from the mean (Welford). */
type VarState<N> = [N, number, number];

function varianceCore<N>(arith: Arith<N>, finish: (variance: number) => number): UdafCore<VarState<N>> {
  return {
    init: () => [arith.zero, 0, 0],
    add: (s, args) => {
      const x = args[0] as N | null;
      if (x === null) return s;
      const n = s[1] + 1;
      if (n > 1) {
        // delta = n*x - (sum + x) = (n-1) * (x - old mean) scaled; m2 += delta^2 / (n (n-1)).
        const delta = arith.timesMinus(x, n, arith.add(s[0], x));
        s[2] += (delta * delta) / (n * (n - 1));
      }
      s[0] = arith.add(s[0], x);
      s[1] = n;
      return s;
    },
    undo: (s, args) => {
      const x = args[0] as N | null;
      if (x === null || s[1] === 0) return s;
      const n = s[1];
      if (n <= 2) {
        s[2] = 0;
      } else {
        const delta = arith.timesMinus(x, n, s[0]);
        s[2] = Math.max(0, s[2] - (delta * delta) / (n * (n - 1)));
      }
      s[0] = arith.sub(s[0], x);
      s[1] = n - 1;
      return s;
    },
    merge: (a, b) => {
      if (a[1] === 0) return b;
      if (b[1] === 0) return a;
      const n = a[1] + b[1];
      const delta = arith.toDouble(a[0]) / a[1] - arith.toDouble(b[0]) / b[1];
      return [arith.add(a[0], b[0]), n, a[2] + b[2] + (delta * delta * a[1] * b[1]) / n];
    },
    result: (s) => (s[1] < 2 ? 0 : finish(s[2] / (s[1] - 1))),
  };
}

function variance<N>(type: SqlType, arith: Arith<N>, finish: (v: number) => number): Overload {
  const intermediate = structOf([
    ['SUM', type],
    ['COUNT', T.BIGINT],
    ['M2', T.DOUBLE],
  ]);
  return { cols: `val ${T.formatType(type)}`, returns: 'DOUBLE', intermediate: () => intermediate, make: () => varianceCore(arith, finish) };
}

function varianceOverloads(finish: (v: number) => number): Overload[] {
  return [
    variance(T.INTEGER, INT_ARITH, finish),
    variance(T.BIGINT, LONG_ARITH, finish),
    variance(T.DOUBLE, DOUBLE_ARITH, finish),
  ];
}

export const STDDEV_SAMP: AggregateFunction = defineAggregate({
  name: 'STDDEV_SAMP',
  description:
    'Returns the sample variance of a column over a group, as ksqlDB computes it under this name (0.0 for fewer than two values). Use STDDEV_SAMPLE for the standard deviation.',
  overloads: varianceOverloads((v) => v),
});

export const STDDEV_SAMPLE: AggregateFunction = defineAggregate({
  name: 'STDDEV_SAMPLE',
  description: 'Returns the sample standard deviation of a column over a group (0.0 for fewer than two values).',
  overloads: varianceOverloads(Math.sqrt),
});

/** [xSum, ySum, xSquaredSum, ySquaredSum, xySum, count] */
type CorrState = [number, number, number, number, number, number];

const correlationCore: UdafCore<CorrState> = {
  init: () => [0, 0, 0, 0, 0, 0],
  add: (s, args) => {
    const x = args[0] as number | null;
    const y = args[1] as number | null;
    if (x === null || y === null) return s;
    s[0] += x;
    s[1] += y;
    s[2] += x * x;
    s[3] += y * y;
    s[4] += x * y;
    s[5]++;
    return s;
  },
  undo: (s, args) => {
    const x = args[0] as number | null;
    const y = args[1] as number | null;
    if (x === null || y === null || s[5] === 0) return s;
    s[0] -= x;
    s[1] -= y;
    s[2] -= x * x;
    s[3] -= y * y;
    s[4] -= x * y;
    s[5]--;
    return s;
  },
  merge: (a, b) => [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4], a[5] + b[5]],
  result: (s) => {
    const [xSum, ySum, xSq, ySq, xy, n] = s;
    const numerator = n * xy - xSum * ySum;
    const denominator = Math.sqrt(n * xSq - xSum * xSum) * Math.sqrt(n * ySq - ySum * ySum);
    return numerator / denominator;
  },
};

const CORRELATION_INTERMEDIATE = structOf([
  ['X_SUM', T.DOUBLE],
  ['Y_SUM', T.DOUBLE],
  ['X_SQUARED_SUM', T.DOUBLE],
  ['Y_SQUARED_SUM', T.DOUBLE],
  ['XY_SUM', T.DOUBLE],
  ['COUNT', T.BIGINT],
]);

export const CORRELATION: AggregateFunction = defineAggregate({
  name: 'CORRELATION',
  description:
    'Returns the Pearson correlation coefficient of two columns over a group, from the rows where both are non-null (NaN when it is undefined: fewer than two rows or a constant column).',
  overloads: [{ cols: 'x DOUBLE, y DOUBLE', returns: 'DOUBLE', intermediate: () => CORRELATION_INTERMEDIATE, make: () => correlationCore }],
});
