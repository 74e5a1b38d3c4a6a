// Higher-order functions over arrays and maps: TRANSFORM, FILTER, REDUCE. Lambdas arrive as JS
// functions compiled by the expression compiler; an error inside one fails the whole call.

import { sig } from '../signature.js';
import type { ScalarFunction } from '../types.js';
import { fail, scalar } from './define.js';

type Fn1 = (x: unknown) => unknown;
type Fn2 = (a: unknown, b: unknown) => unknown;
type Fn3 = (a: unknown, b: unknown, c: unknown) => unknown;

export function lambdaFunctions(): ScalarFunction[] {
  return [
    scalar('TRANSFORM', 'LAMBDA', 'Applies a lambda to each element of an array, or to each key and value of a map.', [
      sig('array ARRAY<T>, function LAMBDA<T => U>', 'ARRAY<U>', (xs: unknown[] | null, f: Fn1) => (xs === null ? null : xs.map((x) => f(x))), {
        nulls: 'pass',
      }),
      sig(
        'map MAP<K, V>, keyFunction LAMBDA<K, V => K1>, valueFunction LAMBDA<K, V => V1>',
        'MAP<K1, V1>',
        (m: Map<unknown, unknown> | null, fk: Fn2, fv: Fn2) => {
          if (m === null) return null;
          const out = new Map<unknown, unknown>();
          for (const [k, v] of m) {
            const nk = fk(k, v);
            if (out.has(nk)) fail(`Duplicate key ${String(nk)}`);
            out.set(nk, fv(k, v));
          }
          return out;
        },
        { nulls: 'pass' },
      ),
    ]),
    scalar('FILTER', 'LAMBDA', 'Keeps the elements of an array, or the entries of a map, for which the lambda is true.', [
      sig('array ARRAY<T>, function LAMBDA<T => BOOLEAN>', 'ARRAY<T>', (xs: unknown[] | null, f: Fn1) =>
        xs === null ? null : xs.filter((x) => f(x) === true), { nulls: 'pass' }),
      sig('map MAP<K, V>, function LAMBDA<K, V => BOOLEAN>', 'MAP<K, V>', (m: Map<unknown, unknown> | null, f: Fn2) => {
        if (m === null) return null;
        const out = new Map<unknown, unknown>();
        for (const [k, v] of m) if (f(k, v) === true) out.set(k, v);
        return out;
      }, { nulls: 'pass' }),
    ]),
    scalar('REDUCE', 'LAMBDA', 'Folds an array or a map into a single value, starting from the initial state.', [
      sig('array ARRAY<T>, initialState S, function LAMBDA<S, T => S>', 'S', (xs: unknown[] | null, s: unknown, f: Fn2) => {
        if (s === null) return null;
        if (xs === null) return s;
        let state: unknown = s;
        for (const x of xs) state = f(state, x);
        return state;
      }, { nulls: 'pass' }),
      sig('map MAP<K, V>, initialState S, function LAMBDA<S, K, V => S>', 'S', (m: Map<unknown, unknown> | null, s: unknown, f: Fn3) => {
        if (s === null) return null;
        if (m === null) return s;
        let state: unknown = s;
        for (const [k, v] of m) state = f(state, k, v);
        return state;
      }, { nulls: 'pass' }),
    ]),
  ];
}
