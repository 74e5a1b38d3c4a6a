// Listening sockets. Cleartext: one port serves HTTP/1.1 and HTTP/2 with prior knowledge (h2c),
// told apart by the first bytes of a connection (Node 20's http2 server cannot fall back to
// HTTP/1.1 without TLS). TLS: one node:http2 secure server, HTTP/2 or HTTP/1.1 by ALPN.

import type { IncomingMessage, ServerResponse } from 'node:http';
import http from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import net from 'node:net';
import type { Duplex } from 'node:stream';

export type RequestListener = (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => void;
export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface TransportOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  readonly onRequest: RequestListener;
  readonly onUpgrade: UpgradeListener;
}

/** The HTTP/2 connection preface starts with these bytes; no HTTP/1.1 method does. */
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n');
/** A connection that sends nothing for this long is dropped before it is told apart. */
const SNIFF_TIMEOUT_MS = 30_000;

export class Transport {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly listener: net.Server,
    private readonly closers: (() => void)[],
  ) {
    listener.on('connection', (s: Socket) => this.track(s));
    listener.on('secureConnection', (s: Socket) => this.track(s));
  }

  static async listen(options: TransportOptions): Promise<Transport> {
    const { listener, closers } = options.tls ? secureListener(options) : cleartextListener(options);
    const transport = new Transport(listener, closers);
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(options.port, options.host, () => {
        listener.removeListener('error', reject);
        resolve();
      });
    });
    return transport;
  }

  get port(): number {
    return (this.listener.address() as AddressInfo).port;
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Stops listening and drops every connection, streaming ones included. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    for (const c of this.closers) c();
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

function http1Server(options: TransportOptions, onUpgrade?: UpgradeListener): http.Server {
  // No request timeout: /inserts-stream bodies and push queries last as long as the client wants.
  const server = http.createServer({ requestTimeout: 0, keepAliveTimeout: 30_000 });
  server.on('request', options.onRequest);
  if (onUpgrade) server.on('upgrade', onUpgrade);
  server.on('clientError', clientError);
  return server;
}

/**
 * An `Upgrade: h2c` request (curl --http2 on http://) is served as the HTTP/1.1 request it also
 * is: Node hands every Upgrade request to the upgrade listener, so its bytes are rebuilt, minus
 * the upgrade headers, and replayed into an HTTP/1.1 server that has no upgrade listener.
 */
function replayWithoutUpgrade(server: http.Server, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  let text = `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (name === 'upgrade' || name === 'http2-settings' || name === 'connection') continue;
    text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  }
  socket.unshift(Buffer.concat([Buffer.from(text + '\r\n', 'latin1'), head]));
  server.emit('connection', socket);
}

function cleartextListener(options: TransportOptions): { listener: net.Server; closers: (() => void)[] } {
  const plain = http1Server(options);
  const h1 = http1Server(options, (req, socket, head) => {
    if ((req.headers.upgrade ?? '').toLowerCase() === 'websocket') options.onUpgrade(req, socket, head);
    else replayWithoutUpgrade(plain, req, socket, head);
  });
  const h2 = http2.createServer();
  h2.on('request', (req, res) => options.onRequest(req, bufferWrites(res)));
  h2.on('sessionError', () => undefined);
  const listener = net.createServer((socket) => {
    socket.setTimeout(SNIFF_TIMEOUT_MS, () => socket.destroy());
    socket.on('error', () => undefined);
    let head: Buffer = Buffer.alloc(0);
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const n = Math.min(head.length, PREFACE.length);
      if (n === 0) return;
      const h2Prefix = head.subarray(0, n).equals(PREFACE.subarray(0, n));
      // Too few bytes to tell yet: wait for more.
      if (h2Prefix && n < PREFACE.length) return;
      socket.removeListener('readable', onReadable);
      socket.setTimeout(0);
      socket.unshift(head);
      (h2Prefix ? h2 : h1).emit('connection', socket);
    };
    socket.on('readable', onReadable);
  });
  return { listener, closers: [() => h1.close(() => undefined), () => plain.close(() => undefined), () => h2.close(() => undefined)] };
}

function secureListener(options: TransportOptions): { listener: net.Server; closers: (() => void)[] } {
  const server = http2.createSecureServer({ key: options.tls!.key, cert: options.tls!.cert, allowHTTP1: true });
  server.on('request', (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) =>
    options.onRequest(req, 'stream' in res ? bufferWrites(res) : res),
  );
  server.on('upgrade', options.onUpgrade);
  server.on('sessionError', () => undefined);
  server.on('tlsClientError', () => undefined);
  return { listener: server, closers: [] };
}

/**
 * Node 20's HTTP/2 compatibility response corrupts string chunks written in a later tick than the
 * previous write (the first bytes arrive as garbage); Buffers are written intact. So every string
 * is turned into a Buffer before it reaches the HTTP/2 stream.
 */
function bufferWrites(res: Http2ServerResponse): Http2ServerResponse {
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => Http2ServerResponse;
  const toBuffer = (c: unknown): unknown => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  Object.assign(res, {
    write: (chunk: unknown, ...rest: unknown[]) => write(toBuffer(chunk), ...rest),
    end: (chunk?: unknown, ...rest: unknown[]) => (typeof chunk === 'function' || chunk === undefined ? end(chunk, ...rest) : end(toBuffer(chunk), ...rest)),
  });
  return res;
}

/** A request Node cannot parse: ksqlDB's error object, never Node's default text. */
function clientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ '@type': 'generic_error', error_code: 40000, message: 'Malformed HTTP request.' });
  socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}
