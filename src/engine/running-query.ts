// A running query: its plan, the task that feeds it and where its rows go (a sink topic for a
// persistent query, a row queue for a transient push query), with its counters.

import type { PersistentQueryInfo } from '../catalog/types.js';
import type { ProduceRecord } from '../log/types.js';
import type { PlanNode } from '../plan/logical-plan.js';
import { hasNode } from '../plan/logical-plan.js';
import { compileChain } from '../runtime/operators.js';
import { sourceOf } from '../runtime/stages.js';
import { subscribeShared } from '../runtime/shared-scan.js';
import type { ScanSubscription } from '../runtime/shared-scan.js';
import { startKafkaQuery } from './kafka-query.js';
import type { KafkaQueryHandle } from './kafka-query.js';
import type { TaskRestore } from '../runtime/kafka-task.js';
import { EmbeddedTask, commitIntervalMs } from '../runtime/embedded-task.js';
import type { Rec } from '../runtime/record.js';
import { sinkEncoder } from '../runtime/sink-encoder.js';
import { RecordCache, cacheBytes } from '../runtime/record-cache.js';
import type { BatchBuffer, BatchEnd } from '../runtime/change-buffer.js';
import { messageOf } from '../errors.js';
import { KeyValueStore, SessionStore, WindowStore } from '../state/index.js';
import type { StateStore } from '../state/index.js';
import type { QueryStores } from '../runtime/stores.js';
import type { ExecContext } from './context.js';
import type { MaterializedTable } from '../state/index.js';
import { ctasMaterialization } from './materialize.js';
import type { Materialization } from './materialize.js';

export interface SinkTarget {
  readonly topic: string;
  readonly spec: Parameters<typeof sinkEncoder>[0];
}

/** Records per batch of a query without state stores (see EmbeddedTask for stateful ones). */
const STATELESS_BATCH = 1000;

export class RunningQuery {
  state: 'RUNNING' | 'PAUSED' | 'ERROR' = 'RUNNING';
  recordsOut = 0;
  private readonly task: EmbeddedTask | undefined;
  /** Kafka mode: the query's stages, members of its consumer groups. */
  readonly kafka: KafkaQueryHandle | undefined;
  private kafkaRecordsIn = 0;
  /** A stateless transient query from the latest offset reads a scan it shares with others. */
  private shared: ScanSubscription | undefined;
  private sharedIn = 0;
  private readonly topic: string;
  private outputs: ProduceRecord[] = [];
  private readonly stores: StateStore[] = [];
  /** Records dropped because their window had closed. */
  lateRecords = 0;
  /** The queryable table this query keeps up to date (CREATE TABLE AS SELECT, source tables). */
  readonly materialized?: MaterializedTable;

  constructor(
    readonly id: string,
    readonly info: PersistentQueryInfo | undefined,
    readonly plan: PlanNode,
    ctx: ExecContext,
    opts: {
      sink?: SinkTarget;
      onRow?: (rec: Rec) => void;
      offsetReset: 'earliest' | 'latest';
      /** Consumer group holding the position; default: the persistent query's, none for transient ones. */
      group?: string;
      /** A table store written in each batch's transaction; a CTAS query gets its own. */
      materialize?: Materialization;
      /** A stateless transient query from the latest offset may share its source scan with others. */
      shareScan?: boolean;
    },
  ) {
    const errors = {
      recordError: (kind: string, message: string, detail?: { topic?: string; partition?: number; offset?: number }) =>
        ctx.processingLog.record({ queryId: id, kind, message, ...detail, time: Date.now() }),
      countLate: () => {
        this.lateRecords++;
      },
    };
    this.topic = sourceOf(plan).source.topic;
    if (ctx.kafka) {
      this.kafka = startKafkaQuery(id, plan, ctx, errors, {
        sink: opts.sink,
        onRow: opts.onRow,
        offsetReset: opts.offsetReset,
        transient: info === undefined,
        onBatch: (n, out) => {
          this.kafkaRecordsIn += n;
          this.recordsOut += out;
          ctx.processingLog.flush();
        },
      });
      return;
    }
    const track = <S extends StateStore>(store: S): S => {
      this.stores.push(store);
      return store;
    };
    const materialize = opts.materialize ?? (info && opts.sink ? ctasMaterialization(ctx, info, plan, opts.sink) : undefined);
    if (materialize) this.materialized = track(materialize.table);
    let terminal: (rec: Rec) => void;
    let cacheFor: (() => void) | undefined;
    // An aggregation's changes go through the record cache, as in ksqlDB (its stores are cached):
    // tumbling, hopping and plain GROUP BY aggregations keep it themselves (change-buffer.ts), the
    // others' outputs go through a RecordCache before the sink.
    const cacheSize = opts.sink && hasNode(plan, 'Aggregate') ? cacheBytes(ctx.properties) : 0;
    const buffers: BatchBuffer[] = [];
    const batchEnd: BatchEnd | undefined = cacheSize > 0 ? { cacheBytes: cacheSize, register: (b) => buffers.push(b) } : undefined;
    if (opts.sink) {
      const encode = sinkEncoder(opts.sink.spec);
      const write = materialize?.write;
      const emit = (rec: Rec): void => {
        let out;
        try {
          out = encode(rec);
        } catch (e) {
          errors.recordError('SERIALIZATION', messageOf(e));
          return;
        }
        this.outputs.push(out);
        if (write) write(rec, out);
      };
      let sinkPush = emit;
      if (cacheSize > 0) {
        // Decided once the chain is compiled (whether its aggregation keeps the cache itself).
        const keyTypes = opts.sink.spec.schema.filter((c) => c.namespace === 'KEY').map((c) => c.type);
        cacheFor = () => {
          if (buffers.length > 0) return;
          const cache = new RecordCache(keyTypes, cacheSize, emit);
          buffers.push(cache);
          sinkPush = (rec) => cache.push(rec);
        };
      }
      terminal = (rec) => sinkPush(rec);
    } else terminal = opts.onRow ?? (() => undefined);
    const db = ctx.log.db;
    const stores: QueryStores = {
      keyValue: (name) => track(KeyValueStore.open<unknown>(db, `${id}_${name}`)),
      window: (name, windowSize) => track(WindowStore.open<unknown>(db, `${id}_${name}`, { windowSize })),
      session: (name) => track(SessionStore.open<unknown>(db, `${id}_${name}`)),
    };
    const chain = compileChain(plan, terminal, { functions: ctx.functions, errors, stores, properties: ctx.properties, ...(batchEnd ? { batchEnd } : {}) });
    cacheFor?.();
    if (opts.shareScan === true && info === undefined && opts.offsetReset === 'latest' && this.stores.length === 0) {
      const push = chain.push;
      // As ksqlDB's scalable push queries, rows without a value, or without a key (when the source has one), are not delivered.
      const keyed = chain.source.source.columns.some((c) => c.namespace === 'KEY');
      this.shared = subscribeShared(ctx.log, chain.source.source, (rec) => {
        this.sharedIn++;
        if ((keyed && rec.nullKey === true) || rec.nullValue === true) return;
        push(rec);
      }, errors);
      return;
    }
    const sinkTopic = opts.sink?.topic;
    this.task = new EmbeddedTask({
      log: ctx.log,
      source: chain.source.source,
      group: opts.group ?? (info ? `_confluent-ksql-default_query_${id}` : undefined),
      offsetReset: opts.offsetReset,
      // A stateless query gains nothing from large batches (no state writes to deduplicate), and
      // each batch's outputs stay alive until its transaction: small batches keep them out of the
      // old generation (measured: about half the GC time).
      batchSize: this.stores.length === 0 && materialize === undefined ? STATELESS_BATCH : undefined,
      batchMs: commitIntervalMs(ctx.properties),
      errors,
      abort: () => {
        for (const b of buffers) b.discard();
        for (const st of this.stores) st.discard();
        this.outputs = [];
      },
      flush: () => {
        // The cache's changes go out (and into the materialized table) before the stores write.
        for (const b of buffers) b.flush();
        for (const st of this.stores) st.flush();
        if (sinkTopic !== undefined && this.outputs.length > 0) {
          ctx.log.produce(sinkTopic, this.outputs);
          this.recordsOut += this.outputs.length;
        }
        this.outputs = [];
        ctx.processingLog.flush();
      },
    });
    this.task.setDownstream(chain.push);
  }

  get sourceTopic(): string {
    return this.topic;
  }

  get recordsIn(): number {
    if (this.shared) return this.sharedIn;
    return this.task ? this.task.recordsIn : this.kafkaRecordsIn;
  }

  /** Kafka mode: how each stage's partitions had their state stores restored, oldest first. */
  get restores(): readonly TaskRestore[] {
    return this.kafka ? this.kafka.tasks.flatMap((t) => t.restores) : [];
  }

  /** Embedded mode: whether the source has records past the query's position (Kafka mode drives itself). */
  hasPending(): boolean {
    return this.state === 'RUNNING' && this.task !== undefined && this.task.hasPending();
  }

  poll(): number {
    if (this.state !== 'RUNNING') return 0;
    if (this.shared) return this.shared.poll();
    if (!this.task) return 0;
    return this.task.poll();
  }

  /** Stops the query's work (Kafka mode: leaves its consumer groups, handing partitions to other instances). */
  async stop(): Promise<void> {
    this.state = 'PAUSED';
    this.shared?.close();
    await this.kafka?.stop();
  }
}
