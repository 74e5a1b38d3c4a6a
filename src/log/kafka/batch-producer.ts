// The idempotent producer behind KafkaLog.produce: writes record batches itself (record-batch.ts)
// and sends them as Produce requests on its own connections to the partition leaders, one request
// at a time, so a resent request carries the same sequence numbers and the broker drops what it
// already has. Transactions stay with kafkajs (transactional-producer.ts).

import { KsqlError } from '../../errors.js';
import type { ProducedOffset } from '../embedded/embedded-log.js';
import type { ProduceRecord } from '../types.js';
import type { KafkaAdmin } from './kafka-admin.js';
import { estimatedSize } from './record-mapping.js';
import { encodeRecordBatch } from './record-batch.js';
import { WireConnection, WireConnectionError, WireProtocolError } from './wire-connection.js';

const PRODUCE = 0;
const PRODUCE_VERSION = 3;
const INIT_PRODUCER_ID = 22;
const INIT_PRODUCER_ID_VERSION = 1;
const ACKS_ALL = -1;
/** One request stays under this (the broker refuses a partition's batch over message.max.bytes, 1 MB by default). */
const MAX_REQUEST_BYTES = 768 * 1024;

/** Errors after which the same request may succeed once the leaders are looked up again. */
const RETRIABLE: ReadonlyMap<number, string> = new Map([
  [5, 'LEADER_NOT_AVAILABLE'],
  [6, 'NOT_LEADER_OR_FOLLOWER'],
  [7, 'REQUEST_TIMED_OUT'],
  [13, 'NETWORK_EXCEPTION'],
  [14, 'COORDINATOR_LOAD_IN_PROGRESS'],
  [19, 'NOT_ENOUGH_REPLICAS'],
  [20, 'NOT_ENOUGH_REPLICAS_AFTER_APPEND'],
  [74, 'FENCED_LEADER_EPOCH'],
  [76, 'UNKNOWN_LEADER_EPOCH'],
]);
const FATAL: ReadonlyMap<number, string> = new Map([
  [3, 'UNKNOWN_TOPIC_OR_PARTITION'],
  [2, 'CORRUPT_MESSAGE'],
  [10, 'MESSAGE_TOO_LARGE'],
  [18, 'RECORD_LIST_TOO_LARGE'],
  [29, 'TOPIC_AUTHORIZATION_FAILED'],
  [45, 'OUT_OF_ORDER_SEQUENCE_NUMBER'],
  [47, 'INVALID_PRODUCER_EPOCH'],
  [59, 'UNKNOWN_PRODUCER_ID'],
  [87, 'INVALID_RECORD'],
]);
const DUPLICATE_SEQUENCE_NUMBER = 46;

function protocolError(code: number, what: string): WireProtocolError {
  const type = RETRIABLE.get(code) ?? FATAL.get(code) ?? `KAFKA_ERROR_${code}`;
  return new WireProtocolError(code, type, `${what}: the broker answered ${type} (error code ${code})`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function stringSize(s: Buffer): number {
  return 2 + s.length;
}

export interface BatchProducerOptions {
  readonly clientId: string;
  readonly connectTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** Resends of one request after a retriable error or a lost connection. */
  readonly retries: number;
}

interface TopicRoute {
  readonly leaders: number[];
  /** Next sequence number per partition, for the current producer id. */
  readonly sequences: number[];
}

export class BatchProducer {
  private readonly connections = new Map<number, WireConnection>();
  private brokers = new Map<number, { host: string; port: number }>();
  private readonly routes = new Map<string, TopicRoute>();
  private producerId = -1n;
  private producerEpoch = -1;
  /** Set after a failure whose outcome is unknown: the next send starts a new producer id. */
  private stale = true;
  /** The request in progress: sequence numbers are taken when a request is written, so requests go one at a time. */
  private turn: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly admin: KafkaAdmin,
    private readonly options: BatchProducerOptions,
  ) {}

  /**
   * Sends `records` (each to `assigned[i]`) in requests of bounded size, in order, from
   * `progress.from`; `placed[i]` receives each record's partition and offset. After a failure,
   * `progress.from` is where a retry should start.
   */
  async send(topic: string, records: readonly ProduceRecord[], assigned: Int32Array, partitions: number, placed: ProducedOffset[], progress: { from: number }): Promise<void> {
    const counts = new Int32Array(partitions + 1);
      const indexes = new Int32Array(records.length);
      while (progress.from < records.length) {
        const start = progress.from;
        let end = start;
        let bytes = 0;
        while (end < records.length && (end === start || bytes < MAX_REQUEST_BYTES)) bytes += estimatedSize(records[end++]!);
        // Record indexes grouped by partition, in order (a counting sort).
        counts.fill(0);
        for (let i = start; i < end; i++) counts[assigned[i]! + 1]!++;
        for (let p = 0; p < partitions; p++) counts[p + 1]! += counts[p]!;
        const firsts = counts.slice(0, partitions);
        for (let i = start; i < end; i++) indexes[start + counts[assigned[i]!]!++] = i;
        await this.inTurn(() => this.sendChunk(topic, records, indexes, start, firsts, counts, placed));
        progress.from = end;
      }
  }

  /** Runs `fn` after the requests queued before it (concurrent callers interleave by request). */
  private inTurn(fn: () => Promise<void>): Promise<void> {
    const run = this.turn.then(fn).catch((e: unknown) => {
      // A request may have landed without its answer: later ones must not reuse its sequence numbers.
      this.stale = true;
      throw e;
    });
    this.turn = run.catch(() => undefined);
    return run;
  }

  /** Sends one chunk: partition p holds `indexes[start + firsts[p] .. start + ends[p])`. */
  private async sendChunk(
    topic: string,
    records: readonly ProduceRecord[],
    indexes: Int32Array,
    start: number,
    firsts: Int32Array,
    ends: Int32Array,
    placed: ProducedOffset[],
  ): Promise<void> {
    // Not a connection failure: a caller waiting out an outage must not reconnect a closed log.
    if (this.closed) throw new KsqlError('TOPIC', `Cannot produce to '${topic}': the Kafka log was disconnected`);
    if (this.stale) await this.initProducerId(topic);
    let route = this.routes.get(topic) ?? (await this.route(topic));
    const batches = new Map<number, Buffer>();
    for (let p = 0; p < firsts.length; p++) {
      if (ends[p]! > firsts[p]!) {
        const state = { producerId: this.producerId, producerEpoch: this.producerEpoch, baseSequence: route.sequences[p] ?? 0 };
        batches.set(p, encodeRecordBatch(records, indexes, start + firsts[p]!, start + ends[p]!, state));
      }
    }
    const topicName = Buffer.from(topic, 'utf8');
    for (let attempt = 0; batches.size > 0; attempt++) {
      // The partitions still to send, by leader.
      const byLeader = new Map<number, number[]>();
      for (const p of batches.keys()) {
        const leader = route.leaders[p] ?? -1;
        let list = byLeader.get(leader);
        if (!list) byLeader.set(leader, (list = []));
        list.push(p);
      }
      let failure: Error | undefined;
      for (const [leader, parts] of byLeader) {
        try {
          const answers = await this.produce(leader, topicName, parts, batches);
          for (const [p, code, baseOffset] of answers) {
            if (code !== 0 && code !== DUPLICATE_SEQUENCE_NUMBER) {
              failure = protocolError(code, `produce to '${topic}' partition ${p}`);
              if (!RETRIABLE.has(code)) throw failure;
              continue;
            }
            const from = start + firsts[p]!;
            const to = start + ends[p]!;
            for (let i = from; i < to; i++) placed[indexes[i]!] = { partition: p, offset: baseOffset < 0 ? -1 : baseOffset + (i - from) };
            route.sequences[p] = ((route.sequences[p] ?? 0) + (to - from)) % 0x80000000;
            batches.delete(p);
          }
        } catch (e) {
          if (!(e instanceof WireConnectionError) && !(e instanceof WireProtocolError && RETRIABLE.has(e.code))) throw e;
          failure = e;
        }
      }
      if (batches.size === 0) break;
      if (attempt >= this.options.retries) throw failure ?? new WireConnectionError(`produce to '${topic}' failed`);
      await sleep(Math.min(100 * 2 ** attempt, 2000));
      route = await this.route(topic, route);
    }
  }

  /** One Produce request to `leader` for `parts`; answers [partition, error code, base offset]. */
  private async produce(leader: number, topicName: Buffer, parts: readonly number[], batches: ReadonlyMap<number, Buffer>): Promise<[number, number, number][]> {
    const connection = this.connection(leader);
    let size = 2 + 2 + 4 + 4 + stringSize(topicName) + 4;
    for (const p of parts) size += 4 + 4 + batches.get(p)!.length;
    const body = Buffer.allocUnsafe(size);
    let pos = body.writeInt16BE(-1, 0); // no transactional id
    pos = body.writeInt16BE(ACKS_ALL, pos);
    pos = body.writeInt32BE(this.options.requestTimeoutMs, pos);
    pos = body.writeInt32BE(1, pos); // one topic
    pos = body.writeInt16BE(topicName.length, pos);
    pos += topicName.copy(body, pos);
    pos = body.writeInt32BE(parts.length, pos);
    for (const p of parts) {
      const batch = batches.get(p)!;
      pos = body.writeInt32BE(p, pos);
      pos = body.writeInt32BE(batch.length, pos);
      pos += batch.copy(body, pos);
    }
    const answer = await connection.request(PRODUCE, PRODUCE_VERSION, body);
    // [topic name, [partition, error code, base offset, log append time]], throttle time
    const out: [number, number, number][] = [];
    let at = 0;
    const topics = answer.readInt32BE(at);
    at += 4;
    for (let t = 0; t < topics; t++) {
      at += 2 + answer.readInt16BE(at);
      const n = answer.readInt32BE(at);
      at += 4;
      for (let i = 0; i < n; i++) {
        out.push([answer.readInt32BE(at), answer.readInt16BE(at + 4), Number(answer.readBigInt64BE(at + 6))]);
        at += 22;
      }
    }
    return out;
  }

  /** A new producer id (sequence numbers start again at 0 for every partition). */
  private async initProducerId(topic: string): Promise<void> {
    const route = this.routes.get(topic) ?? (await this.route(topic));
    const node = route.leaders.find((l) => l >= 0) ?? [...this.brokers.keys()][0] ?? -1;
    const body = Buffer.allocUnsafe(6);
    body.writeInt16BE(-1, 0); // no transactional id
    body.writeInt32BE(60_000, 2);
    for (let attempt = 0; ; attempt++) {
      let failure: Error;
      try {
        const answer = await this.connection(node).request(INIT_PRODUCER_ID, INIT_PRODUCER_ID_VERSION, body);
        const code = answer.readInt16BE(4);
        if (code === 0) {
          this.producerId = answer.readBigInt64BE(6);
          this.producerEpoch = answer.readInt16BE(14);
          for (const r of this.routes.values()) r.sequences.fill(0);
          this.stale = false;
          return;
        }
        failure = protocolError(code, 'start an idempotent producer');
        if (!RETRIABLE.has(code) && code !== 15) throw failure;
      } catch (e) {
        if (!(e instanceof WireConnectionError)) throw e;
        failure = e;
      }
      if (attempt >= this.options.retries) throw failure;
      await sleep(Math.min(100 * 2 ** attempt, 2000));
    }
  }

  /** Looks the topic's leaders up again; sequence numbers carry over from `previous`. */
  private async route(topic: string, previous?: TopicRoute): Promise<TopicRoute> {
    const { leaders, brokers } = await this.admin.leaders(topic);
    this.brokers = brokers;
    const sequences = previous?.sequences ?? [];
    for (let p = sequences.length; p < leaders.length; p++) sequences.push(0);
    const route = { leaders, sequences };
    this.routes.set(topic, route);
    return route;
  }

  private connection(node: number): WireConnection {
    let c = this.connections.get(node);
    if (c === undefined) {
      const address = this.brokers.get(node);
      if (address === undefined) throw new WireConnectionError(`No broker with node id ${node} is known (the partition may have no leader)`);
      c = new WireConnection(address.host, address.port, this.options.clientId, this.options.connectTimeoutMs, this.options.requestTimeoutMs);
      this.connections.set(node, c);
    }
    return c;
  }

  /** Forgets a topic's leaders and sequence numbers (it was deleted; it may come back new). */
  forget(topic: string): void {
    if (this.routes.delete(topic)) this.stale = true;
  }

  /** Lets a closed producer send again (the log reconnected). */
  open(): void {
    this.closed = false;
  }

  close(): void {
    this.closed = true;
    for (const c of this.connections.values()) c.close();
    this.connections.clear();
    this.stale = true;
  }
}
