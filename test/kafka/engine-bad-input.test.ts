// Bad records over Kafka: a record that fails to decode is skipped, counted in the processing log,
// and the query goes on with the next ones.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { KafkaLog } from '../../src/log/kafka/index.js';
import { readToEnd } from '../../src/log/kafka/partition-reader.js';
import { BROKERS, openLog, unique, waitFor } from './kafka-fixtures.js';

const engines: Engine[] = [];
const dirs: string[] = [];
let log: KafkaLog | undefined;
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
afterAll(async () => {
  await log?.disconnect();
});

describe('bad input in Kafka mode', () => {
  it('skips, counts and logs a record that fails to decode, and processes the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksqlite-bad-'));
    dirs.push(dir);
    const e = await Engine.open({ dataDir: dir, processingLogStream: false, kafka: { brokers: BROKERS, serviceId: unique('svc').replace(/-/g, '_') }, properties: { 'auto.offset.reset': 'earliest' } });
    engines.push(e);
    const topic = unique('raw');
    const sink = unique('doubled');
    await e.execute(`CREATE STREAM raw (id INT KEY, n INT) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    await e.execute(`CREATE STREAM doubled WITH (KAFKA_TOPIC='${sink}') AS SELECT id, n * 2 AS n2 FROM raw;`);
    log ??= await openLog();
    const key = (i: number) => Buffer.from([0, 0, 0, i]);
    await log.produce(topic, [
      { key: key(1), value: Buffer.from('{"N": 1}'), timestamp: 1 },
      { key: key(2), value: Buffer.from('{"N": oops'), timestamp: 2 },
      { key: key(3), value: Buffer.from('{"N": 3}'), timestamp: 3 },
    ]);
    const out = await waitFor('two good records in DOUBLED', async () => {
      const rows: unknown[] = [];
      await readToEnd(log!, sink, (r) => rows.push(JSON.parse(r.value!.toString('utf8'))));
      return rows.length >= 2 ? rows : undefined;
    });
    expect(out).toEqual([{ N2: 2 }, { N2: 6 }]);
    const id = e.runningQueries().find((q) => q.id.startsWith('CSAS_DOUBLED'))!.id;
    expect(e.processingLog.errorsOf(id)).toBe(1);
  });
});
