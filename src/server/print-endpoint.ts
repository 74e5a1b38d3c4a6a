// PRINT over POST /query-stream (delimited only): the formats guessed from the first record, then
// one line per record as the shell prints them (rowtime, key, value, partition), from the end of
// the topic or FROM BEGINNING, every INTERVAL-th record, until LIMIT or the client goes away.

import { resolveTopic, TopicPrinter } from '../engine/print-topic.js';
import type { Print } from '../sql/ast.js';
import type { ServerContext } from './context.js';
import { ErrorCodes, HttpError, statementError, statementFailure } from './error-entities.js';
import type { Res } from './http-io.js';
import { DELIMITED, waitWritable } from './http-io.js';
import type { QueryRequest } from './query-runner.js';

const BATCH = 500;

/** True when the text starts with PRINT: only then is it parsed here (pull queries are not). */
export function looksLikePrint(sql: string): boolean {
  return /^\s*PRINT\s/i.test(sql);
}

/** The one PRINT statement of a request, or ksqlDB's statement error. */
function printStatement(ctx: ServerContext, request: QueryRequest): Print {
  let statements;
  try {
    statements = ctx.engine.parse(request.sql, request.variables);
  } catch (e) {
    throw statementFailure(e, request.sql);
  }
  const s = statements.length === 1 ? statements[0]!.statement : undefined;
  if (s?.kind !== 'Print')
    throw new HttpError(400, statementError(ErrorCodes.BAD_STATEMENT, `Expected exactly one KSQL statement; found ${statements.length} instead`, request.sql));
  return s;
}

/** Answers a PRINT request on `res`; throws an HttpError before anything is written if it cannot. */
export async function handlePrint(ctx: ServerContext, request: QueryRequest, res: Res): Promise<void> {
  const print = printStatement(ctx, request);
  if (ctx.engine.kafka !== undefined)
    throw new HttpError(400, statementError(ErrorCodes.BAD_STATEMENT, 'PRINT over REST reads the embedded log; on Kafka, use kafka-console-consumer or a SELECT on a stream over the topic.', request.sql));
  const log = ctx.engine.log;
  let printer: TopicPrinter;
  try {
    printer = new TopicPrinter(log, resolveTopic(log.listTopics().map((t) => t.name), print.topic), {
      fromBeginning: print.fromBeginning,
      interval: print.interval ?? 1,
      ...(print.limit !== undefined ? { limit: print.limit } : {}),
    });
  } catch (e) {
    throw statementFailure(e, request.sql);
  }
  let gone = false;
  let wake: (() => void) | undefined;
  const unsubscribe = log.onAppend((t) => {
    if (t === printer.topic) wake?.();
  });
  const onClose = (): void => {
    gone = true;
    wake?.();
  };
  res.once('close', onClose);
  res.writeHead(200, { 'content-type': DELIMITED });
  try {
    while (!gone && !printer.finished) {
      const lines = printer.poll(BATCH);
      if (lines.length > 0) {
        if (!res.write(lines.map((l) => `${l.text}\n`).join('')) && !(await waitWritable(res))) return;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    if (!gone) res.end('');
  } finally {
    unsubscribe();
    res.removeListener('close', onClose);
  }
}
