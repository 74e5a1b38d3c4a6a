// A broker that goes away while queries run (stopped and restarted with the dev scripts): the
// queries pause, resume when it returns, and nothing is lost. Skipped when the tests run against
// a broker the scripts did not start.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { KafkaLog } from '../../src/log/kafka/index.js';
import { readToEnd } from '../../src/log/kafka/partition-reader.js';
import { BROKERS, openLog, unique, waitFor } from './kafka-fixtures.js';

const OWN_BROKER = process.env['KSQLITE_KAFKA_BROKERS'] === undefined && existsSync('.kafka/broker.pid');

function broker(action: 'start' | 'stop'): void {
  execFileSync('bash', [`scripts/kafka/${action}.sh`], { stdio: 'pipe', timeout: 180_000 });
}

const dir = mkdtempSync(join(tmpdir(), 'ksqlite-outage-'));
let engine: Engine | undefined;
let log: KafkaLog | undefined;
afterAll(async () => {
  if (OWN_BROKER) broker('start');
  await engine?.close();
  await log?.disconnect();
  rmSync(dir, { recursive: true, force: true });
});

async function values(topic: string): Promise<number[]> {
  const out: number[] = [];
  await readToEnd(log!, topic, (r) => out.push((JSON.parse(r.value!.toString('utf8')) as { V: number }).V));
  return out.sort((a, b) => a - b);
}

describe.skipIf(!OWN_BROKER)('a broker outage under running queries', () => {
  it('pauses the query and resumes it when the broker is back, losing nothing', async () => {
    engine = await Engine.open({ dataDir: dir, processingLogStream: false, kafka: { brokers: BROKERS, serviceId: unique('svc').replace(/-/g, '_') }, properties: { 'auto.offset.reset': 'earliest' } });
    log = await openLog();
    const topic = unique('in');
    const out = unique('copied');
    await engine.execute(`CREATE STREAM input (id INT KEY, v INT) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=2, VALUE_FORMAT='JSON');`);
    await engine.execute(`CREATE STREAM copied WITH (KAFKA_TOPIC='${out}') AS SELECT id, v FROM input;`);
    const rec = (v: number) => ({ key: Buffer.from([0, 0, 0, v % 7]), value: Buffer.from(JSON.stringify({ V: v })), timestamp: v });
    await log.produce(topic, [rec(1), rec(2)]);
    await waitFor('the first records', async () => ((await values(out)).length === 2 ? true : undefined));

    broker('stop');
    await new Promise((r) => setTimeout(r, 3000));
    broker('start');
    await log.produce(topic, [rec(3), rec(4), rec(5)]);
    const all = await waitFor('every record after the outage', async () => {
      const v = await values(out);
      return v.length >= 5 ? v : undefined;
    }, 110_000);
    expect(all).toEqual([1, 2, 3, 4, 5]);
  });
});
