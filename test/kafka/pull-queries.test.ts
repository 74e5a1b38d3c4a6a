// Pull queries in Kafka mode: two instances split a table's partitions; a pull query sent to either
// one answers every key (the other instance's partitions are forwarded to it over REST), a scan
// gathers every row, and once one instance leaves the other answers everything by itself.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { kafkaTableOf } from '../../src/engine/kafka-materialize.js';
import { partitionForKey } from '../../src/log/partitioner.js';
import { KsqliteServer } from '../../src/server/server.js';
import type { ProduceRecord } from '../../src/log/types.js';
import { BROKERS, unique, waitFor } from './kafka-fixtures.js';

const engines: Engine[] = [];
const servers: KsqliteServer[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const e of engines.splice(0)) await e.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Instance {
  readonly engine: Engine;
  readonly server: KsqliteServer;
  readonly dataDir: string;
}

async function open(serviceId: string): Promise<Engine> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ksqlite-pull-'));
  dirs.push(dataDir);
  const engine = await Engine.open({ dataDir, processingLogStream: false, kafka: { brokers: BROKERS, serviceId }, properties: { 'auto.offset.reset': 'earliest' } });
  engines.push(engine);
  return engine;
}

async function instance(serviceId: string, dir?: string): Promise<Instance> {
  const dataDir = dir ?? mkdtempSync(join(tmpdir(), 'ksqlite-pull-'));
  if (dir === undefined) dirs.push(dataDir);
  const engine = await Engine.open({ dataDir, processingLogStream: false, kafka: { brokers: BROKERS, serviceId }, properties: { 'auto.offset.reset': 'earliest' } });
  engines.push(engine);
  const server = await KsqliteServer.start({ engine, host: '127.0.0.1', port: 0 });
  servers.push(server);
  return { engine, server, dataDir };
}

async function stop(i: Instance): Promise<void> {
  await i.server.close();
  await i.engine.close();
  servers.splice(servers.indexOf(i.server), 1);
  engines.splice(engines.indexOf(i.engine), 1);
}

/** The rows of a pull query sent to an instance's /query endpoint; fails on an error answer. */
async function pull(i: Instance, sql: string): Promise<unknown[][]> {
  const res = await fetch(`${i.server.url}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.ksql.v1+json', accept: 'application/vnd.ksql.v1+json' },
    body: JSON.stringify({ ksql: sql, streamsProperties: {} }),
  });
  const body = (await res.json()) as unknown;
  if (res.status !== 200 || !Array.isArray(body)) throw new Error(`${sql} failed (${res.status}): ${JSON.stringify(body)}`);
  const failed = body.find((e: { errorMessage?: unknown }) => e.errorMessage !== undefined) as { errorMessage: unknown } | undefined;
  if (failed !== undefined) throw new Error(`${sql} failed: ${JSON.stringify(failed.errorMessage)}`);
  return body.flatMap((e: { row?: { columns: unknown[] } }) => (e.row !== undefined ? [e.row.columns] : []));
}

function intKey(id: number): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt32BE(id);
  return key;
}

interface Held {
  queries: Map<string, { info?: { sink: string }; kafka?: { tasks: { assigned(): number[] }[] } }>;
}
/** Partitions an instance's last stage of the query writing `sink` holds. */
function held(e: Engine, sink: string): number[] {
  const q = [...(e as unknown as Held).queries.values()].find((x) => x.info?.sink === sink);
  const tasks = q?.kafka?.tasks ?? [];
  return tasks.length === 0 ? [] : tasks[tasks.length - 1]!.assigned();
}

describe('pull queries in Kafka mode', () => {
  it('answers every key and every scan from either of two instances, then from the one left', async () => {
    const svc = unique('svc').replace(/-/g, '_');
    const topic = unique('events');
    const a = await instance(svc);
    const b = await instance(svc);
    await a.engine.execute(`CREATE STREAM events (id INT KEY, grp STRING, v INT) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=4, VALUE_FORMAT='JSON');`);
    // Grouped by the stream's key (no repartition), and by a value column (through a repartition topic).
    await a.engine.execute(`CREATE TABLE per_id WITH (KAFKA_TOPIC='${topic}-per-id') AS SELECT id, COUNT(*) AS n, SUM(v) AS total FROM events GROUP BY id;`);
    await a.engine.execute(`CREATE TABLE per_grp WITH (KAFKA_TOPIC='${topic}-per-grp') AS SELECT grp, COUNT(*) AS n FROM events GROUP BY grp;`);
    for (const sink of ['PER_ID', 'PER_GRP']) {
      await waitFor(`both instances to hold partitions of ${sink}`, () => {
        const x = held(a.engine, sink);
        const y = held(b.engine, sink);
        return x.length > 0 && y.length > 0 && x.length + y.length === 4 ? true : undefined;
      });
    }
    const ids = 24;
    const expected = new Map<number, { n: number; total: number }>();
    const groups = new Map<string, number>();
    // Produced as INSERT INTO would write them (a KAFKA INT key: 4 bytes big-endian), in one request.
    const insert = async (from: number, to: number): Promise<void> => {
      const records: ProduceRecord[] = [];
      for (let i = from; i < to; i++) {
        const id = i % ids;
        const grp = `g${i % 7}`;
        records.push({ key: intKey(id), value: Buffer.from(JSON.stringify({ GRP: grp, V: i })), timestamp: Date.now() });
        const e = expected.get(id) ?? { n: 0, total: 0 };
        expected.set(id, { n: e.n + 1, total: e.total + i });
        groups.set(grp, (groups.get(grp) ?? 0) + 1);
      }
      await a.engine.kafka!.log.produce(topic, records);
      await a.engine.idle();
    };
    await insert(0, ids * 3);

    const checkAll = async (from: Instance[]): Promise<void> => {
      for (const i of from) {
        for (const [id, e] of expected) {
          const rows = await waitFor(`key ${id}`, async () => {
            const r = await pull(i, `SELECT id, n, total FROM per_id WHERE id = ${id};`);
            return r.length === 1 && r[0]![1] === e.n ? r : undefined;
          });
          expect(rows).toEqual([[id, e.n, e.total]]);
        }
        for (const [grp, n] of groups) expect(await pull(i, `SELECT grp, n FROM per_grp WHERE grp = '${grp}';`)).toEqual([[grp, n]]);
        const scan = await pull(i, 'SELECT id, n, total FROM per_id;');
        expect(scan.map((r) => r[0]).sort((x, y) => Number(x) - Number(y))).toEqual([...expected.keys()]);
        expect(new Map(scan.map((r) => [r[0], { n: r[1], total: r[2] }]))).toEqual(expected);
        expect(new Map((await pull(i, 'SELECT * FROM per_grp;')).map((r) => [r[0], r[1]]))).toEqual(groups);
        // Keys in several partitions at once, and a limit over the merged answer.
        expect((await pull(i, 'SELECT id FROM per_id WHERE id IN (0, 1, 2, 3, 4, 5, 6, 7);')).map((r) => r[0]).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
        expect(await pull(i, 'SELECT id FROM per_id LIMIT 5;')).toHaveLength(5);
      }
    };
    await checkAll([a, b]);

    await stop(b);
    await waitFor('the remaining instance to hold every partition', () => (held(a.engine, 'PER_ID').length === 4 && held(a.engine, 'PER_GRP').length === 4 ? true : undefined));
    await insert(ids * 3, ids * 4);
    await checkAll([a]);

    // The other instance comes back with its local copies, now behind: it restores them when its
    // partitions are assigned (no new records arrive to make it), then answers as before.
    const back = await instance(svc, b.dataDir);
    for (const sink of ['PER_ID', 'PER_GRP']) {
      await waitFor(`both instances to hold partitions of ${sink} again`, () => {
        const x = held(a.engine, sink);
        const y = held(back.engine, sink);
        return x.length > 0 && y.length > 0 && x.length + y.length === 4 ? true : undefined;
      });
    }
    await checkAll([back, a]);
  });

  it('names the partition and the reason when its owner runs no REST server to forward to', async () => {
    const svc = unique('svc').replace(/-/g, '_');
    const topic = unique('events');
    const a = await instance(svc);
    const library = await open(svc);
    await a.engine.execute(`CREATE STREAM events (id INT KEY, v INT) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=4, VALUE_FORMAT='JSON');`);
    await a.engine.execute(`CREATE TABLE per_id WITH (KAFKA_TOPIC='${topic}-per-id') AS SELECT id, COUNT(*) AS n FROM events GROUP BY id;`);
    await waitFor('both instances to hold partitions', () => (held(a.engine, 'PER_ID').length === 2 && held(library, 'PER_ID').length === 2 ? true : undefined));
    await a.engine.execute(Array.from({ length: 8 }, (_v, i) => `INSERT INTO events (id, v) VALUES (${i}, ${i});`).join('\n'));
    await a.engine.idle();
    await expect(pull(a, 'SELECT * FROM per_id;')).rejects.toThrow(/Partition \d of table PER_ID is held by instance .*, which runs no REST server/);
    // Keys in the partitions the server's own instance holds still answer.
    const mine = new Set(held(a.engine, 'PER_ID'));
    for (let id = 0; id < 8; id++) {
      const sql = `SELECT id, n FROM per_id WHERE id = ${id};`;
      if (mine.has(partitionForKey(intKey(id), 4))) expect(await pull(a, sql)).toEqual([[id, 1]]);
      else await expect(pull(a, sql)).rejects.toThrow(/which runs no REST server/);
    }
  });

  it('answers a source table\'s keys and scans from either instance', async () => {
    const svc = unique('svc').replace(/-/g, '_');
    const topic = unique('users');
    const a = await instance(svc);
    const b = await instance(svc);
    // Written through a stream on the topic: a source table is read-only.
    await a.engine.execute(`CREATE STREAM users_in (id STRING KEY, name STRING, age INT) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=4, VALUE_FORMAT='JSON');`);
    await a.engine.execute(`CREATE SOURCE TABLE users (id STRING PRIMARY KEY, name STRING, age INT) WITH (KAFKA_TOPIC='${topic}', VALUE_FORMAT='JSON');`);
    const tableOf = (e: Engine) => kafkaTableOf(e.kafka!, 'CST_USERS');
    await waitFor('both instances to hold partitions of USERS', () => {
      const x = tableOf(a.engine)?.heldPartitions() ?? [];
      const y = tableOf(b.engine)?.heldPartitions() ?? [];
      return x.length > 0 && y.length > 0 && x.length + y.length === 4 ? true : undefined;
    });
    const users = Array.from({ length: 16 }, (_v, i) => [`u${i}`, `name ${i}`, 20 + i] as const);
    await a.engine.execute(users.map(([id, name, age]) => `INSERT INTO users_in (id, name, age) VALUES ('${id}', '${name}', ${age});`).join('\n'));
    for (const i of [a, b]) {
      for (const [id, name, age] of users) {
        const rows = await waitFor(`user ${id}`, async () => {
          const r = await pull(i, `SELECT * FROM users WHERE id = '${id}';`);
          return r.length === 1 ? r : undefined;
        });
        expect(rows).toEqual([[id, name, age]]);
      }
      const scan = await pull(i, 'SELECT id, age FROM users;');
      expect(new Map(scan.map((r) => [r[0], r[1]]))).toEqual(new Map(users.map(([id, , age]) => [id, age])));
    }
  });

  it('answers the windows of a windowed aggregation\'s keys from either instance', async () => {
    const svc = unique('svc').replace(/-/g, '_');
    const topic = unique('clicks');
    const a = await instance(svc);
    const b = await instance(svc);
    await a.engine.execute(`CREATE STREAM clicks (id INT KEY, v INT) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=4, VALUE_FORMAT='JSON');`);
    await a.engine.execute(`CREATE TABLE hourly WITH (KAFKA_TOPIC='${topic}-hourly') AS SELECT id, COUNT(*) AS n FROM clicks WINDOW TUMBLING (SIZE 1 HOUR) GROUP BY id;`);
    await waitFor('both instances to hold partitions', () => (held(a.engine, 'HOURLY').length > 0 && held(b.engine, 'HOURLY').length > 0 ? true : undefined));
    const hour = 3_600_000;
    const clicks: ProduceRecord[] = [];
    // Key k gets k+1 clicks in hour 0 and one in hour 1.
    for (let id = 0; id < 8; id++) {
      for (let c = 0; c <= id; c++) clicks.push({ key: intKey(id), value: Buffer.from(`{"V":${c}}`), timestamp: c });
      clicks.push({ key: intKey(id), value: Buffer.from('{"V":0}'), timestamp: hour + id });
    }
    await a.engine.kafka!.log.produce(topic, clicks);
    await a.engine.idle();
    for (const i of [a, b]) {
      for (let id = 0; id < 8; id++) {
        const rows = await waitFor(`windows of key ${id}`, async () => {
          const r = await pull(i, `SELECT id, WINDOWSTART, n FROM hourly WHERE id = ${id};`);
          return r.length === 2 ? r : undefined;
        });
        expect(rows).toEqual([
          [id, 0, id + 1],
          [id, hour, 1],
        ]);
      }
      expect(await pull(i, `SELECT id, n FROM hourly WHERE id = 5 AND WINDOWSTART >= ${hour};`)).toEqual([[5, 1]]);
      expect(await pull(i, 'SELECT * FROM hourly;')).toHaveLength(16);
    }
  });

  it('forwards to servers started after their instances\' queries joined the group', async () => {
    const svc = unique('svc').replace(/-/g, '_');
    const topic = unique('late');
    const first = await open(svc);
    const second = await open(svc);
    await first.execute(`CREATE STREAM events (id INT KEY, v INT) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=4, VALUE_FORMAT='JSON');`);
    await first.execute(`CREATE TABLE per_id WITH (KAFKA_TOPIC='${topic}-per-id') AS SELECT id, COUNT(*) AS n FROM events GROUP BY id;`);
    await waitFor('both instances to hold partitions', () => (held(first, 'PER_ID').length === 2 && held(second, 'PER_ID').length === 2 ? true : undefined));
    await first.kafka!.log.produce(topic, Array.from({ length: 8 }, (_v, id) => ({ key: intKey(id), value: Buffer.from('{"V":1}'), timestamp: Date.now() })));
    await first.idle();
    // As the CLI does: the engine opens (its queries join their groups), then the server starts.
    const started: Instance[] = [];
    for (const engine of [first, second]) {
      const server = await KsqliteServer.start({ engine, host: '127.0.0.1', port: 0 });
      servers.push(server);
      started.push({ engine, server, dataDir: '' });
    }
    for (const i of started) {
      const rows = await waitFor('every key from each instance', async () => {
        const r = await pull(i, 'SELECT id, n FROM per_id WHERE id IN (0, 1, 2, 3, 4, 5, 6, 7);').catch(() => undefined);
        return r !== undefined && r.length === 8 ? r : undefined;
      });
      expect(rows.map((r) => r[0]).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(rows.every((r) => r[1] === 1)).toBe(true);
    }
  });
});
