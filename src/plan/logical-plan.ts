// Logical plans: plain, serializable trees of nodes. Every node names its inputs and its output
// schema; the runtime compiles them into operators, EXPLAIN prints them, the catalog persists them.
// Expressions inside nodes are AST expressions whose column references name columns of the
// node's input schema exactly (the analyzer resolved qualifiers and aliases).

import type { Column, DataSource } from '../catalog/types.js';
import type { Expression, WindowExpression } from '../sql/ast.js';
import type { FormatInfo } from '../serde/types.js';
import type { SqlType } from '../types/sql-type.js';
import { formatType } from '../types/sql-type.js';

/** A column of a node's output row. Rows are arrays in this order. */
export interface PlanColumn {
  readonly name: string;
  readonly type: SqlType;
  /** KEY columns form the record key; PSEUDO columns (ROWTIME, ...) are readable but not written. */
  readonly namespace: 'KEY' | 'VALUE' | 'PSEUDO';
}

export interface SourceNode {
  readonly kind: 'Source';
  readonly source: DataSource;
  /** Source columns, then pseudo columns ROWTIME, ROWPARTITION, ROWOFFSET (and WINDOWSTART, WINDOWEND when windowed). */
  readonly schema: readonly PlanColumn[];
}

export interface FilterNode {
  readonly kind: 'Filter';
  readonly input: PlanNode;
  readonly predicate: Expression;
  readonly schema: readonly PlanColumn[];
}

export interface ProjectItem {
  readonly name: string;
  readonly expr: Expression;
}

/** Computes the output row: key columns first, then value columns. Pseudo columns stop here. */
export interface ProjectNode {
  readonly kind: 'Project';
  readonly input: PlanNode;
  readonly items: readonly ProjectItem[];
  readonly schema: readonly PlanColumn[];
}

/** PARTITION BY: computes a new key; the old key columns become value columns. */
export interface RepartitionNode {
  readonly kind: 'Repartition';
  readonly input: PlanNode;
  readonly keys: readonly ProjectItem[];
  readonly schema: readonly PlanColumn[];
}

/** Applies a table function (EXPLODE, ...) and emits one row per element. */
export interface FlatMapNode {
  readonly kind: 'FlatMap';
  readonly input: PlanNode;
  readonly calls: readonly Expression[];
  readonly schema: readonly PlanColumn[];
}

export interface AggregateNode {
  readonly kind: 'Aggregate';
  readonly input: PlanNode;
  readonly groupBy: readonly ProjectItem[];
  readonly aggregates: readonly ProjectItem[];
  readonly window?: WindowExpression;
  /** EMIT FINAL: a windowed aggregation emits each window once, when it closes. */
  readonly emitFinal?: boolean;
  readonly schema: readonly PlanColumn[];
}

export interface SinkNode {
  readonly kind: 'Sink';
  readonly input: PlanNode;
  readonly target: string;
  readonly topic: string;
  readonly keyFormat: FormatInfo;
  readonly valueFormat: FormatInfo;
  /** Column whose value becomes the output record's timestamp (WITH TIMESTAMP=...). */
  readonly timestampColumn?: string;
  readonly timestampFormat?: string;
  readonly schema: readonly PlanColumn[];
}

export type PlanNode =
  | SourceNode
  | FilterNode
  | ProjectNode
  | RepartitionNode
  | FlatMapNode
  | AggregateNode
  | SinkNode;

export function inputsOf(node: PlanNode): readonly PlanNode[] {
  switch (node.kind) {
    case 'Source':
      return [];
    case 'Filter':
    case 'Project':
    case 'Repartition':
    case 'FlatMap':
    case 'Aggregate':
    case 'Sink':
      return [node.input];
    default: {
      const never: never = node;
      return never;
    }
  }
}

/** True when `plan` or a node under it is of kind `kind`. */
export function hasNode(plan: PlanNode, kind: PlanNode['kind']): boolean {
  if (plan.kind === kind) return true;
  return inputsOf(plan).some((i) => hasNode(i, kind));
}

export const PSEUDO_COLUMNS = ['ROWTIME', 'ROWPARTITION', 'ROWOFFSET'] as const;
export const WINDOW_BOUNDS = ['WINDOWSTART', 'WINDOWEND'] as const;

export function keyColumns(schema: readonly PlanColumn[]): PlanColumn[] {
  return schema.filter((c) => c.namespace === 'KEY');
}
export function valueColumns(schema: readonly PlanColumn[]): PlanColumn[] {
  return schema.filter((c) => c.namespace === 'VALUE');
}

export function planColumnsOf(columns: readonly Column[]): PlanColumn[] {
  return columns.map((c) => ({ name: c.name, type: c.type, namespace: c.namespace === 'KEY' ? 'KEY' : 'VALUE' }));
}

export function formatSchema(schema: readonly PlanColumn[]): string {
  return schema
    .filter((c) => c.namespace !== 'PSEUDO')
    .map((c) => `\`${c.name}\` ${formatType(c.type)}${c.namespace === 'KEY' ? ' KEY' : ''}`)
    .join(', ');
}
