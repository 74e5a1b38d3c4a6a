// The record cache inside an aggregation (Kafka Streams caches the aggregate's store and forwards
// on flush): the groups and windows a batch changed are noted, and each one's row is emitted once,
// at the end of the batch, in the order they last changed. The row is then built once per batch
// rather than once per record. Emitted early when the noted changes outgrow the cache's size.

import type { Header } from '../log/types.js';

/** What a query holds back until the end of a batch: flushed before the stores write, discarded when the batch rolls back. */
export interface BatchBuffer {
  flush(): void;
  discard(): void;
}

/** Given to the operators of a query when its record cache is on. */
export interface BatchEnd {
  /** The cache's size in bytes (> 0). */
  readonly cacheBytes: number;
  /** Registers an operator's buffer: flushed at the end of each batch (before the stores write), discarded when it rolls back. */
  register(buffer: BatchBuffer): void;
}

interface Change<V> {
  value: V;
  ts: number;
  headers: readonly Header[];
  seq: number;
}

export class ChangeBuffer<K, V> {
  private readonly changes = new Map<K, Change<V>>();
  private bytes = 0;
  private seq = 0;

  /**
   * `emit` receives each changed key's latest value; `bytesOf` says what a key's entry counts for
   * against `maxBytes` (asked once per key and batch).
   */
  constructor(
    private readonly maxBytes: number,
    private readonly bytesOf: (key: K, value: V) => number,
    private readonly emit: (key: K, value: V, ts: number, headers: readonly Header[]) => void,
  ) {}

  /** Notes that `key` changed, now `value`, by a record of time `ts` with `headers`. */
  set(key: K, value: V, ts: number, headers: readonly Header[]): void {
    const c = this.changes.get(key);
    if (c !== undefined) {
      c.value = value;
      c.ts = ts;
      c.headers = headers;
      c.seq = this.seq++;
      return;
    }
    this.changes.set(key, { value, ts, headers, seq: this.seq++ });
    this.bytes += this.bytesOf(key, value);
    if (this.bytes > this.maxBytes) this.flush();
  }

  /** Emits every noted change, least recently changed first, and forgets them. */
  flush(): void {
    if (this.changes.size === 0) return;
    const all = [...this.changes];
    this.changes.clear();
    this.bytes = 0;
    this.seq = 0;
    all.sort((a, b) => a[1].seq - b[1].seq);
    for (const [key, c] of all) this.emit(key, c.value, c.ts, c.headers);
  }

  /** Forgets the noted changes (the batch rolled back). */
  discard(): void {
    this.changes.clear();
    this.bytes = 0;
    this.seq = 0;
  }

  get size(): number {
    return this.changes.size;
  }
}
