import type http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Started } from './helpers.js';
import { EARLIEST, h2connect, h2request, json, post, request, startServer } from './helpers.js';

describe('the informational endpoints', () => {
  let s: Started;
  let url: string;
  let h2: http2.ClientHttp2Session;

  beforeAll(async () => {
    s = await startServer();
    url = s.server.url;
    h2 = h2connect(url);
  });
  afterAll(async () => {
    h2.close();
    await s.close();
  });

  test('GET /info describes the server as ksqlDB does, over HTTP/1.1 and HTTP/2', async () => {
    const a = await request(url, 'GET', '/info');
    expect(a.status).toBe(200);
    expect(json(a)).toEqual({
      KsqlServerInfo: { version: expect.any(String) as string, kafkaClusterId: 'ksqlite-embedded', ksqlServiceId: 'default_', serverStatus: 'RUNNING' },
    });
    const b = await h2request(h2, 'GET', '/info');
    expect(JSON.parse(b.text)).toEqual(json(a));
  });

  test('GET /healthcheck reports healthy parts', async () => {
    const a = await h2request(h2, 'GET', '/healthcheck');
    expect(JSON.parse(a.text)).toMatchObject({ isHealthy: true, details: { metastore: { isHealthy: true }, kafka: { isHealthy: true } } });
  });

  test('GET /clusterStatus lists this server as the one live host', async () => {
    const a = await request(url, 'GET', '/clusterStatus');
    const status = (json(a) as { clusterStatus: Record<string, { hostAlive: boolean }> }).clusterStatus;
    expect(Object.keys(status)).toEqual([`127.0.0.1:${s.server.port}`]);
    expect(status[`127.0.0.1:${s.server.port}`]!.hostAlive).toBe(true);
  });

  test('GET /metrics serves Prometheus text with requests, push queries and per-query records', async () => {
    await post(url, '/ksql', {
      ksql: `CREATE STREAM M (ID INT KEY, V INT) WITH (kafka_topic='m', value_format='JSON', partitions=1);
        CREATE STREAM M2 AS SELECT * FROM M;
        INSERT INTO M (ID, V) VALUES (1, 1);`,
    });
    await post(url, '/query', { ksql: 'SELECT * FROM M EMIT CHANGES LIMIT 1;', streamsProperties: EARLIEST });
    const a = await request(url, 'GET', '/metrics');
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(a.text).toMatch(/^# TYPE ksqlite_http_requests_total counter$/m);
    expect(a.text).toMatch(/^ksqlite_http_requests_total\{endpoint="\/ksql",status="200"\} 1$/m);
    expect(a.text).toMatch(/^ksqlite_push_queries_open 0$/m);
    expect(a.text).toMatch(/^ksqlite_push_queries_started_total 1$/m);
    expect(a.text).toMatch(/^ksqlite_pull_query_latency_seconds_bucket\{le="\+Inf"\} 0$/m);
    expect(a.text).toMatch(/^ksqlite_query_records_in_total\{query_id="CSAS_M2_\d+"\} 1$/m);
    expect(a.text).toMatch(/^ksqlite_query_records_out_total\{query_id="CSAS_M2_\d+"\} 1$/m);
  });

  test('answers an unknown path with 404 and a wrong method with 405, as error objects', async () => {
    const missing = await request(url, 'GET', '/nope');
    expect(missing.status).toBe(404);
    expect(json(missing)).toMatchObject({ '@type': 'generic_error', error_code: 40400 });
    const wrong = await request(url, 'GET', '/ksql');
    expect(wrong.status).toBe(405);
    expect(wrong.headers['allow']).toBe('POST');
    expect(json(wrong)).toMatchObject({ '@type': 'generic_error', error_code: 40500 });
  });

  test('answers a malformed HTTP request with a JSON 400, not a stack trace', async () => {
    const net = await import('node:net');
    const text = await new Promise<string>((resolve) => {
      const socket = net.connect(s.server.port, '127.0.0.1', () => socket.write('GARBAGE\r\n\r\n'));
      let out = '';
      socket.on('data', (d) => (out += d.toString()));
      socket.on('close', () => resolve(out));
    });
    expect(text).toMatch(/^HTTP\/1\.1 400/);
    expect(text).toContain('"@type":"generic_error"');
  });
});
