// `ksqlite test PATH...`: runs ksqlDB-format test files (QTT and RQTT) against the engine the
// factory makes, prints one line per failure and a closing count, and can write the JSON report.
// Failing cases do not change the exit code unless --fail-on-failure is given.

import { existsSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXTENSION_DIR_PROPERTY } from '../../src/functions/extensions/loader.js';
import { parseCases } from '../../src/testing/parse-only.js';
import type { ParseFunction } from '../../src/testing/parse-only.js';
import { loadTestPaths } from '../../src/testing/qtt-file.js';
import type { TestCase } from '../../src/testing/qtt-model.js';
import { countResults, failureLine, reportJson, resultLine, summaryByFile, summaryLine } from '../../src/testing/report.js';
import { DEFAULT_TIMEOUT_MS, runCases } from '../../src/testing/runner.js';
import type { CaseResult } from '../../src/testing/runner.js';
import type { TestEngineFactory } from '../../src/testing/test-engine.js';

export const TEST_USAGE = `Usage: ksqlite test PATH... [options]
Runs ksqlDB-format test files (files, or folders of .json files).
  --report FILE        write results as JSON (see shared/conformance/README.md)
  --filter TEXT        only run cases whose name contains TEXT (ignoring case)
  --verbose            print every case, and failures in full
  --parse-only         only check that the statements parse
  --summary-by-file    print counts per file before the closing line
  --fail-on-failure    exit with 1 when a case fails
  --timeout MS         time limit per case (default ${DEFAULT_TIMEOUT_MS})
  --extension-dir DIR  load the JavaScript UDFs of DIR into every engine (ksql.extension.dir);
                       ksqlDB's own test functions are in test/fixtures/ext
`;

export interface TestCommandOptions {
  readonly paths: string[];
  readonly report: string | null;
  readonly filter: string | null;
  readonly verbose: boolean;
  readonly parseOnly: boolean;
  readonly summaryByFile: boolean;
  readonly failOnFailure: boolean;
  readonly timeoutMs: number;
  readonly extensionDir: string | null;
}

/** Where the command writes, and (for tests) the parser --parse-only uses. */
export interface TestCommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly parse?: ParseFunction;
}

const processIo: TestCommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Reads the command line; returns an error message for a bad one. */
export function parseTestArgs(argv: readonly string[]): TestCommandOptions | string {
  const o = { paths: [] as string[], report: null as string | null, filter: null as string | null, verbose: false, parseOnly: false, summaryByFile: false, failOnFailure: false, timeoutMs: DEFAULT_TIMEOUT_MS, extensionDir: null as string | null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | null => (eq > 0 ? arg.slice(eq + 1) : (argv[++i] ?? null));
    switch (flag) {
      case '--report':
      case '--filter':
      case '--extension-dir':
      case '--timeout': {
        const v = value();
        if (v === null || v === '') return `${flag} needs a value`;
        if (flag === '--report') o.report = v;
        else if (flag === '--filter') o.filter = v;
        else if (flag === '--extension-dir') o.extensionDir = v;
        else {
          const ms = Number(v);
          if (!Number.isInteger(ms) || ms <= 0) return `--timeout needs a positive number of milliseconds, not '${v}'`;
          o.timeoutMs = ms;
        }
        break;
      }
      case '--verbose':
        o.verbose = true;
        break;
      case '--parse-only':
        o.parseOnly = true;
        break;
      case '--summary-by-file':
        o.summaryByFile = true;
        break;
      case '--fail-on-failure':
        o.failOnFailure = true;
        break;
      default:
        if (arg.startsWith('-')) return `unknown option ${arg}`;
        o.paths.push(arg);
    }
  }
  if (o.paths.length === 0) return 'give at least one test file or folder';
  return o;
}

async function defaultParser(): Promise<ParseFunction> {
  const { parseStatements } = await import('../../src/sql/parse.js');
  return (text) => parseStatements(text);
}

/**
 * Runs the command; resolves with the exit code: 0, or 1 when files could not be loaded, the report
 * could not be written, or (with --fail-on-failure) a case failed; 2 for a bad command line.
 * `argv` holds the arguments after `test`.
 */
export async function runTestCommand(argv: string[], factory: TestEngineFactory, io: TestCommandIo = processIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(TEST_USAGE.trimEnd());
    return 0;
  }
  const options = parseTestArgs(argv);
  if (typeof options === 'string') {
    io.err(`ksqlite test: ${options}`);
    io.err(TEST_USAGE.trimEnd());
    return 2;
  }
  let engines = factory;
  if (options.extensionDir !== null) {
    const dir = resolve(options.extensionDir);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      io.err(`ksqlite test: --extension-dir: no folder ${dir}`);
      return 2;
    }
    // Every engine gets the folder as its ksql.extension.dir, as a server would be configured.
    engines = (setup) => factory({ ...setup, properties: { ...setup.properties, [EXTENSION_DIR_PROPERTY]: dir } });
  }
  const loaded = loadTestPaths(options.paths);
  for (const e of loaded.errors) io.err(`ERROR ${e.file} :: cannot load: ${e.message}`);
  const needle = options.filter?.toLowerCase() ?? null;
  const cases: TestCase[] = needle === null ? [...loaded.cases] : loaded.cases.filter((c) => c.name.toLowerCase().includes(needle));

  const onResult = (r: CaseResult): void => {
    if (options.verbose) io.out(resultLine(r));
    else if (r.status === 'failed') io.out(failureLine(r));
  };
  let results: CaseResult[];
  if (options.parseOnly) {
    const parse = io.parse ?? (await defaultParser());
    results = parseCases(cases, parse, onResult);
  } else {
    results = await runCases(cases, engines, { timeoutMs: options.timeoutMs, onResult });
  }

  if (options.summaryByFile) for (const line of summaryByFile(results)) io.out(line);
  const counts = countResults(results);
  io.out(summaryLine(counts));

  let code = loaded.errors.length > 0 ? 1 : 0;
  if (options.report !== null) {
    try {
      writeFileSync(options.report, reportJson(results));
    } catch (e) {
      io.err(`ksqlite test: cannot write the report ${options.report}: ${e instanceof Error ? e.message : String(e)}`);
      code = 1;
    }
  }
  if (options.failOnFailure && counts.failed > 0) code = 1;
  return code;
}
