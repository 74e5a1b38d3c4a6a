// End to end: the built `ksqlite` shell in a real terminal (tmux), driven by keystrokes like a
// user: create a stream, insert, watch a push query's rows, Ctrl-C, a bad statement, DESCRIBE
// with Tab completion, Ctrl-D; on the embedded engine, then on a `ksqlite server` started by the
// test (remote mode, with credentials). Needs `npm run build` first; skipped only when tmux is missing.

import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from './../client/server-fixture.js';
import { startTestServer } from './../client/server-fixture.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TMUX = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0 ? 'tmux' : undefined;
if (TMUX === undefined) console.warn('shell end-to-end test skipped: tmux was not found on PATH (apt-get install -y tmux)');

/** The built binary once cli/main.ts routes to the shell; until then the shell's own entry. */
function entry(): string {
  const main = join(ROOT, 'dist/cli/main.js');
  if (existsSync(main) && readFileSync(main, 'utf8').includes('runShell')) return main;
  return join(ROOT, 'dist/cli/shell/main.js');
}

/** Fails clearly when dist/ is missing or older than the shell's sources. */
function assertBuilt(): void {
  for (const folder of ['cli/shell', 'cli/shell/components']) {
    for (const file of readdirSync(join(ROOT, folder)).filter((f) => /\.tsx?$/.test(f))) {
      const built = join(ROOT, 'dist', folder, file.replace(/\.tsx?$/, '.js'));
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(ROOT, folder, file)).mtimeMs) {
        throw new Error(`${built} is missing or older than its source: run \`npm run build\` before this test.`);
      }
    }
  }
}

let dir: string;

/** The test's own tmux server, on a socket in its temporary folder (removed with it). */
function tmux(...args: string[]): string {
  const r = spawnSync(TMUX!, ['-S', join(dir, 'tmux.sock'), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Types text literally (tmux would read a trailing `;` as its own command separator, so `;` goes as a key code). */
/** The tmux session the helpers below type into and read. */
let target = 'shell';

function typeText(text: string): void {
  text.split(';').forEach((chunk, i) => {
    if (i > 0) tmux('send-keys', '-t', target, '-H', '3b');
    if (chunk !== '') tmux('send-keys', '-t', target, '-l', chunk);
  });
}

function key(name: string): void {
  tmux('send-keys', '-t', target, name);
}

function screen(): string {
  return tmux('capture-pane', '-p', '-J', '-S', '-500', '-t', target);
}

/** Waits until the screen shows `what` (text, pattern, or a test of the whole screen). */
async function waitFor(what: string | RegExp | ((screen: string) => boolean), timeoutMs = 20_000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const s = screen();
    if (typeof what === 'string' ? s.includes(what) : what instanceof RegExp ? what.test(s) : what(s)) return s;
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${String(what)}; the terminal shows:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Occurrences of `text` on the screen (to wait for the next prompt). */
function count(text: string): number {
  return screen().split(text).length - 1;
}

/** Starts the shell with `args` in a new tmux session, which the helpers then drive. */
function startShell(session: string, args: string): void {
  const command = [
    'env -u CI -u CONTINUOUS_INTEGRATION',
    `KSQLITE_HISTORY_FILE=${join(dir, `${session}-history`)}`,
    `${process.execPath} ${entry()} ${args};`,
    'echo "[exit $?]"; sleep 300',
  ].join(' ');
  tmux('new-session', '-d', '-s', session, '-x', '110', '-y', '60', command);
  target = session;
}

describe.skipIf(TMUX === undefined)('the ksqlite shell in a terminal', () => {
  let server: TestServer | undefined;

  beforeAll(() => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), 'ksqlite-e2e-'));
  });

  afterAll(async () => {
    await server?.close();
    if (!dir) return;
    spawnSync(TMUX!, ['-S', join(dir, 'tmux.sock'), 'kill-server']);
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a stream, streams inserted rows, stops on Ctrl-C, survives an error, describes, and exits on Ctrl-D', { timeout: 120_000 }, async () => {
    startShell('shell', `--data-dir ${join(dir, 'data')}`);
    await waitFor('Mode: embedded · Data: ');
    await waitFor(/ksql> *$/m);

    typeText("CREATE STREAM e2e_views (userid STRING KEY, page STRING, ms INT)");
    key('Enter');
    typeText("  WITH (KAFKA_TOPIC='e2e_views', PARTITIONS=1, VALUE_FORMAT='JSON');");
    key('Enter');
    await waitFor('Stream created');

    typeText("INSERT INTO e2e_views (userid, page, ms) VALUES ('alice', '/home', 1200);");
    key('Enter');
    typeText("INSERT INTO e2e_views (userid, page, ms) VALUES ('bob', '/cart', 300);");
    key('Enter');
    typeText("SET 'auto.offset.reset'='earliest';");
    key('Enter');
    await waitFor("Successfully changed local property 'auto.offset.reset' to 'earliest'.");

    typeText('SELECT userid, page, ms FROM e2e_views EMIT CHANGES;');
    key('Enter');
    const rows = await waitFor((s) => /2 rows · transient_E2E_VIEWS_\d+ · Ctrl-C to stop/.test(s) && s.includes('| bob '));
    expect(rows).toMatch(/\| alice +\| \/home +\| 1200 +\|\n\| bob +\| \/cart +\| 300 +\|/);

    const prompts = count('ksql>');
    key('C-c');
    // The row counter gives way to the prompt.
    await waitFor((s) => s.includes('Query terminated') && !s.includes('Ctrl-C to stop') && /ksql> *$/m.test(s));
    expect(count('ksql>')).toBeGreaterThan(prompts);

    typeText('SELECT nope FROM e2e_views EMIT CHANGES;');
    key('Enter');
    const error = await waitFor("SELECT column 'NOPE' cannot be resolved.");
    expect(error).toMatch(/ {2}SELECT nope FROM e2e_views EMIT CHANGES;\n {9}\^\n/);

    typeText('DESCRIBE e2e_v');
    key('Tab');
    typeText(';');
    key('Enter');
    const described = await waitFor('| USERID | STRING (key) |');
    expect(described).toContain('ksql> DESCRIBE e2e_views ;');
    expect(described).toContain('| MS     | INTEGER      |');

    key('C-d');
    expect(await waitFor('[exit 0]')).toMatch(/Exiting ksqlite\.\n+\[exit 0\]/);
    expect(readFileSync(join(dir, 'shell-history'), 'utf8')).toContain('DESCRIBE e2e_views ;');
  });

  it('does the same on a running server in remote mode, with a user name and password', { timeout: 120_000 }, async () => {
    server = await startTestServer('alice: secret');
    startShell('remote', `--server ${server.url} --user alice --password secret`);
    await waitFor(`Mode: remote · Server: ${server.url} · Server version: 0.29.0`);
    await waitFor(/ksql> *$/m);

    typeText("CREATE STREAM e2e_remote (userid STRING KEY, page STRING, ms INT) WITH (KAFKA_TOPIC='e2e_remote', PARTITIONS=1, VALUE_FORMAT='JSON');");
    key('Enter');
    await waitFor('Stream created');
    expect(server.engine.catalog.source('E2E_REMOTE')).toBeDefined();
    typeText("INSERT INTO e2e_remote (userid, page, ms) VALUES ('alice', '/home', 1200);");
    key('Enter');
    typeText("SET 'auto.offset.reset'='earliest';");
    key('Enter');
    await waitFor("Successfully changed local property 'auto.offset.reset' to 'earliest'.");

    typeText('SELECT userid, page, ms FROM e2e_remote EMIT CHANGES;');
    key('Enter');
    await waitFor((s) => /1 row · transient_E2E_REMOTE_\d+ · Ctrl-C to stop/.test(s) && s.includes('| alice '));
    // A row written by another client of the server shows up live.
    await server.engine.execute("INSERT INTO e2e_remote (userid, page, ms) VALUES ('bob', '/cart', 300);");
    const rows = await waitFor((s) => /2 rows · transient_E2E_REMOTE_\d+ · Ctrl-C to stop/.test(s));
    expect(rows).toMatch(/\| alice +\| \/home +\| 1200 +\|\n\| bob +\| \/cart +\| 300 +\|/);

    key('C-c');
    await waitFor((s) => s.includes('Query terminated') && !s.includes('Ctrl-C to stop') && /ksql> *$/m.test(s));
    await waitFor(() => server!.engine.runningQueries().length === 0);

    typeText('DESCRIBE e2e_r');
    key('Tab');
    typeText(';');
    key('Enter');
    const described = await waitFor('| USERID | STRING (key) |');
    expect(described).toContain('ksql> DESCRIBE e2e_remote ;');

    key('C-d');
    expect(await waitFor('[exit 0]')).toMatch(/Exiting ksqlite\.\n+\[exit 0\]/);
  });

  it('refuses to start in remote mode with a wrong password, saying so', { timeout: 60_000 }, async () => {
    server ??= await startTestServer('alice: secret');
    // Run asynchronously: the server answers from this process.
    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, [entry(), '--server', server!.url, '--user', 'alice', '--password', 'nope'], (error, _stdout, stderr) =>
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr }),
      );
    });
    expect(result).toEqual({
      code: 1,
      stderr: `ksqlite: The server at ${server.url} refused the user name and password (HTTP 401 Unauthorized). Check --user and --password.\n`,
    });
  });
});
