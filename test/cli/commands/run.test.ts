// `ksqlite run FILE.sql`: statements in order, RUN SCRIPT includes, the first error reported as
// file:line:column with the line and a caret, and exit codes a script can act on.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFileCommand } from '../../../cli/commands/run.js';
import { Engine } from '../../../src/engine/engine.js';

let dir: string;
let errors: string;
const io = { err: (t: string) => void (errors += t) };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ksqlite-run-'));
  errors = '';
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CREATE = "CREATE STREAM s (id INT KEY, v INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');";

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function run(path: string, ...extra: string[]): Promise<number> {
  return runFileCommand([path, '--data-dir', join(dir, 'data'), '--until-idle', ...extra], io);
}

/** Names of the sources and the record count of each topic in the data directory. */
async function state(): Promise<{ sources: string[]; records: Record<string, number> }> {
  const e = new Engine({ dataDir: join(dir, 'data') });
  try {
    const records: Record<string, number> = {};
    for (const t of e.log.listTopics()) records[t.name] = e.log.endOffsets(t.name).reduce((a, b) => a + b, 0);
    return { sources: [...e.catalog.sources.keys()].filter((n) => n !== 'KSQL_PROCESSING_LOG').sort(), records };
  } finally {
    await e.close();
  }
}

describe('ksqlite run', () => {
  it('runs the statements and their persistent queries until idle, and exits 0', async () => {
    const path = file('ok.sql', `${CREATE}\nSET 'auto.offset.reset'='earliest';\nINSERT INTO s (id, v) VALUES (1, 5);\nINSERT INTO s (id, v) VALUES (2, 50);\nCREATE STREAM big AS SELECT * FROM s WHERE v > 10;\n`);
    expect(await run(path)).toBe(0);
    expect(errors).toBe('');
    expect((await state()).records['BIG']).toBe(1);
  });

  it('stops at the first bad statement with its file:line:column and a caret, leaving the rest unrun', async () => {
    const path = file('bad.sql', `${CREATE}\n\nCREATE STREAM t AS\n  SELECT nope FROM s;\nCREATE STREAM u AS SELECT * FROM s;\n`);
    expect(await run(path)).toBe(1);
    expect(errors).toBe(`${path}:4:10: SELECT column 'NOPE' cannot be resolved.\n    SELECT nope FROM s;\n           ^\n`);
    expect((await state()).sources).toEqual(['S']);
  });

  it('reports a syntax error once, without repeating the position and the statement', async () => {
    const path = file('syntax.sql', `${CREATE}\nCREATE STREAM t AS\n  SELEC v FROM s;\n`);
    expect(await run(path)).toBe(1);
    expect(errors).toBe(`${path}:3:3: Syntax Error: missing 'SELECT' at 'SELEC'\n    SELEC v FROM s;\n    ^\n`);
    // The file is parsed whole before anything runs: nothing was created.
    expect((await state()).sources).toEqual([]);
  });

  it('refuses a SELECT, whose rows would have nowhere to go', async () => {
    const path = file('select.sql', `${CREATE}\nSELECT * FROM s EMIT CHANGES;\n`);
    expect(await run(path)).toBe(1);
    expect(errors).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:1: A query file cannot run SELECT: its output would have nowhere to go\\.`));
  });

  it('runs RUN SCRIPT files relative to the including file, reporting errors in the included file', async () => {
    file('setup.sql', `${CREATE}\n`);
    const main = file('main.sql', "RUN SCRIPT 'setup.sql';\nINSERT INTO s (id, v) VALUES (1, 1);\n");
    expect(await run(main)).toBe(0);
    expect((await state()).records['s']).toBe(1);
    const broken = file('broken.sql', 'DROP STREAM nothing;\n');
    const outer = file('outer.sql', "RUN SCRIPT 'broken.sql';\n");
    expect(await run(outer)).toBe(1);
    expect(errors.split('\n')[0]).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:1: `));
  });

  it('substitutes --define variables', async () => {
    const path = file('vars.sql', "CREATE STREAM s (id INT KEY) WITH (KAFKA_TOPIC='${topic}', PARTITIONS=1, VALUE_FORMAT='JSON');\n");
    expect(await run(path, '--define', 'topic=from_define')).toBe(0);
    expect(Object.keys((await state()).records)).toContain('from_define');
  });

  it('exits 2 with the usage for a wrong option or a file it cannot read', async () => {
    const path = file('ok.sql', `${CREATE}\n`);
    expect(await run(path, '--untill-idle')).toBe(2);
    expect(errors).toMatch(/^Unknown option: --untill-idle\nUsage: ksqlite run FILE\.sql/);
    errors = '';
    expect(await run(join(dir, 'missing.sql'))).toBe(2);
    expect(errors).toContain(`Cannot read ${join(dir, 'missing.sql')}: ENOENT`);
  });

  it('without --until-idle keeps the queries running until stopped, then exits 0', async () => {
    const path = file('ok.sql', `${CREATE}\n`);
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const done = runFileCommand([path, '--data-dir', join(dir, 'data')], { ...io, stopped });
    let finished = false;
    void done.then(() => (finished = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(false);
    stop();
    expect(await done).toBe(0);
  });
});
