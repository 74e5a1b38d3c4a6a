import type http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Started } from './helpers.js';
import { EARLIEST, eventually, h2connect, h2open, h2request, json, openStream, post, startServer } from './helpers.js';

const SETUP = `CREATE STREAM ORDERS (ID INT KEY, ITEM STRING, QTY BIGINT) WITH (kafka_topic='orders', value_format='JSON', partitions=1);
INSERT INTO ORDERS (ID, ITEM, QTY) VALUES (1, 'apple', 3);
INSERT INTO ORDERS (ID, ITEM, QTY) VALUES (2, 'pear', 12345678901234567);`;

describe('POST /query-stream', () => {
  let s: Started;
  let url: string;
  let h2: http2.ClientHttp2Session;
  const transient = (): number => s.engine.runningQueries().filter((q) => q.id.startsWith('transient_')).length;

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

  test('streams a header line and one JSON array per row over HTTP/2 (delimited format)', async () => {
    const a = await h2request(h2, 'POST', '/query-stream', { sql: 'SELECT * FROM ORDERS EMIT CHANGES LIMIT 2;', properties: EARLIEST });
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/vnd.ksqlapi.delimited.v1');
    const lines = a.text.trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({ queryId: expect.stringMatching(/^transient_/) as string, columnNames: ['ID', 'ITEM', 'QTY'], columnTypes: ['INTEGER', 'STRING', 'BIGINT'] });
    expect(lines.slice(1)).toEqual(['[1,"apple",3]', '[2,"pear",12345678901234567]']);
  });

  test('answers one JSON array with Accept: application/json', async () => {
    const a = await h2request(h2, 'POST', '/query-stream', { sql: 'SELECT ITEM FROM ORDERS EMIT CHANGES LIMIT 2;', properties: EARLIEST }, { accept: 'application/json' });
    expect(a.headers['content-type']).toBe('application/json');
    const body = JSON.parse(a.text) as unknown[];
    expect(body.slice(1)).toEqual([['apple'], ['pear']]);
    expect(body[0]).toMatchObject({ columnNames: ['ITEM'], columnTypes: ['STRING'] });
  });

  test('serves HTTP/1.1 clients too, chunked', async () => {
    const a = await post(url, '/query-stream', { sql: 'SELECT ID FROM ORDERS EMIT CHANGES LIMIT 1;', properties: EARLIEST });
    expect(a.status).toBe(200);
    expect(a.headers['transfer-encoding']).toBe('chunked');
    expect(a.text.trimEnd().split('\n').slice(1)).toEqual(['[1]']);
  });

  test('serves several queries at once on one HTTP/2 connection', async () => {
    const [a, b] = await Promise.all([
      h2request(h2, 'POST', '/query-stream', { sql: 'SELECT ID FROM ORDERS EMIT CHANGES LIMIT 2;', properties: EARLIEST }),
      h2request(h2, 'POST', '/query-stream', { sql: 'SELECT ITEM FROM ORDERS EMIT CHANGES LIMIT 2;', properties: EARLIEST }),
    ]);
    expect(a.text.trimEnd().split('\n').slice(1)).toEqual(['[1]', '[2]']);
    expect(b.text.trimEnd().split('\n').slice(1)).toEqual(['["apple"]', '["pear"]']);
  });

  test('ends a push query when /close-query names it, and ends its stream', async () => {
    const stream = await h2open(h2, 'POST', '/query-stream', { sql: 'SELECT * FROM ORDERS EMIT CHANGES;' });
    const header = JSON.parse((await stream.nextLine())!) as { queryId: string };
    expect(transient()).toBe(1);
    const closed = await h2request(h2, 'POST', '/close-query', { queryId: header.queryId });
    expect(closed.status).toBe(200);
    expect(await stream.rest()).toBe('');
    await eventually(() => transient() === 0);
  });

  test('refuses /close-query for an unknown query with 400', async () => {
    const a = await h2request(h2, 'POST', '/close-query', { queryId: 'transient_NOPE_1' });
    expect(a.status).toBe(400);
    expect(JSON.parse(a.text)).toMatchObject({ '@type': 'generic_error', message: 'No query with id transient_NOPE_1' });
  });

  test('ends the push query when the HTTP/2 client cancels its stream', async () => {
    const stream = await h2open(h2, 'POST', '/query-stream', { sql: 'SELECT * FROM ORDERS EMIT CHANGES;' });
    expect(await stream.nextLine()).toMatch(/"queryId"/);
    expect(transient()).toBe(1);
    stream.abort();
    await eventually(() => transient() === 0);
  });

  test('ends the push query when the HTTP/1.1 client disconnects', async () => {
    const stream = await openStream(url, '/query-stream', { sql: 'SELECT * FROM ORDERS EMIT CHANGES;' });
    expect(await stream.nextLine()).toMatch(/"queryId"/);
    expect(transient()).toBe(1);
    stream.abort();
    await eventually(() => transient() === 0);
  });

  test('delivers a burst of rows produced at once to every open push query, all of them and in order, over HTTP/1.1 and HTTP/2', async () => {
    const h1 = await openStream(url, '/query-stream', { sql: 'SELECT ID, ITEM FROM ORDERS EMIT CHANGES;' });
    const h2s = await h2open(h2, 'POST', '/query-stream', { sql: 'SELECT ID, ITEM FROM ORDERS EMIT CHANGES;' });
    expect(await h1.nextLine()).toMatch(/"queryId"/);
    expect(await h2s.nextLine()).toMatch(/"queryId"/);
    const n = 300;
    const records = Array.from({ length: n }, (_v, i) => {
      const key = Buffer.alloc(4);
      key.writeInt32BE(1000 + i);
      return { key, value: Buffer.from(`{"ITEM":"item-${i}","QTY":${i}}`), timestamp: 1 };
    });
    s.engine.log.produce('orders', records);
    const expected = records.map((_r, i) => `[${1000 + i},"item-${i}"]`);
    const read = async (next: () => Promise<string | null>): Promise<(string | null)[]> => {
      const lines: (string | null)[] = [];
      for (let i = 0; i < n; i++) lines.push(await next());
      return lines;
    };
    expect(await read(() => h1.nextLine())).toEqual(expected);
    expect(await read(() => h2s.nextLine())).toEqual(expected);
    h1.abort();
    h2s.abort();
    await eventually(() => transient() === 0);
  });

  test('refuses a bad query with 400 and ksqlDB\'s error object as application/json', async () => {
    const a = await h2request(h2, 'POST', '/query-stream', { sql: 'SELECT * FROM NOPE EMIT CHANGES;' });
    expect(a.status).toBe(400);
    expect(a.headers['content-type']).toBe('application/json');
    expect(JSON.parse(a.text)).toMatchObject({ '@type': 'generic_error', error_code: 40000 });
    const missing = await post(url, '/query-stream', { ksql: 'SELECT 1;' });
    expect(missing.status).toBe(400);
    expect(json(missing)).toMatchObject({ message: "Missing required field 'sql' in request." });
  });

  test('a syntax error answers 400 with its line and column in the statement, as ksqlDB puts them in the message (HTTP/2 and HTTP/1.1)', async () => {
    const a = await h2request(h2, 'POST', '/query-stream', { sql: 'SELECT * FROM ORDERS\n  WHERE ID = ;' });
    expect(a.status).toBe(400);
    expect(JSON.parse(a.text)).toMatchObject({
      '@type': 'statement_error',
      error_code: 40001,
      message: expect.stringMatching(/^line 2:14: Syntax Error\n/) as string,
      statementText: 'SELECT * FROM ORDERS\n  WHERE ID = ;',
    });
    const b = await post(url, '/query', { ksql: 'SELECT * FROM ORDERS WHERE ID = ;' });
    expect(b.status).toBe(400);
    expect(json(b)).toMatchObject({ '@type': 'statement_error', message: expect.stringMatching(/^line 1:33: Syntax Error\n/) as string });
  });

  test('answers PRINT ... FROM BEGINNING LIMIT n with the guessed formats, then one line per record, then ends (HTTP/2 and HTTP/1.1)', async () => {
    const record = /^rowtime: \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3} Z, key: (\d+), value: (.*), partition: 0$/;
    for (const a of [
      await h2request(h2, 'POST', '/query-stream', { sql: "PRINT 'orders' FROM BEGINNING LIMIT 2;" }),
      await post(url, '/query-stream', { sql: 'print ORDERS from beginning limit 2;' }),
    ]) {
      expect(a.status).toBe(200);
      expect(a.headers['content-type']).toBe('application/vnd.ksqlapi.delimited.v1');
      const lines = a.text.trimEnd().split('\n');
      expect(lines.slice(0, 2)).toEqual(['Key format: KAFKA_INT', 'Value format: JSON or KAFKA_STRING']);
      expect(lines.slice(2).map((l) => record.exec(l)?.slice(1))).toEqual([
        ['1', '{"ITEM":"apple","QTY":3}'],
        ['2', '{"ITEM":"pear","QTY":12345678901234567}'],
      ]);
    }
  });

  test('PRINT from the end shows the records produced after it started, every INTERVAL-th one', async () => {
    const stream = await h2open(h2, 'POST', '/query-stream', { sql: "PRINT 'orders' INTERVAL 2 LIMIT 2;" });
    expect(stream.status).toBe(200);
    const key = (i: number): Buffer => {
      const b = Buffer.alloc(4);
      b.writeInt32BE(i);
      return b;
    };
    s.engine.log.produce('orders', [5, 6, 7, 8].map((i) => ({ key: key(i), value: Buffer.from(`{"ITEM":"x${i}","QTY":${i}}`), timestamp: 0 })));
    const lines = (await stream.rest()).trimEnd().split('\n');
    expect(lines.slice(2)).toEqual([
      'rowtime: 1970/01/01 00:00:00.000 Z, key: 5, value: {"ITEM":"x5","QTY":5}, partition: 0',
      'rowtime: 1970/01/01 00:00:00.000 Z, key: 7, value: {"ITEM":"x7","QTY":7}, partition: 0',
    ]);
  });

  test('refuses PRINT of a topic that does not exist with 400 and ksqlDB\'s statement error', async () => {
    const a = await h2request(h2, 'POST', '/query-stream', { sql: "PRINT 'nope' FROM BEGINNING;" });
    expect(a.status).toBe(400);
    expect(JSON.parse(a.text)).toMatchObject({
      '@type': 'statement_error',
      error_code: 40001,
      message: expect.stringContaining("Could not find topic 'nope'") as string,
    });
  });
});
