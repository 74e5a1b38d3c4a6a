// INSERT INTO ... VALUES: evaluates the literals, coerces them to the columns' types, serializes
// key and value with the target's formats and appends the record to its topic.

import type { DataSource } from '../catalog/types.js';
import { KsqlError, messageOf } from '../errors.js';
import { compileExpression, inferTypeOrNull } from '../expr/index.js';
import type { Scope } from '../expr/scope.js';
import { createSerde } from '../serde/index.js';
import type { Expression, InsertValues, ParsedStatement, TypeNode } from '../sql/ast.js';
import { formatExpression } from '../sql/format.js';
import type { SqlType } from '../types/sql-type.js';
import { formatType, typesEqual } from '../types/sql-type.js';
import type { ExecContext } from './context.js';
import type { StatementResult } from './results.js';
import { statusResult } from './status.js';

const NO_COLUMNS: Scope = {
  resolve(ref) {
    if (ref.source !== undefined) throw new KsqlError('INVALID_STATEMENT', `Failed to prepare statement: '${ref.source}' is not a valid stream/table name or alias.`, ref.loc);
    throw new KsqlError('INVALID_STATEMENT', `Column '${ref.name}' cannot be resolved: INSERT VALUES takes only literals and functions of literals.`, ref.loc);
  },
};

export function typeNodeOf(t: SqlType): TypeNode {
  switch (t.kind) {
    case 'DECIMAL':
      return { kind: 'DECIMAL', precision: t.precision, scale: t.scale };
    case 'ARRAY':
      return { kind: 'ARRAY', item: typeNodeOf(t.item) };
    case 'MAP':
      return { kind: 'MAP', key: typeNodeOf(t.key), value: typeNodeOf(t.value) };
    case 'STRUCT':
      return { kind: 'STRUCT', fields: t.fields.map((f) => ({ name: f.name, type: typeNodeOf(f.type) })) };
    default:
      return { kind: t.kind };
  }
}

function valueFor(ctx: ExecContext, e: Expression, type: SqlType, column: string): unknown {
  const actual = inferTypeOrNull(e, NO_COLUMNS, ctx.functions);
  if (actual === null) return null;
  const expr: Expression = typesEqual(actual, type) ? e : { kind: 'Cast', expr: e, type: typeNodeOf(type), loc: e.loc };
  try {
    return compileExpression(expr, NO_COLUMNS, ctx.functions).evaluate([]);
  } catch (err) {
    throw new KsqlError(
      'INVALID_STATEMENT',
      `Failed to insert values into '${''}'. Expected type ${formatType(type)} for field \`${column}\` but got ${formatExpression(e)} (${actual === null ? 'NULL' : formatType(actual)}): ${messageOf(err)}`,
      e.loc,
    );
  }
}

export function insertValues(ctx: ExecContext, p: ParsedStatement, stmt: InsertValues): StatementResult {
  const target: DataSource = ctx.catalog.requireSource(stmt.target, stmt.loc);
  if (target.isSource)
    throw new KsqlError('INVALID_STATEMENT', `Cannot insert values into read-only ${target.sourceType.toLowerCase()}: ${target.name}`, stmt.loc);
  // Without a column list every column is named, header columns included (which then refuses).
  const names = stmt.columns ?? target.columns.map((c) => c.name);
  if (names.length !== stmt.values.length)
    throw new KsqlError(
      'INVALID_STATEMENT',
      `Failed to prepare statement: Expected number columns and values to match: ${names.length}, ${stmt.values.length}`,
      stmt.loc,
    );
  const given = new Map<string, Expression>();
  for (const n of names) {
    if (target.columns.find((c) => c.name === n)?.namespace === 'HEADERS')
      throw new KsqlError('INVALID_STATEMENT', `Cannot insert into HEADER columns: ${n}`, stmt.loc);
  }
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    const col = target.columns.find((c) => c.name === n);
    if (col?.namespace === 'HEADERS') throw new KsqlError('INVALID_STATEMENT', `Cannot insert into HEADER columns: ${n}`, stmt.loc);
    if (n === 'ROWPARTITION' || n === 'ROWOFFSET') throw new KsqlError('INVALID_STATEMENT', `Inserting into column \`${n}\` is not allowed.`, stmt.loc);
    if (!col && n !== 'ROWTIME') throw new KsqlError('INVALID_STATEMENT', `Column name ${n} does not exist.`, stmt.loc);
    given.set(n, stmt.values[i]!);
  }
  const keys = target.columns.filter((c) => c.namespace === 'KEY');
  const values = target.columns.filter((c) => c.namespace === 'VALUE');
  const keyRow = keys.map((c) => (given.has(c.name) ? valueFor(ctx, given.get(c.name)!, c.type, c.name) : null));
  const valueRow = values.map((c) => (given.has(c.name) ? valueFor(ctx, given.get(c.name)!, c.type, c.name) : null));
  let timestamp = Date.now();
  const rowtime = given.get('ROWTIME');
  if (rowtime) timestamp = Number(valueFor(ctx, rowtime, { kind: 'BIGINT' }, 'ROWTIME'));
  else if (target.timestamp) {
    const i = values.findIndex((c) => c.name === target.timestamp!.column);
    const v = i >= 0 ? valueRow[i] : keyRow[keys.findIndex((c) => c.name === target.timestamp!.column)];
    if (typeof v === 'number') timestamp = v;
  }
  if (target.sourceType === 'TABLE' && keyRow.every((k) => k === null))
    throw new KsqlError('INVALID_STATEMENT', `Failed to insert values into '${target.name}'. Value for primary key column(s) ${keys.map((k) => k.name).join(', ')} is required for tables`, stmt.loc);
  let key: Buffer | null;
  let value: Buffer | null;
  try {
    const keySerde = createSerde(target.keyFormat, keys.map((c) => ({ name: c.name, type: c.type })), true);
    const valueSerde = createSerde(target.valueFormat, values.map((c) => ({ name: c.name, type: c.type })), false);
    key = keys.length === 0 || (keys.length === 1 && keyRow[0] === null) ? null : keySerde.serialize(keyRow);
    value = valueSerde.serialize(valueRow);
  } catch (e) {
    throw new KsqlError('SERDE', `Failed to insert values into '${target.name}'. ${messageOf(e)}`, stmt.loc);
  }
  ctx.topics.produce(target.topic, [{ key, value, timestamp }]);
  ctx.schedule();
  return statusResult(ctx, p, `stream/${target.name}/insert`, '', undefined);
}
