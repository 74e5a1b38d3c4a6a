// Reads partitions of a topic from their start to their end as of the call (restoring a state
// store from its changelog, replaying the command topic, pull queries on streams). kafkajs has no
// manual assignment, so a reader is a member of a group of its own, deleted afterwards.

import { randomBytes } from 'node:crypto';
import type { LogRecord } from '../types.js';
import type { KafkaLog } from './kafka-log.js';

/**
 * Hands every record of `partitions` (all when omitted) from the start up to the end offsets seen
 * at the call to `onRecord`, in offset order per partition; resolves when all were read.
 */
export function readToEnd(
  log: KafkaLog,
  topic: string,
  onRecord: (r: LogRecord) => void,
  partitions?: readonly number[],
): Promise<void> {
  return readToEndInBatches(
    log,
    topic,
    (records) => {
      for (const r of records) onRecord(r);
    },
    partitions,
  );
}

/** As readToEnd, a fetched batch at a time (a restore applies each in one transaction). */
export async function readToEndInBatches(
  log: KafkaLog,
  topic: string,
  onBatch: (records: readonly LogRecord[]) => void,
  partitions?: readonly number[],
): Promise<void> {
  const ends = await log.endOffsets(topic);
  const starts = await log.startOffsets(topic);
  const wanted = partitions ?? ends.map((_e, p) => p);
  const remaining = new Set(wanted.filter((p) => (ends[p] ?? 0) > (starts[p] ?? 0)));
  if (remaining.size === 0) return;
  const groupId = `_ksqlite-reader-${randomBytes(6).toString('hex')}`;
  const consumer = log.consumer({ groupId, topics: [topic], autoOffsetReset: 'earliest', maxWaitTimeMs: 100 });
  let finish: () => void = () => undefined;
  let fail: (e: unknown) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  // A consumer that stopped for good would leave `done` waiting forever.
  consumer.onError((e, restarting) => {
    if (!restarting) fail(e);
  });
  try {
    await consumer.start(async (batch) => {
      if (!remaining.has(batch.partition)) return;
      const end = ends[batch.partition]!;
      const records = batch.records;
      try {
        onBatch(records.length > 0 && records[records.length - 1]!.offset >= end ? records.filter((r) => r.offset < end) : records);
      } catch (e) {
        // The caller's failure, not the consumer's: end the read with it.
        remaining.clear();
        fail(e);
        return;
      }
      if (batch.nextOffset >= end) {
        remaining.delete(batch.partition);
        if (remaining.size === 0) finish();
      }
    });
    await done;
  } finally {
    await consumer.stop();
    await log.deleteGroup(groupId).catch(() => undefined);
  }
}
