// In-memory copies of topic rows and partition end offsets, so a produce or read does not pay a
// SQL lookup for them on every call. The copies must never outlive a rollback: see `trusted`.

import type { LogStatements, TopicRow } from './log-schema.js';

/** A topic and, per partition, its end offset once known (-1 until then). */
export interface CachedTopic {
  readonly row: TopicRow;
  readonly ends: number[];
}

/*
 * Invariant: a cached entry matches the database as the log's own transactions leave it. The log
 * clears the cache on any rollback it sees. It cannot see a rollback of a transaction someone
 * else began on the shared connection (`db.transaction`, raw BEGIN), so inside one (`trusted` is
 * false) lookups bypass the cache and drop the entry they touch, to be reloaded after it ends.
 */
export class TopicCache {
  private readonly entries = new Map<string, CachedTopic>();

  constructor(private readonly sql: LogStatements) {}

  lookup(name: string, trusted: boolean): CachedTopic | undefined {
    if (trusted) {
      const hit = this.entries.get(name);
      if (hit !== undefined) return hit;
    }
    const row = this.sql.topicByName.get(name);
    if (row === undefined || !trusted) {
      this.entries.delete(name);
      return row === undefined ? undefined : { row, ends: new Array<number>(row.partitions).fill(-1) };
    }
    const entry = { row, ends: new Array<number>(row.partitions).fill(-1) };
    this.entries.set(name, entry);
    return entry;
  }

  /** The offset the next record of the partition gets. */
  endOffset(t: CachedTopic, partition: number): number {
    let end = t.ends[partition]!;
    if (end < 0) {
      const last = this.sql.lastOffset.get(t.row.id, partition);
      end = last === undefined ? 0 : last + 1;
      t.ends[partition] = end;
    }
    return end;
  }

  invalidate(name: string): void {
    this.entries.delete(name);
  }

  clear(): void {
    this.entries.clear();
  }
}
