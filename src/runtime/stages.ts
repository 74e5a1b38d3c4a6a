// Splits a query for Kafka mode where records must change partition: an aggregation whose group
// key is not the input's key reads a repartition topic keyed by the group (as ksqlDB's
// `-GroupBy-repartition`), so every instance sees all the records of the groups it owns.

import { KsqlError } from '../errors.js';
import type { AggregateNode, PlanNode, SourceNode } from '../plan/logical-plan.js';
import type { DataSource } from '../catalog/types.js';

export function findAggregate(plan: PlanNode): AggregateNode | undefined {
  let node: PlanNode | undefined = plan;
  while (node !== undefined) {
    if (node.kind === 'Aggregate') return node;
    node = node.kind === 'Source' ? undefined : node.input;
  }
  return undefined;
}

/** True when the aggregation groups by exactly the key its input is partitioned by. */
export function groupsByInputKey(agg: AggregateNode): boolean {
  let node: PlanNode = agg.input;
  while (node.kind !== 'Source') {
    if (node.kind === 'Repartition' || node.kind === 'Aggregate') return false;
    node = node.input;
  }
  const keys = agg.input.schema.filter((c) => c.namespace === 'KEY').map((c) => c.name);
  return (
    keys.length > 0 &&
    keys.length === agg.groupBy.length &&
    agg.groupBy.every((g, i) => g.expr.kind === 'ColumnRef' && g.expr.name === keys[i] && g.expr.source === undefined)
  );
}

export function sourceOf(plan: PlanNode): SourceNode {
  let node: PlanNode = plan;
  while (node.kind !== 'Source') node = node.input;
  return node;
}

/** `plan` with `target`'s input replaced by `replacement` (nodes above are copied, the rest shared). */
export function withInput(plan: PlanNode, target: PlanNode, replacement: PlanNode): PlanNode {
  if (plan.kind === 'Source') throw new KsqlError('INTERNAL', 'node to replace is not in the plan');
  if (plan === target) return { ...plan, input: replacement } as PlanNode;
  return { ...plan, input: withInput(plan.input, target, replacement) } as PlanNode;
}

/** The source the second stage reads: the repartition topic, rows laid out as the aggregation's input. */
export function repartitionSource(agg: AggregateNode, topic: string): SourceNode {
  const source: DataSource = {
    name: topic,
    sourceType: 'STREAM',
    columns: [],
    topic,
    keyFormat: { format: 'KAFKA', options: {} },
    valueFormat: { format: 'KAFKA', options: {} },
    isSource: true,
    statement: '',
  };
  return { kind: 'Source', source, schema: agg.input.schema };
}
