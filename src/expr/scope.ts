// How an expression finds its columns: the analyzer supplies a Scope over the row it evaluates
// against. `columnScope` is a plain implementation over a list of columns (tests, INSERT, tools).

import { KsqlError } from '../errors.js';
import type { ColumnRef } from '../sql/ast.js';
import type { SqlType } from '../types/sql-type.js';

export interface ColumnInfo {
  readonly index: number;
  readonly type: SqlType;
}

export interface Scope {
  /** Resolves a column reference (qualified or not). Throws KsqlError('UNKNOWN_COLUMN', msg, loc) when unknown or ambiguous. */
  resolve(ref: ColumnRef): ColumnInfo;
}

export interface ScopeColumn {
  readonly name: string;
  readonly type: SqlType;
  /** Source name or alias the column may be qualified with. */
  readonly source?: string;
}

/** A scope over `columns`, where column i is row[i]. */
export function columnScope(columns: readonly ScopeColumn[]): Scope {
  return {
    resolve(ref: ColumnRef): ColumnInfo {
      const matches: number[] = [];
      columns.forEach((c, i) => {
        if (c.name === ref.name && (ref.source === undefined || c.source === ref.source)) matches.push(i);
      });
      const name = ref.source === undefined ? ref.name : `${ref.source}.${ref.name}`;
      if (matches.length === 0) throw new KsqlError('UNKNOWN_COLUMN', `Column '${name}' cannot be resolved.`, ref.loc);
      if (matches.length > 1) {
        const could = matches.map((i) => `${columns[i]!.source ?? ''}.${ref.name}`).join(' or ');
        throw new KsqlError('UNKNOWN_COLUMN', `Column '${name}' is ambiguous. Could be ${could}.`, ref.loc);
      }
      const i = matches[0]!;
      return { index: i, type: columns[i]!.type };
    },
  };
}
