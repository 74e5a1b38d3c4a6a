import type http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Started } from './helpers.js';
import { EARLIEST, h2connect, h2open, h2request, post, startServer } from './helpers.js';

const SETUP = `CREATE STREAM EVENTS (ID BIGINT KEY, NAME STRING, AMOUNT DECIMAL(5,2), TAGS ARRAY<STRING>, META STRUCT<SRC STRING>, RAW BYTES)
  WITH (kafka_topic='events', value_format='JSON', partitions=1);
CREATE TABLE USERS (ID INT PRIMARY KEY, NAME STRING) WITH (kafka_topic='users', value_format='JSON', partitions=1);`;

function lines(text: string): unknown[] {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
}

describe('POST /inserts-stream', () => {
  let s: Started;
  let url: string;
  let h2: http2.ClientHttp2Session;

  beforeAll(async () => {
    s = await startServer();
    url = s.server.url;
    h2 = h2connect(url);
    expect((await post(url, '/ksql', { ksql: SETUP })).status).toBe(200);
  });
  afterAll(async () => {
    h2.close();
    await s.close();
  });

  test('acks each row over HTTP/2 and the rows reach the stream with their types', async () => {
    const body = [
      { target: 'EVENTS' },
      { ID: 9007199254740993n, NAME: 'first', AMOUNT: 12.5, TAGS: ['a', 'b'], META: { SRC: 'web' }, RAW: 'AQI=' },
      { id: 2, name: 'second' },
    ]
      .map((o) => JSON.stringify(o, (_k, v: unknown) => (typeof v === 'bigint' ? `@@${v}@@` : v)).replace(/"@@(\d+)@@"/g, '$1'))
      .join('\n');
    const a = await h2request(h2, 'POST', '/inserts-stream', body);
    expect(a.status).toBe(200);
    expect(lines(a.text)).toEqual([
      { status: 'ok', seq: 0 },
      { status: 'ok', seq: 1 },
    ]);
    const q = await h2request(h2, 'POST', '/query-stream', { sql: 'SELECT * FROM EVENTS EMIT CHANGES LIMIT 2;', properties: EARLIEST });
    expect(q.text.trimEnd().split('\n').slice(1)).toEqual(['[9007199254740993,"first",12.50,["a","b"],{"SRC":"web"},"AQI="]', '[2,"second",null,null,null,null]']);
  });

  test('acks rows as they arrive, before the request body ends', async () => {
    const stream = await new Promise<http2.ClientHttp2Stream>((resolve) => {
      const st = h2.request({ ':method': 'POST', ':path': '/inserts-stream' });
      st.write('{"target":"EVENTS"}\n{"ID": 10, "NAME": "live"}\n');
      resolve(st);
    });
    stream.setEncoding('utf8');
    const first = await new Promise<string>((resolve) => stream.once('data', (d: string) => resolve(d)));
    expect(JSON.parse(first)).toEqual({ status: 'ok', seq: 0 });
    stream.end('{"ID": 11, "NAME": "later"}\n');
    const rest = await new Promise<string>((resolve) => {
      let t = '';
      stream.on('data', (d: string) => (t += d));
      stream.on('end', () => resolve(t));
    });
    expect(JSON.parse(rest)).toEqual({ status: 'ok', seq: 1 });
  });

  test('answers a row of the wrong type with an error ack and goes on with the next rows', async () => {
    const a = await post(url, '/inserts-stream', '{"target":"EVENTS"}\n{"ID": "not a number"}\n{"ID": 12}\n');
    expect(a.status).toBe(200);
    const acks = lines(a.text) as Record<string, unknown>[];
    expect(acks[0]).toMatchObject({ status: 'error', seq: 0, error_code: 40000 });
    expect(String(acks[0]!['message'])).not.toMatch(/\.ts:\d+/);
    expect(acks[1]).toEqual({ status: 'ok', seq: 1 });
  });

  test('answers with one JSON array under Accept: application/json', async () => {
    const a = await post(url, '/inserts-stream', '{"target":"EVENTS"}\n{"ID": 20}\n{"ID": 21}', { accept: 'application/json' });
    expect(a.headers['content-type']).toBe('application/json');
    expect(JSON.parse(a.text)).toEqual([
      { status: 'ok', seq: 0 },
      { status: 'ok', seq: 1 },
    ]);
  });

  test('refuses an unknown target, a table, and a body that does not start with a target', async () => {
    const unknown = await post(url, '/inserts-stream', '{"target":"NOPE"}\n{"ID": 1}\n');
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.text)).toMatchObject({ '@type': 'generic_error', message: expect.stringContaining('NOPE') as string });
    const table = await post(url, '/inserts-stream', '{"target":"USERS"}\n{"ID": 1}\n');
    expect(table.status).toBe(400);
    expect(JSON.parse(table.text)).toMatchObject({ message: 'Cannot insert values into a table: USERS' });
    const noTarget = await post(url, '/inserts-stream', '{"ID": 1}\n');
    expect(noTarget.status).toBe(400);
  });

  test('refuses malformed JSON with 400 before any ack, and ends the stream on it after', async () => {
    const first = await post(url, '/inserts-stream', '{"target": "EVENTS"\n');
    expect(first.status).toBe(400);
    expect(JSON.parse(first.text)).toMatchObject({ '@type': 'generic_error', error_code: 40000 });
    const later = await h2open(h2, 'POST', '/inserts-stream', '{"target":"EVENTS"}\n{"ID": 30}\n{oops\n{"ID": 31}\n');
    const acks = lines(await later.rest()) as Record<string, unknown>[];
    expect(acks).toHaveLength(2);
    expect(acks[0]).toEqual({ status: 'ok', seq: 0 });
    expect(acks[1]).toMatchObject({ '@type': 'generic_error', error_code: 40000 });
  });
});
