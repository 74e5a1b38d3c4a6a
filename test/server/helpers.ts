// Test helpers: a real server on an ephemeral port over an in-memory engine, and small HTTP/1.1
// (node:http) and HTTP/2 (node:http2) clients that read answers whole or line by line.

import http from 'node:http';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import { Engine } from '../../src/engine/engine.js';
import { KsqliteServer } from '../../src/server/server.js';
import type { ServerOptions } from '../../src/server/server.js';

export interface Started {
  readonly engine: Engine;
  readonly server: KsqliteServer;
  close(): Promise<void>;
}

export async function startServer(options: Omit<ServerOptions, 'engine'> = {}): Promise<Started> {
  const engine = new Engine({ inMemory: true, processingLogStream: false });
  const server = await KsqliteServer.start({ engine, host: '127.0.0.1', port: 0, ...options });
  return {
    engine,
    server,
    close: async () => {
      await server.close();
      await engine.close();
    },
  };
}

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

export function json(a: Answer): unknown {
  return JSON.parse(a.text);
}

export interface RequestOptions {
  readonly body?: string | object;
  readonly headers?: OutgoingHttpHeaders;
  /** For https servers with a self-signed certificate. */
  readonly ca?: string | Buffer;
}

function bodyText(body: string | object | undefined): string | undefined {
  return body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
}

/** One HTTP/1.1 request, like curl: the whole answer. */
export function request(url: string, method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = bodyText(options.body);
    const mod = url.startsWith('https') ? https : http;
    const req = mod.request(
      `${url}${path}`,
      {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/vnd.ksql.v1+json' } : {}), ...options.headers },
        ...(options.ca !== undefined ? { ca: options.ca } : {}),
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function post(url: string, path: string, body: string | object, headers: OutgoingHttpHeaders = {}): Promise<Answer> {
  return request(url, 'POST', path, { body, headers });
}

/** A streaming HTTP/1.1 answer read line by line; `abort()` drops the connection. */
export interface LineStream {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The next complete line (without its newline), or null once the answer ended. */
  nextLine(): Promise<string | null>;
  /** Everything still to come, once the answer ends. */
  rest(): Promise<string>;
  abort(): void;
}

export function openStream(url: string, path: string, body: string | object, headers: OutgoingHttpHeaders = {}): Promise<LineStream> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, agent: false }, (res) => {
      res.setEncoding('utf8');
      resolve(lineStream(res, res.statusCode ?? 0, res.headers, () => req.destroy()));
    });
    req.on('error', reject);
    req.end(bodyText(body));
  });
}

function lineStream(source: NodeJS.ReadableStream, status: number, headers: IncomingHttpHeaders, abort: () => void): LineStream {
  let buffer = '';
  let ended = false;
  let wake: (() => void) | undefined;
  let reading = false;
  // Nothing is read until the test asks for a line: until then the client is a stalled reader.
  const startReading = (): void => {
    if (reading) return;
    reading = true;
    source.on('data', (d: string | Buffer) => {
      buffer += d.toString();
      wake?.();
    });
    const end = (): void => {
      ended = true;
      wake?.();
    };
    source.on('end', end);
    source.on('close', end);
    source.on('error', end);
  };
  const waitMore = (): Promise<void> =>
    new Promise((r) => {
      wake = () => {
        wake = undefined;
        r();
      };
    });
  return {
    status,
    headers,
    async nextLine() {
      startReading();
      for (;;) {
        const nl = buffer.indexOf('\n');
        if (nl >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          return line;
        }
        if (ended) {
          if (buffer === '') return null;
          const line = buffer;
          buffer = '';
          return line;
        }
        await waitMore();
      }
    },
    async rest() {
      startReading();
      while (!ended) await waitMore();
      const r = buffer;
      buffer = '';
      return r;
    },
    abort,
  };
}

/** An HTTP/2 client session (h2c, or h2 over TLS with `ca`). */
export function h2connect(url: string, ca?: string | Buffer): http2.ClientHttp2Session {
  const session = http2.connect(url, ca !== undefined ? { ca } : {});
  session.on('error', () => undefined);
  return session;
}

export interface H2Stream extends LineStream {
  readonly stream: http2.ClientHttp2Stream;
}

/** Opens an HTTP/2 request and resolves once its response headers arrive. */
export function h2open(session: http2.ClientHttp2Session, method: string, path: string, body?: string | object, headers: OutgoingHttpHeaders = {}): Promise<H2Stream> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': method, ':path': path, 'content-type': 'application/json', ...headers });
    stream.setEncoding('utf8');
    stream.on('error', reject);
    stream.on('response', (h) => {
      const status = Number(h[':status']);
      resolve({ ...lineStream(stream, status, h as IncomingHttpHeaders, () => stream.close(http2.constants.NGHTTP2_CANCEL)), stream });
    });
    stream.end(bodyText(body));
  });
}

export async function h2request(session: http2.ClientHttp2Session, method: string, path: string, body?: string | object, headers: OutgoingHttpHeaders = {}): Promise<Answer> {
  const s = await h2open(session, method, path, body, headers);
  return { status: s.status, headers: s.headers, text: await s.rest() };
}

/** Polls `check` until it holds (or fails after `ms`), for effects that happen on the next ticks. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const EARLIEST = { 'auto.offset.reset': 'earliest' };
