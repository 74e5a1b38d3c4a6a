// The schema string of `SELECT *` pull queries on sources with header columns: ksqlDB answers
// those with the source's own schema, which lists key columns, then header columns (marked
// HEADER('k') or HEADERS), then value columns; the rows keep the declared order.

import type { DataSource } from '../catalog/types.js';
import type { PlanColumn } from '../plan/logical-plan.js';
import type { Query } from '../sql/ast.js';
import { formatType } from '../types/sql-type.js';

/** The schema to show for `query`, or undefined when it is the usual one (formatSchema). */
export function starSchema(query: Query, source: DataSource, columns: readonly PlanColumn[]): string | undefined {
  const star = query.select.length === 1 && query.select[0]!.kind === 'AllColumns' && query.select[0]!.struct === undefined;
  if (!star || !source.columns.some((c) => c.namespace === 'HEADERS')) return undefined;
  const byName = new Map(source.columns.map((c) => [c.name, c]));
  const shown = columns.filter((c) => c.namespace !== 'PSEUDO');
  const rank = (c: PlanColumn): number => (c.namespace === 'KEY' ? 0 : byName.get(c.name)?.namespace === 'HEADERS' ? 1 : 2);
  return [0, 1, 2]
    .flatMap((r) => shown.filter((c) => rank(c) === r))
    .map((c) => {
      const s = byName.get(c.name);
      const suffix = c.namespace === 'KEY' ? ' KEY' : s?.namespace !== 'HEADERS' ? '' : s.headerKey === undefined ? ' HEADERS' : ` HEADER('${s.headerKey}')`;
      return `\`${c.name}\` ${formatType(c.type)}${suffix}`;
    })
    .join(', ');
}
