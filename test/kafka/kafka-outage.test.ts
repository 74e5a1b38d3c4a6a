// A broker that goes away and comes back (stopped and restarted with the dev scripts): producers
// wait for it, consumer group members restart by themselves, and no committed record is lost.
// Skipped when the tests run against a broker the scripts did not start.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaLog } from '../../src/log/kafka/index.js';
import { buf, collect, openLog, text, unique, waitForRecords } from './kafka-fixtures.js';

const OWN_BROKER = process.env['KSQLITE_KAFKA_BROKERS'] === undefined && existsSync('.kafka/broker.pid');

function broker(action: 'start' | 'stop'): void {
  execFileSync('bash', [`scripts/kafka/${action}.sh`], { stdio: 'pipe', timeout: 180_000 });
}

let log: KafkaLog;

beforeAll(async () => {
  if (OWN_BROKER) log = await openLog();
});

afterAll(async () => {
  if (!OWN_BROKER) return;
  broker('start');
  await log.disconnect();
});

describe.skipIf(!OWN_BROKER)('Kafka broker outage', () => {
  it('holds a produce until the broker is back, and the group member goes on where it was', async () => {
    const topic = unique('outage');
    await log.createTopic(topic, { partitions: 2 });
    const errors: boolean[] = [];
    const consumer = log.consumer({ groupId: unique('outage-group'), topics: [topic], sessionTimeoutMs: 6000 });
    consumer.onError((_e, restarting) => errors.push(restarting));
    const c = await collect(consumer, true);
    await log.produce(topic, [{ key: buf('a'), value: buf('before'), timestamp: 1 }]);
    await waitForRecords(c, 1);

    broker('stop');
    const produced = log.produce(topic, [{ key: buf('b'), value: buf('during'), timestamp: 2 }]);
    await new Promise((r) => setTimeout(r, 3000));
    broker('start');
    const [placed] = await produced;
    expect(placed!.offset).toBeGreaterThanOrEqual(0);
    await log.produce(topic, [{ key: buf('c'), value: buf('after'), timestamp: 3 }]);

    await waitForRecords(c, 3, 120_000);
    expect(new Set(c.records.map((r) => text(r.value)))).toEqual(new Set(['before', 'during', 'after']));
    // Every crash during the outage was followed by a restart, none by giving up.
    expect(errors.every((restarting) => restarting)).toBe(true);
    await consumer.stop();
  });
});
