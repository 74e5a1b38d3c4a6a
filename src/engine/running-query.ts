// A running query: its plan, the task that feeds it and where its rows go (a sink topic for a
// persistent query, a row queue for a transient push query), with its counters.

import type { PersistentQueryInfo } from '../catalog/types.js';
import type { ProduceRecord } from '../log/types.js';
import type { PlanNode } from '../plan/logical-plan.js';
import { compileChain } from '../runtime/operators.js';
import { EmbeddedTask } from '../runtime/embedded-task.js';
import type { Rec } from '../runtime/record.js';
import { sinkEncoder } from '../runtime/sink-encoder.js';
import { messageOf } from '../errors.js';
import { KeyValueStore, SessionStore, WindowStore } from '../state/index.js';
import type { StateStore } from '../state/index.js';
import type { QueryStores } from '../runtime/stores.js';
import type { ExecContext } from './context.js';

export interface SinkTarget {
  readonly topic: string;
  readonly spec: Parameters<typeof sinkEncoder>[0];
}

export class RunningQuery {
  state: 'RUNNING' | 'PAUSED' | 'ERROR' = 'RUNNING';
  recordsOut = 0;
  private readonly task: EmbeddedTask;
  private outputs: ProduceRecord[] = [];
  private readonly stores: StateStore[] = [];
  /** Records dropped because their window had closed. */
  lateRecords = 0;

  constructor(
    readonly id: string,
    readonly info: PersistentQueryInfo | undefined,
    readonly plan: PlanNode,
    ctx: ExecContext,
    opts: { sink?: SinkTarget; onRow?: (rec: Rec) => void; offsetReset: 'earliest' | 'latest' },
  ) {
    const errors = {
      recordError: (kind: string, message: string, detail?: { topic?: string; partition?: number; offset?: number }) =>
        ctx.processingLog.record({ queryId: id, kind, message, ...detail, time: Date.now() }),
      countLate: () => {
        this.lateRecords++;
      },
    };
    let terminal: (rec: Rec) => void;
    if (opts.sink) {
      const encode = sinkEncoder(opts.sink.spec);
      terminal = (rec) => {
        try {
          this.outputs.push(encode(rec));
        } catch (e) {
          errors.recordError('SERIALIZATION', messageOf(e));
        }
      };
    } else terminal = opts.onRow ?? (() => undefined);
    const track = <S extends StateStore>(store: S): S => {
      this.stores.push(store);
      return store;
    };
    const db = ctx.log.db;
    const stores: QueryStores = {
      keyValue: (name) => track(KeyValueStore.open<unknown>(db, `${id}_${name}`)),
      window: (name, windowSize) => track(WindowStore.open<unknown>(db, `${id}_${name}`, { windowSize })),
      session: (name) => track(SessionStore.open<unknown>(db, `${id}_${name}`)),
    };
    const chain = compileChain(plan, terminal, { functions: ctx.functions, errors, stores, properties: ctx.properties });
    const sinkTopic = opts.sink?.topic;
    this.task = new EmbeddedTask({
      log: ctx.log,
      source: chain.source.source,
      group: info ? `_confluent-ksql-default_query_${id}` : undefined,
      offsetReset: opts.offsetReset,
      errors,
      abort: () => {
        for (const st of this.stores) st.discard();
        this.outputs = [];
      },
      flush: () => {
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
    return this.task.topic;
  }

  get recordsIn(): number {
    return this.task.recordsIn;
  }

  hasPending(): boolean {
    return this.state === 'RUNNING' && this.task.hasPending();
  }

  poll(): number {
    if (this.state !== 'RUNNING') return 0;
    return this.task.poll();
  }
}
