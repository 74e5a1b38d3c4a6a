// Built-in table functions (UDTFs): EXPLODE and CUBE_EXPLODE. Each is described by a scalar that
// returns the array of rows one call produces; the FlatMap operator emits one row per element.

import type { SqlType } from '../../types/sql-type.js';
import { formatType } from '../../types/sql-type.js';
import { KsqlError } from '../../errors.js';
import { sig } from '../signature.js';
import type { ScalarFunction, TableFunction } from '../types.js';
import { scalar } from './define.js';

function arrayArg(name: string, argTypes: readonly (SqlType | null)[]): SqlType & { kind: 'ARRAY' } {
  const t = argTypes[0];
  if (argTypes.length !== 1 || !t || t.kind !== 'ARRAY')
    throw new KsqlError('TYPE', `Function '${name}' does not accept parameters (${argTypes.map((a) => (a ? formatType(a) : 'NULL')).join(', ')}).`);
  return t;
}

/** Every combination of keeping or nulling each element, first element most significant, without repeats. */
function cube(xs: readonly unknown[]): unknown[][] {
  const n = xs.length;
  const out: unknown[][] = [];
  const seen = new Set<string>();
  for (let mask = 0; mask < 1 << n; mask++) {
    const combo = xs.map((x, i) => ((mask >> (n - 1 - i)) & 1 ? x : null));
    const id = JSON.stringify(combo, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(combo);
  }
  return out;
}

function table(name: string, description: string, produces: ScalarFunction, returnType: TableFunction['returnType'], variations: TableFunction['variations']): TableFunction {
  return { kind: 'TABLE', name, category: 'TABLE', description, produces, returnType, variations };
}

let all: readonly TableFunction[] | undefined;

export function builtinTableFunctions(): readonly TableFunction[] {
  all ??= [
    table(
      'EXPLODE',
      'Explodes an array: one output row per element.',
      scalar('EXPLODE', 'TABLE', 'Explodes an array.', [sig('list ARRAY<T>', 'ARRAY<T>', (xs: unknown[]) => xs)]),
      (args) => arrayArg('EXPLODE', args).item,
      [{ args: 'list ARRAY<T>', returns: 'T' }],
    ),
    table(
      'CUBE_EXPLODE',
      'Takes an array of columns and outputs all combinations of them, with nulls for the columns left out.',
      scalar('CUBE_EXPLODE', 'TABLE', 'Cube of an array.', [sig('list ARRAY<T>', 'ARRAY<ARRAY<T>>', (xs: unknown[]) => cube(xs))]),
      (args) => arrayArg('CUBE_EXPLODE', args),
      [{ args: 'list ARRAY<T>', returns: 'ARRAY<T>' }],
    ),
  ];
  return all;
}
