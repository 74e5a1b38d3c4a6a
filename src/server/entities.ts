// The JSON the REST API answers with: engine StatementResults as ksqlDB's entities (`@type`, field
// names and order as ksqlDB writes them), query headers in the shapes of /query, /query-stream and
// the WebSocket, and rows as JSON text compiled once per query (exact BIGINT, scaled DECIMAL, ...).

import type { StatementResult } from '../engine/results.js';
import type { PlanColumn } from '../plan/logical-plan.js';
import { toJsonForm } from '../serde/json-form.js';
import { jsonWriter } from '../serde/json-write.js';
import type { JsonValue } from '../serde/json-value.js';
import type { Statement } from '../sql/ast.js';
import type { SqlType } from '../types/sql-type.js';
import { formatType } from '../types/sql-type.js';

export type JsonObject = { [key: string]: JsonValue };

/**
 * ksqlDB's entity for a statement result. `statement` is the statement that produced it, for the
 * results ksqlDB shapes by statement (ASSERT TOPIC). Every entity carries `warnings`, as in ksqlDB.
 */
export function toEntity(result: StatementResult, statement?: Statement): JsonObject {
  const statementText = withSemicolon(result.statementText);
  switch (result.type) {
    case 'currentStatus':
      return {
        '@type': 'currentStatus',
        statementText,
        commandId: result.commandId,
        commandStatus: {
          status: result.commandStatus.status,
          message: result.commandStatus.message,
          // ksqlDB always writes queryId, null when the command started no query.
          queryId: result.commandStatus.queryId ?? null,
        },
        commandSequenceNumber: result.commandSequenceNumber,
        warnings: plain(result.warnings),
      };
    case 'describe_function': {
      // The engine names ksqlDB's `type` field `type_`, since `type` is its discriminant.
      const { type: _t, type_, statementText: _s, ...rest } = result;
      return { '@type': 'describe_function', statementText, ...(plain(rest) as JsonObject), type: type_, warnings: [] };
    }
    case 'rows':
      return {
        '@type': 'rows',
        statementText,
        schema: formatColumns(result.columns),
        rows: result.rows.map((row) => rowJsonValue(result.columns, row)),
        warnings: [],
      };
    case 'info':
      return infoEntity(result.message, statementText, statement);
    case 'streams':
    case 'tables':
    case 'queries':
    case 'kafka_topics':
    case 'properties':
    case 'function_names':
    case 'type_list':
    case 'variables':
    case 'sourceDescription':
    case 'source_descriptions':
    case 'queryDescription': {
      const { type, statementText: _s, ...rest } = result;
      return { '@type': type, statementText, ...(plain(rest) as JsonObject), warnings: [] };
    }
    default: {
      const never: never = result;
      return never;
    }
  }
}

/** Results that only carry a message (ALTER SYSTEM, ASSERT TOPIC) in the entity ksqlDB uses. */
function infoEntity(message: string, statementText: string, statement: Statement | undefined): JsonObject {
  if (statement?.kind === 'AssertTopic')
    return { '@type': 'assert_topic', statementText, topicName: statement.topic, exists: statement.exists, warnings: [] };
  return {
    '@type': 'currentStatus',
    statementText,
    commandId: statement?.kind === 'AlterSystem' ? `property/${statement.name}/alter` : '',
    commandStatus: { status: 'SUCCESS', message, queryId: null },
    commandSequenceNumber: -1,
    warnings: [],
  };
}

/** ksqlDB's statementText ends with the `;` that its grammar requires. */
export function withSemicolon(text: string): string {
  const t = text.trimEnd();
  return t.endsWith(';') ? t : `${t};`;
}

/** Engine results are plain data (strings, numbers, arrays, objects): a deep copy typed as JSON. */
function plain(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined) out[k] = plain(v);
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// Query headers and rows

/** A column of a query's output, as the server needs it. */
export interface OutputColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly namespace: PlanColumn['namespace'];
}

/**
 * ksqlDB's schema string: "`ID` BIGINT KEY, `NAME` STRING". ksqlDB marks key columns only in the
 * answers of pull queries on tables; push queries and pull queries on streams list plain columns.
 */
export function formatColumns(columns: readonly OutputColumn[], markKeys = true): string {
  return columns
    .filter((c) => c.namespace !== 'PSEUDO')
    .map((c) => `\`${c.name}\` ${formatType(c.type)}${markKeys && c.namespace === 'KEY' ? ' KEY' : ''}`)
    .join(', ');
}

/** The /query-stream header: `{queryId, columnNames, columnTypes}`. */
export function queryStreamHeader(queryId: string, columns: readonly OutputColumn[]): JsonObject {
  return { queryId, columnNames: columns.map((c) => c.name), columnTypes: columns.map((c) => formatType(c.type)) };
}

/** The columns part of a /query-stream header as JSON text, made once per column list. */
const headerTails = new WeakMap<readonly OutputColumn[], string>();

/** The /query-stream header as JSON text (the same as stringifyJson(queryStreamHeader(...))). */
export function queryStreamHeaderText(queryId: string, columns: readonly OutputColumn[]): string {
  let tail = headerTails.get(columns);
  if (tail === undefined) {
    tail = `"columnNames":${JSON.stringify(columns.map((c) => c.name))},"columnTypes":${JSON.stringify(columns.map((c) => formatType(c.type)))}}`;
    headerTails.set(columns, tail);
  }
  return `{"queryId":${JSON.stringify(queryId)},${tail}`;
}

/** ksqlDB's `schema` object for a type (DESCRIBE's field schemas, the WebSocket header). */
export function schemaEntity(t: SqlType): JsonObject {
  switch (t.kind) {
    case 'ARRAY':
      return { type: 'ARRAY', fields: null, memberSchema: schemaEntity(t.item) };
    case 'MAP':
      return { type: 'MAP', fields: null, memberSchema: schemaEntity(t.value) };
    case 'STRUCT':
      return { type: 'STRUCT', fields: t.fields.map((f) => ({ name: f.name, schema: schemaEntity(f.type) })), memberSchema: null };
    default:
      return { type: formatType(t), fields: null, memberSchema: null };
  }
}

/** The WebSocket's first message: one FieldInfo per column, `type: KEY` on key columns when marked (see formatColumns). */
export function fieldInfos(columns: readonly OutputColumn[], markKeys = true): JsonValue[] {
  return columns.map((c) => ({ name: c.name, schema: schemaEntity(c.type), ...(markKeys && c.namespace === 'KEY' ? { type: 'KEY' } : {}) }));
}

/** Writes a row of a query as a JSON array text; compiled once per query, called per row. */
export type RowEncoder = (row: readonly unknown[]) => string;

export function compileRowEncoder(columns: readonly OutputColumn[]): RowEncoder {
  const writers = columns.map((c) => jsonWriter(c.type));
  const n = writers.length;
  return (row) => {
    let s = '[';
    for (let i = 0; i < n; i++) {
      const v = row[i];
      if (i > 0) s += ',';
      s += v === null || v === undefined ? 'null' : writers[i]!(v);
    }
    return s + ']';
  };
}

/** A row as a JsonValue tree, for the rare answers built as objects (the `rows` entity). */
function rowJsonValue(columns: readonly OutputColumn[], row: readonly unknown[]): JsonValue {
  return columns.map((c, i) => toJsonForm(row[i], c.type));
}
