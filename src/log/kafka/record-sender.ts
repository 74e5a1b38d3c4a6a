// Sends a batch of ProduceRecords to one topic through kafkajs and reports where each landed.
// Partitions are chosen here, not by kafkajs, exactly as the embedded log chooses them, so a keyed
// record goes where Java clients put it and every record's offset can be worked out from the reply.

import type { Message, ProducerRecord, RecordMetadata } from 'kafkajs';
import { KsqlError } from '../../errors.js';
import type { ProducedOffset } from '../embedded/embedded-log.js';
import { partitionForKey } from '../partitioner.js';
import type { ProduceRecord } from '../types.js';
import { estimatedSize, toKafkaMessage } from './record-mapping.js';

export type SendFn = (record: ProducerRecord) => Promise<RecordMetadata[]>;

/**
 * One produce request stays under this many bytes: the broker refuses a partition's batch over
 * message.max.bytes (1 MB by default) and kafkajs does not split batches itself.
 */
const MAX_REQUEST_BYTES = 768 * 1024;
/**
 * And at most this many records: kafkajs groups a request's records by partition by copying the
 * partition's list once per record (quadratic: 7000 records cost ~10 us each), so requests stay small
 * enough for that to be cheap; the round trip per request is the smaller cost.
 */
const MAX_REQUEST_RECORDS = 500;

/** Null-key records of one call share a partition; the next call moves on (Kafka's sticky partitioning). */
export class StickyPartitions {
  private readonly calls = new Map<string, number>();

  next(topic: string, partitions: number): number {
    const n = this.calls.get(topic) ?? 0;
    this.calls.set(topic, n + 1);
    return n % partitions;
  }

  forget(topic: string): void {
    this.calls.delete(topic);
  }
}

/** Each record's partition: its own if set, else murmur2 of the key, else the call's sticky partition. */
export function assignPartitions(
  topic: string,
  records: readonly ProduceRecord[],
  partitions: number,
  sticky: StickyPartitions,
): Int32Array {
  const assigned = new Int32Array(records.length);
  let stickyPartition = -1;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    let p: number;
    if (r.partition !== undefined) {
      p = r.partition;
      if (!Number.isInteger(p) || p < 0 || p >= partitions) {
        throw new KsqlError(
          'TOPIC',
          `Topic '${topic}' has no partition ${p}: it has ${partitions} (numbered 0 to ${partitions - 1})`,
        );
      }
    } else if (partitions === 1) {
      p = 0;
    } else if (r.key !== null) {
      p = partitionForKey(r.key, partitions);
    } else {
      if (stickyPartition < 0) stickyPartition = sticky.next(topic, partitions);
      p = stickyPartition;
    }
    assigned[i] = p;
  }
  return assigned;
}

/**
 * Sends the records in order, in requests of bounded size, awaiting each so records of a partition
 * keep their order. `from` lets a caller resume after a failed request; `placed` receives offsets.
 */
export async function sendRecords(
  send: SendFn,
  topic: string,
  records: readonly ProduceRecord[],
  assigned: Int32Array,
  partitions: number,
  placed: ProducedOffset[],
  progress: { from: number },
): Promise<void> {
  const nextInPartition = new Int32Array(partitions);
  const bases = new Array<number>(partitions);
  while (progress.from < records.length) {
    const start = progress.from;
    const messages: Message[] = [];
    let bytes = 0;
    let end = start;
    while (end < records.length && (end === start || (bytes < MAX_REQUEST_BYTES && end - start < MAX_REQUEST_RECORDS))) {
      const r = records[end]!;
      bytes += estimatedSize(r);
      messages.push(toKafkaMessage(topic, r, assigned[end]!));
      end++;
    }
    const replies = await send({ topic, messages, acks: -1 });
    bases.fill(-1);
    for (const reply of replies) bases[reply.partition] = Number(reply.baseOffset ?? reply.offset ?? -1);
    nextInPartition.fill(0);
    for (let i = start; i < end; i++) {
      const p = assigned[i]!;
      const base = bases[p]!;
      placed[i] = { partition: p, offset: base < 0 ? -1 : base + nextInPartition[p]!++ };
    }
    progress.from = end;
  }
}
