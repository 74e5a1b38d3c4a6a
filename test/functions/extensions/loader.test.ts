import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extensionDir, extensionErrorLines, loadExtensions } from '../../../src/functions/extensions/loader.js';
import { FunctionRegistry } from '../../../src/functions/registry.js';
import { KSQLDB_TEST_EXT, SAMPLES_EXT } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ksqlite-ext-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const udf = (name: string) => `{ name: '${name}', description: 'd', signatures: [{ params: ['s STRING'], returns: 'STRING', fn: (s) => s }] }`;

describe('loading an extension folder', () => {
  it('loads every .mjs, .js and .cjs file, in name order, and reports what each added', () => {
    const fns = FunctionRegistry.builtins();
    const report = loadExtensions(SAMPLES_EXT, fns);
    expect(report.errors).toEqual([]);
    expect(report.loaded.map((l) => [l.file.slice(SAMPLES_EXT.length + 1), l.functions])).toEqual([
      ['text-functions.mjs', ['PARSE_PRICE', 'FIRST_NON_EMPTY', 'WORDS']],
      ['weighted-avg.cjs', ['WEIGHTED_AVG']],
    ]);
    expect(fns.kindOf('WORDS')).toBe('TABLE');
    expect(fns.kindOf('WEIGHTED_AVG')).toBe('AGGREGATE');
  });

  it('skips a file that does not load, naming it and saying why, and still loads the others', () => {
    writeFileSync(join(dir, 'a-good.mjs'), `export const udfs = [${udf('GOOD_ONE')}];`);
    writeFileSync(join(dir, 'b-broken.mjs'), 'export const udfs = [;');
    writeFileSync(join(dir, 'c-bad-type.mjs'), `export const udfs = [{ name: 'BAD_TYPE', description: 'd', signatures: [{ params: ['s STRNG'], returns: 'STRING', fn: String }] }, ${udf('NOT_LOADED')}];`);
    writeFileSync(join(dir, 'd-clash.js'), `export const udfs = [${udf('concat')}];`);
    writeFileSync(join(dir, 'e-empty.mjs'), 'export const answer = 42;');
    writeFileSync(join(dir, 'notes.txt'), 'not an extension');
    const fns = FunctionRegistry.builtins();
    const report = loadExtensions(dir, fns);
    expect(report.loaded.map((l) => l.functions)).toEqual([['GOOD_ONE']]);
    const lines = extensionErrorLines(report);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^Cannot load the extension .*b-broken\.mjs: Unexpected token ';' \(run `node --check .*b-broken\.mjs` to see where\)$/);
    expect(lines[1]).toMatch(/c-bad-type\.mjs: UDF BAD_TYPE signature 1: parameter 1 's STRNG': Bad type pattern 'STRNG': unknown type STRNG$/);
    expect(lines[2]).toMatch(/d-clash\.js: a function named CONCAT already exists \(built in\); rename it$/);
    expect(lines[3]).toMatch(/e-empty\.mjs: it exports no 'udfs', 'udafs' or 'udtfs' array/);
    // A file loads all or nothing.
    expect(fns.get('NOT_LOADED')).toBeUndefined();
    expect(fns.scalar('GOOD_ONE')?.path).toBe(join(dir, 'a-good.mjs'));
  });

  it('names the other file when two extensions define the same function', () => {
    writeFileSync(join(dir, 'first.mjs'), `export default { udfs: [${udf('TWICE')}] };`);
    writeFileSync(join(dir, 'second.cjs'), `module.exports = { udfs: [${udf('twice')}] };`);
    const report = loadExtensions(dir, FunctionRegistry.builtins());
    expect(report.loaded.map((l) => l.functions)).toEqual([['TWICE']]);
    expect(report.errors[0]!.message).toBe(`a function named TWICE already exists (from ${join(dir, 'first.mjs')}); rename it`);
  });

  it('explains that extensions cannot use top-level await', () => {
    writeFileSync(join(dir, 'waits.mjs'), `await Promise.resolve(); export const udfs = [${udf('LATE')}];`);
    expect(loadExtensions(dir, FunctionRegistry.builtins()).errors[0]!.message).toBe('it uses top-level await, which extensions cannot: they load synchronously at start');
  });

  it('reports a configured folder that does not exist, but not a missing default one', () => {
    const missing = join(dir, 'nope');
    expect(loadExtensions(missing, FunctionRegistry.builtins(), { required: true }).errors).toEqual([
      { file: missing, message: `the extension folder ${missing} does not exist (ksql.extension.dir)` },
    ]);
    expect(loadExtensions(missing, FunctionRegistry.builtins()).errors).toEqual([]);
  });

  it('uses ksql.extension.dir when set, else <data-dir>/ext, and nothing for an in-memory engine', () => {
    expect(extensionDir({ 'ksql.extension.dir': KSQLDB_TEST_EXT }, '/data')).toEqual({ dir: KSQLDB_TEST_EXT, required: true });
    expect(extensionDir({}, '/data')).toEqual({ dir: join('/data', 'ext'), required: false });
    expect(extensionDir({}, undefined)).toBeUndefined();
  });

  it('loads the same folder into many registries, each registry getting every function', () => {
    const a = FunctionRegistry.builtins();
    const b = FunctionRegistry.builtins();
    loadExtensions(KSQLDB_TEST_EXT, a);
    loadExtensions(KSQLDB_TEST_EXT, b);
    expect(a.kindOf('TEST_UDTF')).toBe('TABLE');
    expect(b.kindOf('TEST_UDAF')).toBe('AGGREGATE');
  });
});
