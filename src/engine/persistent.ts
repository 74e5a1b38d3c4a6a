// Persistent queries: CREATE STREAM/TABLE AS SELECT, INSERT INTO ... SELECT, TERMINATE, PAUSE and
// RESUME. Everything is analyzed and compiled before the catalog changes, so a failing statement
// changes nothing.

import { windowInfoOf } from '../runtime/windows.js';
import { checkKeyColumns, resolveFormats, sinkSource } from '../analyze/create-source.js';
import { planQuery } from '../analyze/plan-query.js';
import { formatRewrittenStatement } from '../analyze/rewritten-statement.js';
import { readSourceProperties } from '../analyze/with-properties.js';
import type { DataSource, PersistentQueryInfo } from '../catalog/types.js';
import type { FormatInfo } from '../serde/types.js';
import { KsqlError } from '../errors.js';
import { typesEqual, formatType } from '../types/sql-type.js';
import type { PlanNode } from '../plan/logical-plan.js';
import { hasNode } from '../plan/logical-plan.js';
import type { CreateAsSelect, InsertInto, ParsedStatement, QueryControl } from '../sql/ast.js';
import type { ExecContext } from './context.js';
import { prop } from './context.js';
import { checkFormats, sourceDefaults } from './ddl.js';
import type { StatementResult } from './results.js';
import { RunningQuery } from './running-query.js';
import { statusResult } from './status.js';
import { cacheBytes } from '../runtime/record-cache.js';
import { commitIntervalMs } from '../runtime/embedded-task.js';

function offsetReset(ctx: ExecContext): 'earliest' | 'latest' {
  return prop(ctx, 'auto.offset.reset')?.toLowerCase() === 'earliest' ? 'earliest' : 'latest';
}

function sourcesOf(plan: PlanNode): string[] {
  if (plan.kind === 'Source') return [plan.source.name];
  return 'input' in plan ? sourcesOf(plan.input) : [];
}

export function createAsSelect(ctx: ExecContext, p: ParsedStatement, stmt: CreateAsSelect): StatementResult {
  if (stmt.query.limit !== undefined)
    throw new KsqlError('INVALID_STATEMENT', `CREATE ${stmt.sourceType} AS SELECT statements don't support LIMIT clause.`, stmt.loc);
  const props = readSourceProperties(stmt.properties, stmt.loc);
  // Checked here, before anything changes (the query reads them when it starts).
  cacheBytes(ctx.properties);
  commitIntervalMs(ctx.properties);
  const existing = ctx.catalog.source(stmt.name);
  const kind = stmt.sourceType === 'STREAM' ? 'stream' : 'table';
  if (existing && !stmt.orReplace) {
    if (stmt.ifNotExists) return statusResult(ctx, p, `${kind}/${stmt.name}/create`, `Cannot add ${kind} '${stmt.name}': A ${kind} with the same name already exists.`, undefined);
    throw new KsqlError(
      'SOURCE_EXISTS',
      `Cannot add ${kind} '${stmt.name}': A ${existing.sourceType.toLowerCase()} with the same name already exists.`,
      stmt.loc,
    );
  }
  const planned = planQuery(stmt.query, {
    lookupSource: (n, loc) => ctx.catalog.requireSource(n, loc),
    functions: ctx.functions,
    sinkName: stmt.name,
    allowKeylessProjection: prop(ctx, 'ksql.new.query.planner.enabled') === 'true',
  });
  const from = planned.sources[0]!;
  if (from.sourceType === 'TABLE' && from.window !== undefined)
    throw new KsqlError('INVALID_STATEMENT', 'KSQL does not support persistent queries on windowed tables.', stmt.loc);
  const resultType = from.sourceType === 'TABLE' || hasNode(planned.plan, 'Aggregate') ? 'TABLE' : 'STREAM';
  if (resultType === 'TABLE' && stmt.sourceType === 'STREAM')
    throw new KsqlError('INVALID_STATEMENT', `Invalid result type. Your SELECT query produces a TABLE. Please use CREATE TABLE AS SELECT statement instead.`, stmt.loc);
  if (resultType === 'STREAM' && stmt.sourceType === 'TABLE')
    throw new KsqlError('INVALID_STATEMENT', `Invalid result type. Your SELECT query produces a STREAM. Please use CREATE STREAM AS SELECT statement instead.`, stmt.loc);
  checkKeyColumns(planned.plan.schema, stmt.loc);
  const inheritKey = from.keyFormat;
  const formats: { keyFormat: FormatInfo; valueFormat: FormatInfo } = resolveFormats(
    props,
    sourceDefaults(ctx),
    {
      keyFormat: { format: inheritKey.format, options: { delimiter: inheritKey.options.delimiter } },
      valueFormat: { format: from.valueFormat.format, options: { delimiter: from.valueFormat.options.delimiter } },
    },
    stmt.loc,
  );
  const keyColumns = planned.plan.schema.filter((c) => c.namespace === 'KEY').length;
  if (keyColumns === 0) {
    // A result without key columns has no key to write.
    if (props.keyFormat !== undefined && props.keyFormat.format !== 'NONE')
      throw new KsqlError('INVALID_STATEMENT', 'Key format specified for stream without key columns.', stmt.loc);
    formats.keyFormat = { format: 'NONE', options: {} };
  } else if (formats.keyFormat.format === 'NONE' && props.keyFormat === undefined) {
    // An inherited NONE key format cannot carry the new key: use the value format, as ksqlDB does.
    formats.keyFormat = { format: formats.valueFormat.format, options: {} };
  }
  const valueColumns = planned.plan.schema.filter((c) => c.namespace === 'VALUE').length;
  const valueFormat =
    formats.valueFormat.options.wrapSingleValue === undefined && valueColumns === 1 ? withWrapDefault(formats.valueFormat, ctx) : formats.valueFormat;
  const topic = props.topic ?? `${prop(ctx, 'ksql.output.topic.name.prefix') ?? ''}${stmt.name}`;
  const seq = ctx.nextSequence() + 1;
  const queryId =
    ctx.replayQueryId ?? props.queryId?.toUpperCase() ?? `${stmt.sourceType === 'STREAM' ? 'CSAS' : 'CTAS'}_${stmt.name}_${seq}`;
  const window = stmt.query.window !== undefined ? windowInfoOf(stmt.query.window) : from.window;
  const sink = sinkSource(stmt.name, stmt.sourceType, planned.plan.schema, topic, formats.keyFormat, valueFormat, props, p.text, queryId, window);
  try {
    checkFormats(sink);
  } catch (err) {
    // ksqlDB reports these while building the query, after the statement it runs (as it rewrote it).
    if (err instanceof KsqlError && !err.message.includes('\nStatement: '))
      throw new KsqlError(err.code, `${err.message}\nStatement: ${formatRewrittenStatement(stmt, planned.selectList)}`, err.loc);
    throw err;
  }
  if (existing) checkReplace(existing, sink, stmt.loc);

  const sourceTopic = ctx.topics.describeTopic(from.topic);
  if (!ctx.topics.hasTopic(topic)) {
    ctx.topics.createTopic(topic, {
      partitions: props.partitions ?? sourceTopic?.partitions ?? 1,
      replicas: props.replicas,
      cleanupPolicy: stmt.sourceType === 'TABLE' ? 'compact' : 'delete',
      retentionMs: props.retentionMs,
    });
  }
  if (existing?.createdByQuery !== undefined) {
    void ctx.queries.get(existing.createdByQuery)?.stop();
    ctx.queries.delete(existing.createdByQuery);
    ctx.catalog.queries.delete(existing.createdByQuery);
  }
  const info: PersistentQueryInfo = {
    id: queryId,
    statement: p.text,
    sources: sourcesOf(planned.plan),
    sink: stmt.name,
    sinkTopic: topic,
    state: 'RUNNING',
    kind: 'CREATE_AS',
  };
  const running = new RunningQuery(queryId, info, planned.plan, ctx, {
    sink: {
      topic,
      spec: {
        schema: planned.plan.schema,
        keyFormat: sink.keyFormat,
        valueFormat: sink.valueFormat,
        timestampColumn: sink.timestamp?.column,
        timestampFormat: sink.timestamp?.format,
        window: sink.window,
      },
    },
    offsetReset: offsetReset(ctx),
  });
  ctx.catalog.sources.set(stmt.name, sink);
  ctx.catalog.queries.set(queryId, info);
  ctx.queries.set(queryId, running);
  const cseq = ctx.persist(p, { queryId });
  ctx.schedule();
  return statusResult(ctx, p, `${kind}/${stmt.name}/create`, `Created query with ID ${queryId}`, queryId, cseq);
}

function withWrapDefault(info: DataSource['valueFormat'], ctx: ExecContext): DataSource['valueFormat'] {
  const wrap = prop(ctx, 'ksql.persistence.wrap.single.values');
  if (wrap === undefined) return info;
  return { format: info.format, options: { ...info.options, wrapSingleValue: wrap.toLowerCase() === 'true' } };
}

function checkReplace(existing: DataSource, next: DataSource, loc: ParsedStatement['loc'] | undefined): void {
  for (const c of existing.columns) {
    const n = next.columns.find((x) => x.name === c.name);
    if (!n || !typesEqual(n.type, c.type) || n.namespace !== c.namespace)
      throw new KsqlError(
        'INVALID_STATEMENT',
        `Cannot upgrade data source: DataSource '${existing.name}' has schema = ${schemaText(existing)} which is not upgradeable to ${schemaText(next)}.`,
        loc,
      );
  }
}

function schemaText(s: DataSource): string {
  return s.columns.map((c) => `\`${c.name}\` ${formatType(c.type)}${c.namespace === 'KEY' ? ' KEY' : ''}`).join(', ');
}

export function insertInto(ctx: ExecContext, p: ParsedStatement, stmt: InsertInto): StatementResult {
  const target = ctx.catalog.requireSource(stmt.target, targetLoc(p));
  if (target.sourceType === 'TABLE')
    throw new KsqlError('INVALID_STATEMENT', `INSERT INTO can only be used to insert into a stream. ${target.name} is a table.`, stmt.loc);
  if (target.isSource)
    throw new KsqlError('INVALID_STATEMENT', `Cannot insert into read-only ${target.sourceType.toLowerCase()}: ${target.name}`, stmt.loc);
  const planned = planQuery(stmt.query, {
    lookupSource: (n, loc) => ctx.catalog.requireSource(n, loc),
    functions: ctx.functions,
    sinkName: stmt.target,
  });
  if (target.columns.some((c) => c.namespace === 'HEADERS'))
    throw new KsqlError('INVALID_STATEMENT', `Cannot insert into ${target.name} because it has header columns`, stmt.loc);
  const from = planned.sources[0]!;
  if (from.sourceType !== 'STREAM')
    throw new KsqlError('INVALID_STATEMENT', `INSERT INTO can only be used to insert into a stream from a stream.`, stmt.loc);
  const out = planned.plan.schema.filter((c) => c.namespace !== 'PSEUDO');
  const want = target.columns.filter((c) => c.namespace !== 'HEADERS');
  const same =
    out.length === want.length &&
    out.every((c, i) => c.name === want[i]!.name && typesEqual(c.type, want[i]!.type) && (c.namespace === 'KEY') === (want[i]!.namespace === 'KEY'));
  if (!same)
    throw new KsqlError(
      'INVALID_STATEMENT',
      `Incompatible schema between results and sink.\nResult schema is ${out.map((c) => `\`${c.name}\` ${formatType(c.type)}${c.namespace === 'KEY' ? ' KEY' : ''}`).join(', ')}\nSink schema is ${schemaText({ ...target, columns: want })}`,
      stmt.loc,
    );
  const props = readSourceProperties(stmt.properties, stmt.loc);
  const seq = ctx.nextSequence() + 1;
  const queryId = ctx.replayQueryId ?? props.queryId?.toUpperCase() ?? `INSERTQUERY_${seq}`;
  const info: PersistentQueryInfo = {
    id: queryId,
    statement: p.text,
    sources: sourcesOf(planned.plan),
    sink: target.name,
    sinkTopic: target.topic,
    state: 'RUNNING',
    kind: 'INSERT',
  };
  const running = new RunningQuery(queryId, info, planned.plan, ctx, {
    sink: {
      topic: target.topic,
      spec: {
        schema: planned.plan.schema,
        keyFormat: target.keyFormat,
        valueFormat: target.valueFormat,
        timestampColumn: target.timestamp?.column,
        timestampFormat: target.timestamp?.format,
        window: target.window,
      },
    },
    offsetReset: offsetReset(ctx),
  });
  ctx.catalog.queries.set(queryId, info);
  ctx.queries.set(queryId, running);
  const cseq = ctx.persist(p, { queryId });
  ctx.schedule();
  return statusResult(ctx, p, `stream/${target.name}/create`, `Created query with ID ${queryId}`, queryId, cseq);
}

/** Where the target's name starts (after INSERT INTO), for "Line: 2, Col: 13: Source `X` does not exist." */
function targetLoc(p: ParsedStatement): ParsedStatement['loc'] {
  const head = /^INSERT\s+INTO\s+/i.exec(p.text);
  if (head === null) return p.loc;
  const lines = head[0].split('\n');
  const last = lines[lines.length - 1]!;
  return lines.length === 1
    ? { line: p.loc.line, column: p.loc.column + last.length }
    : { line: p.loc.line + lines.length - 1, column: last.length + 1 };
}

export function queryControl(ctx: ExecContext, p: ParsedStatement, stmt: QueryControl): StatementResult {
  const ids = stmt.queryId === undefined ? [...ctx.catalog.queries.keys()] : [stmt.queryId.toUpperCase()];
  for (const id of ids) {
    if (!ctx.catalog.queries.has(id)) throw new KsqlError('UNKNOWN_QUERY', `Unknown queryId: ${id}`, stmt.loc);
  }
  for (const id of ids) {
    const running = ctx.queries.get(id);
    if (stmt.kind === 'Terminate') {
      void running?.stop();
      ctx.queries.delete(id);
      ctx.catalog.queries.delete(id);
    } else if (running) {
      running.state = stmt.kind === 'Pause' ? 'PAUSED' : 'RUNNING';
      const info = ctx.catalog.queries.get(id)!;
      ctx.catalog.queries.set(id, { ...info, state: running.state });
    }
  }
  const seq = ctx.persist(p);
  if (stmt.kind === 'Resume') ctx.schedule();
  const verb = stmt.kind === 'Terminate' ? 'terminated' : stmt.kind === 'Pause' ? 'paused' : 'resumed';
  const target = stmt.queryId ?? 'ALL';
  return statusResult(ctx, p, `terminate/${target}/execute`, `Query ${verb}.`, undefined, seq);
}
