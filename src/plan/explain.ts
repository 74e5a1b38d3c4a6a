// EXPLAIN text of a logical plan: one line per node, indented by depth, DataFusion style.

import { formatExpression } from '../sql/format.js';
import type { PlanNode } from './logical-plan.js';
import { formatSchema, inputsOf } from './logical-plan.js';

export function describeNode(node: PlanNode): string {
  switch (node.kind) {
    case 'Source':
      return `Source: ${node.source.name} (topic: ${node.source.topic}, ${node.source.sourceType.toLowerCase()})`;
    case 'Filter':
      return `Filter: ${formatExpression(node.predicate)}`;
    case 'Project':
      return `Project: ${node.items.map((i) => `${formatExpression(i.expr)} AS ${i.name}`).join(', ')}`;
    case 'Repartition':
      return `Repartition: ${node.keys.length === 0 ? 'NULL' : node.keys.map((k) => `${formatExpression(k.expr)} AS ${k.name}`).join(', ')}`;
    case 'FlatMap':
      return `FlatMap: ${node.calls.map(formatExpression).join(', ')}`;
    case 'Aggregate':
      return `Aggregate: group by [${node.groupBy.map((g) => formatExpression(g.expr)).join(', ')}], ${node.aggregates.map((a) => `${formatExpression(a.expr)} AS ${a.name}`).join(', ')}${node.window ? `, window ${node.window.kind}` : ''}`;
    case 'Sink':
      return `Sink: ${node.target} (topic: ${node.topic}, key ${node.keyFormat.format}, value ${node.valueFormat.format})`;
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** The whole plan, top node first, each line followed by the node's output schema. */
export function explainPlan(node: PlanNode, depth = 0): string {
  const pad = '  '.repeat(depth);
  const lines = [`${pad}${describeNode(node)}`, `${pad}  schema: [${formatSchema(node.schema)}]`];
  for (const input of inputsOf(node)) lines.push(explainPlan(input, depth + 1));
  return lines.join('\n');
}
