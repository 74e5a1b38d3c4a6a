// Consumer groups on a real broker: committed offsets survive a member leaving, a new member
// resumes where the group stopped, lag is what is left, and two members share the partitions.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaLog } from '../../src/log/kafka/index.js';
import type { TopicPartitions } from '../../src/log/kafka/index.js';
import type { ProduceRecord } from '../../src/log/types.js';
import { buf, collect, openLog, text, unique, waitFor, waitForRecords } from './kafka-fixtures.js';

let log: KafkaLog;

beforeAll(async () => {
  log = await openLog();
});

afterAll(async () => {
  await log.disconnect();
});

function numbered(from: number, to: number, key: (i: number) => string | null = () => null): ProduceRecord[] {
  const out: ProduceRecord[] = [];
  for (let i = from; i < to; i++) {
    const k = key(i);
    out.push({ key: k === null ? null : buf(k), value: buf(String(i)), timestamp: 1000 + i });
  }
  return out;
}

function partitionsOf(assignment: readonly TopicPartitions[], topic: string): readonly number[] {
  return assignment.find((a) => a.topic === topic)?.partitions ?? [];
}

describe('Kafka consumer groups', () => {
  it('resumes a group from its committed offsets after its member left', async () => {
    const topic = unique('resume');
    const group = unique('resume-group');
    await log.createTopic(topic, { partitions: 1 });
    await log.produce(topic, numbered(0, 5));

    const first = await collect(log.consumer({ groupId: group, topics: [topic] }), true);
    await waitForRecords(first, 5);
    await waitFor('the commit of offset 5', async () => ((await log.committedOffsets(group, topic))[0] === 5 ? true : undefined));
    await first.consumer.stop();

    await log.produce(topic, numbered(5, 8));
    expect(await log.lag(group, topic)).toEqual([{ partition: 0, committed: 5, end: 8, lag: 3 }]);

    const second = await collect(log.consumer({ groupId: group, topics: [topic] }), true);
    const read = await waitForRecords(second, 3);
    await waitFor('the commit of offset 8', async () => ((await log.committedOffsets(group, topic))[0] === 8 ? true : undefined));
    await second.consumer.stop();
    expect(read.map((r) => text(r.value))).toEqual(['5', '6', '7']);
    expect(await log.lag(group, topic)).toEqual([{ partition: 0, committed: 8, end: 8, lag: 0 }]);
  });

  it('rereads uncommitted records when a member stops without committing', async () => {
    const topic = unique('redeliver');
    const group = unique('redeliver-group');
    await log.createTopic(topic, { partitions: 1 });
    await log.produce(topic, numbered(0, 3));
    const first = await collect(log.consumer({ groupId: group, topics: [topic] }), false);
    await waitForRecords(first, 3);
    await first.consumer.stop();
    expect(await log.committedOffsets(group, topic)).toEqual([undefined]);
    expect(await log.lag(group, topic)).toEqual([{ partition: 0, committed: undefined, end: 3, lag: 3 }]);

    const second = await collect(log.consumer({ groupId: group, topics: [topic] }), false);
    const read = await waitForRecords(second, 3);
    await second.consumer.stop();
    expect(read.map((r) => text(r.value))).toEqual(['0', '1', '2']);
  });

  it('starts a new group at the end of the topic when asked for latest', async () => {
    const topic = unique('latest');
    await log.createTopic(topic, { partitions: 1 });
    await log.produce(topic, numbered(0, 3));
    const c = await collect(
      log.consumer({ groupId: unique('latest-group'), topics: [topic], autoOffsetReset: 'latest' }),
      false,
    );
    // The member looks up the end only at its first fetch, some time after joining: keep adding
    // records until one arrives. None of the three from before may ever arrive.
    let next = 3;
    await waitFor('a record produced after the member joined', async () => {
      if (c.records.length > 0) return true;
      await log.produce(topic, numbered(next, next + 1));
      next += 1;
      await new Promise((r) => setTimeout(r, 400));
      return undefined;
    });
    await c.consumer.stop();
    expect(c.records.length).toBeGreaterThan(0);
    expect(c.records.every((r) => Number(text(r.value)) >= 3)).toBe(true);
  });

  it('splits 4 partitions between two members of a group and gives all to the one left', async () => {
    const topic = unique('split');
    const group = unique('split-group');
    await log.createTopic(topic, { partitions: 4 });
    const other = await openLog();
    try {
      const a = await collect(log.consumer({ groupId: group, topics: [topic] }), true);
      await waitFor('member a to hold all 4 partitions', () =>
        partitionsOf(a.consumer.assignment(), topic).length === 4 ? true : undefined,
      );
      const b = await collect(other.consumer({ groupId: group, topics: [topic] }), true);
      const [pa, pb] = await waitFor('the two members to hold 2 partitions each', () => {
        const x = partitionsOf(a.consumer.assignment(), topic);
        const y = partitionsOf(b.consumer.assignment(), topic);
        return x.length === 2 && y.length === 2 ? [x, y] : undefined;
      });
      expect([...pa!, ...pb!].sort()).toEqual([0, 1, 2, 3]);

      // Records of each partition go to the member holding it, and to no one else.
      await log.produce(topic, numbered(0, 40, (i) => `key-${i}`));
      await waitFor(
        () => `40 records between both members (a ${a.records.length}, b ${b.records.length})`,
        () => (a.records.length + b.records.length >= 40 ? true : undefined),
      );
      expect(new Set(a.records.map((r) => r.partition))).toEqual(new Set(pa));
      expect(new Set(b.records.map((r) => r.partition))).toEqual(new Set(pb));
      expect([...a.records, ...b.records].map((r) => Number(text(r.value))).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 40 }, (_, i) => i),
      );

      // When b leaves, a gets b's partitions and reads only what b had not committed.
      await waitFor('all commits', async () => {
        const lag = await log.lag(group, topic);
        return lag.every((l) => l.lag === 0) ? true : undefined;
      });
      await b.consumer.stop();
      await waitFor('member a to hold all 4 partitions again', () =>
        partitionsOf(a.consumer.assignment(), topic).length === 4 ? true : undefined,
      );
      const before = a.records.length;
      await log.produce(topic, numbered(40, 48, (i) => `key-${i}`));
      await waitFor('the 8 new records at a', () => (a.records.length >= before + 8 ? true : undefined));
      expect(a.records.slice(before).map((r) => Number(text(r.value))).sort((x, y) => x - y)).toEqual([
        40, 41, 42, 43, 44, 45, 46, 47,
      ]);
      await a.consumer.stop();
    } finally {
      await other.disconnect();
    }
  });

  it('sets and deletes the offsets of an idle group', async () => {
    const topic = unique('admin-offsets');
    const group = unique('admin-group');
    await log.createTopic(topic, { partitions: 2 });
    await log.produce(topic, numbered(0, 6, (i) => `k${i}`));
    await log.commitOffsets(group, [
      { topic, partition: 0, offset: 1 },
      { topic, partition: 1, offset: 0 },
    ]);
    expect(await log.committedOffsets(group, topic)).toEqual([1, 0]);
    const ends = await log.endOffsets(topic);
    expect((await log.lag(group, topic)).map((l) => l.lag)).toEqual([ends[0]! - 1, ends[1]!]);

    const c = await collect(log.consumer({ groupId: group, topics: [topic] }), false);
    await waitForRecords(c, 5);
    await c.consumer.stop();
    expect(c.records.map((r) => [r.partition, r.offset]).filter(([p, o]) => p === 0 && o === 0)).toEqual([]);

    await log.deleteGroup(group);
    expect(await log.committedOffsets(group, topic)).toEqual([undefined, undefined]);
    await log.deleteGroup(group);
  });

  it('stops a member whose handler fails and reports the failure, without committing', async () => {
    const topic = unique('failing');
    const group = unique('failing-group');
    await log.createTopic(topic, { partitions: 1 });
    await log.produce(topic, numbered(0, 2));
    const consumer = log.consumer({ groupId: group, topics: [topic] });
    const errors: { message: string; restarting: boolean }[] = [];
    consumer.onError((e, restarting) => errors.push({ message: e.message, restarting }));
    let calls = 0;
    await consumer.start(async () => {
      calls += 1;
      throw new Error('cannot decode record');
    });
    const [failure] = await waitFor('the failure report', () => (errors.length > 0 ? errors : undefined));
    expect(failure).toEqual({
      message: `Cannot consume as group '${group}': cannot decode record`,
      restarting: false,
    });
    expect(calls).toBeGreaterThan(0);
    expect(consumer.assignment()).toEqual([]);
    expect(await log.committedOffsets(group, topic)).toEqual([undefined]);
    await consumer.stop();
  });
});
