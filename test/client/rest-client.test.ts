// The REST client against a real `ksqlite server`: statements on /ksql, push queries streamed
// over HTTP/2 and decoded to the engine's own values, /close-query, errors and credentials.

import { afterEach, describe, expect, it } from 'vitest';
import { KsqlRestClient, RestError } from '../../src/client/rest-client.js';
import { KsqliteServer } from '../../src/server/server.js';
import type { TestServer } from './server-fixture.js';
import { metric, startTestServer } from './server-fixture.js';

const EARLIEST = { properties: { 'auto.offset.reset': 'earliest' } };
const CREATE_WIDE =
  "CREATE STREAM wide (id BIGINT KEY, t TIMESTAMP, d DECIMAL(5,2), a ARRAY<INT>, st STRUCT<x INT, y STRING>, m MAP<STRING,DOUBLE>, dt DATE, tm TIME, b BYTES) WITH (KAFKA_TOPIC='wide', PARTITIONS=1, VALUE_FORMAT='JSON');";
const INSERT_WIDE =
  "INSERT INTO wide VALUES (12345678901234567, '2024-01-01T10:00:00.000', 12.30, ARRAY[1,2], STRUCT(x:=1, y:='a'), MAP('k':=1.5), '2024-01-02', '10:00:01', TO_BYTES('abc','utf8'));";

let server: TestServer | undefined;
let client: KsqlRestClient | undefined;

afterEach(async () => {
  await client?.close();
  await server?.close();
  client = undefined;
  server = undefined;
});

async function connect(users?: string, credentials: { user?: string; password?: string } = {}): Promise<KsqlRestClient> {
  server = await startTestServer(users);
  client = new KsqlRestClient(server.url, credentials);
  return client;
}

/** Every row of a query, until it ends. */
async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

async function caught(p: Promise<unknown>): Promise<RestError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RestError) return e;
    throw e;
  }
  throw new Error('expected a RestError');
}

describe('KsqlRestClient', () => {
  it("reads the server's version from /info", async () => {
    const c = await connect();
    expect(await c.info()).toEqual({ version: '0.29.0', kafkaClusterId: 'ksqlite-embedded', ksqlServiceId: 'default_', serverStatus: 'RUNNING' });
  });

  it('runs statements on /ksql, one entity per statement, with the session variables sent along', async () => {
    const c = await connect();
    const entities = await c.ksql("CREATE STREAM s (id STRING KEY, v INT) WITH (KAFKA_TOPIC='${t}', PARTITIONS=1, VALUE_FORMAT='JSON'); SHOW TOPICS;", { variables: { t: 'from_var' } });
    expect(entities.map((e) => e['@type'])).toEqual(['currentStatus', 'kafka_topics']);
    expect(entities[0]).toMatchObject({ commandStatus: { status: 'SUCCESS', message: 'Stream created' } });
    expect(JSON.stringify(entities[1])).toContain('"name":"from_var"');
  });

  it("streams a push query's rows decoded to exactly the values the engine holds", async () => {
    const c = await connect();
    await c.ksql(`${CREATE_WIDE} ${INSERT_WIDE}`);
    const q = await c.query('SELECT * FROM wide EMIT CHANGES;', EARLIEST);
    expect(q.columns.map((col) => `${col.name} ${col.typeText}`)).toEqual([
      'ID BIGINT',
      'T TIMESTAMP',
      'D DECIMAL(5, 2)',
      'A ARRAY<INTEGER>',
      'ST STRUCT<`X` INTEGER, `Y` STRING>',
      'M MAP<STRING, DOUBLE>',
      'DT DATE',
      'TM TIME',
      'B BYTES',
    ]);
    const iterator = q[Symbol.asyncIterator]();
    const row = (await iterator.next()).value as unknown[];
    const local = await server!.engine.query('SELECT * FROM wide EMIT CHANGES LIMIT 1;', EARLIEST);
    const [expected] = await collect(local);
    expect(row).toEqual(expected);
    expect(row[0]).toBe(12345678901234567n);
    expect(String(row[2])).toBe('12.3');
    q.close();
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('close() ends the query on the server through /close-query', async () => {
    const c = await connect();
    await c.ksql(CREATE_WIDE);
    const q = await c.query('SELECT id FROM wide EMIT CHANGES;');
    const rows = collect(q);
    expect(metric(await server!.metrics(), 'ksqlite_push_queries_open')).toBe(1);
    q.close();
    expect(await rows).toEqual([]);
    const text = await server!.metrics();
    expect(metric(text, 'ksqlite_http_requests_total{endpoint="/close-query",status="200"}')).toBe(1);
    expect(metric(text, 'ksqlite_push_queries_open')).toBe(0);
  });

  it('ends by itself when the query reaches its LIMIT', async () => {
    const c = await connect();
    await c.ksql(`${CREATE_WIDE} ${INSERT_WIDE} ${INSERT_WIDE} ${INSERT_WIDE}`);
    const q = await c.query('SELECT id FROM wide EMIT CHANGES LIMIT 2;', EARLIEST);
    expect(await collect(q)).toEqual([[12345678901234567n], [12345678901234567n]]);
  });

  it("PRINTs a topic through /query-stream: the guessed formats, then the server's record lines", async () => {
    const c = await connect();
    await c.ksql("CREATE STREAM p (id STRING KEY, v INT) WITH (KAFKA_TOPIC='printed', PARTITIONS=1, VALUE_FORMAT='JSON'); INSERT INTO p (id, v) VALUES ('a', 1);");
    const lines = await collect(await c.print("PRINT 'printed' FROM BEGINNING LIMIT 1;"));
    expect(lines.slice(0, 2)).toEqual(['Key format: KAFKA_STRING', 'Value format: JSON or KAFKA_STRING']);
    expect(lines.slice(2)).toHaveLength(1);
    expect(lines[2]).toMatch(/^rowtime: .* Z, key: a, value: \{"V":1\}, partition: 0$/);
  });

  it("answers a refused statement with the HTTP status and ksqlDB's error code and message", async () => {
    const c = await connect();
    const describe = await caught(c.ksql('DESCRIBE nope;'));
    expect([describe.status, describe.errorCode, describe.message]).toEqual([400, 40001, "Could not find STREAM/TABLE 'NOPE' in the Metastore"]);
    const select = await caught(c.query('SELECT nope FROM nothing EMIT CHANGES;'));
    expect(select.status).toBe(400);
    expect(select.message).toContain('NOTHING');
  });

  it('keeps the position of a syntax error the server reports', async () => {
    const c = await connect();
    const e = await caught(c.ksql('SHOW\n  STREEMS;'));
    expect(e.code).toBe('SYNTAX');
    expect(e.loc).toEqual({ line: 2, column: 3 });
  });

  it('is refused with 401 without the right credentials, and let in with them', async () => {
    const c = await connect('alice: secret', { user: 'alice', password: 'wrong' });
    const e = await caught(c.info());
    expect([e.status, e.errorCode]).toEqual([401, 40101]);
    const anonymous = new KsqlRestClient(server!.url);
    expect((await caught(anonymous.ksql('SHOW TOPICS;'))).status).toBe(401);
    await anonymous.close();
    const alice = new KsqlRestClient(server!.url, { user: 'alice', password: 'secret' });
    expect((await alice.info()).version).toBe('0.29.0');
    await alice.close();
  });

  it('names the server and the reason when nothing answers there', async () => {
    const c = await connect();
    const url = server!.url;
    await server!.close();
    server = undefined;
    const e = await caught(c.info());
    expect(e.status).toBe(0);
    expect(e.message).toBe(`Could not reach the server at ${url}: connect ECONNREFUSED ${url.slice('http://'.length)}. Is \`ksqlite server\` running there?`);
  });

  it('connects again after the server restarted', async () => {
    const c = await connect();
    await c.info();
    const { engine, server: first } = server!;
    const port = first.port;
    await first.close();
    expect((await caught(c.info())).status).toBe(0);
    const second = await KsqliteServer.start({ engine, host: '127.0.0.1', port });
    server = { ...server!, server: second, close: async () => (await second.close(), await engine.close()) };
    expect((await c.info()).version).toBe('0.29.0');
  });

  it('refuses a URL it cannot use', () => {
    expect(() => new KsqlRestClient('localhost:8088')).toThrow("Not an http or https URL: 'localhost:8088'.");
    expect(() => new KsqlRestClient('not a url')).toThrow("Not a server URL: 'not a url'. Give one such as http://localhost:8088.");
  });
});
