import type http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Started } from './helpers.js';
import { h2connect, h2open, h2request, json, post, request, startServer } from './helpers.js';

const CREATE = "CREATE STREAM PAGEVIEWS (ID BIGINT KEY, PAGE STRING) WITH (kafka_topic='pageviews', value_format='JSON', partitions=1);";

describe('POST /ksql', () => {
  let s: Started;
  let url: string;
  let h2: http2.ClientHttp2Session;

  beforeAll(async () => {
    s = await startServer();
    url = s.server.url;
    h2 = h2connect(url);
    const created = await post(url, '/ksql', { ksql: CREATE });
    expect(created.status).toBe(200);
  });
  afterAll(async () => {
    h2.close();
    await s.close();
  });

  test('answers a CREATE with a currentStatus entity shaped like ksqlDB', async () => {
    const a = await post(url, '/ksql', { ksql: "CREATE STREAM CLICKS (ID INT KEY) WITH (kafka_topic='clicks', value_format='JSON', partitions=1);" });
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('application/vnd.ksql.v1+json');
    expect(json(a)).toEqual([
      {
        '@type': 'currentStatus',
        statementText: "CREATE STREAM CLICKS (ID INT KEY) WITH (kafka_topic='clicks', value_format='JSON', partitions=1);",
        commandId: 'stream/CLICKS/create',
        commandStatus: { status: 'SUCCESS', message: 'Stream created', queryId: null },
        commandSequenceNumber: expect.any(Number) as number,
        warnings: [],
      },
    ]);
  });

  test('answers with application/json when the client accepts only that', async () => {
    const a = await post(url, '/ksql', { ksql: 'SHOW STREAMS;' }, { accept: 'application/json', 'content-type': 'application/json' });
    expect(a.headers['content-type']).toBe('application/json');
    const [entity] = json(a) as { '@type': string; streams: { name: string }[] }[];
    expect(entity!['@type']).toBe('streams');
    expect(entity!.streams.map((x) => x.name)).toContain('PAGEVIEWS');
  });

  test('answers one entity per statement, over HTTP/2 as well', async () => {
    const a = await h2request(h2, 'POST', '/ksql', { ksql: 'SHOW STREAMS; DESCRIBE PAGEVIEWS; LIST TOPICS;' });
    expect(a.status).toBe(200);
    const entities = JSON.parse(a.text) as { '@type': string; statementText: string; warnings: unknown[] }[];
    expect(entities.map((e) => e['@type'])).toEqual(['streams', 'sourceDescription', 'kafka_topics']);
    expect(entities[1]!.statementText).toBe('DESCRIBE PAGEVIEWS;');
    const d = (entities[1] as unknown as { sourceDescription: { fields: unknown[] } }).sourceDescription;
    expect(d.fields[0]).toEqual({ name: 'ID', schema: { type: 'BIGINT', fields: null, memberSchema: null }, type: 'KEY' });
    expect(entities.every((e) => Array.isArray(e.warnings))).toBe(true);
  });

  test('describes a function with ksqlDB\'s "type" field', async () => {
    const a = await post(url, '/ksql', { ksql: 'DESCRIBE FUNCTION UCASE;' });
    const [entity] = json(a) as Record<string, unknown>[];
    expect(entity!['@type']).toBe('describe_function');
    expect(entity!['type']).toBe('SCALAR');
    expect(entity).not.toHaveProperty('type_');
  });

  test('refuses a bad statement with 400 and a statement_error naming it, with the entities that ran before', async () => {
    const a = await post(url, '/ksql', { ksql: 'SHOW STREAMS; DROP STREAM NOPE;' });
    expect(a.status).toBe(400);
    const e = json(a) as Record<string, unknown>;
    expect(e['@type']).toBe('statement_error');
    expect(e['error_code']).toBe(40001);
    expect(e['statementText']).toBe('DROP STREAM NOPE;');
    expect(String(e['message'])).toMatch(/NOPE/);
    expect((e['entities'] as { '@type': string }[]).map((x) => x['@type'])).toEqual(['streams']);
    expect(a.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  test('runs nothing when a later statement has a syntax error', async () => {
    const a = await post(url, '/ksql', { ksql: "CREATE STREAM NEVER (ID INT) WITH (kafka_topic='never', value_format='JSON', partitions=1); SELEC oops;" });
    expect(a.status).toBe(400);
    expect((json(a) as Record<string, unknown>)['error_code']).toBe(40001);
    const shown = json(await post(url, '/ksql', { ksql: 'SHOW STREAMS;' })) as { streams: { name: string }[] }[];
    expect(shown[0]!.streams.map((x) => x.name)).not.toContain('NEVER');
  });

  test('sends SELECT to the query endpoints with error 40002', async () => {
    const a = await post(url, '/ksql', { ksql: 'SELECT * FROM PAGEVIEWS EMIT CHANGES;' });
    expect(a.status).toBe(400);
    expect(json(a)).toMatchObject({
      '@type': 'statement_error',
      error_code: 40002,
      message: "The following statement types should be issued to the websocket endpoint '/query':\n\t* PRINT\n\t* SELECT",
      statementText: 'SELECT * FROM PAGEVIEWS EMIT CHANGES;',
    });
  });

  test('answers malformed JSON with 400 and a generic_error', async () => {
    const a = await post(url, '/ksql', '{"ksql": "SHOW STREAMS;"');
    expect(a.status).toBe(400);
    expect(json(a)).toMatchObject({ '@type': 'generic_error', error_code: 40000 });
    expect(String((json(a) as Record<string, unknown>)['message'])).toMatch(/^Invalid JSON in request/);
  });

  test('answers a request without ksql with 400', async () => {
    const a = await post(url, '/ksql', { sql: 'SHOW STREAMS;' });
    expect(a.status).toBe(400);
    expect((json(a) as Record<string, unknown>)['message']).toBe("Missing required field 'ksql' in request.");
  });

  test('applies streamsProperties and SET to the request only', async () => {
    const a = await post(url, '/ksql', { ksql: "SET 'ksql.test.x'='1'; SHOW PROPERTIES;", streamsProperties: { 'ksql.test.y': 2 } });
    expect(a.status).toBe(200);
    const [props] = json(a) as { properties: { name: string; value: string }[] }[];
    expect(props!.properties).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'ksql.test.x', value: '1' }), expect.objectContaining({ name: 'ksql.test.y', value: '2' })]));
    const after = json(await post(url, '/ksql', { ksql: 'SHOW PROPERTIES;' })) as { properties: { name: string }[] }[];
    expect(after[0]!.properties.map((p) => p.name)).not.toContain('ksql.test.x');
  });

  test('substitutes variables from sessionVariables and from DEFINE earlier in the request', async () => {
    const a = await post(url, '/ksql', {
      ksql: "DEFINE topic = 'defined_topic'; CREATE STREAM ${name} (ID INT) WITH (kafka_topic='${topic}', value_format='JSON', partitions=1); SHOW VARIABLES;",
      sessionVariables: { name: 'FROMVARS' },
    });
    expect(a.status).toBe(200);
    const [created, variables] = json(a) as Record<string, unknown>[];
    expect(created!['commandId']).toBe('stream/FROMVARS/create');
    expect(variables!['variables']).toEqual(expect.arrayContaining([{ name: 'topic', value: 'defined_topic' }]));
  });

  test('refuses overriding a property the server owns', async () => {
    const a = await post(url, '/ksql', { ksql: 'SHOW STREAMS;', streamsProperties: { 'ksql.service.id': 'other' } });
    expect(a.status).toBe(400);
    expect(String((json(a) as Record<string, unknown>)['message'])).toContain('[ksql.service.id]');
  });

  test('refuses a body over the size limit with 413', async () => {
    const small = await startServer({ maxBodyBytes: 100 });
    try {
      const a = await post(small.server.url, '/ksql', { ksql: `SHOW STREAMS; -- ${'x'.repeat(200)}` });
      expect(a.status).toBe(413);
      expect(json(a)).toMatchObject({ '@type': 'generic_error', error_code: 41300 });
    } finally {
      await small.close();
    }
  });

  test('reports the status of a command it ran at /status/{commandId}', async () => {
    const a = await request(url, 'GET', '/status/stream/PAGEVIEWS/create');
    expect(a.status).toBe(200);
    expect(json(a)).toEqual({ status: 'SUCCESS', message: 'Stream created' });
    const missing = await request(url, 'GET', '/status/stream/NOPE/create');
    expect(missing.status).toBe(404);
    expect(json(missing)).toMatchObject({ '@type': 'generic_error', error_code: 40400 });
  });

  test('TERMINATE ends a push query a client is streaming, with ksqlDB\'s terminate_query entity', async () => {
    const stream = await h2open(h2, 'POST', '/query-stream', { sql: 'SELECT * FROM PAGEVIEWS EMIT CHANGES;' });
    const { queryId } = JSON.parse((await stream.nextLine())!) as { queryId: string };
    const a = await post(url, '/ksql', { ksql: `TERMINATE ${queryId};` });
    expect(a.status).toBe(200);
    expect(json(a)).toEqual([{ '@type': 'terminate_query', statementText: `TERMINATE ${queryId};`, queryId, wasTerminated: true, warnings: [] }]);
    expect(await stream.rest()).toBe('');
  });

  test('says whether a property may be set at /is_valid_property', async () => {
    const ok = await h2request(h2, 'POST', '/is_valid_property/auto.offset.reset');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toBe(true);
    const denied = await request(url, 'GET', '/is_valid_property/ksql.service.id');
    expect(denied.status).toBe(400);
  });
});

describe('POST /ksql/terminate', () => {
  test('ends every query and drops every source, deleting the listed topics', async () => {
    const s = await startServer();
    try {
      const url = s.server.url;
      await post(url, '/ksql', { ksql: `${CREATE} CREATE STREAM COPY AS SELECT * FROM PAGEVIEWS;` });
      const a = await post(url, '/ksql/terminate', { deleteTopicList: ['page.*'] });
      expect(a.status).toBe(200);
      expect(json(a)).toEqual([expect.objectContaining({ '@type': 'currentStatus', commandId: 'cluster/CLUSTER/terminate' })]);
      const shown = json(await post(url, '/ksql', { ksql: 'SHOW STREAMS; SHOW QUERIES; SHOW TOPICS;' })) as Record<string, unknown[]>[];
      expect(shown[0]!['streams']).toEqual([]);
      expect(shown[1]!['queries']).toEqual([]);
      const topics = (shown[2]!['topics'] as { name: string }[]).map((t) => t.name);
      expect(topics).not.toContain('pageviews');
      expect(topics).toContain('COPY');
    } finally {
      await s.close();
    }
  });
});
