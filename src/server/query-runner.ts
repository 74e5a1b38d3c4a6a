// Runs a SELECT for the streaming endpoints (/query, /query-stream, WebSocket): checks the
// request, starts the query on the engine, then moves its rows to the client one at a time,
// waiting while the client's buffers are full and ending the query when the client goes away.

import type { PushQuery } from '../engine/push-query.js';
import { isPullQuery } from '../engine/pull-query.js';
import { KsqlError, messageOf } from '../errors.js';
import type { ParsedStatement } from '../sql/ast.js';
import type { OpenQuery, ServerContext } from './context.js';
import type { OutputColumn, RowEncoder } from './entities.js';
import { compileRowEncoder } from './entities.js';
import { ErrorCodes, HttpError, genericError, statementError, statementFailure } from './error-entities.js';

export interface QueryRequest {
  readonly sql: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly variables: Readonly<Record<string, string>>;
}

export interface StartedQuery {
  readonly query: PushQuery;
  readonly pull: boolean;
  /** A pull query on a table: its answer is complete at once and has no final message. */
  readonly fromTable: boolean;
  readonly columns: readonly OutputColumn[];
  readonly encode: RowEncoder;
  /** ksqlDB's `finalMessage` once the rows ran out by themselves, given how many were sent. */
  finalMessage(sent: number): string | undefined;
}

/**
 * Starts the one SELECT of a request; an HttpError in ksqlDB's shape if it cannot. The engine
 * gets the text first: a pull query it has seen the shape of runs without being parsed again.
 */
export async function startQuery(ctx: ServerContext, request: QueryRequest): Promise<StartedQuery> {
  checkProperties(ctx, request.properties);
  let query: PushQuery;
  try {
    query = await ctx.engine.query(request.sql, { properties: request.properties, variables: request.variables });
  } catch (e) {
    ctx.metrics.queryErrors++;
    throw failureOf(ctx, request, e);
  }
  // The same column list for every run of a cached pull plan, so what is derived from it is reused.
  const all = query.header.columns;
  const columns = all.some((c) => c.namespace === 'PSEUDO') ? all.filter((c) => c.namespace !== 'PSEUDO') : all;
  const pulled = isPullQuery(query) ? query : undefined;
  const pull = pulled !== undefined;
  const fromTable = pulled?.fromTable === true;
  const limit = pulled !== undefined ? pulled.limit : pushLimit(ctx, request);
  return {
    query,
    pull,
    fromTable,
    columns,
    encode: rowEncoderFor(columns),
    finalMessage: (sent) => {
      if (fromTable) return undefined;
      if (limit !== undefined && sent >= limit) return 'Limit Reached';
      return pull ? 'Query Completed' : undefined;
    },
  };
}

const encoders = new WeakMap<readonly OutputColumn[], RowEncoder>();

function rowEncoderFor(columns: readonly OutputColumn[]): RowEncoder {
  let e = encoders.get(columns);
  if (e === undefined) {
    e = compileRowEncoder(columns);
    encoders.set(columns, e);
  }
  return e;
}

function pushLimit(ctx: ServerContext, request: QueryRequest): number | undefined {
  const s = ctx.engine.parse(request.sql, request.variables)[0]?.statement;
  return s?.kind === 'QueryStatement' ? s.query.limit : undefined;
}

/** Why a request's SELECT did not start, in the shape ksqlDB answers for that statement. */
function failureOf(ctx: ServerContext, request: QueryRequest, e: unknown): HttpError {
  let statements: ParsedStatement[];
  try {
    statements = ctx.engine.parse(request.sql, request.variables);
  } catch (parseError) {
    return statementFailure(parseError, request.sql);
  }
  if (statements.length !== 1)
    return new HttpError(400, statementError(ErrorCodes.BAD_STATEMENT, `Expected exactly one KSQL statement; found ${statements.length} instead`, request.sql));
  const statement = statements[0]!.statement;
  if (statement.kind === 'Print')
    return new HttpError(400, statementError(ErrorCodes.BAD_STATEMENT, 'PRINT is served on /query-stream (HTTP/2 or HTTP/1.1); send it there.', request.sql));
  if (statement.kind !== 'QueryStatement')
    return new HttpError(
      400,
      statementError(ErrorCodes.BAD_STATEMENT, `This endpoint runs SELECT statements only; send ${describeKind(statement.kind)} statements to /ksql.`, request.sql),
    );
  // ksqlDB answers push queries it cannot plan with a generic error, pull queries and syntax
  // errors with a statement error.
  const pull = statement.query.emit === undefined;
  if (!pull && e instanceof KsqlError && e.code !== 'SYNTAX' && e.code !== 'INTERNAL') return new HttpError(400, genericError(ErrorCodes.BAD_REQUEST, e.message));
  return statementFailure(e, request.sql);
}

function describeKind(kind: string): string {
  return kind.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

/** Refuses overrides of properties the server owns, with ksqlDB's message. */
export function checkProperties(ctx: ServerContext, properties: Readonly<Record<string, string>>): void {
  const denied = Object.keys(properties).filter((k) => ctx.config.propertyDenylist.has(k));
  if (denied.length > 0)
    throw new HttpError(
      400,
      genericError(
        ErrorCodes.BAD_REQUEST,
        `One or more properties overrides set locally are prohibited by the KSQL server (use UNSET to reset their default value): [${denied.join(', ')}]`,
      ),
    );
}

/**
 * A pull query's rows are all there already: they go into the sink at once, without registering
 * the query for /close-query (it ends before anyone could close it).
 */
async function drainPull(ctx: ServerContext, started: StartedQuery, sink: RowSink): Promise<StreamEnd> {
  const q = started.query;
  let sent = 0;
  try {
    for await (const row of q) {
      sent++;
      if (!sink.write(row) && !(await sink.writable())) return { reason: 'gone', sent };
    }
  } catch (e) {
    throw new HttpError(500, genericError(ErrorCodes.SERVER_ERROR, messageOf(e)));
  } finally {
    q.cancel();
    ctx.metrics.rowsSent += sent;
  }
  return { reason: 'done', sent };
}

/** Where the rows of a query go: one client connection in one of the endpoint formats. */
export interface RowSink {
  /** Writes a row; false when the client's buffers are full (call writable() before the next). */
  write(row: readonly unknown[]): boolean;
  /** Writes several rows at once (same answer as write); sinks that cannot batch leave it out. */
  writeBatch?(rows: readonly (readonly unknown[])[]): boolean;
  /** Resolves true once the client can take more, false if it went away meanwhile. */
  writable(): Promise<boolean>;
  /** Calls `listener` when the client goes away; returns a function that stops listening. */
  onGone(listener: () => void): () => void;
}

export interface StreamEnd {
  /** done: the rows ran out; gone: the client left; closed: /close-query or TERMINATE ended it. */
  readonly reason: 'done' | 'gone' | 'closed';
  readonly sent: number;
}

/**
 * Streams a started query's rows into `sink` until one of the ends in StreamEnd. The query is
 * registered while it runs and always cancelled at the end, so nothing it held outlives it.
 */
export async function streamRows(ctx: ServerContext, started: StartedQuery, sink: RowSink): Promise<StreamEnd> {
  if (started.pull) return drainPull(ctx, started, sink);
  const q = started.query;
  let state: StreamEnd['reason'] = 'done';
  const open: OpenQuery = {
    id: q.header.queryId,
    pull: started.pull,
    close: () => {
      if (state === 'done') state = 'closed';
      q.cancel();
    },
  };
  ctx.queries.add(open);
  if (!started.pull) ctx.metrics.pushQueriesStarted++;
  const stopListening = sink.onGone(() => {
    if (state === 'done') state = 'gone';
    q.cancel();
  });
  let sent = 0;
  try {
    if (q.takeQueued !== undefined && q.rowsReady !== undefined && sink.writeBatch !== undefined) {
      // The rows a poll of the source delivered go out in one write: one syscall, not one per row.
      for (;;) {
        if (state !== 'done') break;
        const rows = q.takeQueued();
        if (rows.length === 0) {
          if (q.isDone()) break;
          await q.rowsReady();
          continue;
        }
        sent += rows.length;
        if (!sink.writeBatch(rows) && !(await sink.writable())) {
          state = 'gone';
          break;
        }
      }
      return { reason: state, sent };
    }
    const rows = q[Symbol.asyncIterator]();
    for (;;) {
      const next = await rows.next();
      if (next.done === true || state !== 'done') break;
      sent++;
      if (!sink.write(next.value) && !(await sink.writable())) {
        state = 'gone';
        break;
      }
    }
  } catch (e) {
    // A failing query ends its stream; the endpoint reports it where its format allows.
    throw new HttpError(500, genericError(ErrorCodes.SERVER_ERROR, messageOf(e)));
  } finally {
    q.cancel();
    ctx.queries.remove(open);
    stopListening();
    ctx.metrics.rowsSent += sent;
  }
  return { reason: state, sent };
}
