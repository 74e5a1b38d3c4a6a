// Renders statement results and rows as text for terminals: boxed tables fitted to a width (long
// cells wrap inside their column rather than being cut), values formatted by their SQL type.

import type { SchemaInfo, StatementResult } from '../src/engine/results.js';
import type { SqlType } from '../src/types/sql-type.js';

/** Column widths for `headers` and `rows` that fit in `maxWidth` characters, borders included. */
export function fitWidths(headers: readonly string[], rows: readonly (readonly string[])[], maxWidth: number): number[] {
  const natural = headers.map((h, i) => Math.max(longestLine(h), ...rows.map((r) => longestLine(r[i] ?? ''))));
  return capWidths(natural, maxWidth);
}

/** Shrinks the widest columns first until the table fits (each keeps at least 4 characters). */
function capWidths(natural: readonly number[], maxWidth: number): number[] {
  const available = maxWidth - (3 * natural.length + 1);
  const sum = natural.reduce((a, b) => a + b, 0);
  if (sum <= available || natural.length === 0) return [...natural];
  const sorted = [...natural].sort((a, b) => a - b);
  let cap = Math.max(4, Math.floor(available / natural.length));
  let rest = available;
  for (let i = 0; i < sorted.length; i++) {
    const share = Math.floor(rest / (sorted.length - i));
    if (sorted[i]! > share) {
      cap = Math.max(4, share);
      break;
    }
    rest -= sorted[i]!;
  }
  return natural.map((w) => Math.min(w, cap));
}

/** Widths for a streamed table, whose rows are not known yet: an even share of the width, at least the header. */
export function streamWidths(headers: readonly string[], maxWidth: number): number[] {
  const share = Math.max(4, Math.floor((maxWidth - 1) / Math.max(1, headers.length)) - 3);
  return headers.map((h) => Math.max(Math.min(h.length, share), Math.min(share, 24)));
}

function longestLine(s: string): number {
  let max = 0;
  for (const line of s.split('\n')) max = Math.max(max, line.length);
  return max;
}

export function border(widths: readonly number[]): string {
  return `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
}

/** One table row as lines: cells wider than their column wrap onto the next lines. */
export function rowLines(cells: readonly string[], widths: readonly number[]): string[] {
  const wrapped = widths.map((w, i) => wrap(cells[i] ?? '', w));
  const height = Math.max(1, ...wrapped.map((c) => c.length));
  const lines: string[] = [];
  for (let k = 0; k < height; k++) lines.push(`|${widths.map((w, i) => ` ${(wrapped[i]![k] ?? '').padEnd(w)} `).join('|')}|`);
  return lines;
}

/** Lines of at most `width` characters, broken after a space when one is near the end, else anywhere. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (let line of text.split('\n')) {
    while (line.length > width) {
      const space = line.lastIndexOf(' ', width);
      const cut = space >= width / 2 ? space + 1 : width;
      out.push(line.slice(0, cut).trimEnd());
      line = line.slice(cut);
    }
    out.push(line);
  }
  return out;
}

/** Top border, header row and separator of a table. */
export function headerLines(headers: readonly string[], widths: readonly number[]): string[] {
  return [border(widths), ...rowLines(headers, widths), border(widths)];
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[], maxWidth = process.stdout.columns ?? 120): string {
  const widths = fitWidths(headers, rows, maxWidth);
  return [...headerLines(headers, widths), ...rows.flatMap((r) => rowLines(r, widths)), border(widths)].join('\n');
}

/** A value as the shell shows it, without knowing its SQL type. */
export function cell(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (typeof v === 'object' && !isDecimalLike(v)) return JSON.stringify(jsonable(v));
  return String(v);
}

/** A value of SQL type `type` as text: dates and times readable, structures as JSON. */
export function formatValue(v: unknown, type: SqlType | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (type === undefined) return cell(v);
  switch (type.kind) {
    case 'STRING':
      return typeof v === 'string' ? v : cell(v);
    case 'DOUBLE':
      // As Java prints doubles: 12.0, not 12, so a DOUBLE never looks like an INTEGER.
      return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1e16 ? v.toFixed(1) : cell(v);
    case 'ARRAY':
    case 'MAP':
    case 'STRUCT':
      return JSON.stringify(typedJson(v, type));
    default: {
      const j = typedJson(v, type);
      return typeof j === 'string' ? j : cell(v);
    }
  }
}

/** A value of a SQL type as JSON data: DATE/TIME/TIMESTAMP as ISO text, DECIMAL and big BIGINT as numbers' text. */
export function typedJson(v: unknown, type: SqlType): unknown {
  if (v === null || v === undefined) return null;
  switch (type.kind) {
    case 'TIMESTAMP':
      return typeof v === 'number' && Number.isFinite(v) ? new Date(v).toISOString().slice(0, -1) : jsonable(v);
    case 'DATE':
      return typeof v === 'number' ? new Date(v * 86_400_000).toISOString().slice(0, 10) : jsonable(v);
    case 'TIME':
      return typeof v === 'number' ? new Date(v).toISOString().slice(11, v % 1000 === 0 ? 19 : 23) : jsonable(v);
    case 'DECIMAL':
      // With every digit of the scale, as ksqlDB shows DECIMAL(5, 2): 12.30, not 12.3.
      return typeof v === 'object' && isDecimalLike(v) ? (v as { toFixed(dp: number): string }).toFixed(type.scale) : jsonable(v);
    case 'ARRAY':
      return Array.isArray(v) ? v.map((x) => typedJson(x, type.item)) : jsonable(v);
    case 'MAP':
      return v instanceof Map ? Object.fromEntries([...v.entries()].map(([k, x]) => [cell(k), typedJson(x, type.value)])) : jsonable(v);
    case 'STRUCT': {
      if (typeof v !== 'object') return jsonable(v);
      const o = v as Record<string, unknown>;
      return Object.fromEntries(type.fields.map((f) => [f.name, typedJson(o[f.name], f.type)]));
    }
    default:
      return jsonable(v);
  }
}

function isDecimalLike(v: object): boolean {
  return typeof (v as { toFixed?: unknown }).toFixed === 'function' && 'd' in v;
}

/** Any engine value as plain JSON data: bigint and DECIMAL as exact text, BYTES as base64, MAP as object. */
export function jsonable(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), jsonable(x)]));
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (Array.isArray(v)) return v.map(jsonable);
  if (v !== null && typeof v === 'object' && isDecimalLike(v)) return String(v);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonable(x)]));
  return v;
}

/** A column's type as DESCRIBE shows it: `STRUCT<CITY STRING, ZIP INTEGER>`, `ARRAY<BIGINT>`. */
export function schemaText(s: SchemaInfo): string {
  if (s.type === 'STRUCT' && s.fields) return `STRUCT<${s.fields.map((f) => `${f.name} ${schemaText(f.schema)}`).join(', ')}>`;
  if (s.type === 'ARRAY' && s.memberSchema) return `ARRAY<${schemaText(s.memberSchema)}>`;
  if (s.type === 'MAP' && s.memberSchema) return `MAP<STRING, ${schemaText(s.memberSchema)}>`;
  return s.type;
}

/** A statement result as text (ksqlDB's CLI layout), tables fitted to `width`. */
export function renderResult(r: StatementResult, width = process.stdout.columns ?? 120): string {
  const t = (headers: readonly string[], rows: readonly (readonly string[])[]): string => table(headers, rows, width);
  switch (r.type) {
    case 'currentStatus': {
      if (r.commandStatus.message === '') return '';
      const rule = '-'.repeat(Math.min(width, Math.max(9, r.commandStatus.message.length + 2)));
      return ` Message\n${rule}\n ${r.commandStatus.message}\n${rule}`;
    }
    case 'streams':
      return t(['Stream Name', 'Kafka Topic', 'Key Format', 'Value Format', 'Windowed'], r.streams.map((s) => [s.name, s.topic, s.keyFormat, s.valueFormat, String(s.isWindowed)]));
    case 'tables':
      return t(['Table Name', 'Kafka Topic', 'Key Format', 'Value Format', 'Windowed'], r.tables.map((s) => [s.name, s.topic, s.keyFormat, s.valueFormat, String(s.isWindowed)]));
    case 'queries':
      return t(['Query ID', 'Query Type', 'Status', 'Sink Name', 'Sink Kafka Topic', 'Query String'], r.queries.map((q) => [q.id, q.queryType, q.state, q.sinks.join(','), q.sinkKafkaTopics.join(','), q.queryString.replace(/\s+/g, ' ')]));
    case 'kafka_topics':
      return t(['Kafka Topic', 'Partitions', 'Partition Replicas'], r.topics.map((x) => [x.name, String(x.replicaInfo.length), x.replicaInfo.join(',')]));
    case 'properties':
      return t(['Property', 'Scope', 'Value'], r.properties.map((p) => [p.name, p.scope, p.value]));
    case 'function_names':
      return t(['Function Name', 'Category'], r.functions.map((f) => [f.name, f.category]));
    case 'type_list':
      return t(['Type Name', 'Schema'], Object.entries(r.types).map(([n, s]) => [n, schemaText(s)]));
    case 'variables':
      return t(['Variable Name', 'Value'], r.variables.map((v) => [v.name, v.value]));
    case 'sourceDescription': {
      const d = r.sourceDescription;
      const head = `Name                 : ${d.name}\nType                 : ${d.type}\nKafka topic          : ${d.topic} (partitions: ${d.partitions})\nKey format           : ${d.keyFormat}\nValue format         : ${d.valueFormat}\n`;
      const fields = t(['Field', 'Type'], d.fields.map((f) => [f.name, `${schemaText(f.schema)}${f.type === 'KEY' ? ' (key)' : f.type === 'HEADER' ? ' (header)' : ''}`]));
      const stats = d.extended ? `\n${d.statistics}\n${d.errorStats}` : '';
      return `${head}${fields}${stats}`;
    }
    case 'source_descriptions':
      return r.sourceDescriptions.map((d) => renderResult({ type: 'sourceDescription', statementText: r.statementText, sourceDescription: d }, width)).join('\n\n');
    case 'queryDescription':
      return `ID                   : ${r.queryDescription.id}\nSQL                  : ${r.queryDescription.statementText}\n\nExecution plan\n${r.queryDescription.executionPlan}`;
    case 'describe_function':
      return `Name        : ${r.name}\nType        : ${r.type_}\nOverview    : ${r.description}\n\n${r.functions.map((f) => `\tVariation   : ${r.name}(${f.arguments.map((a) => `${a.name} ${a.type}`).join(', ')})\n\tReturns     : ${f.returnType}\n\tDescription : ${f.description}`).join('\n\n')}`;
    case 'rows':
      return t(r.columns.map((c) => c.name), r.rows.map((row) => row.map((v, i) => formatValue(v, r.columns[i]?.type))));
    case 'info':
      return r.message;
    default: {
      const never: never = r;
      return never;
    }
  }
}

/** A statement result as JSON text (OUTPUT JSON), values made JSON-safe. */
export function renderResultJson(r: StatementResult): string {
  return JSON.stringify(jsonable(r), null, 2);
}
