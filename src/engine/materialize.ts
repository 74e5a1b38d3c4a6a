// Materialized tables for pull queries: every CREATE TABLE AS SELECT writes its output rows into a
// queryable SQLite table in the same batch transaction as its changelog, and every CREATE SOURCE
// TABLE is materialized by a task reading its topic. Both are found again by the table's name.

import { createHash } from 'node:crypto';
import type { DataSource, PersistentQueryInfo } from '../catalog/types.js';
import { partitionForKey } from '../log/partitioner.js';
import type { ProduceRecord } from '../log/types.js';
import type { PlanColumn, PlanNode } from '../plan/logical-plan.js';
import { sourceNode } from '../analyze/plan-query.js';
import type { Rec } from '../runtime/record.js';
import { windowSpec } from '../runtime/windows.js';
import { createSerde } from '../serde/index.js';
import { appendWindow, windowSuffixLength } from '../serde/windowed-key.js';
import { MaterializedTable, dropStore } from '../state/index.js';
import type { TableColumn } from '../state/index.js';
import type { ExecContext } from './context.js';
import { RunningQuery } from './running-query.js';
import type { SinkTarget } from './running-query.js';
import { startKafkaSourceTable, stopKafkaSourceTable } from './kafka-source-table.js';

/** What a query writes into its table's store, for each output record. */
export interface Materialization {
  readonly table: MaterializedTable;
  /** Called in the batch, for each output row; `out` is the record written to the changelog. */
  write(rec: Rec, out: ProduceRecord | null): void;
}

const STORE_PREFIX = 'mat_';

/**
 * The store of a table materialized by query `owner` (a CTAS query id, or the source-table task
 * id). Store names are case-insensitive and limited to [A-Za-z0-9_.-]: other names are hashed.
 */
export function materializedStoreName(owner: string): string {
  if (/^[A-Z0-9_.-]{1,150}$/.test(owner)) return `${STORE_PREFIX}${owner}`;
  return `${STORE_PREFIX}x${createHash('sha1').update(owner).digest('hex')}`;
}

/** The id of the task that materializes source table `name`. */
export function sourceTableTaskId(name: string): string {
  return `CST_${name}`;
}

/** The table's columns in the store: key columns flagged, in the source's column order. */
export function tableColumns(columns: readonly { name: string; type: PlanColumn['type']; namespace: string }[]): TableColumn[] {
  return columns.filter((c) => c.namespace !== 'PSEUDO').map((c) => ({ name: c.name, type: c.type, key: c.namespace === 'KEY' }));
}

/** Opens the store, or drops and recreates it when an earlier run left one of another shape. */
export function openTable(ctx: ExecContext, name: string, columns: readonly TableColumn[], windowed: boolean): MaterializedTable {
  try {
    return MaterializedTable.create(ctx.log.db, name, columns, windowed, { ordered: true });
  } catch {
    dropStore(ctx.log.db, name);
    return MaterializedTable.create(ctx.log.db, name, columns, windowed, { ordered: true });
  }
}

/** How long a windowed aggregation keeps its windows, or undefined when it is not windowed. */
export function retentionOf(plan: PlanNode): number | undefined {
  if (plan.kind === 'Aggregate') return plan.window === undefined ? undefined : windowSpec(plan.window, plan.emitFinal === true).retentionMs;
  return 'input' in plan ? retentionOf(plan.input) : undefined;
}

/** True when `plan` produces a table (a table source, or an aggregation). */
export function producesTable(plan: PlanNode): boolean {
  if (plan.kind === 'Source') return plan.source.sourceType === 'TABLE';
  if (plan.kind === 'Aggregate') return true;
  return 'input' in plan ? producesTable(plan.input) : false;
}

/**
 * The sort key of a row: the partition (4 bytes, big-endian), then the serialized key as
 * written to the topic (windowed keys end with their window, as Kafka Streams' stores lay them
 * out), so a scan lists rows partition by partition in key byte order, as ksqlDB's stores do.
 */
export function sortKey(partition: number, key: Buffer): Buffer {
  const out = Buffer.allocUnsafe(4 + key.length);
  out.writeUInt32BE(partition, 0);
  key.copy(out, 4);
  return out;
}

/**
 * The materialization of a CREATE TABLE AS SELECT query's output, or undefined when the query
 * does not build a table. Called while the query is set up; on CREATE OR REPLACE (outside replay)
 * the replaced query's store goes.
 */
export function ctasMaterialization(ctx: ExecContext, info: PersistentQueryInfo, plan: PlanNode, sink: SinkTarget): Materialization | undefined {
  if (info.kind !== 'CREATE_AS' || !producesTable(plan)) return undefined;
  const schema = sink.spec.schema;
  const columns = tableColumns(schema);
  const window = sink.spec.window;
  const previous = ctx.catalog.source(info.sink)?.createdByQuery;
  if (!ctx.replaying && previous !== undefined && previous !== info.id) dropStore(ctx.log.db, materializedStoreName(previous));
  const table = openTable(ctx, materializedStoreName(info.id), columns, window !== undefined);
  const nk = columns.filter((c) => c.key).length;
  const partitions = Math.max(1, ctx.log.describeTopic(sink.topic)?.partitions ?? 1);
  const suffix = window === undefined ? 0 : windowSuffixLength(window);
  // Windows past their retention leave the store, as they leave ksqlDB's window stores: the
  // newest output time stands for stream time (it is never ahead of it).
  const retention = retentionOf(plan);
  let newest = -Infinity;
  const orderOf = (key: Buffer, partition: number | undefined): Buffer => {
    const inner = suffix === 0 ? key : key.subarray(0, key.length - suffix);
    return sortKey(partition ?? partitionForKey(inner, partitions), key);
  };
  return {
    table,
    write: (rec, out) => {
      // A table holds no row without a key.
      if (out === null || out.key === null) return;
      if (retention !== undefined && out.timestamp > newest) {
        newest = out.timestamp;
        table.expire(newest - retention);
      }
      const row = rec.row;
      const win = window === undefined ? undefined : rec.window;
      if (window !== undefined && win === undefined) return;
      if (rec.nullValue === true) {
        table.delete(row.slice(0, nk), win);
        return;
      }
      // The row (fresh per output) is kept as is; the sort key is computed once per row and batch, at flush.
      table.upsertRow(row, out.timestamp, win, out.key, out.partition, orderOf);
    },
  };
}

/**
 * Starts the task that materializes source table `source` from its topic (from the start; its
 * position is committed with each batch, so a restart goes on where it stopped).
 */
export function startSourceTableMaterializer(ctx: ExecContext, source: DataSource): void {
  // Kafka mode: a consumer group member per instance keeps its partitions (kafka-source-table.ts).
  if (ctx.kafka !== undefined) return startKafkaSourceTable(ctx, source);
  const id = sourceTableTaskId(source.name);
  const node = sourceNode(source);
  const columns = tableColumns(source.columns.map((c) => ({ name: c.name, type: c.type, namespace: c.namespace === 'KEY' ? 'KEY' : 'VALUE' })));
  const table = openTable(ctx, materializedStoreName(id), columns, source.window !== undefined);
  const keyCols = source.columns.filter((c) => c.namespace === 'KEY');
  const keySerde = createSerde(source.keyFormat, keyCols.map((c) => ({ name: c.name, type: c.type })), true);
  // Where each stored column sits in a decoded source row.
  const keyIndex = source.columns.flatMap((c, i) => (c.namespace === 'KEY' ? [i] : []));
  const valueIndex = source.columns.flatMap((c, i) => (c.namespace !== 'KEY' ? [i] : []));
  const partitionIndex = node.schema.findIndex((c) => c.name === 'ROWPARTITION');
  const window = source.window;
  const keyScratch = new Array<unknown>(keyIndex.length);
  const materialization: Materialization = {
    table,
    write: (rec) => {
      const row = rec.row;
      const keyRow = keyIndex.map((i) => row[i]);
      const win = window === undefined ? undefined : rec.window;
      if (window !== undefined && win === undefined) return;
      if (rec.nullValue === true) {
        table.delete(keyRow, win);
        return;
      }
      for (let i = 0; i < keyIndex.length; i++) keyScratch[i] = row[keyIndex[i]!];
      const inner = keySerde.serialize(keyScratch);
      const keyBytes = win !== undefined && window !== undefined ? appendWindow(window, inner, win) : (inner ?? Buffer.alloc(0));
      table.upsert(keyRow, valueIndex.map((i) => row[i]), rec.ts, win, sortKey(Number(row[partitionIndex] ?? 0), keyBytes));
    },
  };
  const running = new RunningQuery(id, undefined, node, ctx, {
    offsetReset: 'earliest',
    group: `_ksqlite_materialize_${source.name}`,
    materialize: materialization,
    onRow: (rec) => materialization.write(rec, null),
  });
  ctx.queries.set(id, running);
  ctx.schedule();
}

/** The materialized store of table `source`, when something keeps it up to date. */
export function materializedTableOf(ctx: ExecContext, source: DataSource): MaterializedTable | undefined {
  if (source.sourceType !== 'TABLE') return undefined;
  const owner = source.createdByQuery ?? (source.isSource ? sourceTableTaskId(source.name) : undefined);
  if (owner === undefined) return undefined;
  return ctx.queries.get(owner)?.materialized;
}

/**
 * Forgets the materialization of table `source` (DROP TABLE): stops its source-table task, drops
 * its store and, for a source table, the task's position, so a table of the same name created
 * later rebuilds from its topic.
 */
export function dropMaterialization(ctx: ExecContext, source: DataSource): void {
  if (source.sourceType !== 'TABLE') return;
  const owner = source.createdByQuery ?? (source.isSource ? sourceTableTaskId(source.name) : undefined);
  if (owner === undefined) return;
  if (source.isSource && ctx.kafka !== undefined) stopKafkaSourceTable(ctx, source);
  if (source.isSource) {
    ctx.queries.delete(owner);
    ctx.log.deleteGroup(`_ksqlite_materialize_${source.name}`);
  }
  dropStore(ctx.log.db, materializedStoreName(owner));
}
