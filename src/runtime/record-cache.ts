// The record cache of a table-producing aggregation, as Kafka Streams' store cache (on by default in
// ksqlDB, `ksql.streams.cache.max.bytes.buffering`, 10 MB): within a batch the changes of one
// row (key and window) replace each other, and only the latest is written when the batch commits,
// or earlier when the cache outgrows its size. The table ends the same; the topic sees fewer updates.

import { KsqlError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import { keyEncoder } from '../state/key-codec.js';
import type { Push, Rec, RecWindow } from './record.js';

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

/** A row's latest change; other windows of the same key hang off `sibling`. */
interface Entry {
  rec: Rec;
  readonly bytes: number;
  readonly key: string;
  readonly window: RecWindow | undefined;
  sibling: Entry | null;
  /** Neighbours in the order of last change (`older` is null for the least recently changed). */
  older: Entry | null;
  newer: Entry | null;
}

export class RecordCache {
  /** By encoded key: the entry of one of its windows (the others via `sibling`). */
  private readonly byKey = new Map<string, Entry>();
  /** Least and most recently changed entries: a change moves its entry to `newest` in O(1). */
  private oldest: Entry | null = null;
  private newest: Entry | null = null;
  private readonly keyOf: (values: readonly unknown[]) => string;
  private bytes = 0;
  private count = 0;

  /**
   * `keyTypes` are the types of the output's key columns (the first cells of each row);
   * `downstream` receives the kept changes, in the order their rows last changed.
   */
  constructor(
    keyTypes: readonly SqlType[],
    private readonly maxBytes: number,
    private readonly downstream: Push,
  ) {
    this.keyOf = keyEncoder(keyTypes);
  }

  /** Keeps `rec` in place of the row's earlier change of this batch. */
  push(rec: Rec): void {
    const key = this.keyOf(rec.row);
    const w = rec.window;
    const head = this.byKey.get(key) ?? null;
    for (let e = head; e !== null; e = e.sibling) {
      if (sameWindow(e.window, w)) {
        e.rec = rec;
        this.touch(e);
        return;
      }
    }
    const bytes = ENTRY_OVERHEAD + key.length + estimateBytes(rec.row);
    const e: Entry = { rec, bytes, key, window: w, sibling: head, older: this.newest, newer: null };
    this.byKey.set(key, e);
    if (this.newest !== null) this.newest.newer = e;
    else this.oldest = e;
    this.newest = e;
    this.count++;
    this.bytes += bytes;
    if (this.bytes > this.maxBytes) this.evict();
  }

  /** Sends every kept change downstream (at the end of a batch, before its writes). */
  flush(): void {
    const first = this.oldest;
    this.forget();
    for (let e = first; e !== null; e = e.newer) this.downstream(e.rec);
  }

  /** Forgets the batch's changes (its transaction rolled back). */
  discard(): void {
    this.forget();
  }

  get size(): number {
    return this.count;
  }

  private forget(): void {
    this.byKey.clear();
    this.oldest = this.newest = null;
    this.bytes = 0;
    this.count = 0;
  }

  /** Makes `e` the most recently changed entry. */
  private touch(e: Entry): void {
    if (e === this.newest) return;
    // Unlink (e has a newer neighbour, since it is not the newest)...
    e.newer!.older = e.older;
    if (e.older !== null) e.older.newer = e.newer;
    else this.oldest = e.newer;
    // ...and append.
    e.older = this.newest;
    e.newer = null;
    this.newest!.newer = e;
    this.newest = e;
  }

  /** Sends the least recently changed rows downstream until the cache fits its size again. */
  private evict(): void {
    while (this.bytes > this.maxBytes && this.oldest !== null) {
      const e = this.oldest;
      this.oldest = e.newer;
      if (this.oldest !== null) this.oldest.older = null;
      else this.newest = null;
      this.unindex(e);
      this.bytes -= e.bytes;
      this.count--;
      this.downstream(e.rec);
    }
  }

  /** Removes `e` from its key's sibling chain. */
  private unindex(e: Entry): void {
    const head = this.byKey.get(e.key)!;
    if (head === e) {
      if (e.sibling === null) this.byKey.delete(e.key);
      else this.byKey.set(e.key, e.sibling);
      return;
    }
    for (let p = head; p.sibling !== null; p = p.sibling) {
      if (p.sibling === e) {
        p.sibling = e.sibling;
        return;
      }
    }
  }
}

function sameWindow(a: RecWindow | undefined, b: RecWindow | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.start === b.start && a.end === b.end);
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
