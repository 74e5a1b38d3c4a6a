// Drives an aggregate the way the runtime does: resolve a call site, then add (or undo) rows and
// read the result after each one.

import { FunctionRegistry } from '../../../src/functions/registry.js';
import type { AggregateResolveOptions, Udaf } from '../../../src/functions/types.js';
import type { SqlType } from '../../../src/types/sql-type.js';

export const fns = FunctionRegistry.builtins();

/** A call site of aggregate `name` of registry `registry`. */
export function udafIn(
  registry: FunctionRegistry,
  name: string,
  argTypes: readonly (SqlType | null)[],
  literals: readonly unknown[] = [],
  options?: AggregateResolveOptions,
): Udaf {
  const f = registry.aggregate(name);
  if (f === undefined) throw new Error(`no aggregate ${name}`);
  return f.resolve(argTypes, literals, options);
}

export function udaf(name: string, argTypes: readonly (SqlType | null)[], literals: readonly unknown[] = [], options?: AggregateResolveOptions): Udaf {
  return udafIn(fns, name, argTypes, literals, options);
}

/** Adds each row (the value arguments) and returns the result after every row. */
export function fold(u: Udaf, rows: readonly (readonly unknown[])[], state: unknown = u.init()): { results: unknown[]; state: unknown } {
  const results: unknown[] = [];
  let s = state;
  for (const r of rows) {
    s = u.add(s, r);
    results.push(u.result(s));
  }
  return { results, state: s };
}

/** Results after adding each single-argument value. */
export function running(u: Udaf, values: readonly unknown[]): unknown[] {
  return fold(
    u,
    values.map((v) => [v]),
  ).results;
}

/** The state after adding each single-argument value. */
export function stateOf(u: Udaf, values: readonly unknown[]): unknown {
  return fold(
    u,
    values.map((v) => [v]),
  ).state;
}
