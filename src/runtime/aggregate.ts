// The Aggregate operator (GROUP BY, not windowed): per input row, computes the grouping key,
// folds the row's arguments into each aggregate's state kept in a key-value store, and emits the
// group's new row (key columns, results, ROWTIME). For a table source it first retracts the row
// the key held before (undo), so updates and deletes move counts and sums correctly.

import { messageOf } from '../errors.js';
import type { AggregateNode } from '../plan/logical-plan.js';
import { keyEncoder } from '../state/index.js';
import { AggregateSpec } from './aggregate-spec.js';
import type { AggregateContext, AggRow } from './aggregate-spec.js';
import type { Push, Rec } from './record.js';
import { compileSessionAggregate } from './session-aggregate.js';
import { compileWindowedAggregate } from './windowed-aggregate.js';
import { ChangeBuffer } from './change-buffer.js';

export type { AggregateContext };

export function compileAggregate(node: AggregateNode, downstream: Push, ctx: AggregateContext): Push {
  const spec = new AggregateSpec(node, ctx);
  if (node.window?.kind === 'SESSION') return compileSessionAggregate(node, node.window, spec, downstream, ctx);
  if (node.window) return compileWindowedAggregate(node, node.window, spec, downstream, ctx);
  const states = ctx.stores.keyValue('aggregate');
  const previous = ctx.tableInput ? ctx.stores.keyValue('previous') : undefined;
  const keyCols = node.input.schema.flatMap((c, i) => (c.namespace === 'KEY' ? [i] : []));
  const sourceKey = ctx.tableInput ? keyEncoder(keyCols.map((i) => node.input.schema[i]!.type)) : undefined;

  const send = (groupValues: unknown[], stateRow: unknown[], ts: number, headers: Rec['headers']): void => {
    downstream({ row: spec.output(groupValues, stateRow, ts), ts, headers });
  };

  // With the record cache on, a group's row is emitted once per batch, at its end, from the state then.
  const stateCells = spec.init().length;
  const changed =
    ctx.batchEnd !== undefined
      ? new ChangeBuffer<string, AggRow>(
          ctx.batchEnd.cacheBytes,
          (group) => 64 + group.length + 16 * stateCells,
          (group, row, ts, headers) => {
            const stateRow = states.get(group) as unknown[] | undefined;
            if (stateRow !== undefined) send(row.groupValues, stateRow, ts, headers);
          },
        )
      : undefined;
  if (changed !== undefined) ctx.batchEnd!.register(changed);

  const emit = (row: AggRow, stateRow: unknown[], rec: Rec): void => {
    if (changed !== undefined) changed.set(row.group, row, rec.ts, rec.headers);
    else send(row.groupValues, stateRow, rec.ts, rec.headers);
  };

  /** Adds or retracts one row in its group's state; returns the state, or undefined if there was none to retract from. */
  const fold = (row: AggRow, retract: boolean): unknown[] | undefined => {
    let stateRow = states.get(row.group) as unknown[] | undefined;
    if (!stateRow) {
      if (retract) return undefined;
      stateRow = spec.init();
    }
    if (retract) spec.undo(stateRow, row);
    else spec.add(stateRow, row);
    states.put(row.group, stateRow);
    return stateRow;
  };

  return (rec) => {
    try {
      if (previous && sourceKey) {
        const k = sourceKey(keyCols.map((i) => rec.row[i]));
        const before = previous.get(k) as AggRow | undefined;
        const now = rec.nullValue === true ? null : spec.read(rec);
        const retracted = before ? fold(before, true) : undefined;
        // A row that stays in its group is emitted once, after the retraction and the addition.
        if (before && retracted && (!now || now.group !== before.group)) emit(before, retracted, rec);
        if (now) {
          previous.put(k, now);
          emit(now, fold(now, false)!, rec);
        } else previous.delete(k);
        return;
      }
      if (rec.nullValue === true) return;
      const now = spec.read(rec);
      if (now) emit(now, fold(now, false)!, rec);
    } catch (e) {
      ctx.errors.recordError('EVALUATION', messageOf(e));
    }
  };
}
