// Shared by the Kafka tests: the broker address, names unique to this run (the broker outlives test
// runs), a log that keeps kafkajs quiet, and waiting for consumers.

import { randomBytes } from 'node:crypto';
import { KafkaLog } from '../../src/log/kafka/index.js';
import type { ConsumedBatch, KafkaGroupConsumer, KafkaLogEntry } from '../../src/log/kafka/index.js';
import type { LogRecord } from '../../src/log/types.js';
import { readToEnd } from '../../src/log/kafka/partition-reader.js';

export const BROKERS = process.env['KSQLITE_KAFKA_BROKERS'] ?? '127.0.0.1:9092';

const RUN = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
let counter = 0;

/** A topic or group name no earlier run used. */
export function unique(prefix: string): string {
  counter += 1;
  return `test-${prefix}-${RUN}-${counter}`;
}

/** kafkajs errors and warnings seen by the logs of a test file, to print when a test fails. */
export const clientLog: KafkaLogEntry[] = [];

export async function openLog(): Promise<KafkaLog> {
  return KafkaLog.connect({ brokers: BROKERS, clientId: 'ksqlite-tests', onLog: (e) => clientLog.push(e) });
}

export function text(b: Buffer | null): string | null {
  return b === null ? null : b.toString('utf8');
}

export function buf(s: string): Buffer {
  return Buffer.from(s, 'utf8');
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string | (() => string),
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A started consumer whose batches are collected in `records` (and committed if asked). */
export interface Collector {
  readonly consumer: KafkaGroupConsumer;
  readonly records: LogRecord[];
  readonly batches: ConsumedBatch[];
}

export async function collect(consumer: KafkaGroupConsumer, commit: boolean): Promise<Collector> {
  const c: Collector = { consumer, records: [], batches: [] };
  await consumer.start(async (batch) => {
    c.batches.push(batch);
    c.records.push(...batch.records);
    if (commit) await consumer.commit([{ topic: batch.topic, partition: batch.partition, offset: batch.nextOffset }]);
  });
  return c;
}

export function waitForRecords(c: Collector, count: number, timeoutMs = 60_000): Promise<LogRecord[]> {
  return waitFor(
    () => `${count} records (have ${c.records.length})`,
    () => (c.records.length >= count ? c.records : undefined),
    timeoutMs,
  );
}

/** The latest JSON value per key of a topic (a table's changelog), keys as UTF-8 text. */
export async function latestValues(log: KafkaLog, topic: string): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  await readToEnd(log, topic, (r) => {
    const k = r.key === null ? '' : r.key.toString('utf8');
    if (r.value === null) out.delete(k);
    else out.set(k, JSON.parse(r.value.toString('utf8')) as unknown);
  });
  return out;
}
