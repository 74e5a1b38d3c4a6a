// Topic administration on a real broker: what ksqlite creates (partitions, compaction, retention)
// is what Kafka reports back, and mistakes fail with messages that say what to do.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KsqlError } from '../../src/errors.js';
import { KafkaLog } from '../../src/log/kafka/index.js';
import { buf, openLog, unique } from './kafka-fixtures.js';

let log: KafkaLog;

beforeAll(async () => {
  log = await openLog();
});

afterAll(async () => {
  await log.disconnect();
});

describe('Kafka topics', () => {
  it('creates a compacted table topic with partitions and retention that describe reports back', async () => {
    const name = unique('table');
    expect(await log.createTopic(name, { partitions: 3, cleanupPolicy: 'compact', retentionMs: 3_600_000 })).toBe(true);
    expect(await log.describeTopic(name)).toEqual({
      name,
      partitions: 3,
      replicas: 1,
      cleanupPolicy: 'compact',
      retentionMs: 3_600_000,
    });
  });

  it('keeps records forever unless a retention is given, like the embedded log', async () => {
    const name = unique('stream');
    await log.createTopic(name, { partitions: 1 });
    expect(await log.describeTopic(name)).toEqual({
      name,
      partitions: 1,
      replicas: 1,
      cleanupPolicy: 'delete',
      retentionMs: -1,
    });
  });

  it('lists created topics sorted by name and leaves out Kafka internal topics', async () => {
    const b = unique('list-b');
    const a = unique('list-a');
    await log.createTopic(b, { partitions: 2 });
    await log.createTopic(a, { partitions: 1, cleanupPolicy: 'compact' });
    const topics = await log.listTopics();
    const names = topics.map((t) => t.name);
    expect(names).toEqual([...names].sort());
    expect(names.some((n) => n.startsWith('__'))).toBe(false);
    expect(topics.find((t) => t.name === a)).toMatchObject({ partitions: 1, cleanupPolicy: 'compact' });
    expect(topics.find((t) => t.name === b)).toMatchObject({ partitions: 2, cleanupPolicy: 'delete' });
  });

  it('returns false when the topic already exists with the same partitions', async () => {
    const name = unique('twice');
    expect(await log.createTopic(name, { partitions: 2 })).toBe(true);
    expect(await log.createTopic(name, { partitions: 2 })).toBe(false);
  });

  it('refuses to reuse an existing topic with another partition count', async () => {
    const name = unique('clash');
    await log.createTopic(name, { partitions: 2 });
    await expect(log.createTopic(name, { partitions: 4 })).rejects.toThrow(
      `A topic with the name '${name}' already exists with 2 partition(s), not the 4 required`,
    );
  });

  it('rejects an illegal topic name before asking the broker', async () => {
    await expect(log.createTopic('bad name!', { partitions: 1 })).rejects.toThrow("Invalid topic name 'bad name!'");
  });

  it('deletes a topic once: it is gone from the list and describe, and a second delete returns false', async () => {
    const name = unique('gone');
    await log.createTopic(name, { partitions: 1 });
    expect(await log.deleteTopic(name)).toBe(true);
    expect(await log.hasTopic(name)).toBe(false);
    expect(await log.describeTopic(name)).toBeUndefined();
    expect((await log.listTopics()).map((t) => t.name)).not.toContain(name);
    expect(await log.deleteTopic(name)).toBe(false);
  });

  it('fails to produce to a topic that does not exist, naming it', async () => {
    const name = unique('missing');
    const error = await log
      .produce(name, [{ key: null, value: buf('x'), timestamp: 1 }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KsqlError);
    expect((error as KsqlError).message).toBe(`Topic '${name}' does not exist in Kafka; create it first`);
  });

  it('keeps producing after a topic it wrote to was deleted by another client', async () => {
    const other = await openLog();
    try {
      const doomed = unique('doomed');
      const kept = unique('kept');
      const fresh = unique('fresh');
      await log.createTopic(doomed, { partitions: 1 });
      await log.createTopic(kept, { partitions: 1 });
      await log.produce(doomed, [{ key: null, value: buf('a'), timestamp: 1 }]);
      await log.produce(kept, [{ key: null, value: buf('b'), timestamp: 1 }]);
      expect(await other.deleteTopic(doomed)).toBe(true);
      await other.createTopic(fresh, { partitions: 1 });
      const placed = await log.produce(fresh, [{ key: null, value: buf('c'), timestamp: 1 }]);
      expect(placed).toEqual([{ partition: 0, offset: 0 }]);
      expect(await log.endOffsets(kept)).toEqual([1]);
    } finally {
      await other.disconnect();
    }
  });
});

describe('Kafka connection', () => {
  it('says the broker does not answer and how to start one', async () => {
    const error = await KafkaLog.connect({
      brokers: '127.0.0.1:1',
      retries: 0,
      connectionTimeoutMs: 500,
      logLevel: 'nothing',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KsqlError);
    expect((error as KsqlError).message).toMatch(
      /^Cannot connect to Kafka: Kafka at 127\.0\.0\.1:1 does not answer \(.+\)\. .*'npm run kafka:start'$/,
    );
  });
});
