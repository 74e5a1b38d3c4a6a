// Null-handling functions (COALESCE, IFNULL, NULLIF) and AS_VALUE.

import { sig, sigWith } from '../signature.js';
import type { ScalarFunction } from '../types.js';
import { valuesEqual } from '../values/compare.js';
import { scalar } from './define.js';

export function conditionalFunctions(): ScalarFunction[] {
  return [
    scalar('COALESCE', 'CONDITIONAL', 'Returns the first non-null argument.', [
      sig('first T, ...others T', 'T', (...xs: unknown[]) => {
        for (const x of xs) if (x !== null) return x;
        return null;
      }, { nulls: 'pass' }),
    ]),
    scalar('IFNULL', 'CONDITIONAL', 'Returns the first argument, or the second when the first is null.', [
      sig('expression T, altValue T', 'T', (x: unknown, alt: unknown) => (x === null ? alt : x), { nulls: 'pass' }),
    ]),
    scalar('NULLIF', 'CONDITIONAL', 'Returns null if the two arguments are equal, otherwise the first.', [
      sigWith('expression1 T, expression2 T', 'T', (ctx) => {
        const type = ctx.returnType;
        return (a: unknown, b: unknown) => (a === null || valuesEqual(a, b, type) ? null : a);
      }, { nulls: 'pass' }),
    ]),
    scalar('AS_VALUE', 'OTHER', 'Copies a key column into the value of the result.', [
      sig('source T', 'T', (x: unknown) => x, { nulls: 'pass' }),
    ]),
  ];
}
