// Transient push queries (SELECT ... EMIT CHANGES): rows stream to an async iterator until the
// caller cancels or LIMIT is reached; nothing is written to the catalog or the log.

import { planQuery } from '../analyze/plan-query.js';
import { KsqlError } from '../errors.js';
import type { PlanColumn } from '../plan/logical-plan.js';
import { formatSchema } from '../plan/logical-plan.js';
import type { Query } from '../sql/ast.js';
import type { ExecContext } from './context.js';
import { prop } from './context.js';
import { RunningQuery } from './running-query.js';
import { findAggregate } from '../runtime/stages.js';

export interface QueryHeader {
  readonly queryId: string;
  readonly columns: readonly PlanColumn[];
  /** ksqlDB's schema string, e.g. "`ID` BIGINT KEY, `NAME` STRING". */
  readonly schema: string;
}

export interface PushQuery extends AsyncIterable<unknown[]> {
  readonly header: QueryHeader;
  /** Ends the query; pending iterations finish. */
  cancel(): void;
  readonly isDone: () => boolean;
  /**
   * The rows that arrived and were not read yet, all at once ([] when none), so a server can
   * write a burst of rows in one go. Engine push queries have it; use it or the iterator, not both.
   */
  takeQueued?(): unknown[][];
  /** Resolves once a row is queued or the query ended (with takeQueued). */
  rowsReady?(): Promise<void>;
}

const NO_ROWS: unknown[][] = [];

let transientCounter = 0;

export function startPushQuery(ctx: ExecContext, query: Query): PushQuery {
  if (query.emit === undefined) throw new KsqlError('UNSUPPORTED', 'Pull queries are not supported yet.', query.loc);
  const planned = planQuery(query, { lookupSource: (n, loc) => ctx.catalog.requireSource(n, loc), functions: ctx.functions });
  const reset = prop(ctx, 'auto.offset.reset')?.toLowerCase() === 'earliest' ? 'earliest' : 'latest';
  const source = planned.sources[0]!;
  // ksqlDB's scalable push queries: stateless, from the latest offset, over a persistent query's
  // output; here they share one scan of that output.
  const scalable = ctx.kafka === undefined && reset === 'latest' && source.createdByQuery !== undefined && findAggregate(planned.plan) === undefined;
  const id = scalable ? `SCALABLE_PUSH_QUERY_${Date.now().toString(36)}_${transientCounter++}` : `transient_${source.name}_${Date.now()}${transientCounter++}`;
  const columns = planned.plan.schema.filter((c) => c.namespace !== 'PSEUDO');
  let queue: unknown[][] = [];
  let waiter: (() => void) | undefined;
  let done = false;
  let emitted = 0;
  const limit = query.limit;
  const finish = (): void => {
    if (done) return;
    done = true;
    void ctx.queries.get(id)?.stop();
    ctx.queries.delete(id);
    waiter?.();
  };
  const running = new RunningQuery(id, undefined, planned.plan, ctx, {
    offsetReset: reset,
    shareScan: ctx.kafka === undefined,
    onRow: (rec) => {
      if (done) return;
      queue.push(rec.row);
      emitted++;
      if (limit !== undefined && emitted >= limit) finish();
      waiter?.();
    },
  });
  ctx.queries.set(id, running);
  ctx.schedule();
  if (limit === 0) finish();
  return {
    header: { queryId: id, columns, schema: formatSchema(columns) },
    cancel: finish,
    isDone: () => done && queue.length === 0,
    takeQueued: () => {
      if (queue.length === 0) return NO_ROWS;
      const rows = queue;
      queue = [];
      return rows;
    },
    rowsReady: () =>
      queue.length > 0 || done
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiter = () => {
              waiter = undefined;
              resolve();
            };
          }),
    [Symbol.asyncIterator](): AsyncIterator<unknown[]> {
      return {
        next: async (): Promise<IteratorResult<unknown[]>> => {
          while (queue.length === 0 && !done) {
            await new Promise<void>((resolve) => {
              waiter = resolve;
            });
            waiter = undefined;
          }
          const row = queue.shift();
          if (row !== undefined) return { value: row, done: false };
          return { value: undefined, done: true };
        },
        return: async (): Promise<IteratorResult<unknown[]>> => {
          finish();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
