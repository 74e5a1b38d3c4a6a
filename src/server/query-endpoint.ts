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
import { HttpError, statementFailure } from './error-entities.js';
import { KSQL_V1_PROTOBUF, protobufAnswer } from './protobuf-answer.js';
import type { Req, Res } from './http-io.js';
import { bufferedRowSink, httpRowSink, jsonMediaType, readJsonObject, stringField, stringMap } from './http-io.js';
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
  // A table's answer shows the engine's schema (KEY marks; SELECT * with header columns lists them as ksqlDB does).
  const schema = started.fromTable ? query.header.schema : formatColumns(started.columns, false);
  // Pull queries answer in PROTOBUF when asked: a proto3 schema in the header, each row's bytes.
  let proto: ReturnType<typeof protobufAnswer> | undefined;
  if (started.pull && (req.headers.accept ?? '').includes(KSQL_V1_PROTOBUF)) {
    try {
      proto = protobufAnswer(started.columns);
    } catch (e) {
      query.cancel();
      throw statementFailure(e, stringField(body, 'ksql'));
    }
  }
  const header = stringifyJson({ header: { queryId: query.header.queryId, schema, ...(proto !== undefined ? { protoSchema: proto.schema } : {}) } });
  // Separator after each element (streaming) or before each row (complete answers).
  const after = !started.fromTable;
  const headers = { 'content-type': proto !== undefined ? KSQL_V1_PROTOBUF : jsonMediaType(req.headers) };
  const head = '[' + header + (after ? ',\n' : '');
  const element =
    proto !== undefined
      ? (row: readonly unknown[]): string => '{"row":{"protobufBytes":"' + proto.encode(row).toString('base64') + '"}}'
      : (row: readonly unknown[]): string => '{"row":{"columns":' + encode(row) + '}}';
  const format = after ? (row: readonly unknown[]) => element(row) + ',\n' : (row: readonly unknown[]) => ',\n' + element(row);
  // A pull query's answer is known at once: it goes out in one write when it is small.
  const buffered = started.pull ? bufferedRowSink(res, format, head, headers) : undefined;
  if (buffered === undefined) {
    res.writeHead(200, headers);
    res.write(head);
  }
  const finish = (tail: string): void => {
    if (buffered !== undefined) buffered.finish(tail);
    else res.end(tail);
  };
  let end;
  try {
    end = await streamRows(ctx, started, buffered ?? httpRowSink(res, format));
  } catch (e) {
    // Headers are gone: a failure becomes ksqlDB's errorMessage element, and the array closes.
    const body = e instanceof HttpError ? e.body : null;
    if (!res.writableEnded) finish((after ? '' : ',\n') + stringifyJson({ errorMessage: body }) + ']\n');
    return;
  }
  if (end.reason === 'gone') return;
  const final = end.reason === 'done' ? started.finalMessage(end.sent) : undefined;
  finish((final !== undefined ? (after ? '' : ',\n') + stringifyJson({ finalMessage: final }) : '') + ']\n');
  if (started.pull) ctx.metrics.pullQuery((performance.now() - t0) / 1000);
}
