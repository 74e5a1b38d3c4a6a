import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { UserTable } from '../../src/server/auth.js';
import type { Started } from './helpers.js';
import { EARLIEST, h2connect, h2request, json, post, request, startServer } from './helpers.js';

const run = promisify(execFile);

const USERS = `# ksqlite users (Jetty realm format)
alice: wonderland,admin
bob:MD5:${createHash('md5').update('builder').digest('hex')}
`;

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

describe('HTTP Basic authentication', () => {
  let s: Started;
  let url: string;

  beforeAll(async () => {
    s = await startServer({ users: UserTable.parse(USERS) });
    url = s.server.url;
  });
  afterAll(() => s.close());

  test('answers a request without credentials with 401, error 40101 and a Basic challenge', async () => {
    const a = await request(url, 'GET', '/info');
    expect(a.status).toBe(401);
    expect(a.headers['www-authenticate']).toBe('Basic realm="ksqlite"');
    expect(json(a)).toEqual({ '@type': 'generic_error', error_code: 40101, message: 'Unauthorized' });
  });

  test('answers wrong credentials with 401, and unknown users likewise', async () => {
    expect((await request(url, 'GET', '/info', { headers: { authorization: basic('alice', 'wrong') } })).status).toBe(401);
    expect((await request(url, 'GET', '/info', { headers: { authorization: basic('mallory', 'wonderland') } })).status).toBe(401);
    expect((await request(url, 'GET', '/info', { headers: { authorization: 'Bearer abc' } })).status).toBe(401);
  });

  test('serves a user with a plain or an MD5 password', async () => {
    expect((await request(url, 'GET', '/info', { headers: { authorization: basic('alice', 'wonderland') } })).status).toBe(200);
    const a = await post(url, '/ksql', { ksql: 'SHOW STREAMS;' }, { authorization: basic('bob', 'builder') });
    expect(a.status).toBe(200);
  });

  test('checks credentials over HTTP/2 too', async () => {
    const h2 = h2connect(url);
    try {
      const refused = await h2request(h2, 'POST', '/query-stream', { sql: 'SELECT 1;' });
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.text)).toMatchObject({ error_code: 40101 });
      const ok = await h2request(h2, 'GET', '/healthcheck', undefined, { authorization: basic('alice', 'wonderland') });
      expect(ok.status).toBe(200);
    } finally {
      h2.close();
    }
  });

  test('checks credentials on the WebSocket upgrade', async () => {
    const wsUrl = `${url.replace(/^http/, 'ws')}/ws/query?request=${encodeURIComponent(JSON.stringify({ ksql: 'SELECT 1;' }))}`;
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(wsUrl);
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => undefined);
    });
    expect(refused).toBe(401);
    const opened = await new Promise<boolean>((resolve) => {
      const socket = new WebSocket(wsUrl, { headers: { authorization: basic('alice', 'wonderland') } });
      socket.on('open', () => resolve(true));
      socket.on('unexpected-response', () => resolve(false));
      socket.on('error', () => undefined);
    });
    expect(opened).toBe(true);
  });

  test('works with curl: HTTP/1.1, HTTP/2 with prior knowledge, and an h2c upgrade offer (answered in HTTP/1.1)', async () => {
    const plain = await run('curl', ['-sS', '-u', 'alice:wonderland', `${url}/info`]);
    expect(JSON.parse(plain.stdout)).toHaveProperty('KsqlServerInfo');
    const upgrade = await run('curl', ['-sS', '--http2', '-u', 'alice:wonderland', '-d', '{"ksql":"SHOW TABLES;"}', `${url}/ksql`]);
    expect((JSON.parse(upgrade.stdout) as { '@type': string }[])[0]!['@type']).toBe('tables');
    const h2 = await run('curl', ['-sS', '--http2-prior-knowledge', '-u', 'bob:builder', '-d', '{"ksql":"SHOW STREAMS;"}', `${url}/ksql`]);
    expect((JSON.parse(h2.stdout) as { '@type': string }[])[0]!['@type']).toBe('streams');
    const refused = await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', `${url}/info`]);
    expect(refused.stdout).toBe('401');
  });
});

describe('the users file', () => {
  test('reads Jetty realm lines, comments, roles and MD5 passwords', () => {
    const t = UserTable.parse('# c\n\nalice: secret, admin , dev\ncarol:pw\n');
    expect(t.size).toBe(2);
    expect(t.authenticate(basic('alice', 'secret'))?.roles).toEqual(['admin', 'dev']);
    expect(t.authenticate(basic('carol', 'pw'))?.name).toBe('carol');
    expect(t.authenticate(basic('carol', 'pw2'))).toBeUndefined();
  });

  test('refuses a malformed line and the password forms it cannot check, naming the line', () => {
    expect(() => UserTable.parse('alice wonderland', 'users.txt')).toThrow('users.txt:1: expected "user: password[,role...]".');
    expect(() => UserTable.parse('\nalice: OBF:1v2j1uum', 'users.txt')).toThrow(/users\.txt:2: OBF: passwords are not supported/);
  });
});

describe('TLS', () => {
  let dir: string;
  let key: Buffer;
  let cert: Buffer;
  let s: Started;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ksqlite-tls-'));
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ]);
    key = readFileSync(join(dir, 'key.pem'));
    cert = readFileSync(join(dir, 'cert.pem'));
    s = await startServer({ tls: { key, cert }, users: UserTable.parse(USERS) });
  });
  afterAll(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves HTTPS to HTTP/1.1 clients', async () => {
    expect(s.server.url).toMatch(/^https:\/\//);
    const a = await request(s.server.url, 'GET', '/info', { ca: cert, headers: { authorization: basic('alice', 'wonderland') } });
    expect(a.status).toBe(200);
    expect(json(a)).toHaveProperty('KsqlServerInfo');
  });

  test('serves HTTP/2 over TLS, streaming query results', async () => {
    const h2 = h2connect(s.server.url, cert);
    const auth = { authorization: basic('alice', 'wonderland') };
    try {
      const created = await h2request(h2, 'POST', '/ksql', { ksql: "CREATE STREAM SECURE (ID INT KEY) WITH (kafka_topic='secure', value_format='JSON', partitions=1); INSERT INTO SECURE (ID) VALUES (7);" }, auth);
      expect(created.status).toBe(200);
      const q = await h2request(h2, 'POST', '/query-stream', { sql: 'SELECT ID FROM SECURE EMIT CHANGES LIMIT 1;', properties: EARLIEST }, auth);
      expect(q.text.trimEnd().split('\n').slice(1)).toEqual(['[7]']);
      const refused = await h2request(h2, 'GET', '/info');
      expect(refused.status).toBe(401);
    } finally {
      h2.close();
    }
  });

  test('refuses clients that do not trust the certificate', async () => {
    await expect(request(s.server.url, 'GET', '/info')).rejects.toThrow(/self[- ]signed/i);
  });
});
