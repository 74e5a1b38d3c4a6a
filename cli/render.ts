// Renders statement results and rows as text for terminals: boxed tables fitted to a width.

import type { StatementResult } from '../src/engine/results.js';

export function table(headers: readonly string[], rows: readonly (readonly string[])[], maxWidth = process.stdout.columns ?? 120): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const total = widths.reduce((a, b) => a + b + 3, 1);
  if (total > maxWidth && widths.length > 0) {
    const budget = Math.max(8, Math.floor((maxWidth - 1) / widths.length) - 3);
    for (let i = 0; i < widths.length; i++) widths[i] = Math.min(widths[i]!, budget);
  }
  const cut = (s: string, w: number): string => (s.length > w ? `${s.slice(0, Math.max(0, w - 1))}…` : s.padEnd(w));
  const line = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const fmt = (cells: readonly string[]): string => `|${widths.map((w, i) => ` ${cut(cells[i] ?? '', w)} `).join('|')}|`;
  return [line, fmt(headers), line, ...rows.map(fmt), line].join('\n');
}

export function cell(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (v instanceof Map) return JSON.stringify(Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), jsonable(x)])));
  if (typeof v === 'object') return JSON.stringify(jsonable(v));
  return String(v);
}

function jsonable(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Map) return Object.fromEntries([...v.entries()].map(([k, x]) => [String(k), jsonable(x)]));
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (Array.isArray(v)) return v.map(jsonable);
  if (v !== null && typeof v === 'object' && typeof (v as { toFixed?: unknown }).toFixed === 'function' && 'd' in v) return String(v);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonable(x)]));
  return v;
}

export function renderResult(r: StatementResult): string {
  switch (r.type) {
    case 'currentStatus':
      return ` Message\n ${r.commandStatus.message}`;
    case 'streams':
      return table(['Stream Name', 'Kafka Topic', 'Key Format', 'Value Format', 'Windowed'], r.streams.map((s) => [s.name, s.topic, s.keyFormat, s.valueFormat, String(s.isWindowed)]));
    case 'tables':
      return table(['Table Name', 'Kafka Topic', 'Key Format', 'Value Format', 'Windowed'], r.tables.map((s) => [s.name, s.topic, s.keyFormat, s.valueFormat, String(s.isWindowed)]));
    case 'queries':
      return table(['Query ID', 'Query Type', 'Status', 'Sink Name', 'Sink Kafka Topic', 'Query String'], r.queries.map((q) => [q.id, q.queryType, q.state, q.sinks.join(','), q.sinkKafkaTopics.join(','), q.queryString]));
    case 'kafka_topics':
      return table(['Kafka Topic', 'Partitions', 'Partition Replicas'], r.topics.map((t) => [t.name, String(t.replicaInfo.length), t.replicaInfo.join(',')]));
    case 'properties':
      return table(['Property', 'Scope', 'Value'], r.properties.map((p) => [p.name, p.scope, p.value]));
    case 'function_names':
      return table(['Function Name', 'Category'], r.functions.map((f) => [f.name, f.category]));
    case 'type_list':
      return table(['Type Name', 'Schema'], Object.entries(r.types).map(([n, s]) => [n, s.type]));
    case 'variables':
      return table(['Variable Name', 'Value'], r.variables.map((v) => [v.name, v.value]));
    case 'sourceDescription': {
      const d = r.sourceDescription;
      const head = `Name                 : ${d.name}\nType                 : ${d.type}\nKafka topic          : ${d.topic} (partitions: ${d.partitions})\nKey format           : ${d.keyFormat}\nValue format         : ${d.valueFormat}\n`;
      const fields = table(['Field', 'Type'], d.fields.map((f) => [f.name, `${f.schema.type}${f.type === 'KEY' ? ' (key)' : f.type === 'HEADER' ? ' (header)' : ''}`]));
      const stats = d.extended ? `\n${d.statistics}\n${d.errorStats}` : '';
      return `${head}${fields}${stats}`;
    }
    case 'source_descriptions':
      return r.sourceDescriptions.map((d) => renderResult({ type: 'sourceDescription', statementText: r.statementText, sourceDescription: d })).join('\n\n');
    case 'queryDescription':
      return `ID                   : ${r.queryDescription.id}\nSQL                  : ${r.queryDescription.statementText}\n\nExecution plan\n${r.queryDescription.executionPlan}`;
    case 'describe_function':
      return `Name        : ${r.name}\nType        : ${r.type_}\nOverview    : ${r.description}\n\n${r.functions.map((f) => `\tVariation   : ${r.name}(${f.arguments.map((a) => `${a.name} ${a.type}`).join(', ')})\n\tReturns     : ${f.returnType}\n\tDescription : ${f.description}`).join('\n\n')}`;
    case 'rows':
      return table(r.columns.map((c) => c.name), r.rows.map((row) => row.map(cell)));
    case 'info':
      return r.message;
    default: {
      const never: never = r;
      return never;
    }
  }
}
