// The embedded topic log: Kafka-like topics, partitions, offsets and consumer positions in one
// SQLite file that the catalog and state stores share, so one transaction can commit a batch's
// outputs, state and input offsets together. Synchronous: the engine calls it in-process.

import Database from 'better-sqlite3';
import { KsqlError, messageOf } from '../../errors.js';
import { partitionForKey } from '../partitioner.js';
import { decodeBatch, encodeBatch } from '../record-batch.js';
import type { LogRecord, ProduceRecord, TopicConfig, TopicInfo, TopicPartitionOffset } from '../types.js';
import { AppendNotifier } from './append-notifier.js';
import type { AppendListener } from './append-notifier.js';
import { createSchema } from './log-schema.js';
import type { LogStatements, TopicRow } from './log-schema.js';
import { TopicCache } from './topic-cache.js';
import type { CachedTopic } from './topic-cache.js';
import { checkTopicName, deletesByAge, normalizeConfig, toTopicInfo } from './topic-config.js';

/** Where a produced record landed. */
export interface ProducedOffset {
  readonly partition: number;
  readonly offset: number;
}

/**
 * Produce calls larger than this are stored as several batches, so a reader asking for a few
 * records never fetches and skips through a huge blob. A single larger record gets a batch alone.
 */
const MAX_BATCH_BYTES = 256 * 1024;

/**
 * One process owns the file (other processes may read it). Wrap multi-step work in
 * `log.transaction`, not `db.transaction`: only the former knows when to send append notifications
 * (inside a foreign transaction they go out when the log's own outermost call returns).
 */
export class EmbeddedLog {
  /** The shared database: the catalog and state stores add their own tables to it. */
  readonly db: Database.Database;
  private readonly sql: LogStatements;
  private readonly notifier = new AppendNotifier();
  private readonly runTransaction: Database.Transaction<(fn: () => unknown) => unknown>;
  private readonly topics: TopicCache;
  private depth = 0;
  /** Whether the outermost running `transaction` was begun inside someone else's transaction. */
  private nestedInForeign = false;
  /** Per topic, how many produce calls have placed null-key records: drives the sticky round-robin. */
  private readonly nullKeyCalls = new Map<string, number>();

  private constructor(db: Database.Database) {
    this.db = db;
    this.sql = createSchema(db);
    this.topics = new TopicCache(this.sql);
    this.runTransaction = db.transaction((fn: () => unknown) => fn());
  }

  /** Opens (creating if needed) the log in a SQLite file, or in memory for `':memory:'`. */
  static open(path: string): EmbeddedLog {
    let db: Database.Database;
    try {
      db = new Database(path);
    } catch (e) {
      throw new KsqlError('TOPIC', `Cannot open the embedded log at '${path}': ${messageOf(e)}`);
    }
    try {
      if (path !== ':memory:') db.pragma('journal_mode = WAL');
      // Durable at every checkpoint, not every commit: a power cut may lose the last commits, never corrupt.
      db.pragma('synchronous = NORMAL');
      // Checkpoint (and fsync) every ~40 MB of WAL rather than every 4 MB: streaming writes are
      // large and continuous, and fewer checkpoints cost less per record.
      db.pragma('wal_autocheckpoint = 10000');
      db.pragma('cache_size = -65536');
      return new EmbeddedLog(db);
    } catch (e) {
      db.close();
      throw new KsqlError('TOPIC', `Cannot open the embedded log at '${path}': ${messageOf(e)}`);
    }
  }

  close(): void {
    this.db.close();
  }

  /**
   * Runs `fn` in one SQLite transaction; nested calls become savepoints, so an inner failure that
   * the caller catches rolls back only the inner work. `fn` must be synchronous. Append
   * notifications are sent once the outermost call commits, and dropped if it rolls back.
   */
  transaction<T>(fn: () => T): T {
    if (this.depth === 0) this.nestedInForeign = this.db.inTransaction;
    this.depth++;
    let result: T;
    try {
      result = this.runTransaction(fn) as T;
    } catch (e) {
      this.depth--;
      // Something was rolled back (perhaps only a savepoint): cached offsets may be ahead of the data.
      this.topics.clear();
      if (this.depth === 0) this.notifier.discard();
      throw e;
    }
    this.depth--;
    if (this.depth === 0) this.notifier.flush();
    return result;
  }

  /**
   * Calls `listener(topic)` after records were appended to `topic` and committed. Listeners run
   * synchronously at the end of the producing call (or of the outermost `transaction`); they may
   * read and produce, but one that produces to the topic it is told about is told again.
   * Returns a function that unsubscribes.
   */
  onAppend(listener: AppendListener): () => void {
    return this.notifier.subscribe(listener);
  }

  // ---- topics ----

  /**
   * Creates a topic; returns false if it already exists with the same partition count (nothing
   * changes then), and fails if it exists with a different one.
   */
  createTopic(name: string, config: TopicConfig): boolean {
    checkTopicName(name);
    const c = normalizeConfig(name, config);
    return this.transaction(() => {
      const existing = this.sql.topicByName.get(name);
      if (existing !== undefined) {
        if (existing.partitions !== c.partitions) {
          throw new KsqlError(
            'TOPIC',
            `A topic with the name '${name}' already exists with ${existing.partitions} partition(s), ` +
              `not the ${c.partitions} required; use the existing partition count or another topic name`,
          );
        }
        return false;
      }
      this.sql.insertTopic.run(name, c.partitions, c.replicas, c.cleanupPolicy, c.retentionMs);
      this.topics.invalidate(name);
      return true;
    });
  }

  /** Deletes a topic, its records and the consumer positions on it; returns false if there was none. */
  deleteTopic(name: string): boolean {
    return this.transaction(() => {
      const row = this.sql.topicByName.get(name);
      if (row === undefined) return false;
      this.sql.deleteTopicBatches.run(row.id);
      this.sql.deleteTopicOffsets.run(name);
      this.sql.deleteTopic.run(row.id);
      this.topics.invalidate(name);
      this.nullKeyCalls.delete(name);
      return true;
    });
  }

  hasTopic(name: string): boolean {
    return this.sql.topicByName.get(name) !== undefined;
  }

  describeTopic(name: string): TopicInfo | undefined {
    const row = this.sql.topicByName.get(name);
    return row === undefined ? undefined : toTopicInfo(row);
  }

  /** All topics, sorted by name. */
  listTopics(): TopicInfo[] {
    return this.sql.allTopics.all().map(toTopicInfo);
  }

  // ---- records ----

  /**
   * Appends records atomically and returns where each landed, in input order. A record goes to its
   * `partition` if set, else to Kafka's murmur2 choice for its key; null-key records of one call
   * all go to one partition, the next call's to the next partition (sticky round-robin).
   */
  produce(topic: string, records: readonly ProduceRecord[]): ProducedOffset[] {
    const n = records.length;
    const placed = new Array<ProducedOffset>(n);
    if (n === 0) {
      this.topic(topic);
      return placed;
    }
    return this.transaction(() => {
      const t = this.topic(topic);
      const parts = t.row.partitions;
      const assigned = new Int32Array(n);
      let sticky = -1;
      let mixed = false;
      for (let i = 0; i < n; i++) {
        const r = records[i]!;
        let p: number;
        if (r.partition !== undefined) {
          p = r.partition;
          if (!Number.isInteger(p) || p < 0 || p >= parts) throw noSuchPartition(t.row, p);
        } else if (parts === 1) {
          p = 0;
        } else if (r.key !== null) {
          p = partitionForKey(r.key, parts);
        } else {
          if (sticky < 0) sticky = this.nextStickyPartition(t.row);
          p = sticky;
        }
        assigned[i] = p;
        if (p !== assigned[0]) mixed = true;
      }
      if (!mixed) {
        this.appendToPartition(t, assigned[0]!, records, null, placed);
      } else {
        const buckets: ProduceRecord[][] = [];
        const origins: number[][] = [];
        for (let p = 0; p < parts; p++) {
          buckets.push([]);
          origins.push([]);
        }
        for (let i = 0; i < n; i++) {
          buckets[assigned[i]!]!.push(records[i]!);
          origins[assigned[i]!]!.push(i);
        }
        for (let p = 0; p < parts; p++) {
          if (buckets[p]!.length > 0) this.appendToPartition(t, p, buckets[p]!, origins[p]!, placed);
        }
      }
      this.notifier.appended(topic);
      return placed;
    });
  }

  private nextStickyPartition(t: TopicRow): number {
    const calls = this.nullKeyCalls.get(t.name) ?? 0;
    this.nullKeyCalls.set(t.name, calls + 1);
    return calls % t.partitions;
  }

  private appendToPartition(
    t: CachedTopic,
    partition: number,
    records: readonly ProduceRecord[],
    origins: readonly number[] | null,
    placed: ProducedOffset[],
  ): void {
    const id = t.row.id;
    let next = this.topics.endOffset(t, partition);
    let from = 0;
    while (from < records.length) {
      const batch = encodeBatch(records, from, MAX_BATCH_BYTES);
      const count = batch.end - from;
      this.sql.insertBatch.run(id, partition, next + count - 1, next, batch.maxTimestamp, batch.data);
      for (let i = from; i < batch.end; i++) {
        placed[origins === null ? i : origins[i]!] = { partition, offset: next + i - from };
      }
      next += count;
      from = batch.end;
    }
    t.ends[partition] = next;
  }

  /**
   * Records of one partition with offset >= `fromOffset`, oldest first, at most `maxRecords`.
   * Offsets removed by retention are skipped silently: reading from 0 starts at the oldest record kept.
   */
  read(topic: string, partition: number, fromOffset: number, maxRecords: number): LogRecord[] {
    const t = this.topic(topic);
    checkPartition(t.row, partition);
    if (!Number.isSafeInteger(fromOffset) || fromOffset < 0) {
      throw new KsqlError('TOPIC', `Cannot read '${topic}' from offset ${fromOffset}: offsets are whole numbers >= 0`);
    }
    const out: LogRecord[] = [];
    // A consumer polling at the end costs no SQL.
    if (!(maxRecords > 0) || fromOffset >= this.topics.endOffset(t, partition)) return out;
    for (const [base, data] of this.sql.batchesFrom.iterate(t.row.id, partition, fromOffset)) {
      decodeBatch(data, topic, partition, base, fromOffset, maxRecords - out.length, out);
      if (out.length >= maxRecords) break;
    }
    return out;
  }

  /** The offset the next record of the partition will get (the log-end offset). */
  endOffset(topic: string, partition: number): number {
    const t = this.topic(topic);
    checkPartition(t.row, partition);
    return this.topics.endOffset(t, partition);
  }

  /** Log-end offsets of every partition, indexed by partition. */
  endOffsets(topic: string): number[] {
    const t = this.topic(topic);
    const ends: number[] = [];
    for (let p = 0; p < t.row.partitions; p++) ends.push(this.topics.endOffset(t, p));
    return ends;
  }

  /** The oldest offset still stored (0 until retention removes something). */
  startOffset(topic: string, partition: number): number {
    const t = this.topic(topic);
    checkPartition(t.row, partition);
    return this.sql.firstBaseOffset.get(t.row.id, partition) ?? 0;
  }

  // ---- consumer positions ----

  /** Stores, per group, the next offset to read of each partition (atomically for the whole list). */
  commitOffsets(group: string, offsets: readonly TopicPartitionOffset[]): void {
    this.transaction(() => {
      let t: TopicRow | undefined;
      for (const o of offsets) {
        if (t === undefined || t.name !== o.topic) t = this.topic(o.topic).row;
        checkPartition(t, o.partition);
        if (!Number.isSafeInteger(o.offset) || o.offset < 0) {
          throw new KsqlError(
            'TOPIC',
            `Cannot commit offset ${o.offset} for '${o.topic}' partition ${o.partition}: offsets are whole numbers >= 0`,
          );
        }
        this.sql.commitOffset.run(group, o.topic, o.partition, o.offset);
      }
    });
  }

  /** The committed next offset of the group on the partition, or undefined if it never committed one. */
  committedOffset(group: string, topic: string, partition: number): number | undefined {
    return this.sql.committedOffset.get(group, topic, partition);
  }

  deleteGroup(group: string): void {
    this.sql.deleteGroup.run(group);
  }

  // ---- retention ----

  /**
   * Deletes, per partition, the oldest batches whose newest timestamp is older than the topic's
   * retention.ms at `nowMs`, like Kafka deletes old segments: only a prefix (offsets stay dense
   * from the start offset on) and never the last batch (so the end offset stays stored).
   * Returns the number of records deleted.
   * TODO: compaction of `compact` topics (keep the newest record per key) is not implemented.
   */
  enforceRetention(nowMs: number): number {
    return this.transaction(() => {
      let deleted = 0;
      for (const t of this.sql.allTopics.all()) {
        if (!deletesByAge(t)) continue;
        const oldestKept = nowMs - t.retention_ms;
        for (let p = 0; p < t.partitions; p++) {
          const last = this.sql.lastOffset.get(t.id, p);
          if (last === undefined) continue;
          const stop = Math.min(this.sql.firstUnexpired.get(t.id, p, oldestKept) ?? last, last);
          const count = this.sql.countRecordsBefore.get(t.id, p, stop) ?? 0;
          if (count > 0) {
            this.sql.deleteBatchesBefore.run(t.id, p, stop);
            deleted += count;
          }
        }
      }
      return deleted;
    });
  }

  private topic(name: string): CachedTopic {
    // Trusted unless inside a transaction this log did not begin (see TopicCache).
    const trusted = this.depth === 0 ? !this.db.inTransaction : !this.nestedInForeign;
    const t = this.topics.lookup(name, trusted);
    if (t === undefined) {
      throw new KsqlError('TOPIC', `Topic '${name}' does not exist; create it first (or check the name's case)`);
    }
    return t;
  }
}

function noSuchPartition(t: TopicRow, partition: number): KsqlError {
  return new KsqlError(
    'TOPIC',
    `Topic '${t.name}' has partitions 0 to ${t.partitions - 1}; partition ${partition} does not exist`,
  );
}

function checkPartition(t: TopicRow, partition: number): void {
  if (!Number.isInteger(partition) || partition < 0 || partition >= t.partitions) throw noSuchPartition(t, partition);
}
