// SHOW, LIST, DESCRIBE and EXPLAIN: read-only views of the catalog, the topics and the queries.

import type { Column, DataSource, PersistentQueryInfo } from '../catalog/types.js';
import { KsqlError } from '../errors.js';
import type { Describe, DescribeFunction, DescribeSources, Explain, ParsedStatement, Show } from '../sql/ast.js';
import type { SqlType } from '../types/sql-type.js';
import { explainPlan } from '../plan/explain.js';
import { planQuery } from '../analyze/plan-query.js';
import type { ExecContext } from './context.js';
import type { FieldInfo, QuerySummary, SchemaInfo, SourceDescription, SourceSummary, StatementResult } from './results.js';

export function schemaInfo(t: SqlType): SchemaInfo {
  switch (t.kind) {
    case 'ARRAY':
      return { type: 'ARRAY', fields: null, memberSchema: schemaInfo(t.item) };
    case 'MAP':
      return { type: 'MAP', fields: null, memberSchema: schemaInfo(t.value) };
    case 'STRUCT':
      return { type: 'STRUCT', fields: t.fields.map((f) => ({ name: f.name, schema: schemaInfo(f.type) })), memberSchema: null };
    case 'DECIMAL':
      return { type: `DECIMAL(${t.precision}, ${t.scale})`, fields: null, memberSchema: null };
    case 'INTEGER':
      return { type: 'INTEGER', fields: null, memberSchema: null };
    case 'STRING':
      return { type: 'STRING', fields: null, memberSchema: null };
    default:
      return { type: t.kind, fields: null, memberSchema: null };
  }
}

function fieldInfo(c: Column): FieldInfo {
  return {
    name: c.name,
    schema: schemaInfo(c.type),
    ...(c.namespace === 'KEY' ? { type: 'KEY' as const } : c.namespace === 'HEADERS' ? { type: 'HEADER' as const } : {}),
  };
}

function formatName(s: DataSource, key: boolean): string {
  return (key ? s.keyFormat : s.valueFormat).format;
}

function summary(s: DataSource): SourceSummary {
  return {
    type: s.sourceType,
    name: s.name,
    topic: s.topic,
    keyFormat: formatName(s, true),
    valueFormat: formatName(s, false),
    isWindowed: s.window !== undefined,
  };
}

export function querySummary(ctx: ExecContext, q: PersistentQueryInfo): QuerySummary {
  const state = ctx.queries.get(q.id)?.state ?? q.state;
  return {
    queryString: q.statement,
    sinks: [q.sink],
    sinkKafkaTopics: [q.sinkTopic],
    id: q.id,
    statusCount: { [state]: 1 },
    queryType: 'PERSISTENT',
    state,
  };
}

function describeSource(ctx: ExecContext, s: DataSource, extended: boolean): SourceDescription {
  const { readers, writers } = ctx.catalog.queriesUsing(s.name);
  const topic = ctx.topics.describeTopic(s.topic);
  let statistics = '';
  let errorStats = '';
  if (extended) {
    const ws = writers.map((w) => ctx.queries.get(w.id)).filter((q) => q !== undefined);
    const out = ws.reduce((n, q) => n + q.recordsOut, 0);
    const errs = ws.reduce((n, q) => n + ctx.processingLog.errorsOf(q.id), 0);
    statistics = `messages-written: ${out}`;
    errorStats = `errors: ${errs}`;
  }
  return {
    name: s.name,
    windowType: s.window?.type ?? null,
    readQueries: readers.map((q) => querySummary(ctx, q)),
    writeQueries: writers.map((q) => querySummary(ctx, q)),
    fields: s.columns.map(fieldInfo),
    type: s.sourceType,
    timestamp: s.timestamp?.column ?? '',
    statistics,
    errorStats,
    extended,
    keyFormat: formatName(s, true),
    valueFormat: formatName(s, false),
    topic: s.topic,
    partitions: topic?.partitions ?? 0,
    replication: topic?.replicas ?? 1,
    statement: s.statement,
    sourceConstraints: [],
  };
}

export function show(ctx: ExecContext, p: ParsedStatement, stmt: Show): StatementResult {
  const text = p.text;
  const sources = [...ctx.catalog.sources.values()].sort((a, b) => a.name.localeCompare(b.name));
  switch (stmt.what) {
    case 'STREAMS':
      if (stmt.extended)
        return { type: 'source_descriptions', statementText: text, sourceDescriptions: sources.filter((s) => s.sourceType === 'STREAM').map((s) => describeSource(ctx, s, true)) };
      return { type: 'streams', statementText: text, streams: sources.filter((s) => s.sourceType === 'STREAM').map(summary) };
    case 'TABLES':
      if (stmt.extended)
        return { type: 'source_descriptions', statementText: text, sourceDescriptions: sources.filter((s) => s.sourceType === 'TABLE').map((s) => describeSource(ctx, s, true)) };
      return { type: 'tables', statementText: text, tables: sources.filter((s) => s.sourceType === 'TABLE').map(summary) };
    case 'QUERIES':
      return { type: 'queries', statementText: text, queries: [...ctx.catalog.queries.values()].map((q) => querySummary(ctx, q)) };
    case 'TOPICS':
      return {
        type: 'kafka_topics',
        statementText: text,
        topics: ctx.log
          .listTopics()
          .filter((t) => stmt.all || !t.name.startsWith('_'))
          .map((t) => ({ name: t.name, replicaInfo: Array.from({ length: t.partitions }, () => t.replicas) })),
      };
    case 'FUNCTIONS':
      return {
        type: 'function_names',
        statementText: text,
        functions: ctx.functions.list().map((f) => ({ name: f.name, type: f.kind, category: f.category })),
      };
    case 'TYPES': {
      const types: Record<string, SchemaInfo> = {};
      for (const [name, t] of [...ctx.catalog.types.entries()].sort()) types[name] = schemaInfo(t);
      return { type: 'type_list', statementText: text, types };
    }
    case 'PROPERTIES':
      return {
        type: 'properties',
        statementText: text,
        properties: Object.entries(ctx.properties).map(([name, value]) => ({ name, scope: 'KSQL', value })),
      };
    case 'VARIABLES':
      return { type: 'variables', statementText: text, variables: [] };
    case 'CONNECTORS':
      throw new KsqlError('UNSUPPORTED', 'Connectors are not supported by ksqlite.', stmt.loc);
    default: {
      const never: never = stmt.what;
      return never;
    }
  }
}

/** DESCRIBE FUNCTION: description, author, version, where it comes from, and every signature. */
export function describeFunction(ctx: ExecContext, p: ParsedStatement, stmt: DescribeFunction): StatementResult {
  const d = ctx.functions.describe(stmt.name);
  if (!d) throw new KsqlError('UNKNOWN_FUNCTION', `Can't find any functions with the name '${stmt.name}'`, stmt.loc);
  return {
    type: 'describe_function',
    statementText: p.text,
    name: d.name,
    description: d.description,
    author: d.author,
    version: d.version,
    path: d.path,
    type_: d.kind,
    functions: d.variations.map((v) => ({ ...v, argumentTypes: v.arguments.map((a) => a.type) })),
  };
}

export function describe(ctx: ExecContext, p: ParsedStatement, stmt: Describe): StatementResult {
  const s = ctx.catalog.source(stmt.name);
  if (!s) throw new KsqlError('UNKNOWN_SOURCE', `Could not find STREAM/TABLE '${stmt.name}' in the Metastore`, stmt.loc);
  return { type: 'sourceDescription', statementText: p.text, sourceDescription: describeSource(ctx, s, stmt.extended) };
}

export function describeSources(ctx: ExecContext, p: ParsedStatement, stmt: DescribeSources): StatementResult {
  const want = stmt.what === 'STREAMS' ? 'STREAM' : 'TABLE';
  const list = [...ctx.catalog.sources.values()].filter((s) => s.sourceType === want).sort((a, b) => a.name.localeCompare(b.name));
  return { type: 'source_descriptions', statementText: p.text, sourceDescriptions: list.map((s) => describeSource(ctx, s, stmt.extended)) };
}

export function explain(ctx: ExecContext, p: ParsedStatement, stmt: Explain): StatementResult {
  if (stmt.queryId === undefined) return explainStatement(ctx, p, stmt);
  const id = stmt.queryId.toUpperCase();
  const q = ctx.catalog.queries.get(id);
  const running = ctx.queries.get(id);
  if (!q || !running) throw new KsqlError('UNKNOWN_QUERY', `Query with id:${id} does not exist, use SHOW QUERIES to view the full set of queries.`, stmt.loc);
  return {
    type: 'queryDescription',
    statementText: p.text,
    queryDescription: {
      id,
      statementText: q.statement,
      fields: running.plan.schema.filter((c) => c.namespace !== 'PSEUDO').map((c) => ({ name: c.name, schema: schemaInfo(c.type), ...(c.namespace === 'KEY' ? { type: 'KEY' as const } : {}) })),
      sources: q.sources,
      sinks: [q.sink],
      executionPlan: explainPlan(running.plan),
      topology: explainPlan(running.plan),
      overriddenProperties: {},
    },
  };
}

/** EXPLAIN of a query statement: plans it without running anything. */
function explainStatement(ctx: ExecContext, p: ParsedStatement, stmt: Explain): StatementResult {
  const inner = stmt.statement;
  const query = inner?.kind === 'CreateAsSelect' || inner?.kind === 'InsertInto' || inner?.kind === 'QueryStatement' ? inner.query : undefined;
  if (!inner || !query) throw new KsqlError('INVALID_STATEMENT', 'EXPLAIN takes a query id or a statement with a query.', stmt.loc);
  const sinkName = inner.kind === 'CreateAsSelect' ? inner.name : inner.kind === 'InsertInto' ? inner.target : undefined;
  const planned = planQuery(query, { lookupSource: (n, loc) => ctx.catalog.requireSource(n, loc), functions: ctx.functions, sinkName });
  const visible = planned.plan.schema.filter((c) => c.namespace !== 'PSEUDO');
  return {
    type: 'queryDescription',
    statementText: p.text,
    queryDescription: {
      id: '',
      statementText: p.text,
      fields: visible.map((c) => ({ name: c.name, schema: schemaInfo(c.type), ...(c.namespace === 'KEY' ? { type: 'KEY' as const } : {}) })),
      sources: planned.sources.map((src) => src.name),
      sinks: sinkName === undefined ? [] : [sinkName],
      executionPlan: explainPlan(planned.plan),
      topology: explainPlan(planned.plan),
      overriddenProperties: {},
    },
  };
}
