import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseServerArgs, runServerCommand } from '../../cli/commands/server.js';
import type { KsqliteServer } from '../../src/server/server.js';
import { EARLIEST, json, post, request } from './helpers.js';

describe('ksqlite server options', () => {
  test('reads every option, in both --name value and --name=value forms', () => {
    expect(parseServerArgs(['--port=0', '--host', '0.0.0.0', '--data-dir', 'd', '--auth-file=u', '--tls-key', 'k', '--tls-cert', 'c', '--max-body-bytes', '10'])).toEqual({
      port: 0,
      host: '0.0.0.0',
      inMemory: false,
      dataDir: 'd',
      authFile: 'u',
      tlsKey: 'k',
      tlsCert: 'c',
      maxBodyBytes: 10,
    });
  });

  test('explains what is wrong with bad options', () => {
    expect(parseServerArgs(['--port', 'http'])).toBe('--port needs a non-negative integer');
    expect(parseServerArgs(['--tls-key', 'k'])).toBe('--tls-key and --tls-cert go together.');
    expect(parseServerArgs(['--verbose'])).toBe('Unknown argument: --verbose');
    expect(parseServerArgs(['--kafka'])).toBe('--kafka needs a value');
    expect(parseServerArgs(['--kafka', 'localhost:9092', '--guarantee', 'exactly_once_v2'])).toMatchObject({ kafka: 'localhost:9092', guarantee: 'exactly_once_v2' });
  });

  test('prints its usage for --help and exits 2 on a bad option', async () => {
    const out: string[] = [];
    expect(await runServerCommand(['--help'], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(0);
    expect(out.join('\n')).toContain('--queries-file F');
    const err: string[] = [];
    expect(await runServerCommand(['--nope'], { out: () => undefined, err: (l) => err.push(l) })).toBe(2);
    expect(err.join('\n')).toMatch(/^Unknown argument: --nope/);
  });
});

describe('ksqlite server --queries-file (headless)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ksqlite-server-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('runs the file, serves queries on its streams and refuses statements on /ksql', async () => {
    const file = join(dir, 'queries.sql');
    writeFileSync(file, "CREATE STREAM HL (ID INT KEY, V STRING) WITH (kafka_topic='hl', value_format='JSON', partitions=1);\nINSERT INTO HL (ID, V) VALUES (1, 'from file');\n");
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    let server: KsqliteServer | undefined;
    const out: string[] = [];
    const done = runServerCommand(['--in-memory', '--port', '0', '--queries-file', file], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      stopped,
      started: (s) => (server = s),
    });
    try {
      while (server === undefined) await new Promise((r) => setTimeout(r, 10));
      expect(out[0]).toMatch(/^ksqlite server listening on http:\/\/127\.0\.0\.1:\d+ \(headless/);
      const refused = await post(server.url, '/ksql', { ksql: 'SHOW STREAMS;' });
      expect(refused.status).toBe(400);
      expect(String((json(refused) as Record<string, unknown>)['message'])).toMatch(/headless/);
      const rows = await post(server.url, '/query', { ksql: 'SELECT V FROM HL EMIT CHANGES LIMIT 1;', streamsProperties: EARLIEST });
      expect(rows.text).toContain('{"row":{"columns":["from file"]}}');
      expect((await request(server.url, 'GET', '/info')).status).toBe(200);
    } finally {
      stop();
    }
    expect(await done).toBe(0);
  });

  test('stops with file:line:column at the first failing statement of the file', async () => {
    const file = join(dir, 'bad.sql');
    writeFileSync(file, "CREATE STREAM OK1 (ID INT) WITH (kafka_topic='ok1', value_format='JSON', partitions=1);\nDROP STREAM MISSING;\n");
    const err: string[] = [];
    const code = await runServerCommand(['--in-memory', '--port', '0', '--queries-file', file], { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: .*MISSING`));
  });

  test('refuses a users file it cannot read', async () => {
    const err: string[] = [];
    const code = await runServerCommand(['--in-memory', '--port', '0', '--auth-file', join(dir, 'none.txt')], { out: () => undefined, err: (l) => err.push(l) });
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(/Cannot read the users file/);
  });
});
