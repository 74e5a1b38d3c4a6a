// How a Kafka-mode query lays out its queryable table: columns and windows from its sink, which
// input partition holds a key (as the stage's input topic is partitioned: by the source's
// serialized key, or by the encoded group on a repartition topic), and how an output becomes a row.

import { partitionForKey } from '../log/partitioner.js';
import type { ProduceRecord } from '../log/types.js';
import type { PlanNode } from '../plan/logical-plan.js';
import type { Rec } from '../runtime/record.js';
import { sourceOf } from '../runtime/stages.js';
import { createSerde } from '../serde/index.js';
import { keyEncoder } from '../state/index.js';
import type { TableColumn } from '../state/index.js';
import type { ExecContext } from './context.js';
import { KafkaTable } from './kafka-materialize.js';
import type { PartitionMirror } from './kafka-materialize.js';
import { producesTable, retentionOf, tableColumns } from './materialize.js';
import type { SinkTarget } from './running-query.js';

export interface KafkaTableSetup {
  readonly kafka: KafkaTable;
  /** Writes an output record (as produced to the sink) into its partition's share of the table. */
  readonly write: (mirror: PartitionMirror, rec: Rec, out: ProduceRecord) => void;
}

export interface TableStage {
  readonly owner: string;
  readonly groupId: string;
  readonly topic: string;
  readonly stage: string;
  readonly changelogTopic: string;
  /** True when the stage reads a repartition topic keyed by the encoded group. */
  readonly repartitioned: boolean;
}

/** The queryable table of a persistent query writing `sink`, or undefined when it builds no table. */
export function kafkaTableFor(ctx: ExecContext, plan: PlanNode, sink: SinkTarget, stage: TableStage): KafkaTableSetup | undefined {
  if (!producesTable(plan)) return undefined;
  const columns = tableColumns(sink.spec.schema);
  const window = sink.spec.window;
  const nk = columns.filter((c) => c.key).length;
  const nv = columns.length - nk;
  // A repartition topic has as many partitions as the source topic.
  const partitions = Math.max(1, ctx.topics.describeTopic(sourceOf(plan).source.topic)?.partitions ?? 1);
  const partitionOf = keyPartitioner(plan, columns, partitions, stage.repartitioned);
  const kafka = new KafkaTable(ctx, {
    owner: stage.owner,
    groupId: stage.groupId,
    topic: stage.topic,
    stage: stage.stage,
    changelogTopic: stage.changelogTopic,
    partitions,
    columns,
    windowed: window !== undefined,
    ...(retentionOf(plan) !== undefined ? { retentionMs: retentionOf(plan) } : {}),
    ...(partitionOf !== undefined ? { partitionOf } : {}),
  });
  return {
    kafka,
    write: (mirror, rec, out) => {
      // A table holds no row without a key.
      if (out.key === null) return;
      const win = window === undefined ? undefined : rec.window;
      if (window !== undefined && win === undefined) return;
      const row = rec.row;
      mirror.write(row.slice(0, nk), rec.nullValue === true ? null : row.slice(nk, nk + nv), out.timestamp, win, out.key);
    },
  };
}

/**
 * Which input partition of the stage holds a key of the table, or undefined when that cannot be
 * told from the key (then a key lookup asks every partition).
 */
function keyPartitioner(plan: PlanNode, columns: readonly TableColumn[], partitions: number, repartitioned: boolean): ((key: readonly unknown[]) => number) | undefined {
  const keyTypes = columns.filter((c) => c.key).map((c) => c.type);
  if (repartitioned) {
    // The repartition stage keys its records by the group as the aggregation encodes it.
    const encode = keyEncoder(keyTypes);
    return (key) => partitionForKey(Buffer.from(encode(key), 'utf8'), partitions);
  }
  const source = sourceOf(plan).source;
  const sourceKeys = source.columns.filter((c) => c.namespace === 'KEY');
  if (source.window !== undefined || sourceKeys.length !== keyTypes.length || sourceKeys.some((c, i) => c.type.kind !== keyTypes[i]!.kind)) return undefined;
  let serde;
  try {
    serde = createSerde(source.keyFormat, sourceKeys.map((c) => ({ name: c.name, type: c.type })), true);
  } catch {
    return undefined;
  }
  const s = serde;
  return (key) => {
    const bytes = s.serialize(key);
    return bytes === null ? 0 : partitionForKey(bytes, partitions);
  };
}
