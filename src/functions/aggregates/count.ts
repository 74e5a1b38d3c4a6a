// COUNT and COUNT_DISTINCT. COUNT(*) and COUNT() count rows; COUNT(x) counts the rows where x is
// not null and can undo; COUNT_DISTINCT estimates distinct non-null values with HyperLogLog.

import * as T from '../../types/sql-type.js';
import type { AggregateFunction } from '../types.js';
import { defineAggregate, type UdafCore } from './define.js';
import { cardinality, hashValue, mergeRegisters, newRegisters, offerHash } from './hyperloglog.js';

const countRows: UdafCore<number> = {
  init: () => 0,
  add: (s) => s + 1,
  undo: (s) => s - 1,
  merge: (a, b) => a + b,
  result: (s) => s,
};

const countValues: UdafCore<number> = {
  init: () => 0,
  add: (s, args) => (args[0] === null ? s : s + 1),
  undo: (s, args) => (args[0] === null ? s : s - 1),
  merge: (a, b) => a + b,
  result: (s) => s,
};

export const COUNT: AggregateFunction = defineAggregate({
  name: 'COUNT',
  description: 'Counts the rows of a group: COUNT(*) and COUNT() count every row, COUNT(col) the rows where col is not null.',
  overloads: [
    { cols: '', returns: 'BIGINT', intermediate: 'BIGINT', description: 'Counts rows (COUNT(*) resolves here).', make: () => countRows },
    { cols: 'val ANY', returns: 'BIGINT', intermediate: 'BIGINT', description: 'Counts non-null values.', make: () => countValues },
  ],
});

const INTERMEDIATE_REGISTERS = T.array(T.INTEGER);

export const COUNT_DISTINCT: AggregateFunction = defineAggregate({
  name: 'COUNT_DISTINCT',
  description:
    'Returns the approximate number of distinct non-null values of a column in a group. It uses HyperLogLog, exact for small groups and within a few percent for large ones.',
  overloads: [
    {
      cols: 'val ANY',
      returns: 'BIGINT',
      intermediate: () => INTERMEDIATE_REGISTERS,
      make: (ctx) => {
        const type = ctx.cols[0]!;
        const core: UdafCore<Buffer> = {
          init: newRegisters,
          add: (s, args) => {
            const v = args[0];
            if (v !== null) offerHash(s, hashValue(v, type));
            return s;
          },
          merge: mergeRegisters,
          result: cardinality,
        };
        return core;
      },
    },
  ],
});
