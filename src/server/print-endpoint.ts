// PRINT over POST /query-stream (delimited only): the formats guessed from the first record, then
// one line per record as the shell prints them (rowtime, key, value, partition), from the end of
// the topic or FROM BEGINNING, every INTERVAL-th record, until LIMIT or the client goes away.

import { formatRecord, formatsHeader } from '../../cli/shell/print-format.js';
import { KsqlError } from '../errors.js';
import type { EmbeddedLog } from '../log/embedded/embedded-log.js';
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

/** PRINT names a topic case-insensitively when no topic has the exact name, as ksqlDB does. */
function resolveTopic(log: EmbeddedLog, wanted: string): string {
  const names = log.listTopics().map((t) => t.name);
  if (names.includes(wanted)) return wanted;
  const matches = names.filter((n) => n.toLowerCase() === wanted.toLowerCase());
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new KsqlError('TOPIC', `Topic name '${wanted}' is ambiguous: ${matches.join(', ')}. Quote the exact name.`);
  throw new KsqlError(
    'TOPIC',
    `Could not find topic '${wanted}', or the KSQL user does not have permissions to list the topic. Topic names are case-sensitive.\nTo list topics, run: SHOW TOPICS;`,
  );
}

/** Answers a PRINT request on `res`; throws an HttpError before anything is written if it cannot. */
export async function handlePrint(ctx: ServerContext, request: QueryRequest, res: Res): Promise<void> {
  const print = printStatement(ctx, request);
  if (ctx.engine.kafka !== undefined)
    throw new HttpError(400, statementError(ErrorCodes.BAD_STATEMENT, 'PRINT over REST reads the embedded log; on Kafka, use kafka-console-consumer or a SELECT on a stream over the topic.', request.sql));
  const log = ctx.engine.log;
  let topic: string;
  try {
    topic = resolveTopic(log, print.topic);
  } catch (e) {
    throw statementFailure(e, request.sql);
  }
  const interval = Math.max(1, print.interval ?? 1);
  const limit = print.limit;
  const next = log.endOffsets(topic).map((end, p) => (print.fromBeginning ? log.startOffset(topic, p) : end));
  let gone = false;
  let wake: (() => void) | undefined;
  const unsubscribe = log.onAppend((t) => {
    if (t === topic) wake?.();
  });
  const onClose = (): void => {
    gone = true;
    wake?.();
  };
  res.once('close', onClose);
  res.writeHead(200, { 'content-type': DELIMITED });
  let seen = 0;
  let printed = 0;
  let first = true;
  try {
    while (!gone && (limit === undefined || printed < limit)) {
      let text = '';
      for (let p = 0; p < next.length && (limit === undefined || printed < limit); p++) {
        for (const r of log.read(topic, p, next[p]!, BATCH)) {
          next[p] = r.offset + 1;
          if (seen++ % interval !== 0) continue;
          // ksqlDB names the formats it guessed from the first record, once.
          if (first) for (const line of formatsHeader(r)) text += `${line}\n`;
          first = false;
          text += `${formatRecord(r)}\n`;
          if (limit !== undefined && ++printed >= limit) break;
        }
      }
      if (text !== '') {
        if (!res.write(text) && !(await waitWritable(res))) return;
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
