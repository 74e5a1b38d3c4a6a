// CREATE STREAM/TABLE and CREATE ... AS SELECT: builds the catalog entry of the new source from its
// declared columns (or its query's output schema) and its WITH properties, with ksqlDB's checks.

import { KsqlError } from '../errors.js';
import { inferColumns, SR_FORMATS } from '../schema-registry/infer-columns.js';
import type { Column, DataSource } from '../catalog/types.js';
import type { PlanColumn } from '../plan/logical-plan.js';
import type { CreateSource, Loc } from '../sql/ast.js';
import type { FormatInfo } from '../serde/types.js';
import type { SqlType } from '../types/sql-type.js';
import { containsMap, formatType } from '../types/sql-type.js';
import type { TypeLookup } from './resolve-type.js';
import { resolveType } from './resolve-type.js';
import type { SourceProperties } from './with-properties.js';
import { readSourceProperties } from './with-properties.js';

const HEADERS_TYPE = 'ARRAY<STRUCT<`KEY` STRING, `VALUE` BYTES>>';

const RESERVED = new Set(['ROWTIME', 'ROWPARTITION', 'ROWOFFSET', 'WINDOWSTART', 'WINDOWEND']);

export interface SourceDefaults {
  readonly keyFormat: string;
  readonly valueFormat?: string;
  readonly wrapSingleValues?: boolean;
}

export interface NewSource {
  readonly source: DataSource;
  readonly props: SourceProperties;
}

export function checkKeyColumns(columns: readonly { name: string; type: SqlType; namespace: string }[], loc?: Loc): void {
  for (const c of columns) {
    if (c.namespace === 'KEY' && containsMap(c.type))
      throw new KsqlError(
        'INVALID_STATEMENT',
        `Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to inconsistent serialization. Key column name: \`${c.name}\`. Column type: ${formatType(c.type)}. See https://github.com/confluentinc/ksql/issues/6621 for more.`,
        loc,
      );
  }
}

export function resolveFormats(
  props: SourceProperties,
  defaults: SourceDefaults,
  inherited: { keyFormat?: FormatInfo; valueFormat?: FormatInfo },
  loc?: Loc,
): { keyFormat: FormatInfo; valueFormat: FormatInfo } {
  const keyFormat: FormatInfo = props.keyFormat ?? withOptions(inherited.keyFormat, props.keyOptions) ?? { format: defaults.keyFormat as FormatInfo['format'], options: {} };
  let valueFormat = props.valueFormat ?? withOptions(inherited.valueFormat, props.valueOptions);
  if (!valueFormat) {
    if (defaults.valueFormat === undefined)
      throw new KsqlError('INVALID_STATEMENT', `Statement is missing the 'VALUE_FORMAT' property from the WITH clause. Either provide one or set a default via the 'ksql.persistence.default.format.value' config.`, loc);
    valueFormat = { format: defaults.valueFormat as FormatInfo['format'], options: {} };
  }
  return { keyFormat, valueFormat };
}

/** An inherited format with the options this WITH clause sets (a CREATE AS SELECT may change the delimiter alone). */
function withOptions(info: FormatInfo | undefined, options: SourceProperties['valueOptions']): FormatInfo | undefined {
  if (!info) return undefined;
  const merged = { ...info.options };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return { format: info.format, options: merged };
}

export function analyzeCreateSource(
  stmt: CreateSource,
  statementText: string,
  lookupType: TypeLookup,
  defaults: SourceDefaults,
): NewSource {
  const loc = stmt.loc;
  const props = readSourceProperties(stmt.properties, loc);
  if (props.topic === undefined)
    throw new KsqlError('INVALID_STATEMENT', `Missing required property "KAFKA_TOPIC" which has no default value.`, loc);
  const isTable = stmt.sourceType === 'TABLE';
  const columns: Column[] = [];
  const seen = new Set<string>();
  for (const el of stmt.elements) {
    if (RESERVED.has(el.name))
      throw new KsqlError('INVALID_STATEMENT', `'${el.name}' is a reserved column name. You cannot use it as a name for a column.`, el.loc ?? loc);
    if (seen.has(el.name)) throw new KsqlError('INVALID_STATEMENT', `Duplicate column names:${el.name}`, el.loc ?? loc);
    seen.add(el.name);
    const type = resolveType(el.type, lookupType, el.loc ?? loc);
    const c = el.constraint;
    if (c?.kind === 'KEY' && isTable)
      throw new KsqlError('INVALID_STATEMENT', `Column \`${el.name}\` is a 'KEY' column: please use 'PRIMARY KEY' for tables.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.`, el.loc ?? loc);
    if (c?.kind === 'PRIMARY KEY' && !isTable)
      throw new KsqlError('INVALID_STATEMENT', `Column \`${el.name}\` is a 'PRIMARY KEY' column: please use 'KEY' for streams.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.`, el.loc ?? loc);
    if (c?.kind === 'HEADERS' && formatType(type) !== HEADERS_TYPE)
      throw new KsqlError('INVALID_STATEMENT', `Invalid type for HEADERS column: expected ${HEADERS_TYPE}, got ${formatType(type)}`, el.loc ?? loc);
    if (c?.kind === 'HEADER' && type.kind !== 'BYTES')
      throw new KsqlError('INVALID_STATEMENT', `Invalid type for HEADER('${c.key}') column: expected BYTES, got ${formatType(type)}`, el.loc ?? loc);
    if (c?.kind === 'HEADERS') columns.push({ name: el.name, type, namespace: 'HEADERS' });
    else if (c?.kind === 'HEADER') columns.push({ name: el.name, type, namespace: 'HEADERS', headerKey: c.key });
    else columns.push({ name: el.name, type, namespace: c ? 'KEY' : 'VALUE' });
  }
  if (stmt.elements.length === 0) {
    const fmt = (props.valueFormat?.format ?? defaults.valueFormat ?? '').toUpperCase();
    if (!SR_FORMATS.includes(fmt)) throw new KsqlError('INVALID_STATEMENT', 'No columns supplied.', loc);
  }
  const { keyFormat, valueFormat } = resolveFormats(props, defaults, {}, loc);
  inferMissingColumns(columns, props.topic, keyFormat, valueFormat, schemaIdOf(stmt, 'KEY_SCHEMA_ID'), schemaIdOf(stmt, 'VALUE_SCHEMA_ID'));
  const keys = columns.filter((c) => c.namespace === 'KEY');
  if (isTable && keys.length === 0 && columns.length > 0)
    throw new KsqlError('INVALID_STATEMENT', 'Tables require a PRIMARY KEY. Please define the PRIMARY KEY.', loc);
  checkKeyColumns(columns, loc);
  const ordered = [...keys, ...columns.filter((c) => c.namespace !== 'KEY')];
  if (props.window && keys.length === 0) throw new KsqlError('INVALID_STATEMENT', 'Windowed sources require a key column.', loc);
  const source: DataSource = {
    name: stmt.name,
    sourceType: stmt.sourceType,
    columns: ordered,
    topic: props.topic,
    keyFormat: withDefaultWrap(keyFormat, true),
    valueFormat: ordered.filter((c) => c.namespace === 'VALUE').length === 1 ? withDefaultWrap(valueFormat, false, defaults.wrapSingleValues) : valueFormat,
    timestamp: props.timestampColumn === undefined ? undefined : { column: props.timestampColumn, format: props.timestampFormat },
    window: props.window,
    isSource: stmt.isSource,
    statement: statementText,
  };
  checkTimestampColumn(source, loc);
  return { source, props };
}

/** Schema inference: key or value columns the statement leaves out come from the registered schemas. */
function inferMissingColumns(columns: Column[], topic: string, keyFormat: FormatInfo, valueFormat: FormatInfo, keyId?: number, valueId?: number): void {
  if (SR_FORMATS.includes(valueFormat.format) && !columns.some((c) => c.namespace === 'VALUE')) {
    for (const c of inferColumns(topic, 'value', valueFormat, valueId) ?? []) columns.push({ ...c, namespace: 'VALUE' });
  }
  if (SR_FORMATS.includes(keyFormat.format) && !columns.some((c) => c.namespace === 'KEY')) {
    // Keys go first, as declared keys do.
    columns.unshift(...(inferColumns(topic, 'key', keyFormat, keyId) ?? []).map((c) => ({ ...c, namespace: 'KEY' as const })));
  }
}

function schemaIdOf(stmt: CreateSource, name: string): number | undefined {
  const v = stmt.properties[name];
  return v === undefined || v === null ? undefined : Number(v);
}

function withDefaultWrap(info: FormatInfo, isKey: boolean, wrapDefault?: boolean): FormatInfo {
  if (isKey || info.options.wrapSingleValue !== undefined || wrapDefault === undefined) return info;
  return { format: info.format, options: { ...info.options, wrapSingleValue: wrapDefault } };
}

export function checkTimestampColumn(source: DataSource, loc?: Loc): void {
  const ts = source.timestamp;
  if (!ts) return;
  const col = source.columns.find((c) => c.name === ts.column);
  if (!col) throw new KsqlError('INVALID_STATEMENT', `The TIMESTAMP column set in the WITH clause does not exist in the schema: '${ts.column}'`, loc);
  const t = col.type.kind;
  if (ts.format === undefined && t !== 'BIGINT' && t !== 'TIMESTAMP')
    throw new KsqlError('INVALID_STATEMENT', `Timestamp column, \`${ts.column}\`, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified.`, loc);
  if (ts.format !== undefined && t !== 'STRING')
    throw new KsqlError('INVALID_STATEMENT', `Timestamp column, \`${ts.column}\`, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format specified.`, loc);
}

/** The catalog entry of the sink of a CREATE ... AS SELECT, from the query's output schema. */
export function sinkSource(
  name: string,
  sourceType: 'STREAM' | 'TABLE',
  schema: readonly PlanColumn[],
  topic: string,
  keyFormat: FormatInfo,
  valueFormat: FormatInfo,
  props: SourceProperties,
  statementText: string,
  queryId: string,
  window?: DataSource['window'],
): DataSource {
  const columns: Column[] = schema
    .filter((c) => c.namespace !== 'PSEUDO')
    .map((c) => ({ name: c.name, type: c.type, namespace: c.namespace === 'KEY' ? 'KEY' : 'VALUE' }));
  const source: DataSource = {
    name,
    sourceType,
    columns,
    topic,
    keyFormat,
    valueFormat,
    timestamp: props.timestampColumn === undefined ? undefined : { column: props.timestampColumn, format: props.timestampFormat },
    window,
    isSource: false,
    statement: statementText,
    createdByQuery: queryId,
  };
  checkTimestampColumn(source);
  return source;
}
