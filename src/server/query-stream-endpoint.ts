// POST /query-stream (ksqlDB's HTTP/2 API, also served on HTTP/1.1) and POST /close-query.
// Default media type application/vnd.ksqlapi.delimited.v1: the header object on one line, then
// one JSON array per row per line. With Accept: application/json, the same as one JSON array.
// PRINT statements are answered here too, as lines of text (print-endpoint.ts).

import { stringifyJson } from '../serde/json-value.js';
import type { ServerContext } from './context.js';
import { queryStreamHeaderText } from './entities.js';
import { ErrorCodes, HttpError, badRequest, genericError } from './error-entities.js';
import type { Req, Res } from './http-io.js';
import { APPLICATION_JSON, DELIMITED, bufferedRowSink, httpRowSink, readJsonObject, stringField, stringMap } from './http-io.js';
import { handlePrint, looksLikePrint } from './print-endpoint.js';
import { startQuery, streamRows } from './query-runner.js';

/** application/json only when asked for and the delimited format was not. */
function wantsJsonArray(req: Req): boolean {
  const accept = req.headers.accept ?? '';
  return !accept.includes(DELIMITED) && accept.includes(APPLICATION_JSON);
}

export async function handleQueryStream(ctx: ServerContext, req: Req, res: Res): Promise<void> {
  const t0 = performance.now();
  const body = await readJsonObject(req, ctx.config.maxBodyBytes);
  const request = { sql: stringField(body, 'sql'), properties: stringMap(body, 'properties'), variables: stringMap(body, 'sessionVariables') };
  if (looksLikePrint(request.sql)) return handlePrint(ctx, request, res);
  const started = await startQuery(ctx, request);
  const { query, encode } = started;
  const json = wantsJsonArray(req);
  const header = queryStreamHeaderText(query.header.queryId, started.columns);
  const headers = { 'content-type': json ? APPLICATION_JSON : DELIMITED };
  const head = json ? '[' + header : header + '\n';
  const format = json ? (row: readonly unknown[]) => ',\n' + encode(row) : (row: readonly unknown[]) => encode(row) + '\n';
  // A pull query's answer is known at once: it goes out in one write when it is small.
  const buffered = started.pull ? bufferedRowSink(res, format, head, headers) : undefined;
  if (buffered === undefined) {
    res.writeHead(200, headers);
    res.write(head);
  }
  const end = (tail: string): void => {
    if (buffered !== undefined) buffered.finish(tail);
    else res.end(tail);
  };
  try {
    const done = await streamRows(ctx, started, buffered ?? httpRowSink(res, format));
    if (done.reason === 'gone') return;
  } catch (e) {
    const error = e instanceof HttpError ? e.body : genericError(ErrorCodes.SERVER_ERROR, 'The query failed.');
    if (!res.writableEnded) end(json ? ',\n' + stringifyJson(error) + ']' : stringifyJson(error) + '\n');
    return;
  }
  end(json ? ']' : '');
  if (started.pull) ctx.metrics.pullQuery((performance.now() - t0) / 1000);
}

/** POST /close-query {queryId}: ends a push query another request is streaming. */
export async function handleCloseQuery(ctx: ServerContext, req: Req, res: Res): Promise<void> {
  const body = await readJsonObject(req, ctx.config.maxBodyBytes);
  const id = stringField(body, 'queryId');
  const open = ctx.queries.get(id);
  if (open === undefined) throw badRequest(`No query with id ${id}`);
  open.close();
  res.writeHead(200, { 'content-length': 0 });
  res.end('');
}
