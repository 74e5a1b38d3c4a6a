import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Started } from './helpers.js';
import { EARLIEST, eventually, json, openStream, post, request, startServer } from './helpers.js';

const SETUP = `CREATE STREAM VALS (ID BIGINT KEY, NAME STRING, PRICE DECIMAL(6,2), DATA BYTES, TAGS MAP<STRING, INT>, ADDR STRUCT<CITY STRING, ZIP INT>, SCORE DOUBLE)
  WITH (kafka_topic='vals', value_format='JSON', partitions=1);
INSERT INTO VALS (ID, NAME, PRICE, DATA, TAGS, ADDR, SCORE) VALUES (9007199254740993, 'big', 10.5, TO_BYTES('AQID', 'base64'), MAP('a' := 1), STRUCT(CITY := 'Paris', ZIP := 75001), 1.25);
INSERT INTO VALS (ID, NAME) VALUES (2, 'second');`;

function pushQueriesOpen(metrics: string): number {
  return Number(/^ksqlite_push_queries_open (\d+)$/m.exec(metrics)?.[1]);
}

describe('POST /query', () => {
  let s: Started;
  let url: string;

  beforeAll(async () => {
    s = await startServer();
    url = s.server.url;
    expect((await post(url, '/ksql', { ksql: SETUP })).status).toBe(200);
  });
  afterAll(() => s.close());

  test('streams the header, the rows and the final message of a push query with LIMIT, one element per line as ksqlDB does', async () => {
    const a = await post(url, '/query', { ksql: 'SELECT * FROM VALS EMIT CHANGES LIMIT 2;', streamsProperties: EARLIEST });
    expect(a.status).toBe(200);
    expect(a.headers['transfer-encoding']).toBe('chunked');
    const lines = a.text.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    // Push queries list their columns without KEY, as ksqlDB's do.
    expect(lines[0]).toMatch(/^\[\{"header":\{"queryId":"[^"]+","schema":"`ID` BIGINT, `NAME` STRING, `PRICE` DECIMAL\(6, 2\), `DATA` BYTES, `TAGS` MAP<STRING, INTEGER>, `ADDR` STRUCT<`CITY` STRING, `ZIP` INTEGER>, `SCORE` DOUBLE"\}\},$/);
    // Exact BIGINT beyond 2^53, DECIMAL with its scale, BYTES as base64, MAP and STRUCT as objects.
    expect(lines[1]).toBe('{"row":{"columns":[9007199254740993,"big",10.50,"AQID",{"a":1},{"CITY":"Paris","ZIP":75001},1.25]}},');
    expect(lines[2]).toBe('{"row":{"columns":[2,"second",null,null,null,null,null]}},');
    expect(lines[3]).toBe('{"finalMessage":"Limit Reached"}]');
    expect(JSON.parse(a.text)).toHaveLength(4);
  });

  test('sends each row as it comes, before the query ends', async () => {
    const stream = await openStream(url, '/query', { ksql: "SELECT NAME FROM VALS WHERE NAME = 'live' EMIT CHANGES;" });
    try {
      expect(stream.status).toBe(200);
      expect(await stream.nextLine()).toMatch(/^\[\{"header":/);
      await post(url, '/ksql', { ksql: "INSERT INTO VALS (ID, NAME) VALUES (3, 'live');" });
      expect(await stream.nextLine()).toBe('{"row":{"columns":["live"]}},');
    } finally {
      stream.abort();
    }
  });

  test('ends the push query and frees it when the client disconnects', async () => {
    const stream = await openStream(url, '/query', { ksql: 'SELECT * FROM VALS EMIT CHANGES;' });
    expect(await stream.nextLine()).toMatch(/^\[\{"header":\{"queryId":"/);
    const transient = (): number => s.engine.runningQueries().filter((q) => q.id.startsWith('transient_')).length;
    expect(transient()).toBe(1);
    expect(pushQueriesOpen((await request(url, 'GET', '/metrics')).text)).toBe(1);
    stream.abort();
    await eventually(() => transient() === 0);
    expect(pushQueriesOpen((await request(url, 'GET', '/metrics')).text)).toBe(0);
  });

  test('a client that reads slowly still receives every row, in order', async () => {
    const big = 'x'.repeat(50_000);
    const insert = (i: number): string => `INSERT INTO VALS (ID, NAME) VALUES (${1000 + i}, '${big}');`;
    const slow = await startServer();
    try {
      await post(slow.server.url, '/ksql', { ksql: SETUP.split(';')[0]! + ';' });
      // About 6 MB of rows: more than the socket buffers hold, so the server must wait for the client.
      for (let batch = 0; batch < 4; batch++) {
        const sql = Array.from({ length: 30 }, (_, i) => insert(batch * 30 + i)).join('\n');
        expect((await post(slow.server.url, '/ksql', { ksql: sql })).status).toBe(200);
      }
      const stream = await openStream(slow.server.url, '/query', { ksql: 'SELECT ID, NAME FROM VALS EMIT CHANGES LIMIT 120;', streamsProperties: EARLIEST });
      await new Promise((r) => setTimeout(r, 200));
      const text = (await stream.nextLine()) + '\n' + (await stream.rest());
      const rows = (JSON.parse(text) as { row?: { columns: number[] } }[]).filter((x) => x.row).map((x) => x.row!.columns[0]);
      expect(text.trimEnd().endsWith('{"finalMessage":"Limit Reached"}]')).toBe(true);
      expect(rows).toEqual(Array.from({ length: 120 }, (_, i) => 1000 + i));
    } finally {
      await slow.close();
    }
  });

  test('refuses a statement that is not a SELECT with 400', async () => {
    const a = await post(url, '/query', { ksql: 'SHOW STREAMS;' });
    expect(a.status).toBe(400);
    expect(json(a)).toMatchObject({ '@type': 'statement_error', error_code: 40001, statementText: 'SHOW STREAMS;' });
  });

  test('refuses a push query on an unknown source with 400 and a generic_error', async () => {
    const a = await post(url, '/query', { ksql: 'SELECT * FROM NOPE EMIT CHANGES;' });
    expect(a.status).toBe(400);
    const e = json(a) as Record<string, unknown>;
    expect(e['@type']).toBe('generic_error');
    expect(String(e['message'])).toMatch(/NOPE/);
  });

  test('refuses a syntax error with 400 and a statement_error', async () => {
    const a = await post(url, '/query', { ksql: 'SELEC * FROM VALS;' });
    expect(a.status).toBe(400);
    expect(json(a)).toMatchObject({ '@type': 'statement_error', error_code: 40001 });
  });

  test('refuses malformed JSON with 400', async () => {
    const a = await post(url, '/query', 'not json');
    expect(a.status).toBe(400);
    expect(json(a)).toMatchObject({ '@type': 'generic_error', error_code: 40000 });
  });
});
