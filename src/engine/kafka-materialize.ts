// Kafka mode's queryable tables: a CREATE TABLE AS SELECT query writes its rows into one local
// SQLite table per instance, each row sorted under its input partition. A partition's rows are
// written in its batch transaction, changelogged, and cleared and restored with its state stores.

import type { LogRecord } from '../log/types.js';
import { readToEnd } from '../log/kafka/partition-reader.js';
import type { PartitionStore } from '../runtime/kafka-task.js';
import type { MaterializedRow, MaterializedTable, TableColumn, TableWindow } from '../state/index.js';
import { deserializeState, serializeState } from '../state/index.js';
import { KsqlError } from '../errors.js';
import type { ExecContext } from './context.js';
import type { KafkaRuntime } from './kafka-query.js';
import { materializedStoreName, openTable, sortKey } from './materialize.js';

/** The name of a table's store among the stage's stores (its changelog topic ends with it). */
export const MATERIALIZE_STORE = 'Materialize';

export interface KafkaTableSpec {
  /** The query (or task) that keeps the table: names the store. */
  readonly owner: string;
  /** The stage that writes it: its group, input topic, checkpoint name and store changelog. */
  readonly groupId: string;
  readonly topic: string;
  readonly stage: string;
  readonly changelogTopic: string;
  readonly partitions: number;
  readonly columns: readonly TableColumn[];
  readonly windowed: boolean;
  /** How long windows stay (windowed aggregations), else undefined. */
  readonly retentionMs?: number;
  /** The input partition that holds a key (the table's key columns, in order); undefined: unknown. */
  readonly partitionOf?: (key: readonly unknown[]) => number;
}

const tables = new WeakMap<KafkaRuntime, Map<string, KafkaTable>>();

/** The Kafka-mode table kept by query (or task) `owner` on this instance. */
export function kafkaTableOf(k: KafkaRuntime, owner: string): KafkaTable | undefined {
  return tables.get(k)?.get(owner);
}

const READY_WAIT_MS = 15_000;

export class KafkaTable {
  readonly table: MaterializedTable;
  private readonly held = new Set<number>();
  /** Partitions whose rows are current (restored, or written by the running task). */
  private readonly ready = new Set<number>();
  /** Bumped each time the task opens a partition: an early restore started before it gives way. */
  private readonly opened = new Map<number, number>();
  private readonly mirrors = new Map<number, PartitionMirror>();
  private newest = -Infinity;

  constructor(
    private readonly ctx: ExecContext,
    readonly spec: KafkaTableSpec,
  ) {
    this.table = openTable(ctx, materializedStoreName(spec.owner), spec.columns, spec.windowed);
    let byOwner = tables.get(ctx.kafka!);
    if (byOwner === undefined) tables.set(ctx.kafka!, (byOwner = new Map()));
    byOwner.set(spec.owner, this);
  }

  /** The task's hook: the store of partition `p`, opened with its state stores. */
  partitionStores(p: number): ReadonlyMap<string, PartitionStore> {
    this.opened.set(p, (this.opened.get(p) ?? 0) + 1);
    const mirror = new PartitionMirror(this, p);
    this.mirrors.set(p, mirror);
    return new Map([[MATERIALIZE_STORE, mirror]]);
  }

  /** The store of partition `p` the task opened last. */
  mirror(p: number): PartitionMirror {
    const m = this.mirrors.get(p);
    if (m === undefined) throw new KsqlError('INTERNAL', `No materialization store for partition ${p} of ${this.spec.topic}`);
    return m;
  }

  /** The task's hook after each rebalance: partitions that left stop answering; new ones restore at once. */
  onAssigned(partitions: readonly number[]): void {
    const now = new Set(partitions);
    for (const p of [...this.held]) {
      if (now.has(p)) continue;
      this.held.delete(p);
      this.ready.delete(p);
      this.mirrors.delete(p);
    }
    for (const p of now) {
      if (this.held.has(p)) continue;
      this.held.add(p);
      this.restoreEarly(p).catch(() => undefined);
    }
  }

  /** Partitions this instance holds now. */
  heldPartitions(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }

  /** Waits until `partitions` are current here; fails for one this instance does not hold. */
  async whenReady(partitions: Iterable<number>, name: string): Promise<void> {
    const wanted = [...partitions];
    const deadline = Date.now() + READY_WAIT_MS;
    for (;;) {
      const foreign = wanted.filter((p) => !this.held.has(p));
      if (foreign.length > 0)
        throw new KsqlError('TOPIC', `Partition(s) ${foreign.join(', ')} of table ${name} are not held by this instance (they moved in a rebalance); retry.`);
      const pending = wanted.filter((p) => !this.ready.has(p));
      if (pending.length === 0) return;
      if (Date.now() > deadline)
        throw new KsqlError('TOPIC', `Partition(s) ${pending.join(', ')} of table ${name} are still being restored on this instance; retry shortly.`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A row filter keeping the rows of `partitions` (rows are sorted under their partition). */
  static inPartitions(partitions: ReadonlySet<number>): (m: MaterializedRow) => boolean {
    return (m) => m.order !== undefined && partitions.has(m.order.readUInt32BE(0));
  }

  /** Stops answering (the query ended): the store stays for DROP TABLE to delete. */
  close(): void {
    tables.get(this.ctx.kafka!)?.delete(this.spec.owner);
    this.held.clear();
    this.ready.clear();
  }

  /** @internal Marks partition `p` current (its task wrote or restored it). */
  markReady(p: number): void {
    if (this.held.has(p)) this.ready.add(p);
  }

  /** @internal Forgets that partition `p` is current (its task is restoring it). */
  markRestoring(p: number): void {
    this.ready.delete(p);
  }

  /** @internal Windows past retention leave the table; the newest write time stands for stream time. */
  advance(rowtime: number): void {
    const retention = this.spec.retentionMs;
    if (retention === undefined || rowtime <= this.newest) return;
    this.newest = rowtime;
    this.table.expire(rowtime - retention);
  }

  /** @internal Applies the table's buffered writes now, in one transaction. */
  flushNow(): void {
    this.ctx.log.db.transaction(() => this.table.flush())();
  }

  /** @internal Deletes every row of partition `p` (the writes apply at the table's next flush). */
  deleteRows(p: number): void {
    const doomed: MaterializedRow[] = [];
    for (const m of this.table.iterate({})) if (m.order !== undefined && m.order.readUInt32BE(0) === p) doomed.push(m);
    for (const m of doomed) this.table.delete(m.key, m.window ?? undefined);
  }

  /**
   * Brings partition `p`'s rows up to date as soon as it is assigned, as the task would at its
   * first batch: kept when its checkpoint matches the group's position, else read from the
   * changelog. Gives way when the task opens the partition meanwhile (it restores it then).
   */
  private async restoreEarly(p: number): Promise<void> {
    const { spec } = this;
    const log = this.ctx.kafka!.log;
    const db = this.ctx.log.db;
    const opened = this.opened.get(p) ?? 0;
    const current = (): boolean => this.held.has(p) && (this.opened.get(p) ?? 0) === opened;
    const committed = (await log.committedOffsets(spec.groupId, spec.topic))[p];
    const row = db.prepare('SELECT clean, input_offset FROM ksqlite_task_checkpoints WHERE task = ? AND partition = ?').get(spec.stage, p) as
      | { clean: number; input_offset: number | null }
      | undefined;
    if (!current()) return;
    if (row !== undefined && row.clean === 1 && (row.input_offset ?? undefined) === committed) {
      this.ready.add(p);
      return;
    }
    const records: LogRecord[] = [];
    if (await log.hasTopic(spec.changelogTopic)) await readToEnd(log, spec.changelogTopic, (r) => records.push(r), [p]);
    if (!current()) return;
    db.transaction(() => {
      this.deleteRows(p);
      for (const r of records) if (r.key !== null) applyChange(this, p, r.key, r.value);
      this.table.flush();
    })();
    this.ready.add(p);
  }
}

/** Applies one changelog record of partition `p` to the table (flushed by the caller). */
function applyChange(t: KafkaTable, p: number, key: Buffer, value: Buffer | null): void {
  const [keyRow, start, end] = deserializeState(key) as [unknown[], number | null, number | null];
  const window: TableWindow | undefined = start === null || end === null ? undefined : { start, end };
  if (value === null) {
    t.table.delete(keyRow, window);
    return;
  }
  const [valueRow, rowtime, keyBytes] = deserializeState(value) as [unknown[], number, Buffer];
  t.table.upsert(keyRow, valueRow, rowtime, window, sortKey(p, keyBytes));
}

/** Restored rows the table holds in memory before writing them to SQLite. */
const RESTORE_FLUSH_ROWS = 5_000;

/** One partition's share of the table, as the task sees a state store. */
export class PartitionMirror implements PartitionStore {
  changelog: ((key: Buffer, value: Buffer | null) => void) | undefined;
  private changes: [Buffer, Buffer | null][] = [];
  private restoring = false;
  private restoredSinceFlush = 0;

  constructor(
    private readonly owner: KafkaTable,
    readonly partition: number,
  ) {}

  /**
   * Writes a row (valueRow null: deletes it) in the current batch. `keyBytes` is the key as
   * serialized on the topic (windowed keys with their window), which orders rows as ksqlDB's stores.
   */
  write(keyRow: readonly unknown[], valueRow: readonly unknown[] | null, rowtime: number, window: TableWindow | undefined, keyBytes: Buffer): void {
    const t = this.owner;
    const id = serializeState([keyRow, window?.start ?? null, window?.end ?? null]);
    if (valueRow === null) {
      t.table.delete(keyRow, window);
      this.changes.push([id, null]);
      return;
    }
    t.advance(rowtime);
    t.table.upsert(keyRow, valueRow, rowtime, window, sortKey(this.partition, keyBytes));
    this.changes.push([id, serializeState([valueRow, rowtime, keyBytes])]);
  }

  flush(): void {
    const sink = this.changelog;
    if (sink !== undefined) for (const [k, v] of this.changes) sink(k, v);
    this.changes = [];
    this.owner.table.flush();
    this.owner.markReady(this.partition);
  }

  discard(): void {
    this.changes = [];
    if (this.restoring) {
      // The task calls discard() once it has replayed the changelog: the last restored rows are
      // still pending in the table, and they are kept, not dropped.
      this.restoring = false;
      this.restoredSinceFlush = 0;
      this.owner.flushNow();
      this.owner.markReady(this.partition);
      return;
    }
    this.owner.table.discard();
  }

  clear(): void {
    this.restoring = true;
    this.owner.markRestoring(this.partition);
    this.owner.deleteRows(this.partition);
    // clear() runs outside the task's transactions; the deletes apply at once.
    this.owner.flushNow();
  }

  restore(key: Buffer, value: Buffer | null): void {
    applyChange(this.owner, this.partition, key, value);
    // Restores run inside the task's per-fetch transactions; flushing every record made a 1M-key
    // restore spend most of its time in the table's flush, so rows go down in chunks instead.
    if (++this.restoredSinceFlush >= RESTORE_FLUSH_ROWS) {
      this.restoredSinceFlush = 0;
      this.owner.table.flush();
    }
  }
}
