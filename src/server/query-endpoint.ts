// POST /query: ksqlDB's original streaming endpoint. The answer is one JSON array written as it
// goes (chunked on HTTP/1.1), one element per line: the header, then each row, then a final
// message when the rows ran out by themselves ("Limit Reached", "Query Completed").
//
// Byte for byte as ksqlDB writes it: streaming answers end each element with ",\n" so a line
// reader sees the header at once (and, like ksqlDB's, such an answer ended without a final
// message closes with ",\n]"); pull queries on tables, complete at once, put the comma first.

import { stringifyJson } from '../serde/json-value.js';
import type { ServerContext } from './context.js';
import { formatColumns } from './entities.js';
import { HttpError } from './error-entities.js';
import type { Req, Res } from './http-io.js';
import { httpRowSink, jsonMediaType, readJsonObject, stringField, stringMap } from './http-io.js';
import { startQuery, streamRows } from './query-runner.js';

export async function handleQuery(ctx: ServerContext, req: Req, res: Res): Promise<void> {
  const t0 = performance.now();
  const body = await readJsonObject(req, ctx.config.maxBodyBytes);
  const started = await startQuery(ctx, {
    sql: stringField(body, 'ksql'),
    properties: stringMap(body, 'streamsProperties'),
    variables: stringMap(body, 'sessionVariables'),
  });
  const { query, encode } = started;
  const header = stringifyJson({ header: { queryId: query.header.queryId, schema: formatColumns(started.columns, started.fromTable) } });
  // Separator after each element (streaming) or before each row (complete answers).
  const after = !started.fromTable;
  res.writeHead(200, { 'content-type': jsonMediaType(req.headers) });
  res.write('[' + header + (after ? ',\n' : ''));
  const format = after ? (row: readonly unknown[]) => '{"row":{"columns":' + encode(row) + '}},\n' : (row: readonly unknown[]) => ',\n{"row":{"columns":' + encode(row) + '}}';
  let end;
  try {
    end = await streamRows(ctx, started, httpRowSink(res, format));
  } catch (e) {
    // Headers are gone: a failure becomes ksqlDB's errorMessage element, and the array closes.
    const body = e instanceof HttpError ? e.body : null;
    if (!res.writableEnded) res.end((after ? '' : ',\n') + stringifyJson({ errorMessage: body }) + ']\n');
    return;
  }
  if (end.reason === 'gone') return;
  const final = end.reason === 'done' ? started.finalMessage(end.sent) : undefined;
  res.end((final !== undefined ? (after ? '' : ',\n') + stringifyJson({ finalMessage: final }) : '') + ']\n');
  if (started.pull) ctx.metrics.pullQuery((performance.now() - t0) / 1000);
}
