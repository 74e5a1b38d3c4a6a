// Array and map functions (ARRAY_* , SLICE, GENERATE_SERIES, ENTRIES, AS_MAP, MAP_*). Element
// equality and order follow the element's SQL type (DECIMAL by value, strings by UTF-16 units).

import * as T from '../../types/sql-type.js';
import type { SqlType } from '../../types/sql-type.js';
import { normalizeLong } from '../../types/values.js';
import { sig, sigWith } from '../signature.js';
import type { ImplContext, ScalarFunction } from '../types.js';
import { compareValues, valueKey, valuesEqual } from '../values/compare.js';
import { javaToString } from '../values/java-string.js';
import type { Long } from '../values/long-math.js';
import { fail, scalar } from './define.js';

function itemType(ctx: ImplContext, i = 0): SqlType {
  const t = ctx.paramTypes[i];
  return t !== undefined && t.kind === 'ARRAY' ? t.item : T.STRING;
}

function distinct(xs: readonly unknown[], type: SqlType): unknown[] {
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const x of xs) {
    const k = valueKey(x, type);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(x);
  }
  return out;
}

function keySet(xs: readonly unknown[], type: SqlType): Set<unknown> {
  const s = new Set<unknown>();
  for (const x of xs) s.add(valueKey(x, type));
  return s;
}

function extreme(direction: 1 | -1) {
  return sigWith('array ARRAY<T>', 'T', (ctx) => {
    const type = itemType(ctx);
    return (xs: unknown) => {
      let best: unknown = null;
      for (const x of xs as unknown[]) {
        if (x === null) continue;
        if (best === null || compareValues(x, best, type) * direction > 0) best = x;
      }
      return best;
    };
  });
}

function series(start: Long, end: Long, step?: Long): Long[] {
  const s = BigInt(start);
  const e = BigInt(end);
  const st = step === undefined ? (e >= s ? 1n : -1n) : BigInt(step);
  if (st === 0n) fail('GENERATE_SERIES step cannot be zero');
  if ((e > s && st < 0n) || (e < s && st > 0n)) {
    fail('GENERATE_SERIES step has wrong sign');
  }
  const out: Long[] = [];
  for (let x = s; st > 0n ? x <= e : x >= e; x += st) {
    out.push(normalizeLong(x));
    if (out.length > 10_000_000) fail('GENERATE_SERIES produces too many values');
  }
  return out;
}

export function collectionFunctions(): ScalarFunction[] {
  return [
    scalar('ARRAY_CONTAINS', 'ARRAY', 'Returns true if the array contains the value.', [
      sigWith('array ARRAY<T>, value T', 'BOOLEAN', (ctx) => {
        const type = itemType(ctx);
        return (xs: unknown, v: unknown) => (xs === null ? false : (xs as unknown[]).some((x) => valuesEqual(x, v, type)));
      }, { nulls: 'pass' }),
    ]),
    scalar('ARRAY_DISTINCT', 'ARRAY', 'Returns the distinct elements of an array, in order of first appearance.', [
      sigWith('array ARRAY<T>', 'ARRAY<T>', (ctx) => {
        const type = itemType(ctx);
        return (xs: unknown) => distinct(xs as unknown[], type);
      }),
    ]),
    scalar('ARRAY_EXCEPT', 'ARRAY', 'Returns the distinct elements of the first array that are not in the second.', [
      sigWith('left ARRAY<T>, right ARRAY<T>', 'ARRAY<T>', (ctx) => {
        const type = itemType(ctx);
        return (a: unknown, b: unknown) => {
          const exclude = keySet(b as unknown[], type);
          return distinct(a as unknown[], type).filter((x) => !exclude.has(valueKey(x, type)));
        };
      }),
    ]),
    scalar('ARRAY_INTERSECT', 'ARRAY', 'Returns the distinct elements found in both arrays.', [
      sigWith('left ARRAY<T>, right ARRAY<T>', 'ARRAY<T>', (ctx) => {
        const type = itemType(ctx);
        return (a: unknown, b: unknown) => {
          const keep = keySet(b as unknown[], type);
          return distinct(a as unknown[], type).filter((x) => keep.has(valueKey(x, type)));
        };
      }),
    ]),
    scalar('ARRAY_UNION', 'ARRAY', 'Returns the distinct elements of both arrays.', [
      sigWith('left ARRAY<T>, right ARRAY<T>', 'ARRAY<T>', (ctx) => {
        const type = itemType(ctx);
        return (a: unknown, b: unknown) => distinct([...(a as unknown[]), ...(b as unknown[])], type);
      }),
    ]),
    scalar('ARRAY_CONCAT', 'ARRAY', 'Concatenates two arrays; a null array counts as empty unless both are null.', [
      sig('left ARRAY<T>, right ARRAY<T>', 'ARRAY<T>', (a: unknown[] | null, b: unknown[] | null) =>
        a === null && b === null ? null : [...(a ?? []), ...(b ?? [])], { nulls: 'pass' }),
    ]),
    scalar('ARRAY_JOIN', 'ARRAY', 'Joins the elements of an array into a string, with "," or the given delimiter.', [
      sigWith('array ARRAY<T>', 'STRING', (ctx) => {
        const type = itemType(ctx);
        return (xs: unknown) => (xs as unknown[]).map((x) => javaToString(x, type, true)).join(',');
      }),
      sigWith('array ARRAY<T>, delimiter STRING', 'STRING', (ctx) => {
        const type = itemType(ctx);
        return (xs: unknown, d: unknown) =>
          xs === null ? null : (xs as unknown[]).map((x) => javaToString(x, type, true)).join((d as string | null) ?? '');
      }, { nulls: 'pass' }),
    ]),
    scalar('ARRAY_LENGTH', 'ARRAY', 'Returns the number of elements of an array.', [
      sig('array ARRAY<T>', 'INTEGER', (xs: unknown[]) => xs.length),
    ]),
    scalar('ARRAY_MAX', 'ARRAY', 'Returns the largest non-null element of an array.', [extreme(1)]),
    scalar('ARRAY_MIN', 'ARRAY', 'Returns the smallest non-null element of an array.', [extreme(-1)]),
    scalar('ARRAY_REMOVE', 'ARRAY', 'Removes every element equal to the value (null removes nulls).', [
      sigWith('array ARRAY<T>, value T', 'ARRAY<T>', (ctx) => {
        const type = itemType(ctx);
        return (xs: unknown, v: unknown) => (xs === null ? null : (xs as unknown[]).filter((x) => !valuesEqual(x, v, type)));
      }, { nulls: 'pass' }),
    ]),
    scalar('ARRAY_SORT', 'ARRAY', "Sorts an array, ascending or 'DESC'; nulls go last.", [
      sigWith('array ARRAY<T>', 'ARRAY<T>', (ctx) => {
        const type = itemType(ctx);
        return (xs: unknown) => sortArray(xs as unknown[], type, 1);
      }),
      sigWith('array ARRAY<T>, direction STRING', 'ARRAY<T>', (ctx) => {
        const type = itemType(ctx);
        return (xs: unknown, d: unknown) => {
          const dir = (d as string).toUpperCase();
          if (dir !== 'ASC' && dir !== 'DESC') return null;
          return sortArray(xs as unknown[], type, dir === 'ASC' ? 1 : -1);
        };
      }),
    ]),
    scalar('SLICE', 'ARRAY', 'Returns the elements from position from to position to (1-based, inclusive).', [
      sig('array ARRAY<T>, from INTEGER, to INTEGER', 'ARRAY<T>', (xs: unknown[] | null, from: number | null, to: number | null) => {
        if (xs === null) return null;
        const f = from === null ? 0 : from - 1;
        const t = to === null ? xs.length : to;
        if (f < 0 || t > xs.length || f > t) return null;
        return xs.slice(f, t);
      }, { nulls: 'pass' }),
    ]),
    scalar('GENERATE_SERIES', 'ARRAY', 'Returns the numbers from start to end, by step.', [
      sig('start INTEGER, end INTEGER', 'ARRAY<INTEGER>', (s: number, e: number) => series(s, e)),
      sig('start INTEGER, end INTEGER, step INTEGER', 'ARRAY<INTEGER>', (s: number, e: number, st: number) => series(s, e, st)),
      sig('start BIGINT, end BIGINT', 'ARRAY<BIGINT>', (s: Long, e: Long) => series(s, e)),
      sig('start BIGINT, end BIGINT, step BIGINT', 'ARRAY<BIGINT>', series),
    ]),
    scalar('ENTRIES', 'MAP', 'Returns the entries of a map as an array of STRUCT<K, V>, optionally sorted by key.', [
      sig('map MAP<STRING, T>, sorted BOOLEAN', (ctx) => {
        const m = ctx.paramTypes[0]!;
        const v = m.kind === 'MAP' ? m.value : T.STRING;
        return T.array(T.struct([{ name: 'K', type: T.STRING }, { name: 'V', type: v }]));
      }, (m: Map<string, unknown>, sorted: boolean) => {
        const entries = [...m];
        if (sorted) entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        return entries.map(([K, V]) => ({ K, V }));
      }),
    ]),
    scalar('AS_MAP', 'MAP', 'Builds a map from an array of keys and an array of values.', [
      sig('keys ARRAY<STRING>, values ARRAY<T>', 'MAP<STRING, T>', (ks: string[], vs: unknown[]) => {
        const out = new Map<unknown, unknown>();
        const n = Math.min(ks.length, vs.length);
        for (let i = 0; i < n; i++) out.set(ks[i], vs[i]);
        return out;
      }),
    ]),
    scalar('MAP_KEYS', 'MAP', 'Returns the keys of a map.', [
      sig('map MAP<K, V>', 'ARRAY<K>', (m: Map<unknown, unknown>) => [...m.keys()]),
    ]),
    scalar('MAP_VALUES', 'MAP', 'Returns the values of a map.', [
      sig('map MAP<K, V>', 'ARRAY<V>', (m: Map<unknown, unknown>) => [...m.values()]),
    ]),
    scalar('MAP_UNION', 'MAP', 'Merges two maps; the second wins on duplicate keys; null maps are ignored.', [
      sig('map1 MAP<K, V>, map2 MAP<K, V>', 'MAP<K, V>', (a: Map<unknown, unknown> | null, b: Map<unknown, unknown> | null) => {
        if (a === null && b === null) return null;
        return new Map([...(a ?? []), ...(b ?? [])]);
      }, { nulls: 'pass' }),
    ]),
  ];
}

function sortArray(xs: readonly unknown[], type: SqlType, direction: 1 | -1): unknown[] {
  const values: unknown[] = xs.filter((x) => x !== null);
  const nulls = xs.length - values.length;
  values.sort((a, b) => compareValues(a, b, type) * direction);
  for (let i = 0; i < nulls; i++) values.push(null);
  return values;
}
