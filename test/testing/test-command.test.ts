// `ksqlite test` (cli/commands/test.ts), run against a scripted engine: these tests check the
// command's options, output and exit codes, not any engine.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KsqlError } from '../../src/errors.js';
import { parseTestArgs, runTestCommand } from '../../cli/commands/test.js';
import type { TestCommandIo } from '../../cli/commands/test.js';
import { scriptedFactory } from './scripted-engine.js';

let dir: string;
let out: string[];
let err: string[];
let io: TestCommandIo;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ksqlite-test-cmd-'));
  out = [];
  err = [];
  io = {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    parse: (text) => {
      if (text.includes('BAD')) throw new KsqlError('SYNTAX', 'Syntax error');
    },
  };
  writeFileSync(
    join(dir, 'copy.json'),
    `{"tests": [
      // a passing case
      {"name": "copies", "statements": ["COPY in TO OUT"], "inputs": [{"topic": "in", "value": 1}], "outputs": [{"topic": "OUT", "value": 1}]},
      {"name": "copies wrongly", "format": ["JSON", "AVRO"], "statements": ["COPY in TO OUT"], "inputs": [{"topic": "in", "value": 1}], "outputs": [{"topic": "OUT", "value": 2}]},
      {"name": "disabled", "enabled": false, "statements": ["BAD"]}
    ]}`,
  );
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('ksqlite test', () => {
  it('prints one line per failure and the closing counts, exiting 0 although cases failed', async () => {
    const code = await runTestCommand([dir], scriptedFactory(), io);
    expect(code).toBe(0);
    expect(out).toEqual([
      "FAIL copy.json :: copies wrongly [JSON] :: topic 'OUT', record 1: value: expected 2 but was 1; expected <null, 2> but was <null, 1> @0",
      "FAIL copy.json :: copies wrongly [AVRO] :: topic 'OUT', record 1: value: expected 2 but was 1; expected <null, 2> but was <null, 1> @0",
      '1 passed, 2 failed, 1 skipped',
    ]);
    expect(err).toEqual([]);
  });

  it('exits 1 on failures with --fail-on-failure', async () => {
    expect(await runTestCommand([dir, '--fail-on-failure'], scriptedFactory(), io)).toBe(1);
    expect(await runTestCommand([dir, '--fail-on-failure', '--filter', 'DISAB'], scriptedFactory(), io)).toBe(0);
  });

  it('runs only the cases whose name contains the filter, ignoring case', async () => {
    await runTestCommand([dir, '--filter=WRONG'], scriptedFactory(), io);
    expect(out.at(-1)).toBe('0 passed, 2 failed, 0 skipped');
  });

  it('prints every case with --verbose and counts per file with --summary-by-file', async () => {
    await runTestCommand([dir, '--verbose', '--summary-by-file'], scriptedFactory(), io);
    expect(out[0]).toMatch(/^PASS copy.json :: copies \(\d+ ms\)$/);
    expect(out[3]).toBe('SKIP copy.json :: disabled :: disabled in the test file (enabled: false)');
    expect(out.slice(-2)).toEqual(['copy.json: 1 passed, 2 failed, 1 skipped', '1 passed, 2 failed, 1 skipped']);
  });

  it('writes the report file', async () => {
    const reportPath = join(dir, 'out', '..', 'report.json');
    await runTestCommand([join(dir, 'copy.json'), '--report', reportPath], scriptedFactory(), io);
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(report.tests.map((t: { name: string; format: string | null; status: string }) => [t.name, t.format, t.status])).toEqual([
      ['copies', null, 'passed'],
      ['copies wrongly', 'JSON', 'failed'],
      ['copies wrongly', 'AVRO', 'failed'],
      ['disabled', null, 'skipped'],
    ]);
    expect(report.tests[1].outputs).toEqual([{ topic: 'OUT', key: null, value: 1, timestamp: 0, window: null, headers: [] }]);
  });

  it('checks only that statements parse with --parse-only, without creating engines', async () => {
    const factory = scriptedFactory();
    await runTestCommand([dir, '--parse-only'], factory, io);
    expect(out).toEqual(['3 passed, 0 failed, 1 skipped']);
    expect(factory.engines).toHaveLength(0);
  });

  it('reports files it cannot load and exits 1, still running the others', async () => {
    writeFileSync(join(dir, 'broken.json'), '{"tests": [}');
    const code = await runTestCommand([dir], scriptedFactory(), io);
    expect(code).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^ERROR broken.json :: cannot load: unexpected character '}' at line 1, column 12/);
    expect(out.at(-1)).toBe('1 passed, 2 failed, 1 skipped');
  });

  it('exits 2 with usage for a bad command line', async () => {
    expect(await runTestCommand([], scriptedFactory(), io)).toBe(2);
    expect(err[0]).toBe('ksqlite test: give at least one test file or folder');
    expect(await runTestCommand([dir, '--timeout', 'soon'], scriptedFactory(), io)).toBe(2);
    expect(await runTestCommand([dir, '--bogus'], scriptedFactory(), io)).toBe(2);
  });
});

describe('parseTestArgs', () => {
  it('reads options in both --opt value and --opt=value forms', () => {
    expect(parseTestArgs(['a', '--report=r.json', '--timeout', '500', 'b'])).toMatchObject({ paths: ['a', 'b'], report: 'r.json', timeoutMs: 500 });
  });
});
