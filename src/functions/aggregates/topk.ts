// TOPK and TOPKDISTINCT: the k largest non-null values of a group, largest first. TOPK(col,
// other..., k) keeps whole rows as STRUCT<sort_col, col0, ...>; equal sort values keep arrival
// order, as ksqlDB's stable sort does. Neither can undo, so they aggregate streams only.

import * as T from '../../types/sql-type.js';
import type { SqlType } from '../../types/sql-type.js';
import type { Struct } from '../../types/values.js';
import type { AggregateFunction } from '../types.js';
import { valuesEqual } from '../values/compare.js';
import { defineAggregate, type MakeContext, type Overload, positiveInit, type TypeContext, type UdafCore } from './define.js';
import { type Comparator, comparatorFor, ORDERABLE } from './ordering.js';

/** Inserts `item` after every entry not smaller than it; keeps at most k entries. */
function insertDescending<E>(list: E[], item: E, k: number, cmp: (a: E, b: E) => number): void {
  if (list.length === k && cmp(item, list[k - 1]!) <= 0) return;
  let i = list.length;
  while (i > 0 && cmp(list[i - 1]!, item) < 0) i--;
  list.splice(i, 0, item);
  if (list.length > k) list.pop();
}

/** Merges two descending lists, ties from `a` first, keeping k. */
function mergeDescending<E>(a: readonly E[], b: readonly E[], k: number, cmp: (x: E, y: E) => number): E[] {
  const out: E[] = [];
  let i = 0;
  let j = 0;
  while (out.length < k && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && cmp(a[i]!, b[j]!) >= 0)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

function topkCore(k: number, cmp: Comparator): UdafCore<unknown[]> {
  return {
    init: () => [],
    add: (s, args) => {
      const v = args[0];
      if (v !== null) insertDescending(s, v, k, cmp);
      return s;
    },
    merge: (a, b) => mergeDescending(a, b, k, cmp),
    result: (s) => s.slice(),
  };
}

const SORT_COL = 'sort_col';

/** TOPK with other columns: entries are the result structs, ordered by their sort column. */
function topkRowsCore(k: number, cmp: Comparator, names: readonly string[]): UdafCore<Struct[]> {
  const byKey = (a: Struct, b: Struct): number => cmp(a[SORT_COL], b[SORT_COL]);
  return {
    init: () => [],
    add: (s, args) => {
      const v = args[0];
      if (v === null) return s;
      if (s.length === k && cmp(v, s[k - 1]![SORT_COL]) <= 0) return s;
      const row: Struct = {};
      for (let i = 0; i < names.length; i++) row[names[i]!] = args[i];
      insertDescending(s, row, k, byKey);
      return s;
    },
    merge: (a, b) => mergeDescending(a, b, k, byKey),
    result: (s) => s.slice(),
  };
}

function topkDistinctCore(k: number, cmp: Comparator, type: SqlType): UdafCore<unknown[]> {
  return {
    init: () => [],
    add: (s, args) => {
      const v = args[0];
      if (v === null) return s;
      for (const x of s) if (valuesEqual(x, v, type)) return s;
      insertDescending(s, v, k, cmp);
      return s;
    },
    merge: (a, b) => {
      const out: unknown[] = [];
      for (const v of mergeDescending(a, b, a.length + b.length, cmp)) {
        if (out.length === k) break;
        if (out.length === 0 || !valuesEqual(out[out.length - 1], v, type)) out.push(v);
      }
      return out;
    },
    result: (s) => s.slice(),
  };
}

const kOf = (ctx: MakeContext): number => positiveInit(ctx.name, 'The k', ctx.init[0]);
const arrayOfArg = (ctx: TypeContext): SqlType | undefined => (ctx.cols[0] ? T.array(ctx.cols[0]) : undefined);

function rowsType(ctx: TypeContext): SqlType | undefined {
  const [sort, ...others] = ctx.cols;
  if (sort === undefined) return undefined;
  return T.array(T.struct([{ name: SORT_COL, type: sort }, ...others.map((type, i) => ({ name: `col${i}`, type }))]));
}

function topkOverloads(): Overload[] {
  const plain = ORDERABLE.map(
    (t): Overload => ({
      cols: `val ${t}`,
      init: 'k INTEGER',
      returns: t === 'DECIMAL' ? arrayOfArg : `ARRAY<${t}>`,
      intermediate: t === 'DECIMAL' ? arrayOfArg : `ARRAY<${t}>`,
      ...(t === 'DECIMAL' ? { returnsText: 'ARRAY<DECIMAL>' } : {}),
      make: (ctx) => topkCore(kOf(ctx), comparatorFor(ctx.cols[0]!)),
    }),
  );
  const rows = ORDERABLE.map(
    (t): Overload => ({
      cols: `val ${t}, ...other ANY`,
      init: 'k INTEGER',
      returns: rowsType,
      intermediate: rowsType,
      returnsText: `ARRAY<STRUCT<sort_col ${t}, col0 ..., ...>>`,
      description: 'The top k rows by the first column, each as a struct of all the columns.',
      make: (ctx) => {
        const names = [SORT_COL, ...ctx.cols.slice(1).map((_, i) => `col${i}`)];
        return topkRowsCore(kOf(ctx), comparatorFor(ctx.cols[0]!), names);
      },
    }),
  );
  return [...plain, ...rows];
}

export const TOPK: AggregateFunction = defineAggregate({
  name: 'TOPK',
  description: 'Returns the k largest non-null values of a column in a group, largest first. TOPK(col, other..., k) returns the top k rows as structs.',
  overloads: topkOverloads(),
});

export const TOPKDISTINCT: AggregateFunction = defineAggregate({
  name: 'TOPKDISTINCT',
  description: 'Returns the k largest distinct non-null values of a column in a group, largest first.',
  overloads: ORDERABLE.map(
    (t): Overload => ({
      cols: `val ${t}`,
      init: 'k INTEGER',
      returns: t === 'DECIMAL' ? arrayOfArg : `ARRAY<${t}>`,
      intermediate: t === 'DECIMAL' ? arrayOfArg : `ARRAY<${t}>`,
      ...(t === 'DECIMAL' ? { returnsText: 'ARRAY<DECIMAL>' } : {}),
      make: (ctx) => topkDistinctCore(kOf(ctx), comparatorFor(ctx.cols[0]!), ctx.cols[0]!),
    }),
  ),
});
