// ARRAY and MAP: the dialect's constructors (ARRAY[a, b], MAP(k := v, ...)) are syntax that the
// expression typer builds itself; these descriptors let SHOW FUNCTIONS and DESCRIBE FUNCTION list
// them, and ARRAY(a, b) work as a call too.

import { sig } from '../signature.js';
import type { ScalarFunction } from '../types.js';
import { scalar } from './define.js';

export function constructorFunctions(): ScalarFunction[] {
  return [
    scalar('ARRAY', 'ARRAY', 'Constructs an array from its elements: ARRAY[e1, e2, ...]; elements are widened to a common type.', [
      sig('...elements T', 'ARRAY<T>', (...xs: unknown[]) => xs, { nulls: 'pass' }),
    ]),
    scalar('MAP', 'MAP', 'Constructs a map from key := value pairs: MAP(k1 := v1, k2 := v2, ...); keys and values are widened to common types.', [
      sig('key K, value V', 'MAP<K, V>', (k: unknown, v: unknown) => new Map([[k, v]]), { nulls: 'pass' }),
    ]),
  ];
}
