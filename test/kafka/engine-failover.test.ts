// Failover and restore in Kafka mode: an instance killed with SIGKILL hands its partitions to the
// other one, which restores their state from the changelog topics and goes on; with
// exactly_once_v2 the final counts are exact. A restarted instance reuses its local stores.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { KafkaLog } from '../../src/log/kafka/index.js';
import { BROKERS, latestValues, openLog, unique, waitFor } from './kafka-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, '../../dist/ksqlite.mjs');
const engines: Engine[] = [];
const children: ChildProcess[] = [];
const dirs: string[] = [];
let log: KafkaLog | undefined;

afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const e of engines.splice(0)) await e.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
afterAll(async () => {
  await log?.disconnect();
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'ksqlite-failover-'));
  dirs.push(d);
  return d;
}

async function open(serviceId: string, dataDir: string, guarantee: 'at_least_once' | 'exactly_once_v2' = 'at_least_once'): Promise<Engine> {
  const e = await Engine.open({ dataDir, processingLogStream: false, kafka: { brokers: BROKERS, serviceId, guarantee }, properties: { 'auto.offset.reset': 'earliest' } });
  engines.push(e);
  return e;
}

async function startChild(serviceId: string, guarantee: string): Promise<ChildProcess> {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` before the Kafka tests`);
  const child = spawn(process.execPath, [join(here, 'fixtures/kafka-instance.mjs'), BROKERS, serviceId, tempDir(), guarantee], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('ready')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`instance exited early (${String(code)})`)));
  });
  return child;
}

async function latest(topic: string): Promise<Map<string, unknown>> {
  log ??= await openLog();
  return latestValues(log, topic);
}

interface Held {
  queries: Map<string, { kafka?: { tasks: { assigned(): number[] }[] } }>;
}
/** The query stages' consumer group members (which partitions each holds is not public). */
function tasksOf(e: Engine): { assigned(): number[] }[] {
  return [...(e as unknown as Held).queries.values()].flatMap((q) => q.kafka?.tasks ?? []);
}
function restoresOf(e: Engine): { from: string; records: number }[] {
  return e.runningQueries().flatMap((q) => q.restores);
}

describe('failover in Kafka mode', () => {
  it('moves a killed instance\'s partitions to the other, which restores state; exactly_once_v2 counts are exact', async () => {
    const svc = unique('svc').replace(/-/g, '_');
    const topic = unique('events');
    const b = await open(svc, tempDir(), 'exactly_once_v2');
    await b.execute(`CREATE STREAM events (id INT KEY, grp STRING) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=4, VALUE_FORMAT='JSON');`);
    await b.execute(`CREATE TABLE per_grp WITH (KAFKA_TOPIC='${topic}-out') AS SELECT grp, COUNT(*) AS n FROM events GROUP BY grp;`);
    const child = await startChild(svc, 'exactly_once_v2');
    await waitFor('both instances to hold partitions', () => (tasksOf(b).every((t) => t.assigned().length < 4) ? true : undefined));
    log ??= await openLog();
    const N = 4000;
    const groups = 20;
    const batch = (from: number, to: number) =>
      Array.from({ length: to - from }, (_v, j) => {
        const i = from + j;
        const key = Buffer.alloc(4);
        key.writeInt32BE(i);
        return { key, value: Buffer.from(JSON.stringify({ GRP: `g${i % groups}` })), timestamp: Date.now() };
      });
    await log.produce(topic, batch(0, N / 2));
    // Kill the other instance once it has aggregated (written changelog) in its partitions.
    const queryId = b.runningQueries()[0]!.id;
    const changelog = `_confluent-ksql-${svc}query_${queryId}-aggregate-changelog`;
    const final = tasksOf(b)[tasksOf(b).length - 1]!;
    await waitFor('the other instance to write state', async () => {
      const ends = await log!.endOffsets(changelog).catch(() => [] as number[]);
      const mine = new Set(final.assigned());
      return ends.some((end, p) => !mine.has(p) && end > 0) ? true : undefined;
    });
    child.kill('SIGKILL');
    await log.produce(topic, batch(N / 2, N));
    const rows = await waitFor(
      'exact counts after the failover',
      async () => {
        const m = await latest(`${topic}-out`);
        return m.size === groups && [...m.values()].every((v) => (v as { N: number }).N === N / groups) ? m : undefined;
      },
      110_000,
    );
    expect(rows.size).toBe(groups);
    expect(tasksOf(b).flatMap((t) => t.assigned()).length).toBeGreaterThanOrEqual(4);
    // The partitions taken over came with state the killed instance had written to the changelog.
    expect(restoresOf(b).some((r) => r.from === 'changelog' && r.records > 0)).toBe(true);
  });

  it('reuses its local state store after a restart, and a new instance replays the changelog', async () => {
    const svc = unique('svc').replace(/-/g, '_');
    const topic = unique('events');
    const dir = tempDir();
    let a = await open(svc, dir);
    await a.execute(`CREATE STREAM events (id INT KEY, v INT) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    await a.execute(`CREATE TABLE sums WITH (KAFKA_TOPIC='${topic}-out') AS SELECT id, SUM(v) AS s FROM events GROUP BY id;`);
    for (let i = 0; i < 10; i++) await a.execute(`INSERT INTO events (id, v) VALUES (${i % 2}, 1);`);
    await waitFor('sums of 5', async () => ((await latest(`${topic}-out`)).size === 2 && [...(await latest(`${topic}-out`)).values()].every((v) => (v as { S: number }).S === 5) ? true : undefined));
    await a.close();
    engines.splice(engines.indexOf(a), 1);

    a = await open(svc, dir);
    await a.execute(`INSERT INTO events (id, v) VALUES (0, 1);`);
    await waitFor('a restore from the local store', () => (restoresOf(a).some((r) => r.from === 'local') ? true : undefined));
    await waitFor('sum 6 for id 0', async () => {
      const m = await latest(`${topic}-out`);
      return (m.get(String.fromCharCode(0, 0, 0, 0)) as { S: number } | undefined)?.S === 6 ? true : undefined;
    });
    await a.close();
    engines.splice(engines.indexOf(a), 1);

    const fresh = await open(svc, tempDir());
    await fresh.execute(`INSERT INTO events (id, v) VALUES (1, 1);`);
    await waitFor('a restore by changelog replay', () => (restoresOf(fresh).some((r) => r.from === 'changelog' && r.records > 0) ? true : undefined));
    const m = await waitFor('sum 6 for id 1 on the new instance', async () => {
      const x = await latest(`${topic}-out`);
      return (x.get(String.fromCharCode(0, 0, 0, 1)) as { S: number } | undefined)?.S === 6 ? x : undefined;
    });
    expect((m.get(String.fromCharCode(0, 0, 0, 0)) as { S: number }).S).toBe(6);
  });
});
