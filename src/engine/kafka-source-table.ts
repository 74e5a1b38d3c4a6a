// Kafka mode's materialization of a CREATE SOURCE TABLE: a task of its own, one consumer group
// member per instance, writes each input partition's rows into the instance's queryable table
// (partitioned as the topic is, by the serialized key), so pull queries route as for CTAS tables.

import type { DataSource } from '../catalog/types.js';
import { messageOf } from '../errors.js';
import { partitionForKey } from '../log/partitioner.js';
import { KafkaQueryTask } from '../runtime/kafka-task.js';
import { sourceDecoder } from '../runtime/source-decoder.js';
import { createSerde } from '../serde/index.js';
import { appendWindow } from '../serde/windowed-key.js';
import type { ExecContext } from './context.js';
import { KafkaTable, kafkaTableOf } from './kafka-materialize.js';
import { sourceTableTaskId, tableColumns } from './materialize.js';
import { forgetOwners, leaveGroup, memberData } from './pull-routing.js';

const tasks = new WeakMap<KafkaTable, KafkaQueryTask>();

/** Starts keeping source table `source` queryable on this instance (its share of the partitions). */
export function startKafkaSourceTable(ctx: ExecContext, source: DataSource): void {
  const k = ctx.kafka!;
  const id = sourceTableTaskId(source.name);
  const groupId = `_confluent-ksql-${k.serviceId}query_${id}`;
  const changelogTopic = (store: string): string => `${groupId}-${store}-changelog`;
  const keyCols = source.columns.filter((c) => c.namespace === 'KEY');
  const keySerde = createSerde(source.keyFormat, keyCols.map((c) => ({ name: c.name, type: c.type })), true);
  const partitions = Math.max(1, ctx.topics.describeTopic(source.topic)?.partitions ?? 1);
  const window = source.window;
  const table = new KafkaTable(ctx, {
    owner: id,
    groupId,
    topic: source.topic,
    stage: id,
    changelogTopic: changelogTopic('Materialize'),
    partitions,
    columns: tableColumns(source.columns.map((c) => ({ name: c.name, type: c.type, namespace: c.namespace === 'KEY' ? 'KEY' : 'VALUE' }))),
    windowed: window !== undefined,
    ...(window === undefined ? { partitionOf: (key: readonly unknown[]) => partitionForKey(keySerde.serialize(key) ?? Buffer.alloc(0), partitions) } : {}),
  });
  // Where each stored column sits in a decoded source row.
  const keyIndex = source.columns.flatMap((c, i) => (c.namespace === 'KEY' ? [i] : []));
  const valueIndex = source.columns.flatMap((c, i) => (c.namespace !== 'KEY' ? [i] : []));
  const errors = {
    recordError: (kind: string, message: string, detail?: { topic?: string; partition?: number; offset?: number }) =>
      ctx.processingLog.record({ queryId: id, kind, message, ...detail, time: Date.now() }),
    countLate: () => undefined,
  };
  const task = new KafkaQueryTask({
    kafka: k.log,
    db: ctx.log.db,
    name: id,
    groupId,
    topic: source.topic,
    decode: sourceDecoder(source),
    offsetReset: 'earliest',
    guarantee: k.guarantee,
    errors,
    changelogTopic,
    partitionStores: (p) => table.partitionStores(p),
    onAssigned: (held) => {
      table.onAssigned(held);
      forgetOwners(k, groupId);
    },
    memberData: memberData(k, groupId, source.topic),
    onBatch: () => ctx.processingLog.flush(),
    build: (p) => {
      const mirror = table.mirror(p);
      return (rec) => {
        const row = rec.row;
        const win = window === undefined ? undefined : rec.window;
        if (window !== undefined && win === undefined) return;
        const keyRow = keyIndex.map((i) => row[i]);
        const inner = keySerde.serialize(keyRow);
        const keyBytes = win !== undefined && window !== undefined ? appendWindow(window, inner, win) : (inner ?? Buffer.alloc(0));
        mirror.write(keyRow, rec.nullValue === true ? null : valueIndex.map((i) => row[i]), rec.ts, win, keyBytes);
      };
    },
  });
  tasks.set(table, task);
  (async () => {
    await k.topics.settle();
    await task.start();
  })().catch((e: unknown) => errors.recordError('QUERY', `Materializing table ${source.name} stopped: ${messageOf(e)}`));
}

/** Stops keeping source table `source` (DROP TABLE); its store is dropped by the caller. */
export function stopKafkaSourceTable(ctx: ExecContext, source: DataSource): void {
  const table = kafkaTableOf(ctx.kafka!, sourceTableTaskId(source.name));
  if (table === undefined) return;
  table.close();
  leaveGroup(ctx.kafka!, table.spec.groupId);
  const task = tasks.get(table);
  task?.stop().catch(() => undefined);
}
