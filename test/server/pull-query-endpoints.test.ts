// Pull queries over the REST API: the shapes of /query and /query-stream answers for tables
// (complete at once: KEY marks, no final message, one write with a Content-Length) and streams
// (a final message), over HTTP/1.1 and HTTP/2, and ksqlDB's statement errors.

import type http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Started } from './helpers.js';
import { h2connect, h2request, post, startServer } from './helpers.js';
import { parseQueryAnswer, protobufElements } from '../../src/server/rest-test-engine.js';

const SETUP = `CREATE STREAM CLICKS (USER STRING KEY, MS BIGINT) WITH (kafka_topic='clicks', value_format='JSON', partitions=1);
CREATE TABLE PER_USER AS SELECT USER, COUNT(*) AS N, SUM(MS) AS TOTAL FROM CLICKS GROUP BY USER;
CREATE TABLE PLAIN (ID INT PRIMARY KEY, V STRING) WITH (kafka_topic='plain', value_format='JSON', partitions=1);
INSERT INTO CLICKS (USER, MS) VALUES ('ann', 10);
INSERT INTO CLICKS (USER, MS) VALUES ('bob', 9007199254740993);
INSERT INTO CLICKS (USER, MS) VALUES ('ann', 5);`;

describe('pull queries over REST', () => {
  let s: Started;
  let url: string;
  let h2: http2.ClientHttp2Session;

  beforeAll(async () => {
    s = await startServer();
    url = s.server.url;
    h2 = h2connect(url);
    expect((await post(url, '/ksql', { ksql: SETUP, streamsProperties: { 'auto.offset.reset': 'earliest' } })).status).toBe(200);
    s.engine.runUntilIdle();
  });
  afterAll(async () => {
    h2.close();
    await s.close();
  });

  test('/query answers a table lookup as one JSON array: KEY marks, rows, no final message', async () => {
    const a = await post(url, '/query', { ksql: "SELECT * FROM PER_USER WHERE USER = 'ann';" });
    expect(a.status).toBe(200);
    expect(a.headers['content-length']).toBe(String(Buffer.byteLength(a.text)));
    const body = JSON.parse(a.text) as unknown[];
    expect(body).toEqual([
      { header: { queryId: expect.stringMatching(/^transient_PER_USER_/) as string, schema: '`USER` STRING KEY, `N` BIGINT, `TOTAL` BIGINT' } },
      { row: { columns: ['ann', 2, 15] } },
    ]);
    // Rows of a complete answer come after a comma, not before a newline, as ksqlDB writes them.
    expect(a.text.split('\n')[1]).toBe('{"row":{"columns":["ann",2,15]}}]');
  });

  test('/query answers a scan with every row, BIGINTs exact', async () => {
    const a = await post(url, '/query', { ksql: 'SELECT USER, TOTAL FROM PER_USER;' });
    expect(JSON.parse(a.text) as unknown[]).toHaveLength(3);
    expect(a.text).toContain('{"row":{"columns":["ann",15]}}');
    // 2^53 + 1: JSON.parse would round it, so the text is checked.
    expect(a.text).toContain('{"row":{"columns":["bob",9007199254740993]}}');
  });

  test('/query ends a pull query on a stream with ksqlDB\'s final message', async () => {
    const all = JSON.parse((await post(url, '/query', { ksql: 'SELECT * FROM CLICKS;' })).text) as unknown[];
    expect(all[0]).toMatchObject({ header: { schema: '`USER` STRING, `MS` BIGINT' } });
    expect(all.slice(1)).toEqual([{ row: { columns: ['ann', 10] } }, { row: { columns: ['bob', 9007199254740992] } }, { row: { columns: ['ann', 5] } }, { finalMessage: 'Query Completed' }]);
    const limited = JSON.parse((await post(url, '/query', { ksql: 'SELECT * FROM CLICKS LIMIT 1;' })).text) as unknown[];
    expect(limited.slice(1)).toEqual([{ row: { columns: ['ann', 10] } }, { finalMessage: 'Limit Reached' }]);
  });

  test('/query-stream answers a lookup over HTTP/1.1 in one delimited answer', async () => {
    const a = await post(url, '/query-stream', { sql: "SELECT N, USER FROM PER_USER WHERE USER IN ('bob', 'ann');" });
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/vnd.ksqlapi.delimited.v1');
    expect(a.headers['content-length']).toBe(String(Buffer.byteLength(a.text)));
    const lines = a.text.trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({ queryId: expect.stringMatching(/^transient_/) as string, columnNames: ['N', 'USER'], columnTypes: ['BIGINT', 'STRING'] });
    expect(lines.slice(1)).toEqual(['[1,"bob"]', '[2,"ann"]']);
  });

  test('/query-stream answers over HTTP/2, as a JSON array when asked', async () => {
    const a = await h2request(h2, 'POST', '/query-stream', { sql: "SELECT USER FROM PER_USER WHERE USER = 'bob';" }, { accept: 'application/json' });
    expect(a.status).toBe(200);
    expect((JSON.parse(a.text) as unknown[]).slice(1)).toEqual([['bob']]);
  });

  test("refuses a table nothing materializes, and a bad WHERE, with ksqlDB's statement errors", async () => {
    const a = await post(url, '/query', { ksql: 'SELECT * FROM PLAIN;' });
    expect(a.status).toBe(400);
    expect(JSON.parse(a.text)).toMatchObject({
      '@type': 'statement_error',
      error_code: 40001,
      message: expect.stringContaining("The `PLAIN` table isn't queryable.") as string,
      statementText: 'SELECT * FROM PLAIN;',
    });
    const b = await post(url, '/query-stream', { sql: 'SELECT * FROM PER_USER WHERE USER = 1;' });
    expect(b.status).toBe(400);
    expect(JSON.parse(b.text)).toMatchObject({ message: expect.stringContaining('Cannot compare USER (STRING) to 1 (INTEGER) with EQUAL.') as string });
  });

  test('answers in PROTOBUF when asked: a proto3 schema in the header, each row as its bytes', async () => {
    await post(url, '/ksql', {
      ksql: `CREATE SOURCE TABLE NESTED (ID INT PRIMARY KEY, TAGS MAP<STRING, INT>, XS ARRAY<BIGINT>, S STRUCT<A STRING, B BYTES>, D DOUBLE) WITH (kafka_topic='nested', value_format='JSON', partitions=1);`,
    });
    const key = Buffer.alloc(4);
    key.writeInt32BE(7);
    s.engine.log.produce('nested', [{ key, value: Buffer.from('{"TAGS":{"a":1,"b":0},"XS":[-1,2],"S":{"A":"é\\"","B":"IQ=="},"D":4}'), timestamp: 1 }]);
    s.engine.runUntilIdle();
    const a = await post(url, '/query', { ksql: 'SELECT * FROM NESTED WHERE ID = 7;' }, { accept: 'application/vnd.ksql.v1+protobuf' });
    expect(a.status).toBe(200);
    const elements = parseQueryAnswer(a.text);
    expect(elements[0]).toMatchObject({
      header: {
        protoSchema:
          'syntax = "proto3";\n\nmessage ConnectDefault1 {\n  int32 ID = 1;\n  repeated ConnectDefault2Entry TAGS = 2;\n  repeated int64 XS = 3;\n  ConnectDefault3 S = 4;\n  double D = 5;\n\n' +
          '  message ConnectDefault2Entry {\n    string key = 1;\n    int32 value = 2;\n  }\n\n  message ConnectDefault3 {\n    string A = 1;\n    bytes B = 2;\n  }\n}\n',
      },
    });
    expect(elements[1]).toEqual({ row: { protobufBytes: expect.any(String) as string } });
    // Read back as ksqlDB's test runner prints it: defaults (b's 0) left out, text escaped as bytes.
    expect(protobufElements(elements)[1]).toEqual({
      row: 'ID: 7\nTAGS {\n  key: "a"\n  value: 1\n}\nTAGS {\n  key: "b"\n}\nXS: -1\nXS: 2\nS {\n  A: "\\303\\251\\""\n  B: "!"\n}\nD: 4.0\n',
    });
  });

  test('lists map entries in PROTOBUF answers in the order a java.util.HashMap iterates them, as ksqlDB does', async () => {
    await post(url, '/ksql', {
      ksql: `CREATE SOURCE TABLE SCORES (ID INT PRIMARY KEY, BY_CODE MAP<STRING, INT>) WITH (kafka_topic='scores', value_format='JSON', partitions=1);`,
    });
    const key = Buffer.alloc(4);
    key.writeInt32BE(1);
    // "T" comes first in the record; in a default HashMap "C" (hash 67) comes before "T" (hash 84).
    s.engine.log.produce('scores', [{ key, value: Buffer.from('{"BY_CODE":{"T":3,"C":-1}}'), timestamp: 1 }]);
    s.engine.runUntilIdle();
    const a = await post(url, '/query', { ksql: 'SELECT * FROM SCORES WHERE ID = 1;' }, { accept: 'application/vnd.ksql.v1+protobuf' });
    expect(a.status).toBe(200);
    expect(protobufElements(parseQueryAnswer(a.text))[1]).toEqual({
      row: 'ID: 1\nBY_CODE {\n  key: "C"\n  value: -1\n}\nBY_CODE {\n  key: "T"\n  value: 3\n}\n',
    });
  });

  test('SELECT * on a table with a header column shows the source schema as ksqlDB does: keys, headers, then values', async () => {
    await post(url, '/ksql', {
      ksql: `CREATE SOURCE TABLE HEADED (K INT PRIMARY KEY, TEXT STRING, H BYTES HEADER('abc')) WITH (kafka_topic='headed', value_format='JSON', partitions=1);`,
    });
    const key = Buffer.alloc(4);
    key.writeInt32BE(1);
    s.engine.log.produce('headed', [{ key, value: Buffer.from('{"TEXT":"a1"}'), timestamp: 1, headers: [{ key: 'abc', value: Buffer.from('!') }] }]);
    s.engine.runUntilIdle();
    const star = JSON.parse((await post(url, '/query', { ksql: 'SELECT * FROM HEADED WHERE K = 1;' })).text) as unknown[];
    expect(star).toEqual([
      { header: { queryId: expect.any(String) as string, schema: "`K` INTEGER KEY, `H` BYTES HEADER('abc'), `TEXT` STRING" } },
      { row: { columns: [1, 'a1', 'IQ=='] } },
    ]);
    // Naming the columns makes a projection: plain value columns, in the order asked for.
    const named = JSON.parse((await post(url, '/query', { ksql: 'SELECT K, TEXT, H FROM HEADED WHERE K = 1;' })).text) as unknown[];
    expect(named[0]).toMatchObject({ header: { schema: '`K` INTEGER KEY, `TEXT` STRING, `H` BYTES' } });
  });

  test('counts pull queries in /metrics', async () => {
    await post(url, '/query', { ksql: "SELECT * FROM PER_USER WHERE USER = 'ann';" });
    const m = await post(url, '/query', { ksql: "SELECT * FROM PER_USER WHERE USER = 'bob';" });
    expect(m.status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(Number(/^ksqlite_pull_query_latency_seconds_count (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(2);
  });
});
