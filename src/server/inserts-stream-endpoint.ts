// POST /inserts-stream: the request body is a stream of JSON objects, one per line; the first
// names the target stream (`{"target": "S"}`), each next one is a row to insert. The answer
// streams one ack per row, `{"status":"ok","seq":N}` or an error object, as rows arrive.

import type { Column } from '../catalog/types.js';
import { messageOf } from '../errors.js';
import { mayHoldLongNumber, parseJsonExact, stringifyJson } from '../serde/json-value.js';
import type { JsonValue } from '../serde/json-value.js';
import type { ServerContext } from './context.js';
import type { JsonObject } from './entities.js';
import { ErrorCodes, HttpError, badRequest, genericError } from './error-entities.js';
import type { Req, Res } from './http-io.js';
import { APPLICATION_JSON, DELIMITED, tooLarge, waitWritable } from './http-io.js';
import { insertStatement } from './insert-sql.js';
import { headlessRefusal } from './ksql-endpoint.js';

interface Target {
  readonly name: string;
  readonly columns: readonly Column[];
}

export async function handleInsertsStream(ctx: ServerContext, req: Req, res: Res): Promise<void> {
  if (ctx.config.headless) throw headlessRefusal();
  const accept = req.headers.accept ?? '';
  const json = !accept.includes(DELIMITED) && accept.includes(APPLICATION_JSON);
  const limit = ctx.config.maxBodyBytes;
  let target: Target | undefined;
  let seq = 0;
  let pending = '';
  let started = false;
  // Writes one ack; resolves false when the client went away.
  const ack = async (value: JsonObject): Promise<boolean> => {
    if (!started) {
      res.writeHead(200, { 'content-type': json ? APPLICATION_JSON : DELIMITED });
      started = true;
      if (json) res.write('[');
    }
    const text = json ? (seq > 0 ? ',' : '') + stringifyJson(value) : stringifyJson(value) + '\n';
    return res.write(text) || waitWritable(res);
  };
  const line = async (text: string): Promise<boolean> => {
    if (text.trim() === '') return true;
    const value = parseLine(text);
    if (target === undefined) {
      target = resolveTarget(ctx, value);
      return true;
    }
    const n = seq;
    let reply: JsonObject;
    try {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('Each row must be a JSON object.');
      await ctx.engine.execute(insertStatement(target.name, target.columns, value as JsonObject));
      reply = { status: 'ok', seq: n };
    } catch (e) {
      reply = { status: 'error', seq: n, error_code: ErrorCodes.BAD_REQUEST, message: messageOf(e) };
    }
    const open = await ack(reply);
    seq++;
    return open;
  };
  try {
    for await (const chunk of req as AsyncIterable<Buffer | string>) {
      pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const text = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!(await line(text))) return;
      }
      if (pending.length > limit) throw tooLarge(limit);
    }
    await line(pending);
  } catch (e) {
    if (!started) throw e;
    // Acks already streamed: the failure is the last element, then the stream ends.
    const body = e instanceof HttpError ? e.body : genericError(ErrorCodes.SERVER_ERROR, messageOf(e));
    res.end(json ? ',' + stringifyJson(body) + ']' : stringifyJson(body) + '\n');
    return;
  }
  if (target === undefined) throw badRequest('The request must start with {"target": "<stream name>"}.');
  if (!started) res.writeHead(200, { 'content-type': json ? APPLICATION_JSON : DELIMITED });
  res.end(json ? (started ? ']' : '[]') : '');
}

function parseLine(text: string): JsonValue {
  try {
    return mayHoldLongNumber(text) ? parseJsonExact(text) : (JSON.parse(text) as JsonValue);
  } catch (e) {
    throw badRequest(`Invalid JSON in request: ${messageOf(e)}`);
  }
}

function resolveTarget(ctx: ServerContext, value: JsonValue): Target {
  const name = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject)['target'] : undefined;
  if (typeof name !== 'string') throw badRequest('The request must start with {"target": "<stream name>"}.');
  const source = ctx.engine.catalog.source(name) ?? ctx.engine.catalog.source(name.toUpperCase());
  if (source === undefined) throw new HttpError(400, genericError(ErrorCodes.BAD_REQUEST, `Cannot insert values into an unknown stream: ${name}`));
  if (source.sourceType !== 'STREAM') throw new HttpError(400, genericError(ErrorCodes.BAD_REQUEST, `Cannot insert values into a table: ${source.name}`));
  return { name: source.name, columns: source.columns };
}
