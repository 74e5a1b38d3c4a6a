// Drives one stage of a query on Kafka: a member of the query's consumer group, which processes
// the partitions the group gives it. Each partition has its own operator chain and state stores
// (local SQLite tables backed by compacted changelog topics), restored when the partition is
// assigned: kept if the local copy matches the group's committed position, else replayed.
// at_least_once: outputs and changelogs are produced, then offsets committed. exactly_once_v2:
// outputs, changelog records and input offsets go in one Kafka transaction.

import type { BatchBuffer } from './change-buffer.js';
import type Database from 'better-sqlite3';
import { messageOf } from '../errors.js';
import { readToEndInBatches } from '../log/kafka/partition-reader.js';
import type { KafkaGroupConsumer, KafkaLog, KafkaTransactionalProducer } from '../log/kafka/index.js';
import type { LogRecord, ProduceRecord } from '../log/types.js';
import { KeyValueStore, SessionStore, WindowStore } from '../state/index.js';
import type { ErrorSink, Push, Rec } from './record.js';
import type { QueryStores } from './stores.js';

export type Guarantee = 'at_least_once' | 'exactly_once_v2';

/**
 * A store the task's caller keeps per partition (a queryable table): flushed in the partition's
 * batch transaction, changelogged, cleared and restored with the partition's own stores.
 */
export interface PartitionStore {
  changelog: ((key: Buffer, value: Buffer | null) => void) | undefined;
  flush(): void;
  discard(): void;
  clear(): void;
  restore(key: Buffer, value: Buffer | null): void;
}

type ChangeloggedStore = KeyValueStore<unknown> | WindowStore<unknown> | SessionStore<unknown> | PartitionStore;

export interface KafkaTaskOptions {
  readonly kafka: KafkaLog;
  /** The instance's local database (state stores, checkpoints). */
  readonly db: Database.Database;
  /** Names the stage: its stores, checkpoints and transactional ids. */
  readonly name: string;
  readonly groupId: string;
  readonly topic: string;
  readonly decode: (r: LogRecord) => Rec | null;
  readonly offsetReset: 'earliest' | 'latest';
  readonly guarantee: Guarantee;
  readonly errors: ErrorSink;
  /** Changelog topic of the stage's store `store`. */
  readonly changelogTopic: (store: string) => string;
  /** Builds the chain of one input partition; `emit` queues an output record for a topic. */
  /**
   * Compiles the stage's chain for one input partition. `atBatchEnd` registers a buffer flushed after
   * each batch's records, before the stores write (discarded when the batch fails): the record cache.
   */
  readonly build: (
    partition: number,
    stores: QueryStores,
    emit: (topic: string, rec: ProduceRecord) => void,
    atBatchEnd: (buffer: BatchBuffer) => void,
  ) => Push;
  /** Counts, per processed batch. */
  readonly onBatch?: (recordsIn: number, recordsOut: number) => void;
  /** Stores of the caller's kept with partition `partition`'s (see PartitionStore), by store name. */
  readonly partitionStores?: (partition: number) => ReadonlyMap<string, PartitionStore>;
  /** Called with the input partitions this member holds, after every rebalance. */
  readonly onAssigned?: (partitions: readonly number[]) => void;
  /** Published in the member's group metadata (where this instance answers pull queries). */
  readonly memberData?: () => Buffer;
}

/** How one partition's state stores were brought up to date when this instance took the partition. */
export interface TaskRestore {
  /** The query stage (`<queryId>` or `<queryId>_groupby`). */
  readonly stage: string;
  readonly partition: number;
  /** `local`: the instance's own stores were current; `changelog`: replayed from the changelog topics. */
  readonly from: 'local' | 'changelog';
  /** Changelog records replayed (0 for `local`). */
  readonly records: number;
  readonly ms: number;
}

interface PartitionTask {
  readonly push: Push;
  readonly buffers: readonly BatchBuffer[];
  readonly stores: Map<string, ChangeloggedStore>;
  restored: boolean;
  producer?: KafkaTransactionalProducer;
}

const CHECKPOINTS = `CREATE TABLE IF NOT EXISTS ksqlite_task_checkpoints (
  task TEXT NOT NULL, partition INTEGER NOT NULL, clean INTEGER NOT NULL, input_offset INTEGER,
  PRIMARY KEY (task, partition)) WITHOUT ROWID`;

export class KafkaQueryTask {
  private consumer: KafkaGroupConsumer | undefined;
  private readonly partitions = new Map<number, PartitionTask>();
  private outputs = new Map<string, ProduceRecord[]>();
  private changelog = new Map<string, ProduceRecord[]>();
  private stopped = false;
  /** Restores done, by how: kept the local store or replayed the changelog (records replayed). */
  readonly restores: TaskRestore[] = [];

  constructor(private readonly opts: KafkaTaskOptions) {
    opts.db.exec(CHECKPOINTS);
  }

  async start(): Promise<void> {
    const { kafka, groupId, topic, offsetReset } = this.opts;
    this.consumer = kafka.consumer({ groupId, topics: [topic], autoOffsetReset: offsetReset, ...(this.opts.memberData ? { userData: this.opts.memberData } : {}) });
    this.consumer.onAssignment((assignment) => {
      const held = new Set(assignment.find((a) => a.topic === topic)?.partitions ?? []);
      // A partition that moved away keeps its local tables: if it comes back unchanged, they are reused.
      for (const p of [...this.partitions.keys()]) if (!held.has(p)) this.partitions.delete(p);
      this.opts.onAssigned?.([...held]);
    });
    this.consumer.onError((e, restarting) => {
      if (!restarting) this.opts.errors.recordError('QUERY', `Query stage ${this.opts.name} stopped: ${e.message}`);
    });
    await this.consumer.start((batch) => this.handle(batch.partition, batch.records, batch.nextOffset, batch.isStale, batch.heartbeat));
  }

  /** Records of the input topic not yet committed by the stage's group (all members together). */
  async lag(): Promise<number> {
    const lags = await this.opts.kafka.lag(this.opts.groupId, this.opts.topic);
    return lags.reduce((sum, l) => sum + l.lag, 0);
  }

  /** Input partitions this member holds now. */
  assigned(): number[] {
    return [...(this.consumer?.assignment().find((a) => a.topic === this.opts.topic)?.partitions ?? [])];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.consumer?.stop();
    for (const t of this.partitions.values()) await t.producer?.close();
    this.partitions.clear();
  }

  private checkpoint(partition: number, clean: boolean, inputOffset: number | null): void {
    this.opts.db
      .prepare('INSERT OR REPLACE INTO ksqlite_task_checkpoints (task, partition, clean, input_offset) VALUES (?, ?, ?, ?)')
      .run(this.opts.name, partition, clean ? 1 : 0, inputOffset);
  }

  private async partitionTask(partition: number): Promise<PartitionTask> {
    const existing = this.partitions.get(partition);
    if (existing) return existing;
    const { db, name } = this.opts;
    const stores = new Map<string, ChangeloggedStore>();
    const track = <S extends ChangeloggedStore>(storeName: string, store: S): S => {
      const topic = this.opts.changelogTopic(storeName);
      store.changelog = (key, value) => {
        let list = this.changelog.get(topic);
        if (!list) this.changelog.set(topic, (list = []));
        list.push({ key, value, timestamp: Date.now(), partition });
      };
      stores.set(storeName, store);
      return store;
    };
    const prefix = `${name}_p${partition}`;
    const queryStores: QueryStores = {
      keyValue: (n) => track(n, KeyValueStore.open<unknown>(db, `${prefix}_${n}`)),
      window: (n, windowSize) => track(n, WindowStore.open<unknown>(db, `${prefix}_${n}`, { windowSize })),
      session: (n) => track(n, SessionStore.open<unknown>(db, `${prefix}_${n}`)),
    };
    for (const [n, store] of this.opts.partitionStores?.(partition) ?? []) track(n, store);
    const buffers: BatchBuffer[] = [];
    const push = this.opts.build(
      partition,
      queryStores,
      (topic, rec) => {
        let list = this.outputs.get(topic);
        if (!list) this.outputs.set(topic, (list = []));
        list.push(rec);
      },
      (b) => buffers.push(b),
    );
    const task: PartitionTask = { push, buffers, stores, restored: false };
    await this.restore(partition, task);
    if (this.opts.guarantee === 'exactly_once_v2') {
      // One transactional id per query stage and input partition: a zombie of the same unit is fenced.
      task.producer = await this.opts.kafka.transactionalProducer({ transactionalId: `${this.opts.groupId}-${partition}` });
    }
    this.partitions.set(partition, task);
    return task;
  }

  /** Keeps the local stores when they reflect the group's committed position; else replays the changelogs. */
  private async restore(partition: number, task: PartitionTask): Promise<void> {
    const t0 = Date.now();
    if (task.stores.size === 0) {
      task.restored = true;
      return;
    }
    const { db, kafka, name, groupId, topic } = this.opts;
    const row = db.prepare('SELECT clean, input_offset FROM ksqlite_task_checkpoints WHERE task = ? AND partition = ?').get(name, partition) as
      | { clean: number; input_offset: number | null }
      | undefined;
    const committed = (await kafka.committedOffsets(groupId, topic))[partition];
    if (row !== undefined && row.clean === 1 && (row.input_offset ?? undefined) === committed) {
      task.restored = true;
      this.restores.push({ stage: name, partition, from: 'local', records: 0, ms: Date.now() - t0 });
      return;
    }
    // Not clean while the stores are half restored: a crash now makes the next start replay again.
    this.checkpoint(partition, false, null);
    // Each fetched batch of a changelog is applied in its own transaction: a large table's
    // records never all sit in memory at once.
    let records = 0;
    for (const [storeName, store] of task.stores) {
      store.clear();
      const changelog = this.opts.changelogTopic(storeName);
      if (!(await kafka.hasTopic(changelog))) continue;
      const apply = db.transaction((batch: readonly LogRecord[]) => {
        for (const r of batch) if (r.key !== null) store.restore(r.key, r.value);
      });
      await readToEndInBatches(kafka, changelog, (batch) => {
        apply(batch);
        records += batch.length;
      }, [partition]);
      store.discard();
    }
    this.checkpoint(partition, true, committed ?? null);
    task.restored = true;
    this.restores.push({ stage: name, partition, from: 'changelog', records, ms: Date.now() - t0 });
  }

  private async ensureChangelogs(task: PartitionTask): Promise<void> {
    const { kafka, topic } = this.opts;
    const partitions = (await kafka.describeTopic(topic))?.partitions ?? 1;
    for (const storeName of task.stores.keys()) await kafka.createTopic(this.opts.changelogTopic(storeName), { partitions, cleanupPolicy: 'compact' });
  }

  private async handle(partition: number, records: readonly LogRecord[], nextOffset: number, isStale: () => boolean, heartbeat: () => Promise<void>): Promise<void> {
    if (this.stopped) return;
    const task = await this.partitionTask(partition);
    this.outputs = new Map();
    this.changelog = new Map();
    let recordsOut = 0;
    try {
      for (const r of records) {
        let rec: Rec | null;
        try {
          rec = this.opts.decode(r);
        } catch (e) {
          this.opts.errors.recordError('DESERIALIZATION', messageOf(e), { topic: r.topic, partition: r.partition, offset: r.offset });
          continue;
        }
        if (rec !== null) task.push(rec);
      }
      for (const b of task.buffers) b.flush();
      // The local stores change first, marked not clean until Kafka has the batch.
      this.opts.db.transaction(() => {
        for (const s of task.stores.values()) s.flush();
        this.checkpoint(partition, false, null);
      })();
      // A long batch must not let the group think this member died (its partitions would move).
      await heartbeat();
      if (isStale()) {
        // The partition moved to another member while the batch ran: drop the work, it will be
        // redone there from the last committed offset; this member restores if it gets it back.
        for (const s of task.stores.values()) s.discard();
        for (const b of task.buffers) b.discard();
        await task.producer?.close().catch(() => undefined);
        this.partitions.delete(partition);
        return;
      }
      if (this.changelog.size > 0) await this.ensureChangelogs(task);
      const input = [{ topic: this.opts.topic, partition, offset: nextOffset }];
      for (const list of this.outputs.values()) recordsOut += list.length;
      if (task.producer) {
        const txn = await task.producer.begin();
        try {
          for (const [topic, list] of this.outputs) await txn.send(topic, list);
          for (const [topic, list] of this.changelog) await txn.send(topic, list);
          await txn.sendOffsets(this.opts.groupId, input);
          await txn.commit();
        } catch (e) {
          if (txn.active) await txn.abort().catch(() => undefined);
          throw e;
        }
      } else {
        for (const [topic, list] of this.outputs) await this.opts.kafka.produce(topic, list);
        for (const [topic, list] of this.changelog) await this.opts.kafka.produce(topic, list);
        await this.consumer!.commit(input);
      }
      this.checkpoint(partition, true, nextOffset);
      this.opts.onBatch?.(records.length, recordsOut);
      await heartbeat();
    } catch (e) {
      // The stores may hold the failed batch: forget this partition's task; its next batch restores.
      for (const s of task.stores.values()) s.discard();
      for (const b of task.buffers) b.discard();
      await task.producer?.close().catch(() => undefined);
      this.partitions.delete(partition);
      throw e;
    }
  }
}
