// Records between ksqlite's log shapes and kafkajs's: headers as an ordered list versus kafkajs's
// object of name -> value(s), numeric offsets and timestamps versus kafkajs's decimal strings.

import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { KsqlError } from '../../errors.js';
import type { Header, LogRecord, ProduceRecord } from '../types.js';

const NO_HEADERS: readonly Header[] = Object.freeze([]);

/**
 * kafkajs headers for a record: repeated names become arrays (order kept per name; the interleaving
 * of different names is not, which Kafka clients do not rely on). kafkajs cannot encode a null
 * header value (it measures it with Buffer.byteLength and throws), so that is refused up front.
 */
export function toKafkaHeaders(topic: string, headers: readonly Header[] | undefined): IHeaders | undefined {
  if (headers === undefined || headers.length === 0) return undefined;
  const out: IHeaders = {};
  for (const h of headers) {
    if (h.value === null) {
      throw new KsqlError(
        'TOPIC',
        `Cannot produce to '${topic}': header '${h.key}' has a null value, which the Kafka client ` +
          `(kafkajs) cannot send; use an empty value or leave the header out`,
      );
    }
    const previous = out[h.key];
    if (previous === undefined) out[h.key] = h.value;
    else if (Array.isArray(previous)) previous.push(h.value);
    else out[h.key] = [previous, h.value];
  }
  return out;
}

function headerBytes(value: Buffer | string | null | undefined): Buffer | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

/** The ordered header list of a consumed record; kafkajs has already grouped repeated names. */
export function fromKafkaHeaders(headers: IHeaders | undefined): readonly Header[] {
  if (headers === undefined) return NO_HEADERS;
  let out: Header[] | undefined;
  for (const key in headers) {
    out ??= [];
    const value = headers[key];
    if (Array.isArray(value)) {
      for (const v of value) out.push({ key, value: headerBytes(v) });
    } else {
      out.push({ key, value: headerBytes(value) });
    }
  }
  return out ?? NO_HEADERS;
}

export function toKafkaMessage(topic: string, record: ProduceRecord, partition: number): Message {
  return {
    key: record.key,
    value: record.value,
    partition,
    timestamp: String(record.timestamp),
    headers: toKafkaHeaders(topic, record.headers),
  };
}

export function fromKafkaMessage(topic: string, partition: number, m: KafkaMessage): LogRecord {
  return {
    topic,
    partition,
    offset: Number(m.offset),
    key: m.key,
    value: m.value,
    timestamp: Number(m.timestamp),
    headers: m.headers === undefined ? NO_HEADERS : fromKafkaHeaders(m.headers),
  };
}

/** Bytes a record adds to a produce request, near enough to keep requests under the broker's limit. */
export function estimatedSize(record: ProduceRecord): number {
  let size = 24 + (record.key?.length ?? 0) + (record.value?.length ?? 0);
  if (record.headers !== undefined) {
    for (const h of record.headers) size += 8 + h.key.length + (h.value?.length ?? 0);
  }
  return size;
}
