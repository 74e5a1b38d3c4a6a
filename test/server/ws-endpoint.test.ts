import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import type { Started } from './helpers.js';
import { EARLIEST, eventually, post, startServer } from './helpers.js';

interface Session {
  readonly messages: string[];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly socket: WebSocket;
}

function connect(url: string, request: object | null, headers: Record<string, string> = {}): Session {
  const q = request === null ? '' : `?request=${encodeURIComponent(JSON.stringify(request))}`;
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/query${q}`, { headers });
  const messages: string[] = [];
  socket.on('message', (m: Buffer) => messages.push(m.toString('utf8')));
  socket.on('error', () => undefined);
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { messages, closed, socket };
}

describe('WebSocket /ws/query', () => {
  let s: Started;
  let url: string;

  beforeAll(async () => {
    s = await startServer();
    url = s.server.url;
    await post(url, '/ksql', {
      ksql: `CREATE STREAM TICKS (SYM STRING KEY, PRICE DOUBLE, SEQ BIGINT) WITH (kafka_topic='ticks', value_format='JSON', partitions=1);
        INSERT INTO TICKS (SYM, PRICE, SEQ) VALUES ('A', 1.5, 1);
        INSERT INTO TICKS (SYM, PRICE, SEQ) VALUES ('B', 2.25, 2);`,
    });
  });
  afterAll(() => s.close());

  test('sends the schema, then each row, then closes normally when the LIMIT is reached', async () => {
    const ws = connect(url, { ksql: 'SELECT * FROM TICKS EMIT CHANGES LIMIT 2;', streamsProperties: EARLIEST });
    const closed = await ws.closed;
    expect(closed.code).toBe(1000);
    expect(closed.reason).toBe('Limit Reached');
    expect(JSON.parse(ws.messages[0]!)).toEqual([
      { name: 'SYM', schema: { type: 'STRING', fields: null, memberSchema: null } },
      { name: 'PRICE', schema: { type: 'DOUBLE', fields: null, memberSchema: null } },
      { name: 'SEQ', schema: { type: 'BIGINT', fields: null, memberSchema: null } },
    ]);
    expect(ws.messages.slice(1)).toEqual(['{"row":{"columns":["A",1.5,1]}}', '{"row":{"columns":["B",2.25,2]}}']);
  });

  test('ends the push query when the client closes the socket', async () => {
    const ws = connect(url, { ksql: 'SELECT * FROM TICKS EMIT CHANGES;' });
    const transient = (): number => s.engine.runningQueries().filter((q) => q.id.startsWith('transient_')).length;
    await eventually(() => ws.messages.length > 0);
    expect(transient()).toBe(1);
    ws.socket.close();
    await eventually(() => transient() === 0);
  });

  test('closes with a policy-violation code and the reason for a bad request', async () => {
    const missing = connect(url, null);
    expect(await missing.closed).toEqual({ code: 1008, reason: "Missing the 'request' query parameter." });
    const bad = connect(url, { ksql: 'SELECT * FROM NOPE EMIT CHANGES;' });
    const closed = await bad.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/NOPE/);
  });

  test('refuses an upgrade on another path with 404', async () => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/other`);
    const status = await new Promise<number>((resolve) => {
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => undefined);
    });
    expect(status).toBe(404);
  });
});
