// Request and response plumbing shared by the endpoints, for HTTP/1.1 and HTTP/2 alike: bodies
// read under a size limit, JSON parsed into ksqlDB's 400 on failure, media types negotiated, and
// writes that respect back-pressure and notice a client that went away.

import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { JsonValue } from '../serde/json-value.js';
import { stringifyJson } from '../serde/json-value.js';
import type { JsonObject } from './entities.js';
import type { RowSink } from './query-runner.js';
import { ErrorCodes, HttpError, badRequest, genericError } from './error-entities.js';

/** An incoming request over HTTP/1.1 (node:http) or HTTP/2 (node:http2's compatibility API). */
export type Req = IncomingMessage | Http2ServerRequest;

/** What the endpoints need of a response; ServerResponse and Http2ServerResponse both have it. */
export interface Res {
  statusCode: number;
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  writeHead(status: number, headers?: OutgoingHttpHeaders): unknown;
  write(chunk: string): boolean;
  end(chunk: string): unknown;
  once(event: 'close' | 'drain' | 'finish', listener: () => void): unknown;
  removeListener(event: 'close' | 'drain' | 'finish', listener: () => void): unknown;
}

export const KSQL_V1_JSON = 'application/vnd.ksql.v1+json';
export const APPLICATION_JSON = 'application/json';
export const DELIMITED = 'application/vnd.ksqlapi.delimited.v1';

/** The media type to answer with for the JSON endpoints: the one the client asked for. */
export function jsonMediaType(headers: IncomingHttpHeaders): string {
  const accept = headers.accept ?? '';
  if (accept.includes(KSQL_V1_JSON)) return KSQL_V1_JSON;
  if (accept.includes(APPLICATION_JSON)) return APPLICATION_JSON;
  return KSQL_V1_JSON;
}

export function sendJson(res: Res, status: number, body: JsonValue, contentType = APPLICATION_JSON, extra: OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    // The answer already started streaming: the only thing left to do is to end it.
    if (!res.writableEnded) res.end('');
    return;
  }
  const text = stringifyJson(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

export function sendError(res: Res, error: HttpError, contentType = APPLICATION_JSON): void {
  sendJson(res, error.status, error.body, contentType, error.headers);
}

/**
 * Reads a whole request body as UTF-8, refusing (413) one larger than `limit` bytes. Listens for
 * events rather than iterating the stream: cheaper for the many small bodies of pull queries.
 */
export function readBody(req: Req, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer | string): void => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += b.length;
      if (size > limit) {
        cleanup();
        // The rest of the body is not read (the answer closes the connection).
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(b);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (e: Error): void => {
      cleanup();
      reject(e);
    };
    const cleanup = (): void => {
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.removeListener('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

export function tooLarge(limit: number): HttpError {
  // The rest of the body is not read: the connection closes after the answer.
  return new HttpError(413, genericError(ErrorCodes.PAYLOAD_TOO_LARGE, `The request body is larger than the server's limit of ${limit} bytes.`), {
    connection: 'close',
  });
}

/** Parses a request body that must be a JSON object; ksqlDB's 400 otherwise. */
export function parseJsonObject(text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw badRequest(`Invalid JSON in request: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest('Invalid JSON in request: the body must be a JSON object.');
  return value as JsonObject;
}

export async function readJsonObject(req: Req, limit: number): Promise<JsonObject> {
  return parseJsonObject(await readBody(req, limit));
}

/** A required string field of a request object. */
export function stringField(body: JsonObject, name: string): string {
  const v = body[name];
  if (typeof v !== 'string') throw badRequest(v === undefined || v === null ? `Missing required field '${name}' in request.` : `Field '${name}' must be a string.`);
  return v;
}

/**
 * An optional object of settings (streamsProperties, properties, sessionVariables) as strings,
 * the form the engine takes; ksqlDB clients send numbers and booleans too.
 */
export function stringMap(body: JsonObject, name: string): Record<string, string> {
  const v = body[name];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw badRequest(`Field '${name}' must be a JSON object.`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v as JsonObject)) {
    if (x === null || x === undefined) continue;
    out[k] = typeof x === 'string' ? x : stringifyJson(x);
  }
  return out;
}

/**
 * Resolves once `res` can take more data (true) or the client is gone (false). Called only after
 * write() returned false, so a fast client costs nothing.
 */
export function waitWritable(res: Res): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = (): void => {
      res.removeListener('close', onClose);
      resolve(true);
    };
    const onClose = (): void => {
      res.removeListener('drain', onDrain);
      resolve(false);
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/** The path of a request URL, without query string. */
export function pathOf(url: string | undefined): string {
  const u = url ?? '/';
  const q = u.indexOf('?');
  return q < 0 ? u : u.slice(0, q);
}

/** A RowSink writing each row as `format(row)` into an HTTP response. */
export function httpRowSink(res: Res, format: (row: readonly unknown[]) => string): RowSink {
  return {
    write: (row) => res.write(format(row)),
    writeBatch: (rows) => {
      let text = '';
      for (let i = 0; i < rows.length; i++) text += format(rows[i]!);
      return res.write(text);
    },
    writable: () => waitWritable(res),
    onGone: (listener) => {
      const onClose = (): void => {
        if (!res.writableEnded) listener();
      };
      res.once('close', onClose);
      return () => res.removeListener('close', onClose);
    },
  };
}

/** A RowSink for answers complete at once; `finish(tail)` ends the response. */
export interface BufferedRowSink extends RowSink {
  finish(tail: string): void;
}

/**
 * For answers that are complete at once (pull queries): the rows, after `head`, are gathered and
 * sent with the response's end, with a Content-Length, in one write. An answer that grows past
 * `flushAt` characters goes out chunked instead, in writes of about that size.
 */
export function bufferedRowSink(
  res: Res,
  format: (row: readonly unknown[]) => string,
  head: string,
  headers: OutgoingHttpHeaders,
  flushAt = 64 * 1024,
): BufferedRowSink {
  let pending = head;
  let streaming = false;
  const gone = httpRowSink(res, format);
  return {
    write: (row) => {
      pending += format(row);
      if (pending.length < flushAt) return true;
      if (!streaming) {
        res.writeHead(200, headers);
        streaming = true;
      }
      const chunk = pending;
      pending = '';
      return res.write(chunk);
    },
    writable: gone.writable,
    onGone: gone.onGone,
    finish: (tail) => {
      const body = pending + tail;
      pending = '';
      if (!streaming) res.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    },
  };
}
