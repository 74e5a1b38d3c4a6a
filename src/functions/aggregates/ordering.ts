// The types MIN, MAX, TOPK and TOPKDISTINCT order (ksqlDB's comparable column types), and a
// comparator per type chosen once per call site so the per-row path is a plain comparison.

import type { SqlType } from '../../types/sql-type.js';
import { compareValues } from '../values/compare.js';

/** Type patterns, as overload text, of the orderable types: DECIMAL stands for every precision. */
export const ORDERABLE = ['INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'STRING', 'BYTES', 'DATE', 'TIME', 'TIMESTAMP'] as const;

export type Comparator = (a: unknown, b: unknown) => number;

function plain(a: unknown, b: unknown): number {
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** Orders two non-null values of `type` (Java's compareTo: Double.compare for DOUBLE, signed bytes for BYTES). */
export function comparatorFor(type: SqlType): Comparator {
  switch (type.kind) {
    case 'INTEGER':
    case 'BIGINT':
    case 'STRING':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
      // number | bigint compare exactly with < and >; strings by UTF-16 code units, as Java does.
      return plain;
    default:
      return (a, b) => compareValues(a, b, type);
  }
}
