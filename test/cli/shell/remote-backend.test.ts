// The shell in remote mode, on a real `ksqlite server` started on 127.0.0.1 for each test: the
// same session gives the same output as in embedded mode; queries stream and stop on the server;
// SET/DEFINE stay in the shell; completion asks the server; credentials and failures are explained.

import { afterEach, describe, expect, it } from 'vitest';
import { RemoteBackend } from '../../../cli/shell/remote-backend.js';
import { KsqliteServer } from '../../../src/server/server.js';
import { metric, startTestServer } from '../../client/server-fixture.js';
import type { RemoteTestShell, TestShell } from './shell-fixtures.js';
import { CREATE_PAGEVIEWS, ctrl, enter, lastOutput, newRemoteShell, newShell, printed, prompt, run, snapshot, tab, type, until } from './shell-fixtures.js';

let remote: RemoteTestShell | undefined;
let embedded: TestShell | undefined;

afterEach(async () => {
  await remote?.close();
  await embedded?.backend.close();
  remote = undefined;
  embedded = undefined;
});

/** What a failing connect says. */
async function connectError(url: string, credentials?: { user?: string; password?: string }): Promise<string> {
  try {
    const backend = await RemoteBackend.connect(url, credentials);
    await backend.close();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected the connection to fail');
}

const SESSION = [
  "CREATE STREAM wide (id BIGINT KEY, t TIMESTAMP, d DECIMAL(5,2), a ARRAY<INT>, st STRUCT<x INT, y STRING>, m MAP<STRING,DOUBLE>, dt DATE, tm TIME, b BYTES) WITH (KAFKA_TOPIC='wide', PARTITIONS=1, VALUE_FORMAT='JSON');",
  "INSERT INTO wide VALUES (12345678901234567, '2024-01-01T10:00:00.000', 12.30, ARRAY[1,2], STRUCT(x:=1, y:='a'), MAP('k':=1.5), '2024-01-02', '10:00:01', TO_BYTES('abc','utf8'));",
  "SET 'auto.offset.reset'='earliest';",
  'SHOW STREAMS;',
  'DESCRIBE wide;',
  'SELECT * FROM wide EMIT CHANGES LIMIT 1;',
  "DEFINE greeting = 'hello';",
  'SHOW VARIABLES;',
  'DESCRIBE nothing;',
  'OUTPUT JSON;',
  'SHOW TOPICS;',
  'SELECT id, st, m FROM wide EMIT CHANGES LIMIT 1;',
];

/** Everything a session printed, without the banner (which names the mode). */
async function transcriptOf(c: TestShell['controller']): Promise<string> {
  for (const statement of SESSION) await run(c, statement);
  return printed(c).slice(printed(c).indexOf('ksql> '));
}

describe('the shell in remote mode', () => {
  it("opens with a banner naming the server's URL and the version it reports", async () => {
    remote = await newRemoteShell();
    expect(printed(remote.controller)).toContain(`ksqlite 9.9.9 (remote, server: ${remote.server.url}, server version: 0.29.0)`);
  });

  it('prints exactly what the embedded shell prints for the same session', async () => {
    remote = await newRemoteShell();
    embedded = newShell();
    const expected = await transcriptOf(embedded.controller);
    // One difference: the server's errors carry no position, so a refused DESCRIBE has no caret.
    const withoutCaret = expected.replace('ksql> DESCRIBE nothing;\n  DESCRIBE nothing;\n  ^\n', 'ksql> DESCRIBE nothing;\n');
    expect(withoutCaret).not.toBe(expected);
    expect(await transcriptOf(remote.controller)).toBe(withoutCaret);
    // The session is worth comparing: it shows rows, tables, JSON and an error.
    expect(expected).toContain('| 12345 | 2024- | 12.30 | [1,2] | {"X": | {"k": | 2024- | 10:00 | YWJj  |');
    expect(expected).toContain('{"ID":"12345678901234567","ST":{"X":1,"Y":"a"},"M":{"k":1.5}}');
    expect(expected).toContain("Could not find STREAM/TABLE 'NOTHING'");
  });

  it('answers pull queries on a table as the embedded shell does', async () => {
    remote = await newRemoteShell();
    embedded = newShell();
    const session = async (c: TestShell['controller'], idle: () => void): Promise<string> => {
      for (const statement of [
        "CREATE STREAM s (id INT KEY, v INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');",
        "SET 'auto.offset.reset'='earliest';",
        'INSERT INTO s (id, v) VALUES (1, 5); INSERT INTO s (id, v) VALUES (1, 6); INSERT INTO s (id, v) VALUES (2, 7);',
        'CREATE TABLE totals AS SELECT id, COUNT(*) AS n, SUM(v) AS total FROM s GROUP BY id EMIT CHANGES;',
      ])
        await run(c, statement);
      // The aggregation has caught up before the pull queries read its table.
      idle();
      await run(c, 'SELECT * FROM totals WHERE id = 1;');
      await run(c, 'SELECT id, total FROM totals;');
      return printed(c).slice(printed(c).indexOf('ksql> '));
    };
    const expected = await session(embedded.controller, () => embedded!.backend.engine.runUntilIdle());
    expect(await session(remote.controller, () => remote!.server.engine.runUntilIdle())).toBe(expected);
    expect(expected).toMatch(/ksql> SELECT \* FROM totals WHERE id = 1;\n\+-+\+-+\+-+\+\n\| ID +\| N +\| TOTAL +\|\n\+-+\+-+\+-+\+\n\| 1 +\| 2 +\| 11 +\|\n\+-+\+-+\+-+\+\nQuery terminated\n/);
    expect(expected).toMatch(/\| 1 +\| 11 +\|\n\| 2 +\| 7 +\|\n\+-+\+-+\+\nQuery terminated$/);
  });

  it('streams rows inserted by another client with a live counter; Ctrl-C ends the query on the server', async () => {
    remote = await newRemoteShell();
    const c = remote.controller;
    await run(c, CREATE_PAGEVIEWS);
    enter(c, 'SELECT userid, page FROM pageviews EMIT CHANGES;');
    await until(() => snapshot(c).phase === 'streaming', 'the query to start');
    expect(snapshot(c).stream?.name).toMatch(/^transient_PAGEVIEWS_\d+$/);
    await remote.server.engine.execute("INSERT INTO pageviews (userid, page, ms) VALUES ('alice', '/home', 1);");
    await until(() => snapshot(c).stream?.rows === 1, 'the first row');
    await remote.server.engine.execute("INSERT INTO pageviews (userid, page, ms) VALUES ('bob', '/cart', 2);");
    await until(() => snapshot(c).stream?.rows === 2, 'the second row');
    expect(metric(await remote.server.metrics(), 'ksqlite_push_queries_open')).toBe(1);
    ctrl(c, 'c');
    await prompt(c);
    expect(lastOutput(c)).toMatch(/\| alice +\| \/home +\|\n\| bob +\| \/cart +\|\n\+-+\+-+\+\nQuery terminated$/);
    await until(() => remote!.server.engine.runningQueries().length === 0, 'the server to end the query');
    const metrics = await remote.server.metrics();
    expect(metric(metrics, 'ksqlite_push_queries_open')).toBe(0);
    expect(metric(metrics, 'ksqlite_http_requests_total{endpoint="/close-query",status="200"}')).toBe(1);
    await run(c, 'DESCRIBE pageviews;');
    expect(lastOutput(c)).toContain('| USERID | STRING (key) |');
  });

  it('keeps SET and DEFINE in the shell and sends them with every request', async () => {
    remote = await newRemoteShell();
    const c = remote.controller;
    await run(c, "DEFINE topic = 'clicks';");
    expect(lastOutput(c)).toBe('Defined variable topic.');
    await run(c, "CREATE STREAM clicks (id STRING KEY, v INT) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=1, VALUE_FORMAT='JSON');");
    expect(remote.server.engine.log.hasTopic('clicks')).toBe(true);
    await run(c, "INSERT INTO clicks (id, v) VALUES ('a', 1);");
    // Without the property the query would start at the end of the topic and show nothing.
    await run(c, "SET 'auto.offset.reset'='earliest';");
    await run(c, 'SELECT v FROM clicks EMIT CHANGES LIMIT 1;');
    expect(lastOutput(c)).toMatch(/\| 1 +\|\n\+-+\+\nLimit Reached\nQuery terminated$/);
    await run(c, 'UNDEFINE topic;');
    await run(c, 'SHOW VARIABLES;');
    expect(lastOutput(c)).not.toContain('clicks');
    // The server kept nothing: another client sees no variable.
    const other = await RemoteBackend.connect(remote.server.url);
    const [shown] = await other.execute('SHOW VARIABLES;');
    await other.close();
    expect(shown).toMatchObject({ type: 'variables', variables: [] });
  });

  it("completes sources, columns and functions with the server's names", async () => {
    remote = await newRemoteShell();
    const c = remote.controller;
    // Created by another client: the shell learns of it on Tab.
    await remote.server.engine.execute(CREATE_PAGEVIEWS);
    type(c, 'DESCRIBE PAGEV');
    await tab(c);
    expect(snapshot(c).editor.text).toBe('DESCRIBE PAGEVIEWS ');
    ctrl(c, 'u');
    type(c, 'SELECT USE');
    await tab(c);
    expect(snapshot(c).editor.text).toBe('SELECT USERID');
    type(c, ', UCAS');
    await tab(c);
    expect(snapshot(c).editor.text).toBe('SELECT USERID, UCASE(');
  });

  it('points at a syntax error with a caret before anything is sent, and stays usable after a refusal', async () => {
    remote = await newRemoteShell();
    const c = remote.controller;
    await run(c, 'SHOW STREEMS;');
    expect(snapshot(c).transcript.at(-1)).toMatchObject({ kind: 'error', source: { line: 'SHOW STREEMS;', column: 6 } });
    await run(c, 'DROP STREAM nothing;');
    expect(lastOutput(c)).toContain('NOTHING');
    await run(c, 'SHOW TOPICS;');
    expect(lastOutput(c)).toContain('Kafka Topic');
  });

  it("prints a topic's records from the server as the embedded shell does, and stays usable", async () => {
    remote = await newRemoteShell();
    const c = remote.controller;
    await run(c, CREATE_PAGEVIEWS);
    for (let i = 1; i <= 5; i++) await remote.server.engine.execute(`INSERT INTO pageviews (userid, page, ms) VALUES ('u${i}', '/p${i}', ${i});`);
    await run(c, 'PRINT pageviews FROM BEGINNING INTERVAL 2 LIMIT 2;');
    const out = lastOutput(c).split('\n');
    expect(out.slice(0, 2)).toEqual(['Key format: KAFKA_STRING', 'Value format: JSON or KAFKA_STRING']);
    expect(out[2]).toMatch(/^rowtime: \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3} Z, key: u1, value: \{"PAGE":"\/p1","MS":1\}, partition: 0$/);
    expect(out[3]).toContain('key: u3,');
    await run(c, 'PRINT nothing_here;');
    expect(snapshot(c).transcript.at(-1)).toMatchObject({ kind: 'error' });
    expect(lastOutput(c)).toContain('nothing_here');
    await run(c, 'SHOW STREAMS;');
    expect(lastOutput(c)).toContain('PAGEVIEWS');
  });

  it('says what went wrong when the server goes away, and works again once it is back', async () => {
    remote = await newRemoteShell();
    const c = remote.controller;
    const { engine, server } = remote.server;
    const port = server.port;
    await server.close();
    await run(c, 'SHOW TOPICS;');
    expect(lastOutput(c)).toMatch(new RegExp(`(Could not reach|The connection to) the server at ${remote.server.url.replace(/\./g, '\\.')}`));
    const again = await KsqliteServer.start({ engine, host: '127.0.0.1', port });
    try {
      await run(c, 'SHOW TOPICS;');
      expect(lastOutput(c)).toContain('Kafka Topic');
    } finally {
      await again.close();
    }
  });
});

describe('connecting in remote mode', () => {
  it('says the server wants a user name and password, and how to give them', async () => {
    const server = await startTestServer('alice: secret');
    try {
      expect(await connectError(server.url)).toBe(
        `The server at ${server.url} requires a user name and password (HTTP 401 Unauthorized). Start the shell with --user NAME --password SECRET.`,
      );
      expect(await connectError(server.url, { user: 'alice', password: 'nope' })).toBe(
        `The server at ${server.url} refused the user name and password (HTTP 401 Unauthorized). Check --user and --password.`,
      );
    } finally {
      await server.close();
    }
  });

  it('runs statements with the right credentials', async () => {
    remote = await newRemoteShell({ users: 'alice: secret', credentials: { user: 'alice', password: 'secret' } });
    await run(remote.controller, 'SHOW TOPICS;');
    expect(lastOutput(remote.controller)).toContain('Kafka Topic');
  });

  it('names the URL when no server answers there', async () => {
    const server = await startTestServer();
    const url = server.url;
    await server.close();
    expect(await connectError(url)).toBe(`Could not reach the server at ${url}: connect ECONNREFUSED ${url.slice('http://'.length)}. Is \`ksqlite server\` running there?`);
  });
});
