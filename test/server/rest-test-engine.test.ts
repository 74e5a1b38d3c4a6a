import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RestClient, parseQueryAnswer } from '../../src/server/rest-test-engine.js';
import { ERROR_MESSAGE, STATEMENT_ERROR_MESSAGE } from '../../src/testing/exceptions.js';
import { TestEngineError } from '../../src/testing/test-engine.js';
import type { Started } from './helpers.js';
import { startServer } from './helpers.js';

describe('RQTT through the REST API', () => {
  let s: Started;
  let client: RestClient;
  const agent = new http.Agent({ keepAlive: true });
  const at = { index: 0, line: 1 };

  beforeAll(async () => {
    s = await startServer();
    client = new RestClient(s.server.url, agent, { 'auto.offset.reset': 'earliest' });
  });
  afterAll(async () => {
    agent.destroy();
    await s.close();
  });

  test('statements answer as the admin responses RQTT files write', async () => {
    const responses = await client.execute("CREATE STREAM R (K STRING KEY, V INT) WITH (kafka_topic='r', value_format='JSON', partitions=1); SHOW STREAMS;", at);
    expect(responses.map((r) => ('admin' in r ? r.admin['@type'] : null))).toEqual(['currentStatus', 'streams']);
  });

  test('a refused statement is a KsqlStatementErrorMessage with its status; a bad push query a KsqlErrorMessage', async () => {
    const refused = await client.execute('DROP STREAM NOPE;', at).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TestEngineError);
    expect(refused).toMatchObject({ type: STATEMENT_ERROR_MESSAGE, status: 400 });
    const bad = await client.query('SELECT * FROM NOPE EMIT CHANGES;').catch((e: unknown) => e);
    expect(bad).toMatchObject({ type: ERROR_MESSAGE, status: 400 });
  });

  test('a query answers header, rows and final message as elements, once it runs', async () => {
    const q = await client.query('SELECT K, V FROM R EMIT CHANGES LIMIT 1;');
    await client.execute("INSERT INTO R (K, V) VALUES ('a', 1);", at);
    const elements = await q.done;
    expect(elements).toHaveLength(3);
    expect(elements[0]).toMatchObject({ header: { schema: '`K` STRING, `V` INTEGER' } });
    expect(elements.slice(1)).toEqual([{ row: { columns: ['a', 1] } }, { finalMessage: 'Limit Reached' }]);
  });

  test('reads answers in both of ksqlDB\'s comma styles', () => {
    expect(parseQueryAnswer('[{"header":{}},\n{"row":{"columns":[1]}},\n]\n')).toEqual([{ header: {} }, { row: { columns: [1] } }]);
    expect(parseQueryAnswer('[{"header":{}}\n,{"row":{"columns":[1]}}]')).toEqual([{ header: {} }, { row: { columns: [1] } }]);
  });
});
