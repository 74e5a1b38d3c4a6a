// The ink components, drawn by ink-testing-library: what the terminal shows while a user types,
// runs statements, watches a streaming query and stops it.

import { vi } from 'vitest';

// Colours are part of what is tested (highlighting); chalk decides on them when it is loaded.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { cleanup } from 'ink-testing-library';
import { ShellApp } from '../../../cli/shell/components/shell-app.js';
import { Spinner } from '../../../cli/shell/components/spinner.js';
import { SqlText } from '../../../cli/shell/components/sql-text.js';
import { TranscriptItem } from '../../../cli/shell/components/transcript-item.js';
import { CompletionList } from '../../../cli/shell/components/completion-list.js';
import type { RemoteTestShell, TestShell } from './shell-fixtures.js';
import { CREATE_PAGEVIEWS, newRemoteShell, newShell, run, until } from './shell-fixtures.js';

const ESC = '\u001b';
const ANSI_STYLE = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');
const plain = (s: string | undefined): string => (s ?? '').replace(ANSI_STYLE, '');

let shell: TestShell | undefined;
let remote: RemoteTestShell | undefined;
afterEach(async () => {
  cleanup();
  await shell?.backend.close();
  await remote?.close();
  shell = undefined;
  remote = undefined;
});

async function frameWith(lastFrame: () => string | undefined, text: string | RegExp): Promise<string> {
  await until(() => (typeof text === 'string' ? plain(lastFrame()).includes(text) : text.test(plain(lastFrame()))), `a frame showing ${String(text)}`);
  return plain(lastFrame());
}

/** Renders the shell; `screen()` is what the terminal would show: the printed transcript, then the live part. */
function renderShell(controller: TestShell['controller']) {
  const printedText: string[] = [];
  const r = render(<ShellApp controller={controller} print={(t) => printedText.push(t)} />);
  const screen = (): string => printedText.join('') + (r.lastFrame() ?? '');
  return { ...r, screen, printedText };
}

/** Lets ink handle pending input and render. */
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

describe('SqlText', () => {
  it('colours keywords, strings and functions and marks the cursor', () => {
    const { lastFrame } = render(<SqlText text={"SELECT ucase(name) FROM s WHERE v = 'x'"} cursor={7} isFunction={(n) => n === 'UCASE'} />);
    const frame = lastFrame()!;
    expect(plain(frame)).toBe("ksql> SELECT ucase(name) FROM s WHERE v = 'x'");
    expect(frame).toContain(`${ESC}[36mSELECT${ESC}[39m`);
    expect(frame).toContain(`${ESC}[1m${ESC}[36mFROM${ESC}[39m`);
    expect(frame).toContain(`${ESC}[32m'x'${ESC}[39m`);
    // The cursor (inverse) sits on the first letter of the function name, yellow like the rest of it.
    expect(frame).toContain(`${ESC}[7m${ESC}[33mu${ESC}[27mcase${ESC}[39m(name)`);
  });

  it('shows continuation lines of a multi-line statement under an arrow', () => {
    const { lastFrame } = render(<SqlText text={'SELECT *\n  FROM s\n'} cursor={18} />);
    expect(plain(lastFrame())).toBe('ksql> SELECT *\n   ->   FROM s\n   ->  ');
  });
});

describe('TranscriptItem', () => {
  it('draws an error with a caret under the column it is about', () => {
    const { lastFrame } = render(<TranscriptItem item={{ id: 1, kind: 'error', message: 'Column NOPE cannot be resolved.', source: { line: 'SELECT nope FROM s;', column: 8 } }} />);
    expect(plain(lastFrame())).toBe('  SELECT nope FROM s;\n         ^\nColumn NOPE cannot be resolved.');
  });

  it('names the file and position of an error in a script', () => {
    const { lastFrame } = render(<TranscriptItem item={{ id: 1, kind: 'error', message: 'bad', source: { label: 'setup.sql:3:5', line: 'SHOW x;', column: 6 } }} />);
    expect(plain(lastFrame()).split('\n')[0]).toBe('setup.sql:3:5');
  });

  it('draws the banner with version, mode and data directory', () => {
    const { lastFrame } = render(<TranscriptItem item={{ id: 0, kind: 'banner', version: '1.2.3', mode: 'embedded', location: './data' }} />);
    const frame = plain(lastFrame());
    expect(frame).toContain('ksqlite 1.2.3');
    expect(frame).toContain('Mode: embedded · Data: ./data');
    expect(frame.split('\n')[0]).toMatch(/^╭─+╮$/);
  });

  it("draws the banner of remote mode with the server's URL and version", () => {
    const { lastFrame } = render(<TranscriptItem item={{ id: 0, kind: 'banner', version: '1.2.3', mode: 'remote', location: 'http://127.0.0.1:8088', serverVersion: '0.29.0' }} />);
    const frame = plain(lastFrame());
    expect(frame).toContain('Mode: remote · Server: http://127.0.0.1:8088 · Server version: 0.29.0');
    expect(frame).not.toContain('Data:');
  });
});

describe('Spinner and CompletionList', () => {
  it('shows the spinner only once a statement has taken a while', async () => {
    const { lastFrame } = render(<Spinner label="CREATE STREAM" delayMs={60} />);
    expect(plain(lastFrame())).toBe('');
    const frame = await frameWith(lastFrame, 'CREATE STREAM…');
    expect(frame).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] CREATE STREAM…$/);
  });

  it('lays candidates out in columns that fit the width', () => {
    const candidates = ['USERID', 'UCASE', 'UNSET', 'UNIX_TIMESTAMP'].map((text) => ({ text, kind: 'keyword' as const }));
    const { lastFrame } = render(<CompletionList candidates={candidates} width={40} />);
    expect(plain(lastFrame())).toBe('USERID          UCASE           \nUNSET           UNIX_TIMESTAMP  ');
  });
});

describe('ShellApp', () => {
  it('echoes typed keys at the prompt, runs a statement on Enter and shows its result above a new prompt', async () => {
    shell = newShell();
    const { screen: lastFrame, stdin } = renderShell(shell.controller);
    await frameWith(lastFrame, 'ksqlite 9.9.9');
    stdin.write(CREATE_PAGEVIEWS.slice(0, 13));
    await frameWith(lastFrame, 'ksql> CREATE STREAM');
    stdin.write(CREATE_PAGEVIEWS.slice(13));
    await tick();
    stdin.write('\r');
    const frame = await frameWith(lastFrame, 'Stream created');
    const lines = frame.split('\n');
    expect(lines.at(-1)).toBe('ksql>  ');
    expect(lines.some((l) => l.startsWith('ksql> CREATE STREAM pageviews'))).toBe(true);
  });

  it('streams rows with a live counter, and Ctrl-C stops the query and brings the prompt back', async () => {
    shell = newShell({ flushMs: 10 });
    const c = shell.controller;
    await run(c, CREATE_PAGEVIEWS);
    await run(c, "SET 'auto.offset.reset'='earliest';");
    await run(c, "INSERT INTO pageviews (userid, page, ms) VALUES ('alice', '/home', 1);");
    const { screen: lastFrame, stdin } = renderShell(c);
    stdin.write('SELECT userid, page FROM pageviews EMIT CHANGES;');
    await tick();
    stdin.write('\r');
    await frameWith(lastFrame, /1 row · transient_PAGEVIEWS_\d+ · Ctrl-C to stop$/);
    await shell.backend.execute("INSERT INTO pageviews (userid, page, ms) VALUES ('bob', '/cart', 2);");
    let frame = await frameWith(lastFrame, '2 rows ·');
    expect(frame).toMatch(/\| alice +\| \/home +\|\n\| bob +\| \/cart +\|/);
    expect(frame).not.toContain('ksql>  ');
    stdin.write('\u0003');
    frame = await frameWith(lastFrame, 'Query terminated');
    expect(frame).not.toContain('rows ·');
    await until(() => plain(lastFrame()).endsWith('ksql>  '), 'the prompt');
  });

  it('clears the line on Ctrl-C at the prompt and exits on Ctrl-D', async () => {
    shell = newShell();
    const { screen: lastFrame, stdin } = renderShell(shell.controller);
    stdin.write('SHOW STR');
    await frameWith(lastFrame, 'ksql> SHOW STR');
    stdin.write('\u0003');
    await until(() => plain(lastFrame()).endsWith('ksql>  '), 'an empty prompt');
    stdin.write('\u0004');
    await shell.controller.exited;
    expect(await frameWith(lastFrame, 'Exiting ksqlite.')).not.toContain('ksql>  ');
  });

  it('shows the candidates of an ambiguous Tab under the prompt and completes a unique one', async () => {
    shell = newShell();
    await run(shell.controller, CREATE_PAGEVIEWS);
    const { screen: lastFrame, stdin } = renderShell(shell.controller);
    stdin.write('SHOW STRE');
    await tick();
    stdin.write('\t');
    // Every candidate starts with STREAM: Tab types the common part and lists them.
    const frame = await frameWith(lastFrame, 'STREAMS');
    expect(shell.controller.getSnapshot().editor.text).toBe('SHOW STREAM');
    const below = frame.slice(frame.lastIndexOf('ksql> SHOW STREAM')).split('\n').slice(1).join('\n');
    expect(below.split(/\s+/)).toEqual(expect.arrayContaining(['STREAM', 'STREAMS']));
    stdin.write('S;');
    await tick();
    stdin.write('\r');
    await frameWith(lastFrame, /Stream Name[\s\S]*PAGEVIEWS/);
  });

  it('keeps a bad statement from breaking the session: the error, then the next result', async () => {
    shell = newShell();
    const { screen: lastFrame, stdin } = renderShell(shell.controller);
    stdin.write('DESCRIBE nothing;');
    await tick();
    stdin.write('\r');
    await frameWith(lastFrame, "Could not find STREAM/TABLE 'NOTHING'");
    stdin.write('SHOW TOPICS;');
    await tick();
    stdin.write('\r');
    await frameWith(lastFrame, 'Kafka Topic');
  });

  it('in remote mode: the banner names the server; rows from the server stream with a counter until Ctrl-C', async () => {
    remote = await newRemoteShell();
    const c = remote.controller;
    await run(c, CREATE_PAGEVIEWS);
    await run(c, "SET 'auto.offset.reset'='earliest';");
    await remote.server.engine.execute("INSERT INTO pageviews (userid, page, ms) VALUES ('alice', '/home', 1);");
    const { screen: lastFrame, stdin } = renderShell(c);
    await frameWith(lastFrame, `Mode: remote · Server: ${remote.server.url} · Server version: 0.29.0`);
    stdin.write('SELECT userid, page FROM pageviews EMIT CHANGES;');
    await tick();
    stdin.write('\r');
    await frameWith(lastFrame, /1 row · transient_PAGEVIEWS_\d+ · Ctrl-C to stop$/);
    await remote.server.engine.execute("INSERT INTO pageviews (userid, page, ms) VALUES ('bob', '/cart', 2);");
    const frame = await frameWith(lastFrame, '2 rows ·');
    expect(frame).toMatch(/\| alice +\| \/home +\|\n\| bob +\| \/cart +\|/);
    stdin.write('\u0003');
    await frameWith(lastFrame, 'Query terminated');
    await until(() => plain(lastFrame()).endsWith('ksql>  '), 'the prompt');
  });
});
