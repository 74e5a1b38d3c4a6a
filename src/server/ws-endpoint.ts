// WebSocket /ws/query?request={"ksql": "SELECT ...", "streamsProperties": {...}}: ksqlDB's push
// query socket. The first message is the schema (a list of FieldInfo), then one
// {"row":{"columns":[...]}} message per row; the socket closes with 1000 when the rows run out.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { messageOf } from '../errors.js';
import { stringifyJson } from '../serde/json-value.js';
import type { ServerContext } from './context.js';
import { fieldInfos } from './entities.js';
import { HttpError, badRequest } from './error-entities.js';
import { parseJsonObject, stringField, stringMap } from './http-io.js';
import type { RowSink, StartedQuery } from './query-runner.js';
import { startQuery, streamRows } from './query-runner.js';

/** Bytes queued on a socket above which the query waits for the client to catch up. */
const HIGH_WATER = 1 << 20;
/** WebSocket close codes (RFC 6455). */
const NORMAL = 1000;
const POLICY_VIOLATION = 1008;
const INTERNAL_ERROR = 1011;

export class WsQueryEndpoint {
  private readonly wss: WebSocketServer;

  constructor(private readonly ctx: ServerContext) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: ctx.config.maxBodyBytes });
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      void this.run(ws, req.url ?? '');
    });
  }

  private async run(ws: WebSocket, url: string): Promise<void> {
    const metrics = this.ctx.metrics;
    metrics.webSocketsOpen++;
    ws.once('close', () => metrics.webSocketsOpen--);
    // Messages from the client carry nothing for a query socket; reading them keeps the socket flowing.
    ws.on('message', () => undefined);
    let started: StartedQuery;
    try {
      const raw = new URL(url, 'http://localhost').searchParams.get('request');
      if (raw === null) throw badRequest("Missing the 'request' query parameter.");
      const body = parseJsonObject(raw);
      started = await startQuery(this.ctx, {
        sql: stringField(body, 'ksql'),
        properties: stringMap(body, 'streamsProperties'),
        variables: stringMap(body, 'sessionVariables'),
      });
    } catch (e) {
      const message = e instanceof HttpError ? String(e.body['message']) : messageOf(e);
      ws.close(e instanceof HttpError && e.status < 500 ? POLICY_VIOLATION : INTERNAL_ERROR, closeReason(message));
      return;
    }
    if (ws.readyState !== ws.OPEN) {
      started.query.cancel();
      return;
    }
    ws.send(stringifyJson(fieldInfos(started.columns, started.fromTable)));
    const encode = started.encode;
    const sink: RowSink = {
      write: (row) => {
        ws.send('{"row":{"columns":' + encode(row) + '}}');
        return ws.bufferedAmount < HIGH_WATER;
      },
      writable: () => drained(ws),
      onGone: (listener) => {
        ws.once('close', listener);
        return () => ws.removeListener('close', listener);
      },
    };
    try {
      const end = await streamRows(this.ctx, started, sink);
      if (end.reason !== 'gone') ws.close(NORMAL, closeReason(started.finalMessage(end.sent) ?? 'done'));
    } catch (e) {
      ws.close(INTERNAL_ERROR, closeReason(e instanceof HttpError ? String(e.body['message']) : messageOf(e)));
    }
  }

  /** Ends every socket (server shutdown). */
  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}

/** Resolves once the socket's queue is below the high-water mark (true) or it closed (false). */
function drained(ws: WebSocket): Promise<boolean> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (ws.readyState !== ws.OPEN) resolve(false);
      else if (ws.bufferedAmount < HIGH_WATER / 2) resolve(true);
      else setTimeout(check, 5);
    };
    check();
  });
}

/** A close reason is at most 123 bytes of UTF-8. */
function closeReason(message: string): string {
  let r = message;
  while (Buffer.byteLength(r) > 123) r = r.slice(0, -1);
  return r;
}
