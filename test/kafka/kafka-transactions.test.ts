// Kafka transactions on a real broker: read_committed consumers see a transaction's records only
// after commit and never after abort; group offsets commit with the records; a newer producer
// with the same transactional id fences the older one.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaLog } from '../../src/log/kafka/index.js';
import type { ProduceRecord } from '../../src/log/types.js';
import { buf, collect, openLog, text, unique, waitFor, waitForRecords } from './kafka-fixtures.js';
import type { Collector } from './kafka-fixtures.js';

let log: KafkaLog;

beforeAll(async () => {
  log = await openLog();
});

afterAll(async () => {
  await log.disconnect();
});

function values(...vs: string[]): ProduceRecord[] {
  return vs.map((v) => ({ key: buf(`key-${v}`), value: buf(v), timestamp: 1_000 }));
}

function seen(c: Collector): (string | null)[] {
  return c.records.map((r) => text(r.value));
}

/** A read_committed and a read_uncommitted reader of the topic, each in its own group. */
async function readers(topic: string): Promise<{ committed: Collector; uncommitted: Collector }> {
  const committed = await collect(log.consumer({ groupId: unique('rc'), topics: [topic] }), false);
  const uncommitted = await collect(
    log.consumer({ groupId: unique('ru'), topics: [topic], isolation: 'read_uncommitted' }),
    false,
  );
  return { committed, uncommitted };
}

describe('Kafka transactions', () => {
  it('hides a transaction\'s records from read_committed consumers until it commits', async () => {
    const topic = unique('txn-commit');
    await log.createTopic(topic, { partitions: 2 });
    const { committed, uncommitted } = await readers(topic);
    const producer = await log.transactionalProducer({ transactionalId: unique('txn-commit-id') });
    const txn = await producer.begin();
    const placed = await txn.send(topic, values('a', 'b', 'c'));
    expect(placed.every((p) => p.offset >= 0)).toBe(true);

    // Written (a read_uncommitted reader has them) but not visible to read_committed ones.
    await waitForRecords(uncommitted, 3);
    await new Promise((r) => setTimeout(r, 1000));
    expect(committed.records).toEqual([]);
    expect(await log.endOffsets(topic)).toEqual([0, 0]);

    await txn.commit();
    expect(txn.active).toBe(false);
    await waitForRecords(committed, 3);
    expect(seen(committed).sort()).toEqual(['a', 'b', 'c']);
    // The end offsets now count the records and the commit markers after them.
    const ends = await log.endOffsets(topic);
    expect(ends.reduce((x, y) => x + y, 0)).toBe(3 + ends.filter((e) => e > 0).length);
    await producer.close();
  });

  it('drops an aborted transaction\'s records for read_committed consumers', async () => {
    const topic = unique('txn-abort');
    await log.createTopic(topic, { partitions: 1 });
    const { committed, uncommitted } = await readers(topic);
    const producer = await log.transactionalProducer({ transactionalId: unique('txn-abort-id') });

    const aborted = await producer.begin();
    await aborted.send(topic, values('x1', 'x2'));
    await aborted.abort();
    const kept = await producer.begin();
    await kept.send(topic, values('ok'));
    await kept.commit();

    await waitForRecords(uncommitted, 3);
    await waitForRecords(committed, 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(seen(uncommitted)).toEqual(['x1', 'x2', 'ok']);
    expect(seen(committed)).toEqual(['ok']);
    // Offsets 0-1 aborted records, 2 the abort marker, 3 'ok', 4 the commit marker.
    expect(committed.records[0]!.offset).toBe(3);
    expect(committed.batches.at(-1)!.nextOffset).toBe(5);
    await producer.close();
  });

  it('commits a group\'s input offsets with the records, and not when the transaction aborts', async () => {
    const input = unique('txn-in');
    const output = unique('txn-out');
    const group = unique('txn-group');
    await log.createTopic(input, { partitions: 1 });
    await log.createTopic(output, { partitions: 1 });
    await log.produce(input, values('1', '2', '3'));
    const producer = await log.transactionalProducer({ transactionalId: unique('txn-offsets-id') });

    const rollback = await producer.begin();
    await rollback.send(output, values('doubled-1'));
    await rollback.sendOffsets(group, [{ topic: input, partition: 0, offset: 1 }]);
    await rollback.abort();
    expect(await log.committedOffsets(group, input)).toEqual([undefined]);

    const txn = await producer.begin();
    await txn.send(output, values('doubled-1', 'doubled-2', 'doubled-3'));
    await txn.sendOffsets(group, [{ topic: input, partition: 0, offset: 3 }]);
    expect(await log.committedOffsets(group, input)).toEqual([undefined]);
    await txn.commit();
    await waitFor('the transaction\'s offsets', async () =>
      (await log.committedOffsets(group, input))[0] === 3 ? true : undefined,
    );
    expect(await log.lag(group, input)).toEqual([{ partition: 0, committed: 3, end: 3, lag: 0 }]);
    await producer.close();
  });

  it('fences an older producer when a newer one opens with the same transactional id', async () => {
    const topic = unique('txn-fence');
    await log.createTopic(topic, { partitions: 1 });
    const id = unique('txn-fence-id');
    const zombie = await log.transactionalProducer({ transactionalId: id });
    const stale = await zombie.begin();
    await stale.send(topic, values('from-zombie'));

    const successor = await log.transactionalProducer({ transactionalId: id });
    await expect(stale.commit()).rejects.toThrow(/another producer with the same transactional id started since/);
    const txn = await successor.begin();
    await txn.send(topic, values('from-successor'));
    await txn.commit();

    const { committed } = await readers(topic);
    await waitForRecords(committed, 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(seen(committed)).toEqual(['from-successor']);
    await zombie.close();
    await successor.close();
  });

  it('refuses to begin a second transaction while one is open', async () => {
    const producer = await log.transactionalProducer({ transactionalId: unique('txn-twice-id') });
    const txn = await producer.begin();
    await expect(producer.begin()).rejects.toThrow('already has an open transaction; commit or abort it first');
    await txn.abort();
    const next = await producer.begin();
    await next.abort();
    await producer.close();
  });
});
