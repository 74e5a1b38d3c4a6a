// COLLECT_LIST, COLLECT_SET and HISTOGRAM: values gathered per group, each bounded by a limit
// that query properties can change, as in ksqlDB (ksql.functions.collect_list.limit, ...).
// Values past the limit are silently ignored; a negative limit means no limit.

import type { AggregateFunction } from '../types.js';
import { valueKey, valuesEqual } from '../values/compare.js';
import { defineAggregate, intConfig, type UdafCore } from './define.js';

export const COLLECT_LIST_LIMIT = 'ksql.functions.collect_list.limit';
export const COLLECT_SET_LIMIT = 'ksql.functions.collect_set.limit';
export const HISTOGRAM_LIMIT = 'ksql.functions.histogram.limit';
const DEFAULT_LIMIT = 1000;

function limitOf(config: Readonly<Record<string, unknown>>, key: string): number {
  const n = intConfig(config, key, DEFAULT_LIMIT);
  return n < 0 ? Number.MAX_SAFE_INTEGER : n;
}

export const COLLECT_LIST: AggregateFunction = defineAggregate({
  name: 'COLLECT_LIST',
  description: `Returns an array of the values of a column in a group, nulls included, in arrival order; at most ${COLLECT_LIST_LIMIT} (default ${DEFAULT_LIMIT}) values are kept.`,
  overloads: [
    {
      cols: 'val T',
      returns: 'ARRAY<T>',
      intermediate: 'ARRAY<T>',
      make: (ctx) => {
        const limit = limitOf(ctx.config, COLLECT_LIST_LIMIT);
        const type = ctx.cols[0]!;
        const core: UdafCore<unknown[]> = {
          init: () => [],
          add: (s, args) => {
            if (s.length < limit) s.push(args[0]);
            return s;
          },
          // Removes the last equal value: the row that added it may be any of the equal ones,
          // and when the value was never added (past the limit) nothing changes.
          undo: (s, args) => {
            const v = args[0];
            for (let i = s.length - 1; i >= 0; i--) {
              if (valuesEqual(s[i], v, type)) {
                s.splice(i, 1);
                break;
              }
            }
            return s;
          },
          merge: (a, b) => {
            for (let i = 0; i < b.length && a.length < limit; i++) a.push(b[i]);
            return a;
          },
          result: (s) => s.slice(),
        };
        return core;
      },
    },
  ],
});

export const COLLECT_SET: AggregateFunction = defineAggregate({
  name: 'COLLECT_SET',
  description: `Returns an array of the distinct values of a column in a group, in first-arrival order; at most ${COLLECT_SET_LIMIT} (default ${DEFAULT_LIMIT}) values are kept.`,
  overloads: [
    {
      cols: 'val T',
      returns: 'ARRAY<T>',
      intermediate: 'ARRAY<T>',
      make: (ctx) => {
        const limit = limitOf(ctx.config, COLLECT_SET_LIMIT);
        const type = ctx.cols[0]!;
        // Keyed by valueKey so equal decimals, byte strings and collections count once.
        const core: UdafCore<Map<unknown, unknown>> = {
          init: () => new Map(),
          add: (s, args) => {
            const v = args[0];
            if (s.size < limit) {
              const k = valueKey(v, type);
              if (!s.has(k)) s.set(k, v);
            }
            return s;
          },
          merge: (a, b) => {
            for (const [k, v] of b) {
              if (a.size >= limit) break;
              if (!a.has(k)) a.set(k, v);
            }
            return a;
          },
          result: (s) => [...s.values()],
        };
        return core;
      },
    },
  ],
});

export const HISTOGRAM: AggregateFunction = defineAggregate({
  name: 'HISTOGRAM',
  description: `Returns a map from each distinct non-null value of a string column in a group to the number of times it occurs; at most ${HISTOGRAM_LIMIT} (default ${DEFAULT_LIMIT}) distinct values are counted.`,
  overloads: [
    {
      cols: 'val STRING',
      returns: 'MAP<STRING, BIGINT>',
      intermediate: 'MAP<STRING, BIGINT>',
      make: (ctx) => {
        const limit = limitOf(ctx.config, HISTOGRAM_LIMIT);
        const core: UdafCore<Map<string, number>> = {
          init: () => new Map(),
          add: (s, args) => {
            const v = args[0] as string | null;
            if (v === null) return s;
            const n = s.get(v);
            if (n !== undefined) s.set(v, n + 1);
            else if (s.size < limit) s.set(v, 1);
            return s;
          },
          // A value whose count reaches zero leaves the map, as in ksqlDB.
          undo: (s, args) => {
            const v = args[0] as string | null;
            if (v === null) return s;
            const n = s.get(v);
            if (n === undefined) return s;
            if (n <= 1) s.delete(v);
            else s.set(v, n - 1);
            return s;
          },
          merge: (a, b) => {
            for (const [k, n] of b) {
              const m = a.get(k);
              if (m !== undefined) a.set(k, m + n);
              else if (a.size < limit) a.set(k, n);
            }
            return a;
          },
          result: (s) => new Map(s),
        };
        return core;
      },
    },
  ],
});
