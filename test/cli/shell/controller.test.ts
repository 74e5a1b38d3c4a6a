// The shell controller on a real engine: what a user types, what the shell prints back.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestShell } from './shell-fixtures.js';
import { CREATE_PAGEVIEWS, ctrl, ENTER, enter, lastOutput, newShell, press, printed, prompt, run, snapshot, tab, TAB, type, until } from './shell-fixtures.js';

let shell: TestShell;
let dir: string | undefined;

afterEach(async () => {
  await shell.backend.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('ShellController: statements', () => {
  it('opens with a banner naming the version, the mode and the data location', () => {
    shell = newShell();
    expect(printed(shell.controller)).toContain('ksqlite 9.9.9 (embedded, data: (in memory))');
  });

  it('keeps adding lines until a statement ends with a semicolon, then runs it', async () => {
    shell = newShell();
    const c = shell.controller;
    enter(c, 'CREATE STREAM pageviews (userid STRING KEY, page STRING)');
    expect(snapshot(c).phase).toBe('prompt');
    expect(snapshot(c).editor.text).toBe('CREATE STREAM pageviews (userid STRING KEY, page STRING)\n');
    await run(c, "  WITH (KAFKA_TOPIC='pageviews', PARTITIONS=1, VALUE_FORMAT='JSON');");
    expect(printed(c)).toContain("ksql> CREATE STREAM pageviews (userid STRING KEY, page STRING)\n   ->   WITH (KAFKA_TOPIC='pageviews'");
    expect(lastOutput(c)).toContain('Stream created');
    expect(snapshot(c).editor.text).toBe('');
  });

  it('shows an error with a caret under its position and stays usable', async () => {
    shell = newShell();
    const c = shell.controller;
    await run(c, CREATE_PAGEVIEWS);
    await run(c, 'SELECT userid,\n       nope FROM pageviews EMIT CHANGES;');
    const error = snapshot(c).transcript.at(-1)!;
    expect(error).toMatchObject({ kind: 'error', source: { line: '       nope FROM pageviews EMIT CHANGES;', column: 8 } });
    expect(lastOutput(c)).toBe("         nope FROM pageviews EMIT CHANGES;\n         ^\nSELECT column 'NOPE' cannot be resolved.");
    await run(c, 'SHOW STREAMS;');
    expect(lastOutput(c)).toContain('PAGEVIEWS');
  });

  it('points a syntax error into the right line of a multi-statement submission, after running those before it', async () => {
    shell = newShell();
    const c = shell.controller;
    enter(c, 'CREATE STREAM pageviews (userid STRING KEY, page STRING)');
    await run(c, "  WITH (KAFKA_TOPIC='pageviews', PARTITIONS=1, VALUE_FORMAT='JSON'); SELEC * FROM pageviews;");
    expect(printed(c)).toContain('Stream created');
    expect(snapshot(c).transcript.at(-1)).toMatchObject({
      kind: 'error',
      source: { line: "  WITH (KAFKA_TOPIC='pageviews', PARTITIONS=1, VALUE_FORMAT='JSON'); SELEC * FROM pageviews;", column: 70 },
    });
    expect(lastOutput(c)).toContain('line 2:70: Syntax Error');
    expect(lastOutput(c)).not.toContain('Statement:');
  });

  it('applies SET, UNSET and DEFINE to the session', async () => {
    shell = newShell();
    const c = shell.controller;
    await run(c, "DEFINE topic = 'clicks';");
    await run(c, "CREATE STREAM clicks (id STRING KEY, v INT) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=1, VALUE_FORMAT='JSON');");
    await run(c, 'SHOW TOPICS;');
    expect(lastOutput(c)).toContain('| clicks ');
    await run(c, "SET 'auto.offset.reset'='earliest';");
    expect(lastOutput(c)).toBe("Successfully changed local property 'auto.offset.reset' to 'earliest'.");
    await run(c, 'SHOW VARIABLES;');
    expect(lastOutput(c)).toMatch(/\| topic\s+\| clicks\s+\|/i);
    await run(c, "UNSET 'auto.offset.reset';");
    expect(lastOutput(c)).toBe("Successfully unset local property 'auto.offset.reset'.");
  });

  it('prints results as JSON after OUTPUT JSON, and as tables again after OUTPUT TABULAR', async () => {
    shell = newShell();
    const c = shell.controller;
    await run(c, CREATE_PAGEVIEWS);
    await run(c, 'OUTPUT JSON;');
    expect(snapshot(c).outputFormat).toBe('JSON');
    await run(c, 'SHOW STREAMS;');
    const json = JSON.parse(lastOutput(c)) as { type: string; streams: { name: string }[] };
    expect(json.type).toBe('streams');
    expect(json.streams.map((s) => s.name)).toEqual(['PAGEVIEWS']);
    await run(c, 'output tabular');
    await run(c, 'SHOW STREAMS;');
    expect(lastOutput(c)).toMatch(/^\+-+/);
    await run(c, 'OUTPUT XML;');
    expect(lastOutput(c)).toContain("Unknown output format 'XML'");
  });

  it('answers HELP, HISTORY and VERSION itself', async () => {
    shell = newShell();
    const c = shell.controller;
    await run(c, 'help');
    expect(lastOutput(c)).toContain('PRINT topic [FROM BEGINNING] [INTERVAL n] [LIMIT n]');
    await run(c, 'VERSION;');
    expect(lastOutput(c)).toBe('ksqlite 9.9.9');
    await run(c, 'HISTORY;');
    expect(lastOutput(c)).toBe('    1  help\n    2  VERSION;\n    3  HISTORY;');
  });
});

describe('ShellController: push queries and PRINT', () => {
  it('streams rows live with a counter until Ctrl-C, then gives the prompt back', async () => {
    shell = newShell();
    const c = shell.controller;
    await run(c, CREATE_PAGEVIEWS);
    await run(c, "SET 'auto.offset.reset'='earliest';");
    await run(c, "INSERT INTO pageviews (userid, page, ms) VALUES ('alice', '/home', 1200);");
    enter(c, 'SELECT userid, page FROM pageviews EMIT CHANGES;');
    await until(() => snapshot(c).stream?.rows === 1, 'the first row');
    expect(snapshot(c).phase).toBe('streaming');
    expect(snapshot(c).stream?.kind).toBe('query');
    await shell.backend.execute("INSERT INTO pageviews (userid, page, ms) VALUES ('bob', '/cart', 300);");
    await until(() => snapshot(c).stream?.rows === 2, 'a row inserted while streaming');
    expect(printed(c)).toMatch(/\| USERID\s+\| PAGE\s+\|\n\+-+\+-+\+\n\| alice\s+\| \/home\s+\|\n\| bob\s+\| \/cart\s+\|/);
    ctrl(c, 'c');
    await prompt(c);
    expect(lastOutput(c)).toMatch(/\| bob .*\n\+-+\+-+\+\nQuery terminated$/);
    await run(c, 'DESCRIBE pageviews;');
    expect(lastOutput(c)).toContain('| USERID | STRING (key) |');
  });

  it('ends a query at its LIMIT by itself', async () => {
    shell = newShell();
    const c = shell.controller;
    await run(c, CREATE_PAGEVIEWS);
    await run(c, "SET 'auto.offset.reset'='earliest';");
    await run(c, "INSERT INTO pageviews (userid, page, ms) VALUES ('a', '/1', 1); INSERT INTO pageviews (userid, page, ms) VALUES ('b', '/2', 2);");
    await run(c, 'SELECT page FROM pageviews EMIT CHANGES LIMIT 1;');
    expect(lastOutput(c)).toMatch(/\| \/1 +\|\n\+-+\+\nLimit Reached\nQuery terminated$/);
  });

  it('streams rows as JSON objects under OUTPUT JSON', async () => {
    shell = newShell();
    const c = shell.controller;
    await run(c, CREATE_PAGEVIEWS);
    await run(c, "SET 'auto.offset.reset'='earliest'; OUTPUT JSON;");
    await run(c, "INSERT INTO pageviews (userid, page, ms) VALUES ('a', '/1', 7);");
    await run(c, 'SELECT * FROM pageviews EMIT CHANGES LIMIT 1;');
    expect(lastOutput(c)).toBe('{"USERID":"a","PAGE":"/1","MS":7}\nLimit Reached\nQuery terminated');
  });

  it('PRINT streams the records of a topic, from the beginning, every n-th, up to a limit', async () => {
    shell = newShell();
    const c = shell.controller;
    await run(c, CREATE_PAGEVIEWS);
    for (let i = 1; i <= 5; i++) await run(c, `INSERT INTO pageviews (userid, page, ms) VALUES ('u${i}', '/p${i}', ${i});`);
    await run(c, 'PRINT PAGEVIEWS FROM BEGINNING INTERVAL 2 LIMIT 2;');
    const out = lastOutput(c).split('\n');
    expect(out.slice(0, 2)).toEqual(['Key format: KAFKA_STRING', 'Value format: JSON or KAFKA_STRING']);
    expect(out[2]).toMatch(/^rowtime: \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3} Z, key: u1, value: \{"PAGE":"\/p1","MS":1\}, partition: 0$/);
    expect(out[3]).toContain('key: u3,');
    expect(out[4]).toBe('Topic printing ceased');
  });

  it('PRINT without FROM BEGINNING shows only new records, until Ctrl-C', async () => {
    shell = newShell();
    const c = shell.controller;
    await run(c, CREATE_PAGEVIEWS);
    await run(c, "INSERT INTO pageviews (userid, page, ms) VALUES ('old', '/', 1);");
    enter(c, "PRINT 'pageviews';");
    await until(() => snapshot(c).phase === 'streaming', 'PRINT to start');
    await shell.backend.execute("INSERT INTO pageviews (userid, page, ms) VALUES ('new', '/', 2);");
    await until(() => snapshot(c).stream?.rows === 1, 'the new record');
    ctrl(c, 'c');
    await prompt(c);
    expect(lastOutput(c)).toContain('key: new,');
    expect(lastOutput(c)).not.toContain('key: old,');
  });

  it('PRINT of a missing topic says how to list topics', async () => {
    shell = newShell();
    await run(shell.controller, 'PRINT nothing_here;');
    expect(lastOutput(shell.controller)).toContain("Could not find topic 'nothing_here'");
    expect(lastOutput(shell.controller)).toContain('SHOW TOPICS;');
  });
});

describe('ShellController: RUN SCRIPT', () => {
  it("runs a file's statements and stops at a bad one, pointing into the file", async () => {
    shell = newShell();
    const c = shell.controller;
    dir = mkdtempSync(join(tmpdir(), 'ksqlite-script-'));
    const file = join(dir, 'setup.sql');
    writeFileSync(file, `${CREATE_PAGEVIEWS}\n\nCREATE STREAM long_views AS\n  SELECT userid, nope FROM pageviews;\nSHOW STREAMS;\n`);
    await run(c, `RUN SCRIPT '${file}';`);
    expect(printed(c)).toContain('Stream created');
    const error = snapshot(c).transcript.at(-1)!;
    expect(error).toMatchObject({ kind: 'error', source: { label: `${file}:4:18`, line: '  SELECT userid, nope FROM pageviews;', column: 18 } });
    expect(printed(c)).not.toContain('Stream Name');
  });

  it('shows the statement a long script is at, and Ctrl-C stops the script between two statements', async () => {
    shell = newShell();
    const c = shell.controller;
    dir = mkdtempSync(join(tmpdir(), 'ksqlite-script-'));
    const inserts = Array.from({ length: 5000 }, (_, i) => `INSERT INTO pageviews (userid, page, ms) VALUES ('u${i}', '/', ${i});`);
    writeFileSync(join(dir, 'long.sql'), `${CREATE_PAGEVIEWS}\n${inserts.join('\n')}\n`);
    enter(c, `RUN SCRIPT '${join(dir, 'long.sql')}';`);
    await until(() => snapshot(c).busyLabel?.startsWith('long.sql: INSERT INTO pageviews (userid, page, ms) VALUES') === true, 'the script to insert');
    ctrl(c, 'c');
    await prompt(c);
    expect(lastOutput(c)).toMatch(/Interrupted: the statements after this point did not run\.$/);
    const written = shell.backend.engine.log.endOffsets('pageviews')[0]!;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(5000);
    expect(snapshot(c).busyLabel).toBeUndefined();
  });

  it('reports a script that cannot be read at the RUN SCRIPT statement', async () => {
    shell = newShell();
    await run(shell.controller, "RUN SCRIPT '/no/such/file.sql';");
    expect(lastOutput(shell.controller)).toContain("Cannot read the script '/no/such/file.sql'");
  });
});

describe('ShellController: keys', () => {
  it('Ctrl-C at the prompt clears the line; Ctrl-D on an empty line exits', async () => {
    shell = newShell();
    const c = shell.controller;
    type(c, 'SELECT * FROM');
    ctrl(c, 'c');
    expect(snapshot(c).editor).toEqual({ text: '', cursor: 0 });
    expect(snapshot(c).phase).toBe('prompt');
    type(c, 'x');
    ctrl(c, 'd');
    expect(snapshot(c).phase).toBe('prompt');
    ctrl(c, 'u');
    ctrl(c, 'd');
    expect(snapshot(c).phase).toBe('exited');
    await c.exited;
    expect(lastOutput(c)).toContain('Exiting ksqlite.');
  });

  it('runs pasted statements one after the other, line breaks acting as Enter', async () => {
    shell = newShell();
    const c = shell.controller;
    type(c, `${CREATE_PAGEVIEWS}\rINSERT INTO pageviews (userid, page, ms)\n VALUES ('a', '/x', 1);\rSHOW STREAMS;\r`);
    await until(() => printed(c).includes('Stream Name'), 'the third statement');
    await prompt(c);
    const echoes = snapshot(c).transcript.filter((i) => i.kind === 'echo').map((i) => (i.kind === 'echo' ? i.text : ''));
    expect(echoes).toEqual([CREATE_PAGEVIEWS, "INSERT INTO pageviews (userid, page, ms)\n VALUES ('a', '/x', 1);", 'SHOW STREAMS;']);
  });

  it('completes a unique word with Tab and lists the candidates of an ambiguous one', async () => {
    shell = newShell();
    const c = shell.controller;
    await run(c, CREATE_PAGEVIEWS);
    type(c, 'describe pa');
    await tab(c);
    expect(snapshot(c).editor.text).toBe('describe pageviews ');
    ctrl(c, 'u');
    type(c, 'SELECT U');
    await tab(c);
    expect(snapshot(c).completions.map((x) => x.text)).toEqual(expect.arrayContaining(['USERID', 'UCASE', 'UNSET']));
    type(c, 'C');
    expect(snapshot(c).completions).toEqual([]);
    await tab(c);
    expect(snapshot(c).editor.text).toBe('SELECT UCASE(');
  });

  it('keeps keys typed while a Tab waits for names, and types them after the completion', async () => {
    shell = newShell();
    const c = shell.controller;
    await run(c, CREATE_PAGEVIEWS);
    type(c, 'describe pa');
    press(c, TAB);
    type(c, ';');
    press(c, ENTER);
    await until(() => printed(c).includes('Name                 : PAGEVIEWS'), 'the DESCRIBE');
    expect(printed(c)).toContain('ksql> describe pageviews ;');
  });

  it('browses the history with Up and Down, restoring the line being typed', async () => {
    shell = newShell();
    const c = shell.controller;
    await run(c, 'SHOW STREAMS;');
    await run(c, 'SHOW TOPICS;');
    type(c, 'SHOW Q');
    press(c, { upArrow: true });
    expect(snapshot(c).editor.text).toBe('SHOW TOPICS;');
    press(c, { upArrow: true });
    expect(snapshot(c).editor.text).toBe('SHOW STREAMS;');
    press(c, { downArrow: true });
    press(c, { downArrow: true });
    expect(snapshot(c).editor.text).toBe('SHOW Q');
    press(c, ENTER);
    expect(snapshot(c).editor.text).toBe('SHOW Q\n');
  });
});
