// One HTTP/2 connection to a ksqlDB-compatible server (h2c for http URLs, h2 over TLS for https),
// opened on first use and again after it drops. Requests carry Basic credentials; answers are
// read whole, or line by line for the streaming endpoints. Failures become RestErrors.

import http2 from 'node:http2';
import type { ClientHttp2Session, ClientHttp2Stream, OutgoingHttpHeaders } from 'node:http2';
import { RestError } from './rest-error.js';

export interface ConnectionOptions {
  readonly user?: string;
  readonly password?: string;
  /** Certificate authority to trust for an https server with a self-signed certificate. */
  readonly ca?: string | Buffer;
}

export interface OpenResponse {
  readonly status: number;
  readonly stream: ClientHttp2Stream;
}

export class Http2Connection {
  /** The server's URL without a trailing slash. */
  readonly url: string;
  private session: ClientHttp2Session | undefined;
  private readonly authorization: string | undefined;

  constructor(
    url: string,
    private readonly options: ConnectionOptions = {},
  ) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new RestError(`Not a server URL: '${url}'. Give one such as http://localhost:8088.`, 0);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new RestError(`Not an http or https URL: '${url}'.`, 0);
    this.url = parsed.origin;
    if (options.user !== undefined) this.authorization = `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
  }

  /** True when requests carry a user name and password. */
  get hasCredentials(): boolean {
    return this.authorization !== undefined;
  }

  private connect(): ClientHttp2Session {
    const current = this.session;
    if (current !== undefined && !current.closed && !current.destroyed) return current;
    const session = http2.connect(this.url, this.options.ca !== undefined ? { ca: this.options.ca } : {});
    // Failures reach the requests on the session; the session's own error event only needs a listener.
    session.on('error', () => undefined);
    const forget = (): void => {
      if (this.session === session) this.session = undefined;
    };
    session.once('close', forget);
    session.once('goaway', forget);
    this.session = session;
    return session;
  }

  /** Sends a request and resolves once the answer's headers arrive (its body is the stream). */
  open(method: 'GET' | 'POST', path: string, body?: string, headers: OutgoingHttpHeaders = {}, timeoutMs?: number): Promise<OpenResponse> {
    return new Promise((resolve, reject) => {
      let stream: ClientHttp2Stream;
      try {
        stream = this.connect().request({
          ':method': method,
          ':path': path,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.authorization !== undefined ? { authorization: this.authorization } : {}),
          ...headers,
        });
      } catch (e) {
        reject(this.connectionError(e));
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          stream.close(http2.constants.NGHTTP2_CANCEL);
          reject(new RestError(`The server at ${this.url} did not answer within ${Math.round(timeoutMs / 1000)} s.`, 0));
        }, timeoutMs);
      }
      let answered = false;
      stream.once('error', (e) => {
        clearTimeout(timer);
        reject(this.connectionError(e));
      });
      // A connection the server dropped ends its streams without an error event.
      stream.once('close', () => {
        clearTimeout(timer);
        if (!answered) reject(new RestError(`The connection to the server at ${this.url} closed before it answered.`, 0));
      });
      stream.once('response', (h) => {
        answered = true;
        clearTimeout(timer);
        resolve({ status: Number(h[':status']), stream });
      });
      stream.end(body);
    });
  }

  /** A request whose whole answer is read as text. */
  async request(method: 'GET' | 'POST', path: string, body?: string, headers: OutgoingHttpHeaders = {}, timeoutMs?: number): Promise<{ status: number; text: string }> {
    const { status, stream } = await this.open(method, path, body, headers, timeoutMs);
    let text = '';
    stream.setEncoding('utf8');
    try {
      for await (const chunk of stream) text += chunk as string;
    } catch (e) {
      throw this.connectionError(e);
    }
    return { status, text };
  }

  /** Closes the connection; a later request opens a new one. */
  close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (session === undefined || session.closed || session.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      session.close(() => resolve());
      // Streams still open (a query being read) would hold close() back: end them.
      setTimeout(() => session.destroy(), 1000).unref();
    });
  }

  /** A network failure as a RestError that names the server and what went wrong. */
  connectionError(e: unknown): RestError {
    if (e instanceof RestError) return e;
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
    const message = cause instanceof Error ? cause.message : String(cause);
    const code = (cause as { code?: unknown } | undefined)?.code;
    const hint = code === 'ECONNREFUSED' ? ' Is `ksqlite server` running there?' : '';
    return new RestError(`Could not reach the server at ${this.url}: ${message}.${hint}`, 0);
  }
}

/** The lines of a streamed answer as they arrive, without their line breaks (blank lines skipped). */
export async function* answerLines(stream: ClientHttp2Stream): AsyncGenerator<string> {
  stream.setEncoding('utf8');
  let buffer = '';
  for await (const chunk of stream) {
    buffer += chunk as string;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl).trimEnd();
      buffer = buffer.slice(nl + 1);
      if (line !== '') yield line;
      nl = buffer.indexOf('\n');
    }
  }
  if (buffer.trim() !== '') yield buffer.trim();
}
