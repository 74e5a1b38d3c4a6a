// A Scope over a plan node's output schema: resolves column references (qualified by the source
// name or alias, or not) to row positions, with ksqlDB's error wording.

import { KsqlError } from '../errors.js';
import type { ColumnInfo, Scope } from '../expr/scope.js';
import type { PlanColumn } from '../plan/logical-plan.js';
import type { ColumnRef } from '../sql/ast.js';

export class SchemaScope implements Scope {
  private readonly byName = new Map<string, ColumnInfo>();

  /** `qualifiers`: the names a column may be qualified with (source name and alias). */
  constructor(
    readonly schema: readonly PlanColumn[],
    private readonly qualifiers: ReadonlySet<string>,
    private readonly clause = '',
  ) {
    schema.forEach((c, index) => {
      if (!this.byName.has(c.name)) this.byName.set(c.name, { index, type: c.type });
    });
  }

  resolve(ref: ColumnRef): ColumnInfo {
    if (ref.source !== undefined && !this.qualifiers.has(ref.source)) {
      throw new KsqlError('UNKNOWN_COLUMN', `'${ref.source}' is not a valid stream/table name or alias.`, ref.loc);
    }
    const info = this.byName.get(ref.name);
    if (!info) {
      const where = this.clause ? `${this.clause} column` : 'Column';
      const name = ref.source !== undefined ? `${ref.source}.${ref.name}` : ref.name;
      throw new KsqlError('UNKNOWN_COLUMN', `${where} '${name}' cannot be resolved.`, ref.loc);
    }
    return info;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  withClause(clause: string): SchemaScope {
    return new SchemaScope(this.schema, this.qualifiers, clause);
  }
}
