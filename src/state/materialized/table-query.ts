// The query builder of materialized tables: predicates on columns, ORDER BY, LIMIT and OFFSET as
// plain data, turned into one SQL SELECT with bound parameters (values encoded as the columns
// store them), so SQLite answers key lookups, IN lists and ranges from its indexes.

import { KsqlError } from '../../errors.js';
import type { SqlType } from '../../types/sql-type.js';
import { formatType } from '../../types/sql-type.js';
import type { ColumnCodec, SqlValue } from './column-codec.js';

export type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>=';

/** One condition; a query's `where` list is their conjunction. Values are engine values of the column's type. */
export type Predicate =
  | { readonly column: string; readonly op: Comparison; readonly value: unknown }
  | { readonly column: string; readonly op: 'IN' | 'NOT IN'; readonly values: readonly unknown[] }
  | { readonly column: string; readonly op: 'BETWEEN' | 'NOT BETWEEN'; readonly low: unknown; readonly high: unknown }
  | { readonly column: string; readonly op: 'IS NULL' | 'IS NOT NULL' }
  /** True when any of the conjunctions holds (`WHERE K = 1 OR (K > 5 AND V < 2)`). */
  | { readonly op: 'OR'; readonly any: readonly (readonly Predicate[])[] };

export interface OrderTerm {
  readonly column: string;
  readonly descending?: boolean;
  /** SQLite's default puts NULLs first when ascending, last when descending. */
  readonly nulls?: 'first' | 'last';
}

export interface TableQuery {
  readonly where?: readonly Predicate[];
  readonly orderBy?: readonly OrderTerm[];
  readonly limit?: number;
  readonly offset?: number;
}

/** A column as queries see it: its user-facing name, quoted SQL name, type and codec. */
export interface QueryColumn {
  readonly name: string;
  readonly sql: string;
  readonly type: SqlType;
  readonly codec: ColumnCodec;
}

export interface BuiltQuery {
  readonly sql: string;
  readonly params: SqlValue[];
}

/**
 * `SELECT <selectList> FROM <from> WHERE ... ORDER BY ... LIMIT ? OFFSET ?`. `extra` is a
 * condition the table adds (retention not yet applied), ANDed with the query's; `defaultOrder`
 * the SQL ORDER BY term used when the query gives none.
 */
export function buildSelect(
  selectList: string,
  from: string,
  columns: ReadonlyMap<string, QueryColumn>,
  query: TableQuery,
  extra?: BuiltQuery,
  defaultOrder?: string,
): BuiltQuery {
  const params: SqlValue[] = [];
  const conditions: string[] = [];
  for (const p of query.where ?? []) conditions.push(predicateSql(p, columns, params));
  if (extra !== undefined) {
    conditions.push(extra.sql);
    params.push(...extra.params);
  }
  let sql = `SELECT ${selectList} FROM ${from}`;
  if (conditions.length > 0) sql += ` WHERE ${conditions.join(' AND ')}`;
  if (query.orderBy !== undefined && query.orderBy.length > 0) {
    sql += ` ORDER BY ${query.orderBy.map((o) => orderSql(o, columns)).join(', ')}`;
  } else if (defaultOrder !== undefined) {
    sql += ` ORDER BY ${defaultOrder}`;
  }
  const { limit, offset } = query;
  if (limit !== undefined || offset !== undefined) {
    sql += ' LIMIT ? OFFSET ?';
    params.push(limit === undefined ? -1 : count('LIMIT', limit), offset === undefined ? 0 : count('OFFSET', offset));
  }
  return { sql, params };
}

function predicateSql(p: Predicate, columns: ReadonlyMap<string, QueryColumn>, params: SqlValue[]): string {
  if (p.op === 'OR') {
    if (p.any.length === 0) return '0';
    const alternatives = p.any.map((all) =>
      all.length === 0 ? '1' : `(${all.map((q) => predicateSql(q, columns, params)).join(' AND ')})`,
    );
    return `(${alternatives.join(' OR ')})`;
  }
  const c = column(columns, p.column);
  switch (p.op) {
    case 'IS NULL':
    case 'IS NOT NULL':
      return `${c.sql} ${p.op}`;
    case 'IN':
    case 'NOT IN':
      comparable(c, p.op);
      if (p.values.length === 0) return p.op === 'IN' ? '0' : '1';
      for (const v of p.values) params.push(c.codec.toSql(v));
      return `${c.sql} ${p.op} (${p.values.map(() => '?').join(', ')})`;
    case 'BETWEEN':
    case 'NOT BETWEEN':
      ordered(c, p.op);
      params.push(c.codec.toSql(p.low), c.codec.toSql(p.high));
      return `${c.sql} ${p.op} ? AND ?`;
    case '=':
    case '<>':
      comparable(c, p.op);
      params.push(c.codec.toSql(p.value));
      return `${c.sql} ${p.op} ?`;
    case '<':
    case '<=':
    case '>':
    case '>=':
      ordered(c, p.op);
      params.push(c.codec.toSql(p.value));
      return `${c.sql} ${p.op} ?`;
    default: {
      const never: never = p;
      throw new KsqlError('INTERNAL', `Unknown predicate ${JSON.stringify(never)}`);
    }
  }
}

function orderSql(o: OrderTerm, columns: ReadonlyMap<string, QueryColumn>): string {
  const c = column(columns, o.column);
  ordered(c, 'ORDER BY');
  let sql = `${c.sql} ${o.descending === true ? 'DESC' : 'ASC'}`;
  if (o.nulls !== undefined) sql += o.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
  return sql;
}

function column(columns: ReadonlyMap<string, QueryColumn>, name: string): QueryColumn {
  const c = columns.get(name);
  if (c === undefined) {
    throw new KsqlError(
      'UNKNOWN_COLUMN',
      `Column '${name}' is not in the materialized table; its columns are ${[...columns.keys()].join(', ')}`,
    );
  }
  return c;
}

/** ARRAY, MAP and STRUCT columns hold JSON text: only IS [NOT] NULL means the same in SQL. */
function comparable(c: QueryColumn, op: string): void {
  if (!c.codec.ordered) {
    throw new KsqlError(
      'UNSUPPORTED',
      `Cannot use ${op} on column '${c.name}' of type ${formatType(c.type)} in a pull query's SQL; ` +
        'filter the returned rows instead',
    );
  }
}

function ordered(c: QueryColumn, op: string): void {
  comparable(c, op);
  if (c.type.kind === 'BOOLEAN' && op !== 'ORDER BY') {
    throw new KsqlError('TYPE', `Cannot compare BOOLEAN column '${c.name}' with ${op}`);
  }
}

function count(what: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new KsqlError('INVALID_STATEMENT', `${what} must be a whole number >= 0, got ${n}`);
  return n;
}
