// EARLIEST_BY_OFFSET and LATEST_BY_OFFSET, with the n (an array of the first/last n values)
// and ignoreNulls (default true) arguments. Rows must be added in offset order per partition:
// the state remembers a sequence number per value, as ksqlDB's does, so merged session windows
// keep the values of the earliest/latest rows.

import * as T from '../../types/sql-type.js';
import type { SqlType } from '../../types/sql-type.js';
import type { AggregateFunction } from '../types.js';
import { defineAggregate, type MakeContext, type Overload, positiveInit, type TypeContext, type UdafCore } from './define.js';

// Sequence numbers grow across the process and start from the wall clock (x1000), so values
// added after a restart still sort after those stored before it (at under ~1M adds per second).
let nextSeq = Date.now() * 1000;

/** [sequence, value]; sequence -1 means no value yet. */
type Entry = [number, unknown];

function single(latest: boolean, ignoreNulls: boolean): UdafCore<Entry> {
  return {
    init: () => [-1, null],
    add: (s, args) => {
      const v = args[0];
      if (v === null && ignoreNulls) return s;
      if (!latest && s[0] !== -1) return s;
      s[0] = nextSeq++;
      s[1] = v;
      return s;
    },
    merge: (a, b) => {
      if (a[0] === -1) return b;
      if (b[0] === -1) return a;
      if (latest) return a[0] > b[0] ? a : b;
      return a[0] < b[0] ? a : b;
    },
    result: (s) => s[1],
  };
}

function several(latest: boolean, n: number, ignoreNulls: boolean): UdafCore<Entry[]> {
  return {
    init: () => [],
    add: (s, args) => {
      const v = args[0];
      if (v === null && ignoreNulls) return s;
      if (latest) {
        s.push([nextSeq++, v]);
        if (s.length > n) s.shift();
      } else if (s.length < n) {
        s.push([nextSeq++, v]);
      }
      return s;
    },
    merge: (a, b) => {
      const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
      return latest ? all.slice(Math.max(0, all.length - n)) : all.slice(0, n);
    },
    result: (s) => s.map((e) => e[1]),
  };
}

const seqVal = (t: SqlType): SqlType =>
  T.struct([
    { name: 'SEQ', type: T.BIGINT },
    { name: 'VAL', type: t },
  ]);
const singleIntermediate = (ctx: TypeContext): SqlType | undefined => (ctx.cols[0] ? seqVal(ctx.cols[0]) : undefined);
const severalIntermediate = (ctx: TypeContext): SqlType | undefined => (ctx.cols[0] ? T.array(seqVal(ctx.cols[0])) : undefined);

function overloads(latest: boolean): Overload[] {
  const which = latest ? 'latest' : 'earliest';
  const nOf = (ctx: MakeContext): number => positiveInit(ctx.name, `The number of ${which} values`, ctx.init[0]);
  const flag = (v: unknown): boolean => v !== false;
  return [
    {
      cols: 'val T',
      returns: 'T',
      intermediate: singleIntermediate,
      description: `The ${which} non-null value.`,
      make: () => single(latest, true),
    },
    {
      cols: 'val T',
      init: 'ignoreNulls BOOLEAN',
      returns: 'T',
      intermediate: singleIntermediate,
      description: `The ${which} value, nulls included when ignoreNulls is false.`,
      make: (ctx) => single(latest, flag(ctx.init[0])),
    },
    {
      cols: 'val T',
      init: `${which}N INTEGER`,
      returns: 'ARRAY<T>',
      intermediate: severalIntermediate,
      description: `The ${which} n non-null values, oldest first.`,
      make: (ctx) => several(latest, nOf(ctx), true),
    },
    {
      cols: 'val T',
      init: `${which}N INTEGER, ignoreNulls BOOLEAN`,
      returns: 'ARRAY<T>',
      intermediate: severalIntermediate,
      description: `The ${which} n values, oldest first, nulls included when ignoreNulls is false.`,
      make: (ctx) => several(latest, nOf(ctx), flag(ctx.init[1])),
    },
  ];
}

export const EARLIEST_BY_OFFSET: AggregateFunction = defineAggregate({
  name: 'EARLIEST_BY_OFFSET',
  description: 'Returns the value of a column from the earliest row (lowest offset) of a group; nulls are skipped unless ignoreNulls is false.',
  overloads: overloads(false),
});

export const LATEST_BY_OFFSET: AggregateFunction = defineAggregate({
  name: 'LATEST_BY_OFFSET',
  description: 'Returns the value of a column from the latest row (highest offset) of a group; nulls are skipped unless ignoreNulls is false.',
  overloads: overloads(true),
});
