// A CREATE ... AS SELECT printed the way ksqlDB prints the statement it actually runs (after its
// rewrites): one select item a line, every column qualified, every item named, EMIT CHANGES.
// ksqlDB puts this text after the errors it finds while building the query (format checks).

import type { CreateAsSelect } from '../sql/ast.js';
import { formatExpression, formatQuery, formatStatement } from '../sql/format.js';
import { quoteIdentifier } from '../sql/identifiers.js';
import { qualify } from './aggregate-analysis.js';
import type { SelectedColumn } from './plan-query.js';

/** `selectList`: the planned query's SELECT list (see PlannedQuery). */
export function formatRewrittenStatement(stmt: CreateAsSelect, selectList: readonly SelectedColumn[]): string {
  const query = stmt.query;
  if (query.from.kind !== 'Source') return formatStatement(stmt);
  const from = query.from;
  const qualifier = from.alias ?? from.name;
  const full = formatStatement(stmt);
  // The CREATE ... WITH (...) AS part, as the general formatter prints it.
  const head = full.slice(0, full.length - formatQuery(query).length);
  const items = selectList.map((c) => `  ${formatExpression(qualify(c.expr, qualifier))} ${quoteIdentifier(c.name)}`);
  const rest = formatQuery({
    ...query,
    where: query.where && qualify(query.where, qualifier),
    groupBy: query.groupBy?.map((e) => qualify(e, qualifier)),
    partitionBy: query.partitionBy?.map((e) => qualify(e, qualifier)),
    having: query.having && qualify(query.having, qualifier),
    emit: query.emit ?? 'CHANGES',
  })
    .split('\n')
    // SELECT and FROM are printed here, in ksqlDB's layout.
    .slice(2);
  return [`${head}SELECT`, items.join(',\n'), `FROM ${quoteIdentifier(from.name)} ${quoteIdentifier(qualifier)}`, ...rest].join('\n');
}
