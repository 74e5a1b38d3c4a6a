// Statements back to SQL (the AST -> text half of ksqlDB's SqlFormatter): used for EXPLAIN,
// for statements the catalog stores after rewriting, and to check the parser (parse, format,
// parse again: same AST). Queries print one clause per line, like ksqlDB.

import type { Duration, JoinWindow, Properties, PropertyValue, Query, Relation, SelectItem, Statement, TableElement, WindowExpression } from './ast.js';
import { formatExpression, formatType, unreachable } from './format-expression.js';
import { needsQuotes, quoteIdentifier, quoteString } from './identifiers.js';

export { formatExpression, formatType } from './format-expression.js';

export function formatStatement(s: Statement): string {
  switch (s.kind) {
    case 'CreateSource':
      return [
        `CREATE ${s.orReplace ? 'OR REPLACE ' : ''}${s.isSource ? 'SOURCE ' : ''}${s.sourceType} ${ifNotExists(s.ifNotExists)}${quoteIdentifier(s.name)}`,
        s.elements.length > 0 ? ` (${s.elements.map(formatElement).join(', ')})` : '',
        withClause(s.properties),
      ].join('');
    case 'CreateAsSelect':
      return `CREATE ${s.orReplace ? 'OR REPLACE ' : ''}${s.sourceType} ${ifNotExists(s.ifNotExists)}${quoteIdentifier(s.name)}${withClause(s.properties)} AS ${formatQuery(s.query)}`;
    case 'InsertInto':
      return `INSERT INTO ${quoteIdentifier(s.target)}${withClause(s.properties)} ${formatQuery(s.query)}`;
    case 'InsertValues': {
      const columns = s.columns === undefined ? '' : ` (${s.columns.map(quoteIdentifier).join(', ')})`;
      return `INSERT INTO ${quoteIdentifier(s.target)}${columns} VALUES (${s.values.map(formatExpression).join(', ')})`;
    }
    case 'QueryStatement':
      return formatQuery(s.query);
    case 'DropSource':
      return `DROP ${s.sourceType} ${s.ifExists ? 'IF EXISTS ' : ''}${quoteIdentifier(s.name)}${s.deleteTopic ? ' DELETE TOPIC' : ''}`;
    case 'AlterSource':
      return `ALTER ${s.sourceType} ${quoteIdentifier(s.name)} ${s.addColumns
        .map((c) => `ADD COLUMN ${quoteIdentifier(c.name)} ${formatType(c.type)}`)
        .join(', ')}`;
    case 'CreateType':
      return `CREATE TYPE ${ifNotExists(s.ifNotExists)}${quoteIdentifier(s.name)} AS ${formatType(s.type)}`;
    case 'DropType':
      return `DROP TYPE ${s.ifExists ? 'IF EXISTS ' : ''}${quoteIdentifier(s.name)}`;
    case 'Show':
      return `SHOW ${s.all ? 'ALL ' : ''}${s.what}${s.extended ? ' EXTENDED' : ''}`;
    case 'Describe':
      return `DESCRIBE ${quoteIdentifier(s.name)}${s.extended ? ' EXTENDED' : ''}`;
    case 'DescribeSources':
      return `DESCRIBE ${s.what}${s.extended ? ' EXTENDED' : ''}`;
    case 'DescribeFunction':
      return `DESCRIBE FUNCTION ${quoteIdentifier(s.name)}`;
    case 'Explain':
      return s.statement !== undefined ? `EXPLAIN ${formatStatement(s.statement)}` : `EXPLAIN ${quoteIdentifier(s.queryId ?? '')}`;
    case 'Terminate':
    case 'Pause':
    case 'Resume':
      return `${s.kind.toUpperCase()} ${s.queryId === undefined ? 'ALL' : quoteIdentifier(s.queryId)}`;
    case 'Print':
      return [
        `PRINT ${quoteString(s.topic)}`,
        s.fromBeginning ? ' FROM BEGINNING' : '',
        s.interval === undefined ? '' : ` INTERVAL ${s.interval}`,
        s.limit === undefined ? '' : ` LIMIT ${s.limit}`,
      ].join('');
    case 'SetProperty':
      return `SET ${quoteString(s.name)}=${quoteString(s.value)}`;
    case 'UnsetProperty':
      return `UNSET ${quoteString(s.name)}`;
    case 'AlterSystem':
      return `ALTER SYSTEM ${quoteString(s.name)}=${quoteString(s.value)}`;
    case 'DefineVariable':
      return `DEFINE ${formatVariableName(s.name)} = ${quoteString(s.value)}`;
    case 'UndefineVariable':
      return `UNDEFINE ${formatVariableName(s.name)}`;
    case 'RunScript':
      return `RUN SCRIPT ${quoteString(s.path)}`;
    case 'AssertTopic':
      return [
        `ASSERT ${s.exists ? '' : 'NOT EXISTS '}TOPIC ${quoteString(s.topic)}`,
        withClause(s.properties),
        s.timeout === undefined ? '' : ` TIMEOUT ${formatDuration(s.timeout)}`,
      ].join('');
    case 'AssertSchema':
      return [
        `ASSERT ${s.exists ? '' : 'NOT EXISTS '}SCHEMA`,
        s.subject === undefined ? '' : ` SUBJECT ${quoteString(s.subject)}`,
        s.id === undefined ? '' : ` ID ${s.id}`,
        s.timeout === undefined ? '' : ` TIMEOUT ${formatDuration(s.timeout)}`,
      ].join('');
    default:
      return unreachable(s);
  }
}

export function formatQuery(q: Query): string {
  const lines = [`SELECT ${q.distinct === true ? 'DISTINCT ' : ''}${q.select.map(formatSelectItem).join(', ')}`];
  lines.push(`FROM ${formatRelation(q.from)}`);
  if (q.window !== undefined) lines.push(`WINDOW ${formatWindow(q.window)}`);
  if (q.where !== undefined) lines.push(`WHERE ${formatExpression(q.where)}`);
  if (q.groupBy !== undefined) lines.push(`GROUP BY ${formatList(q.groupBy)}`);
  if (q.partitionBy !== undefined) lines.push(`PARTITION BY ${formatList(q.partitionBy)}`);
  if (q.having !== undefined) lines.push(`HAVING ${formatExpression(q.having)}`);
  if (q.orderBy !== undefined) {
    lines.push(`ORDER BY ${q.orderBy.map((o) => formatExpression(o.expr) + (o.descending ? ' DESC' : '')).join(', ')}`);
  }
  if (q.emit !== undefined) lines.push(`EMIT ${q.emit}`);
  if (q.limit !== undefined) lines.push(`LIMIT ${q.limit}`);
  if (q.offset !== undefined) lines.push(`OFFSET ${q.offset}`);
  return lines.join('\n');
}

/** `()` for an empty list, which ksqlDB's grammar accepts and its analyzer rejects. */
function formatList(items: readonly Parameters<typeof formatExpression>[0][]): string {
  return items.length === 0 ? '()' : items.map(formatExpression).join(', ');
}

function formatSelectItem(item: SelectItem): string {
  if (item.kind === 'SingleColumn') {
    return formatExpression(item.expr) + (item.alias === undefined ? '' : ` AS ${quoteIdentifier(item.alias)}`);
  }
  if (item.struct !== undefined) return `${formatExpression(item.struct)}->*`;
  return item.source === undefined ? '*' : `${quoteIdentifier(item.source)}.*`;
}

function formatRelation(r: Relation): string {
  if (r.kind === 'Source') return quoteIdentifier(r.name) + (r.alias === undefined ? '' : ` ${quoteIdentifier(r.alias)}`);
  const type = r.type === 'INNER' ? 'INNER' : `${r.type} OUTER`;
  const within = r.within === undefined ? '' : ` ${formatJoinWindow(r.within)}`;
  return `${formatRelation(r.left)} ${type} JOIN ${formatRelation(r.right)}${within} ON ${formatExpression(r.on)}`;
}

function formatJoinWindow(w: JoinWindow): string {
  const same = w.before.value === w.after.value && w.before.unit === w.after.unit;
  const size = same ? formatDuration(w.before) : `(${formatDuration(w.before)}, ${formatDuration(w.after)})`;
  return `WITHIN ${size}${w.grace === undefined ? '' : ` GRACE PERIOD ${formatDuration(w.grace)}`}`;
}

function formatWindow(w: WindowExpression): string {
  const options = [
    w.retention === undefined ? '' : `, RETENTION ${formatDuration(w.retention)}`,
    w.grace === undefined ? '' : `, GRACE PERIOD ${formatDuration(w.grace)}`,
  ].join('');
  switch (w.kind) {
    case 'TUMBLING':
      return `TUMBLING (SIZE ${formatDuration(w.size)}${options})`;
    case 'HOPPING':
      return `HOPPING (SIZE ${formatDuration(w.size)}, ADVANCE BY ${formatDuration(w.advanceBy)}${options})`;
    case 'SESSION':
      return `SESSION (${formatDuration(w.gap)}${options})`;
    default:
      return unreachable(w);
  }
}

export function formatDuration(d: Duration): string {
  return `${d.value} ${d.unit}`;
}

/** Variable names keep their case (they are matched case-insensitively), so no quotes are needed. */
function formatVariableName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !needsQuotes(name.toUpperCase()) ? name : quoteIdentifier(name);
}

function ifNotExists(flag: boolean): string {
  return flag ? 'IF NOT EXISTS ' : '';
}

function formatElement(e: TableElement): string {
  const base = `${quoteIdentifier(e.name)} ${formatType(e.type)}`;
  const c = e.constraint;
  if (c === undefined) return base;
  return `${base} ${c.kind === 'HEADER' ? `HEADER(${quoteString(c.key)})` : c.kind}`;
}

function withClause(properties: Properties): string {
  const entries = Object.entries(properties);
  if (entries.length === 0) return '';
  return ` WITH (${entries.map(([k, v]) => `${formatPropertyName(k)}=${formatPropertyValue(v)}`).join(', ')})`;
}

function formatPropertyName(name: string): string {
  return needsQuotes(name) ? quoteString(name) : name;
}

function formatPropertyValue(v: PropertyValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return quoteString(v);
  return String(v);
}
