import { describe, expect, it } from 'vitest';
import type { DataSource } from '../../src/catalog/types.js';
import { FunctionRegistry } from '../../src/functions/registry.js';
import type { PlanColumn, PlanNode } from '../../src/plan/logical-plan.js';
import { compileChain } from '../../src/runtime/operators.js';
import type { Rec } from '../../src/runtime/record.js';
import { parseExpression } from '../../src/sql/parse.js';
import * as T from '../../src/types/sql-type.js';

const orders: DataSource = {
  name: 'ORDERS',
  sourceType: 'STREAM',
  columns: [
    { name: 'K', type: T.STRING, namespace: 'KEY' },
    { name: 'QTY', type: T.INTEGER, namespace: 'VALUE' },
    { name: 'NOTE', type: T.STRING, namespace: 'VALUE' },
  ],
  topic: 'orders',
  keyFormat: { format: 'KAFKA', options: {} },
  valueFormat: { format: 'JSON', options: {} },
  isSource: false,
  statement: 'CREATE STREAM ORDERS ...',
};

const sourceSchema: PlanColumn[] = [
  { name: 'K', type: T.STRING, namespace: 'KEY' },
  { name: 'QTY', type: T.INTEGER, namespace: 'VALUE' },
  { name: 'NOTE', type: T.STRING, namespace: 'VALUE' },
  { name: 'ROWTIME', type: T.BIGINT, namespace: 'PSEUDO' },
];

function projection(items: Record<string, string>, where?: string): PlanNode {
  const source: PlanNode = { kind: 'Source', source: orders, schema: sourceSchema };
  const input: PlanNode = where === undefined ? source : { kind: 'Filter', input: source, predicate: parseExpression(where), schema: sourceSchema };
  const entries = Object.entries(items);
  return {
    kind: 'Project',
    input,
    items: entries.map(([name, sql]) => ({ name, expr: parseExpression(sql) })),
    schema: entries.map(([name], i) => ({ name, type: T.STRING, namespace: i === 0 ? 'KEY' : 'VALUE' })),
  };
}

function run(node: PlanNode, rows: unknown[][]): { out: unknown[][]; errors: string[] } {
  const out: unknown[][] = [];
  const errors: string[] = [];
  const chain = compileChain(node, (rec: Rec) => out.push(rec.row), {
    functions: FunctionRegistry.builtins(),
    errors: { recordError: (kind, message) => errors.push(`${kind}: ${message}`) },
  });
  for (const row of rows) chain.push({ row, ts: 0, headers: [] });
  return { out, errors };
}

describe('stateless operator chains', () => {
  it('write each record downstream as the row of its projected values', () => {
    const node = projection({ K: 'K', NOTE_UC: 'UCASE(NOTE)', PER: 'CAST(100 / QTY AS STRING)' });
    expect(run(node, [['a', 4, 'fast', 1], ['b', 50, null, 2]]).out).toEqual([
      ['a', 'FAST', '25'],
      ['b', null, '2'],
    ]);
  });

  it('log an expression that fails for a record and write null in its place, computing the others', () => {
    const node = projection({ K: 'K', NOTE_UC: 'UCASE(NOTE)', PER: '100 / QTY' });
    const { out, errors } = run(node, [['a', 0, 'slow', 1]]);
    expect(out).toEqual([['a', 'SLOW', null]]);
    expect(errors).toEqual(['EVALUATION: Error computing expression (100 / QTY): / by zero']);
  });

  it('drop records a WHERE rejects before projecting them', () => {
    const node = projection({ K: 'K', NOTE: 'NOTE' }, 'QTY > 3');
    expect(run(node, [['a', 4, 'in', 1], ['b', 3, 'out', 2], ['c', null, 'null', 3]]).out).toEqual([['a', 'in']]);
  });
});
