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

  test('refuses a bad query with 400 and ksqlDB\'s error object as application/json', async () => {
    const a = await h2request(h2, 'POST', '/query-stream', { sql: 'SELECT * FROM NOPE EMIT CHANGES;' });
    expect(a.status).toBe(400);
    expect(a.headers['content-type']).toBe('application/json');
    expect(JSON.parse(a.text)).toMatchObject({ '@type': 'generic_error', error_code: 40000 });
    const missing = await post(url, '/query-stream', { ksql: 'SELECT 1;' });
    expect(missing.status).toBe(400);
    expect(json(missing)).toMatchObject({ message: "Missing required field 'sql' in request." });
  });

  test('refuses PRINT with a message saying it is not supported yet', async () => {
    const a = await h2request(h2, 'POST', '/query-stream', { sql: "PRINT 'orders' FROM BEGINNING;" });
    expect(a.status).toBe(400);
    expect(JSON.parse(a.text)).toMatchObject({ '@type': 'statement_error', message: expect.stringContaining('PRINT') as string });
  });
});
