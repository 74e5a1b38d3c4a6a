// Record timestamps taken from a column (WITH TIMESTAMP=...), as ksqlDB's timestamp extractors do.

import { KsqlError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import { parseTimestampWithFormat } from '../functions/datetime.js';

/** Returns a function from the column's value to epoch ms; it throws for null or unparsable values. */
export function timestampExtractor(type: SqlType, format: string | undefined): (v: unknown) => number {
  if (type.kind === 'STRING' && format !== undefined) {
    return (v) => {
      if (v === null || v === undefined) throw new KsqlError('EVALUATION', 'Timestamp column is null');
      return parseTimestampWithFormat(String(v), format);
    };
  }
  return (v) => {
    if (v === null || v === undefined) throw new KsqlError('EVALUATION', 'Timestamp column is null');
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new KsqlError('EVALUATION', `Invalid timestamp: ${String(v)}`);
    return n;
  };
}
