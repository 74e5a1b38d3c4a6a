// Statements that change the catalog without running a query: CREATE STREAM/TABLE, DROP, ALTER,
// CREATE/DROP TYPE.

import { analyzeCreateSource } from '../analyze/create-source.js';
import { resolveType } from '../analyze/resolve-type.js';
import type { DataSource } from '../catalog/types.js';
import { KsqlError } from '../errors.js';
import { createSerde } from '../serde/index.js';
import type { AlterSource, CreateSource, CreateType, DropSource, DropType, ParsedStatement } from '../sql/ast.js';
import type { Column } from '../catalog/types.js';
import type { ExecContext } from './context.js';
import { prop } from './context.js';
import { dropMaterialization, startSourceTableMaterializer } from './materialize.js';
import type { StatementResult } from './results.js';
import { statusResult } from './status.js';

export function sourceDefaults(ctx: ExecContext): { keyFormat: string; valueFormat?: string; wrapSingleValues?: boolean } {
  const wrap = prop(ctx, 'ksql.persistence.wrap.single.values');
  return {
    keyFormat: (prop(ctx, 'ksql.persistence.default.format.key') ?? 'KAFKA').toUpperCase(),
    valueFormat: prop(ctx, 'ksql.persistence.default.format.value')?.toUpperCase(),
    wrapSingleValues: wrap === undefined ? undefined : wrap.toLowerCase() === 'true',
  };
}

/** Partitions of a topic created for a source without PARTITIONS (ksqlite.auto.create.partitions, default 1). */
function autoCreatePartitions(ctx: ExecContext): number {
  const n = Number(prop(ctx, 'ksqlite.auto.create.partitions') ?? 1);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** Checks that the source's columns can be written in its formats (throws the serde's message). */
export function checkFormats(source: DataSource): void {
  const keys = source.columns.filter((c) => c.namespace === 'KEY').map((c) => ({ name: c.name, type: c.type }));
  const values = source.columns.filter((c) => c.namespace === 'VALUE').map((c) => ({ name: c.name, type: c.type }));
  createSerde(source.keyFormat, keys, true);
  createSerde(source.valueFormat, values, false);
}

export function createSource(ctx: ExecContext, p: ParsedStatement, stmt: CreateSource): StatementResult {
  const { source, props } = analyzeCreateSource(stmt, p.text, (n) => ctx.catalog.types.get(n), sourceDefaults(ctx));
  const existing = ctx.catalog.source(source.name);
  const kind = stmt.sourceType === 'STREAM' ? 'stream' : 'table';
  if (stmt.orReplace && (stmt.isSource || existing?.isSource === true))
    throw new KsqlError('INVALID_STATEMENT', `Cannot add ${kind} '${source.name}': CREATE OR REPLACE is not supported on source ${kind}s.`, stmt.loc);
  if (existing) {
    if (stmt.ifNotExists) return statusResult(ctx, p, `${kind}/${source.name}/create`, `Cannot add ${kind} '${source.name}': A ${kind} with the same name already exists.`, undefined);
    if (!stmt.orReplace) {
      const existingKind = existing.sourceType === 'STREAM' ? 'stream' : 'table';
      throw new KsqlError('SOURCE_EXISTS', `Cannot add ${kind} '${source.name}': A ${existingKind} with the same name already exists.`, stmt.loc);
    }
    if (existing.isSource || stmt.isSource)
      throw new KsqlError('INVALID_STATEMENT', `Cannot add ${kind} '${source.name}': CREATE OR REPLACE is not supported on source ${kind}s.`, stmt.loc);
    if (existing.sourceType !== source.sourceType)
      throw new KsqlError('INVALID_STATEMENT', `Cannot add ${kind} '${source.name}': A ${existing.sourceType.toLowerCase()} with the same name already exists.`, stmt.loc);
  }
  checkFormats(source);
  if (!ctx.topics.hasTopic(source.topic)) {
    if (props.partitions === undefined && !ctx.replaying && prop(ctx, 'ksqlite.auto.create.topics') !== 'true')
      throw new KsqlError(
        'TOPIC',
        `Topic '${source.topic}' does not exist. If you want to create a new topic for the ${kind} please re-run the statement providing the required 'PARTITIONS' configuration in the WITH clause (and, optionally, 'REPLICAS'). For example: CREATE STREAM FOO (ID INT, ...) WITH (KAFKA_TOPIC='${source.topic}', PARTITIONS=2, REPLICAS=1, ...);`,
        stmt.loc,
      );
    ctx.topics.createTopic(source.topic, {
      partitions: props.partitions ?? autoCreatePartitions(ctx),
      replicas: props.replicas,
      cleanupPolicy: stmt.sourceType === 'TABLE' ? 'compact' : 'delete',
      retentionMs: props.retentionMs,
    });
  } else if (props.partitions !== undefined) {
    const info = ctx.topics.describeTopic(source.topic)!;
    if (info.partitions !== props.partitions)
      throw new KsqlError(
        'TOPIC',
        `A Kafka topic with the name '${source.topic}' already exists, with different partition/replica configuration than required. KSQL expects ${props.partitions} partitions (topic has ${info.partitions}), 1 replication factor (topic has 1).`,
        stmt.loc,
      );
  }
  ctx.catalog.sources.set(source.name, source);
  // ksqlDB materializes source tables, so pull queries can read them.
  if (source.isSource && source.sourceType === 'TABLE') startSourceTableMaterializer(ctx, source);
  const seq = ctx.persist(p);
  const verb = stmt.sourceType === 'STREAM' ? 'Stream' : 'Table';
  return statusResult(ctx, p, `${kind}/${source.name}/create`, `${verb} created`, undefined, seq);
}

export function dropSource(ctx: ExecContext, p: ParsedStatement, stmt: DropSource): StatementResult {
  const source = ctx.catalog.source(stmt.name);
  const kind = stmt.sourceType === 'STREAM' ? 'stream' : 'table';
  const Kind = stmt.sourceType === 'STREAM' ? 'Stream' : 'Table';
  if (!source) {
    if (stmt.ifExists) return statusResult(ctx, p, `${kind}/${stmt.name}/drop`, `Source \`${stmt.name}\` does not exist.`, undefined);
    throw new KsqlError('UNKNOWN_SOURCE', `${Kind} ${stmt.name} does not exist.`, stmt.loc);
  }
  if (source.sourceType !== stmt.sourceType)
    throw new KsqlError(
      'INVALID_STATEMENT',
      `Incompatible data source type is ${source.sourceType}, but statement was DROP ${stmt.sourceType}`,
      stmt.loc,
    );
  if (stmt.deleteTopic && source.isSource)
    throw new KsqlError('INVALID_STATEMENT', `Cannot delete topic for read-only source: ${source.name}`, stmt.loc);
  const { readers, writers } = ctx.catalog.queriesUsing(source.name);
  const otherReaders = readers.filter((q) => !writers.includes(q));
  if (otherReaders.length > 0) {
    const sinks = [...new Set(otherReaders.map((q) => q.sink))];
    throw new KsqlError(
      'SOURCE_IN_USE',
      `Cannot drop ${source.name}.\nThe following streams and/or tables read from this source: [${sinks.join(', ')}].\nYou need to drop them before dropping ${source.name}.`,
      stmt.loc,
    );
  }
  for (const w of writers) {
    void ctx.queries.get(w.id)?.stop();
    ctx.queries.delete(w.id);
    ctx.catalog.queries.delete(w.id);
  }
  dropMaterialization(ctx, source);
  ctx.catalog.sources.delete(source.name);
  if (stmt.deleteTopic && !ctx.replaying && ctx.catalog.sourcesOnTopic(source.topic).length === 0) ctx.topics.deleteTopic(source.topic);
  const seq = ctx.persist(p);
  return statusResult(ctx, p, `${kind}/${source.name}/drop`, `Source \`${source.name}\` (topic: ${source.topic}) was dropped.`, undefined, seq);
}

export function alterSource(ctx: ExecContext, p: ParsedStatement, stmt: AlterSource): StatementResult {
  const source = ctx.catalog.requireSource(stmt.name, stmt.loc);
  if (source.sourceType !== stmt.sourceType)
    throw new KsqlError('INVALID_STATEMENT', `Incompatible data source type is ${source.sourceType}, but statement was ALTER ${stmt.sourceType}`, stmt.loc);
  if (source.isSource)
    throw new KsqlError('INVALID_STATEMENT', `Cannot alter ${source.sourceType.toLowerCase()} '${source.name}': ALTER operations are not supported on source ${source.sourceType.toLowerCase()}s.`, stmt.loc);
  if (source.createdByQuery !== undefined)
    throw new KsqlError('INVALID_STATEMENT', `ALTER command is not supported for CREATE ... AS statements.`, stmt.loc);
  const columns: Column[] = [...source.columns];
  for (const add of stmt.addColumns) {
    if (columns.some((c) => c.name === add.name))
      throw new KsqlError('INVALID_STATEMENT', `Cannot add column \`${add.name}\` to schema. A column with the same name already exists.`, stmt.loc);
    columns.push({ name: add.name, type: resolveType(add.type, (n) => ctx.catalog.types.get(n), stmt.loc), namespace: 'VALUE' });
  }
  const updated: DataSource = { ...source, columns };
  checkFormats(updated);
  ctx.catalog.sources.set(source.name, updated);
  const seq = ctx.persist(p);
  const kind = stmt.sourceType === 'STREAM' ? 'stream' : 'table';
  return statusResult(ctx, p, `${kind}/${source.name}/alter`, `${stmt.sourceType === 'STREAM' ? 'Stream' : 'Table'} ${source.name} altered successfully`, undefined, seq);
}

export function createType(ctx: ExecContext, p: ParsedStatement, stmt: CreateType): StatementResult {
  if (ctx.catalog.types.has(stmt.name)) {
    if (stmt.ifNotExists) return statusResult(ctx, p, `type/${stmt.name}/create`, `Type ${stmt.name} already exists`, undefined);
    const existing = ctx.catalog.types.get(stmt.name)!;
    throw new KsqlError('INVALID_STATEMENT', `Cannot register custom type '${stmt.name}' since it is already registered with type: ${describeTypeShort(existing)}`, stmt.loc);
  }
  const type = resolveType(stmt.type, (n) => ctx.catalog.types.get(n), stmt.loc);
  ctx.catalog.types.set(stmt.name, type);
  const seq = ctx.persist(p);
  return statusResult(ctx, p, `type/${stmt.name}/create`, `Registered custom type with name '${stmt.name}' and SQL type ${describeTypeShort(type)}`, undefined, seq);
}

export function dropType(ctx: ExecContext, p: ParsedStatement, stmt: DropType): StatementResult {
  if (!ctx.catalog.types.has(stmt.name)) {
    if (stmt.ifExists) return statusResult(ctx, p, `type/${stmt.name}/drop`, `Type ${stmt.name} does not exist.`, undefined);
    throw new KsqlError('INVALID_STATEMENT', `Type ${stmt.name} does not exist.`, stmt.loc);
  }
  ctx.catalog.types.delete(stmt.name);
  const seq = ctx.persist(p);
  return statusResult(ctx, p, `type/${stmt.name}/drop`, `Dropped type '${stmt.name}'`, undefined, seq);
}

import { formatType } from '../types/sql-type.js';
function describeTypeShort(t: Parameters<typeof formatType>[0]): string {
  return formatType(t);
}
