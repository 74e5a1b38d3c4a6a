// Runs a query in Kafka mode: one KafkaQueryTask per stage (two when an aggregation needs its
// records repartitioned by group), each a consumer group member of its own, so N instances split
// the query's partitions. Internal topics and groups are named the way ksqlDB names them.

import type { KafkaLog } from '../log/kafka/index.js';
import type { KafkaTopics } from '../log/kafka/kafka-topics.js';
import type { PlanNode } from '../plan/logical-plan.js';
import { AggregateSpec } from '../runtime/aggregate-spec.js';
import { KafkaQueryTask } from '../runtime/kafka-task.js';
import type { Guarantee } from '../runtime/kafka-task.js';
import { RecordCache, cacheBytes } from '../runtime/record-cache.js';
import type { BatchEnd } from '../runtime/change-buffer.js';
import { compileChain } from '../runtime/operators.js';
import type { ErrorSink, Rec } from '../runtime/record.js';
import { sinkEncoder } from '../runtime/sink-encoder.js';
import { sourceDecoder } from '../runtime/source-decoder.js';
import { findAggregate, groupsByInputKey, repartitionSource, sourceOf, withInput } from '../runtime/stages.js';
import { deserializeState, serializeState } from '../state/index.js';
import { KsqlError } from '../errors.js';
import type { ExecContext } from './context.js';
import { kafkaTableFor } from './kafka-table-setup.js';
import type { KafkaTableSetup } from './kafka-table-setup.js';
import { forgetOwners, leaveGroup, memberData } from './pull-routing.js';

export interface KafkaRuntime {
  readonly log: KafkaLog;
  readonly topics: KafkaTopics;
  /** ksql.service.id: prefixes internal topics, groups and the command topic. */
  readonly serviceId: string;
  readonly guarantee: Guarantee;
}

export interface KafkaQueryHandle {
  readonly tasks: readonly KafkaQueryTask[];
  /** Resolves once every stage joined its group. */
  readonly started: Promise<void>;
  stop(): Promise<void>;
}

export interface KafkaQueryOptions {
  readonly sink?: { readonly topic: string; readonly spec: Parameters<typeof sinkEncoder>[0] };
  readonly onRow?: (rec: Rec) => void;
  readonly offsetReset: 'earliest' | 'latest';
  /** Transient queries use a group of their own and keep no offsets that matter. */
  readonly transient: boolean;
  readonly onBatch: (recordsIn: number, recordsOut: number) => void;
}

function internalName(k: KafkaRuntime, queryId: string, suffix: string): string {
  return `_confluent-ksql-${k.serviceId}query_${queryId}-${suffix}`;
}

export function startKafkaQuery(id: string, plan: PlanNode, ctx: ExecContext, errors: ErrorSink, opts: KafkaQueryOptions): KafkaQueryHandle {
  const k = ctx.kafka!;
  const db = ctx.log.db;
  const groupId = `_confluent-ksql-${k.serviceId}query_${id}`;
  const chainCtx = { functions: ctx.functions, errors, properties: ctx.properties };
  const tasks: KafkaQueryTask[] = [];
  const common = { kafka: k.log, db, offsetReset: opts.offsetReset, guarantee: k.guarantee, errors };

  let finalPlan = plan;
  let finalTopic = sourceOf(plan).source.topic;
  let finalDecode = sourceDecoder(sourceOf(plan).source);
  const agg = findAggregate(plan);
  const repartitioned = agg !== undefined && !groupsByInputKey(agg);
  if (agg && !groupsByInputKey(agg)) {
    if (sourceOf(plan).source.sourceType === 'TABLE')
      throw new KsqlError('UNSUPPORTED', 'In Kafka mode, a GROUP BY over a table must group by its primary key (repartitioning table aggregations is not supported yet).');
    const topic = internalName(k, id, 'Aggregate-GroupBy-repartition');
    const inputTopic = sourceOf(plan).source.topic;
    const partitions = ctx.topics.describeTopic(inputTopic)?.partitions ?? 1;
    ctx.topics.createTopic(topic, { partitions });
    const spec = new AggregateSpec(agg, { functions: ctx.functions, errors, stores: noStores, tableInput: false, config: ctx.properties });
    // Stage 1: the source up to the aggregation's input, written to the repartition topic by group.
    tasks.push(
      new KafkaQueryTask({
        ...common,
        name: `${id}_groupby`,
        groupId: `${groupId}-groupby`,
        topic: inputTopic,
        decode: sourceDecoder(sourceOf(plan).source),
        changelogTopic: (store) => internalName(k, id, `${store}-groupby-changelog`),
        onBatch: (n) => opts.onBatch(n, 0),
        build: (_p, stores, emit) =>
          compileChain(
            agg.input,
            (rec) => {
              if (rec.nullValue === true) return;
              const row = spec.read(rec);
              if (row === null) return;
              emit(topic, { key: Buffer.from(row.group, 'utf8'), value: serializeState(rec.row), timestamp: rec.ts, headers: rec.headers });
            },
            { ...chainCtx, stores },
          ).push,
      }),
    );
    finalPlan = withInput(plan, agg, repartitionSource(agg, topic));
    finalTopic = topic;
    finalDecode = (r) => ({ row: deserializeState(r.value!) as unknown[], ts: r.timestamp, headers: r.headers });
  }
  const encode = opts.sink ? sinkEncoder(opts.sink.spec) : undefined;
  const sinkTopic = opts.sink?.topic;
  // A CREATE TABLE AS SELECT keeps a queryable table of its rows, per input partition (pull queries).
  const finalGroup = opts.transient ? `${groupId}-${Date.now().toString(36)}` : groupId;
  const table: KafkaTableSetup | undefined =
    opts.sink !== undefined && !opts.transient
      ? kafkaTableFor(ctx, plan, opts.sink, { owner: id, groupId: finalGroup, topic: finalTopic, stage: id, changelogTopic: internalName(k, id, 'Materialize-changelog'), repartitioned })
      : undefined;
  const writeRow = table?.write;
  // An aggregation's changes go through the record cache, as in ksqlDB (see running-query.ts).
  const cacheSize = opts.sink !== undefined && !opts.transient && agg !== undefined ? cacheBytes(ctx.properties) : 0;
  const sinkKeyTypes = opts.sink?.spec.schema.filter((c) => c.namespace === 'KEY').map((c) => c.type) ?? [];
  tasks.push(
    new KafkaQueryTask({
      ...common,
      name: id,
      groupId: finalGroup,
      topic: finalTopic,
      decode: finalDecode,
      changelogTopic: (store) => internalName(k, id, `${store}-changelog`),
      onBatch: (n, out) => opts.onBatch(finalTopic === sourceOf(plan).source.topic ? n : 0, out),
      ...(table !== undefined
        ? {
            partitionStores: (p: number) => table.kafka.partitionStores(p),
            onAssigned: (held: readonly number[]) => {
              table.kafka.onAssigned(held);
              forgetOwners(k, finalGroup);
            },
            memberData: memberData(k, finalGroup, finalTopic),
          }
        : {}),
      build: (p, stores, emit, atBatchEnd) => {
        const mirror = table?.kafka.mirror(p);
        const write = (rec: Rec): void => {
          if (encode && sinkTopic !== undefined) {
            try {
              const out = encode(rec);
              emit(sinkTopic, out);
              if (mirror !== undefined) writeRow!(mirror, rec, out);
            } catch (e) {
              errors.recordError('SERIALIZATION', e instanceof Error ? e.message : String(e));
            }
          } else opts.onRow?.(rec);
        };
        let sinkPush = write;
        let registered = 0;
        const batchEnd: BatchEnd | undefined =
          cacheSize > 0
            ? {
                cacheBytes: cacheSize,
                register: (b) => {
                  registered++;
                  atBatchEnd(b);
                },
              }
            : undefined;
        const push = compileChain(finalPlan, (rec) => sinkPush(rec), { ...chainCtx, stores, ...(batchEnd ? { batchEnd } : {}) }).push;
        if (cacheSize > 0 && registered === 0) {
          // Session windows and EMIT FINAL: the cache sits before the sink.
          const cache = new RecordCache(sinkKeyTypes, cacheSize, write);
          atBatchEnd(cache);
          sinkPush = (rec) => cache.push(rec);
        }
        return push;
      },
    }),
  );
  const started = (async () => {
    await k.topics.settle();
    await Promise.all(tasks.map((t) => t.start()));
  })();
  started.catch((e: unknown) => errors.recordError('QUERY', e instanceof Error ? e.message : String(e)));
  return {
    tasks,
    started,
    stop: async () => {
      table?.kafka.close();
      if (table !== undefined) leaveGroup(k, finalGroup);
      await Promise.allSettled(tasks.map((t) => t.stop()));
    },
  };
}

const noStores = {
  keyValue: () => {
    throw new KsqlError('INTERNAL', 'no stores here');
  },
  window: () => {
    throw new KsqlError('INTERNAL', 'no stores here');
  },
  session: () => {
    throw new KsqlError('INTERNAL', 'no stores here');
  },
};
