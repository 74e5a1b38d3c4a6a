// ATTR: the value of a column when every row of the group has the same one (null counts as a
// value), else null. It keeps a count per distinct value so table rows can be retracted.

import * as T from '../../types/sql-type.js';
import type { AggregateFunction } from '../types.js';
import { valueKey } from '../values/compare.js';
import { defineAggregate, type UdafCore } from './define.js';

/** Distinct value key -> [value, number of rows holding it]. */
type Counts = Map<unknown, [unknown, number]>;

export const ATTR: AggregateFunction = defineAggregate({
  name: 'ATTR',
  description: 'Returns the value of a column if every row of the group has that same value (nulls included), otherwise null.',
  overloads: [
    {
      cols: 'val T',
      returns: 'T',
      intermediate: (ctx) =>
        T.array(
          T.struct([
            { name: 'VALUE', type: ctx.cols[0]! },
            { name: 'COUNT', type: T.INTEGER },
          ]),
        ),
      returnsText: 'T',
      make: (ctx) => {
        const type = ctx.cols[0]!;
        const core: UdafCore<Counts> = {
          init: () => new Map(),
          add: (s, args) => {
            const v = args[0];
            const k = valueKey(v, type);
            const entry = s.get(k);
            if (entry === undefined) s.set(k, [v, 1]);
            else entry[1]++;
            return s;
          },
          undo: (s, args) => {
            const k = valueKey(args[0], type);
            const entry = s.get(k);
            if (entry !== undefined && --entry[1] <= 0) s.delete(k);
            return s;
          },
          merge: (a, b) => {
            for (const [k, [v, n]] of b) {
              const entry = a.get(k);
              if (entry === undefined) a.set(k, [v, n]);
              else entry[1] += n;
            }
            return a;
          },
          result: (s) => (s.size === 1 ? s.values().next().value![0] : null),
        };
        return core;
      },
    },
  ],
});
