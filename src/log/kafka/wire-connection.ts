// One TCP connection to a Kafka broker speaking the binary protocol directly: size-prefixed
// requests with a v1 header, answers matched by correlation id. Used by the record-batch producer,
// whose requests kafkajs would re-encode record by record.

import { connect } from 'node:net';
import type { Socket } from 'node:net';

/** The broker could not be reached, dropped the connection, or did not answer in time. */
export class WireConnectionError extends Error {
  override readonly name = 'WireConnectionError';
}

/** The broker answered with a Kafka error code. `type` is the protocol's name for it. */
export class WireProtocolError extends Error {
  override readonly name = 'WireProtocolError';
  constructor(
    readonly code: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

interface Pending {
  readonly resolve: (body: Buffer) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class WireConnection {
  private socket: Socket | undefined;
  private opening: Promise<Socket> | undefined;
  private nextCorrelation = 1;
  private readonly pending = new Map<number, Pending>();
  private received: Buffer[] = [];
  private receivedBytes = 0;
  private readonly clientId: Buffer;

  constructor(
    readonly host: string,
    readonly port: number,
    clientId: string,
    private readonly connectTimeoutMs: number,
    private readonly requestTimeoutMs: number,
  ) {
    this.clientId = Buffer.from(clientId, 'utf8');
  }

  /** Sends `body` as request `apiKey`/`version`; resolves with the answer's body (after its correlation id). */
  async request(apiKey: number, version: number, body: Buffer): Promise<Buffer> {
    const socket = await this.open();
    const correlation = this.nextCorrelation++;
    if (this.nextCorrelation > 0x7fffffff) this.nextCorrelation = 1;
    const header = Buffer.allocUnsafe(4 + 2 + 2 + 4 + 2 + this.clientId.length);
    header.writeInt32BE(header.length - 4 + body.length, 0);
    header.writeInt16BE(apiKey, 4);
    header.writeInt16BE(version, 6);
    header.writeInt32BE(correlation, 8);
    header.writeInt16BE(this.clientId.length, 12);
    this.clientId.copy(header, 14);
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlation);
        // A late answer would be matched to nothing; the connection's state is unknown: start afresh.
        this.close(new WireConnectionError(`Kafka at ${this.host}:${this.port} did not answer within ${this.requestTimeoutMs} ms`));
        reject(new WireConnectionError(`Kafka at ${this.host}:${this.port} did not answer within ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(correlation, { resolve, reject, timer });
      socket.cork();
      socket.write(header);
      socket.write(body);
      socket.uncork();
    });
  }

  /** Closes the socket; requests waiting for an answer fail with `reason`. */
  close(reason: Error = new WireConnectionError('connection closed')): void {
    const socket = this.socket;
    this.socket = undefined;
    this.opening = undefined;
    this.received = [];
    this.receivedBytes = 0;
    socket?.destroy();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(reason);
    }
    this.pending.clear();
  }

  private open(): Promise<Socket> {
    if (this.socket !== undefined) return Promise.resolve(this.socket);
    this.opening ??= new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        this.opening = undefined;
        reject(new WireConnectionError(`Connection to ${this.host}:${this.port} timed out after ${this.connectTimeoutMs} ms`));
      }, this.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        this.socket = socket;
        resolve(socket);
      });
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('error', (e) => {
        clearTimeout(timer);
        const error = new WireConnectionError(`Connection to ${this.host}:${this.port} failed: ${e.message}`);
        if (this.socket === socket) this.close(error);
        else {
          this.opening = undefined;
          reject(error);
        }
      });
      socket.on('close', () => {
        if (this.socket === socket) this.close(new WireConnectionError(`Connection to ${this.host}:${this.port} closed`));
      });
    });
    return this.opening;
  }

  private onData(chunk: Buffer): void {
    this.received.push(chunk);
    this.receivedBytes += chunk.length;
    for (;;) {
      if (this.receivedBytes < 4) return;
      let buf = this.received.length === 1 ? this.received[0]! : Buffer.concat(this.received, this.receivedBytes);
      const size = buf.readInt32BE(0);
      if (this.receivedBytes < 4 + size) {
        this.received = [buf];
        return;
      }
      const correlation = buf.readInt32BE(4);
      const body = buf.subarray(8, 4 + size);
      buf = buf.subarray(4 + size);
      this.received = buf.length > 0 ? [buf] : [];
      this.receivedBytes = buf.length;
      const p = this.pending.get(correlation);
      if (p !== undefined) {
        this.pending.delete(correlation);
        clearTimeout(p.timer);
        p.resolve(body);
      }
    }
  }
}
