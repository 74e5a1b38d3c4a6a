// The record cache of a table-producing aggregation, as Kafka Streams' store cache (on by default in
// ksqlDB, `ksql.streams.cache.max.bytes.buffering`, 10 MB): within a batch the changes of one
// row (key and window) replace each other, and only the latest is written when the batch commits,
// or earlier when the cache outgrows its size. The table ends the same; the topic sees fewer updates.
// Its size property, and the cache for outputs of aggregations that keep none themselves.

import { KsqlError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import { keyEncoder } from '../state/key-codec.js';
import type { Push, Rec } from './record.js';
import { ChangeBuffer } from './change-buffer.js';
import type { BatchBuffer } from './change-buffer.js';

/** ksqlDB's default for `ksql.streams.cache.max.bytes.buffering`. */
export const DEFAULT_CACHE_BYTES = 10_000_000;

/** The property naming the cache size in bytes (0 turns the cache off), and Kafka's newer name for it. */
export const CACHE_PROPERTIES = ['ksql.streams.cache.max.bytes.buffering', 'ksql.streams.statestore.cache.max.bytes'] as const;

/** Bytes an entry is counted for besides its cells (Kafka Streams counts its own entry overhead too). */
const ENTRY_OVERHEAD = 64;

/**
 * The cache size in bytes given by the properties in force, or the default; a value that is not a
 * whole number >= 0 is an error naming the property.
 */
export function cacheBytes(properties: Readonly<Record<string, string>>): number {
  for (const name of CACHE_PROPERTIES) {
    const text = properties[name];
    if (text === undefined) continue;
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isSafeInteger(n) || n < 0) {
      throw new KsqlError(
        'INVALID_STATEMENT',
        `Invalid value '${text}' for property ${name}: give a whole number of bytes >= 0 (0 turns the cache off)`,
      );
    }
    return n;
  }
  return DEFAULT_CACHE_BYTES;
}

/**
 * The cache before a sink, for aggregations that do not keep one themselves (session windows, EMIT
 * FINAL): the output records of one row (key and window) replace each other within a batch.
 */
export class RecordCache implements BatchBuffer {
  private readonly changes: ChangeBuffer<string, Rec>;
  private readonly keyOf: (values: readonly unknown[]) => string;

  /**
   * `keyTypes` are the types of the output's key columns (the first cells of each row);
   * `downstream` receives the kept records, in the order their rows last changed.
   */
  constructor(keyTypes: readonly SqlType[], maxBytes: number, downstream: Push) {
    this.keyOf = keyEncoder(keyTypes);
    this.changes = new ChangeBuffer<string, Rec>(
      maxBytes,
      (key, rec) => ENTRY_OVERHEAD + key.length + estimateBytes(rec.row),
      (_key, rec) => downstream(rec),
    );
  }

  /** Keeps `rec` in place of the row's earlier record of this batch. */
  push(rec: Rec): void {
    const w = rec.window;
    const key = w === undefined ? this.keyOf(rec.row) : `${w.start},${w.end};${this.keyOf(rec.row)}`;
    this.changes.set(key, rec, rec.ts, rec.headers);
  }

  /** Sends every kept record downstream (at the end of a batch, before its writes). */
  flush(): void {
    this.changes.flush();
  }

  /** Forgets the batch's records (its transaction rolled back). */
  discard(): void {
    this.changes.discard();
  }

  get size(): number {
    return this.changes.size;
  }
}

/** A rough size of a row's cells: strings by length, other values 8 bytes, nested values counted once. */
function estimateBytes(row: readonly unknown[]): number {
  let n = 0;
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    n += typeof v === 'string' ? v.length : 8;
  }
  return n;
}
