// `ksqlite run FILE.sql`: runs a query file's statements in order (RUN SCRIPT includes another
// file, relative to the one including it), stopping at the first error with file:line:column and
// the line it is about; then keeps the persistent queries running, or exits once idle.
// Exit codes: 0 done, 1 a statement failed, 2 bad arguments or an unreadable file.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Engine } from '../../src/engine/engine.js';
import { KsqlError, messageOf } from '../../src/errors.js';
import type { Loc, ParsedStatement } from '../../src/sql/ast.js';
import { engineOptions, parseArgs } from '../args.js';

const USAGE = 'Usage: ksqlite run FILE.sql [--data-dir DIR] [--define k=v] [--until-idle] [--kafka HOST:PORT [--service-id ID] [--guarantee at_least_once|exactly_once_v2]]\n';
const MAX_DEPTH = 8;

/** A statement of a file that failed: where, and why. */
class FileError extends Error {
  constructor(
    readonly file: string,
    readonly text: string,
    readonly loc: Loc,
    message: string,
  ) {
    super(message);
  }
}

export interface RunIo {
  readonly err: (text: string) => void;
  /** Resolves when a run without --until-idle should stop; default: SIGINT or SIGTERM. */
  readonly stopped?: Promise<void>;
}

export async function runFileCommand(argv: string[], io: RunIo = { err: (t) => process.stderr.write(t) }): Promise<number> {
  const args = parseArgs(argv);
  const file = args.positional[0];
  if (!file || args.positional.length > 1 || args.unknown.length > 0) {
    io.err(`${args.unknown.length > 0 ? `Unknown option: ${args.unknown[0]}\n` : args.positional.length > 1 ? `One file at a time: ${args.positional[1]}\n` : ''}${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`Cannot read ${file}: ${messageOf(e)}\n`);
    return 2;
  }
  let engine: Engine;
  try {
    engine = await Engine.open(engineOptions(args));
  } catch (e) {
    io.err(`${messageOf(e)}\n`);
    return 2;
  }
  try {
    await runFile(engine, file, text, args.defines, 0);
  } catch (e) {
    await engine.close();
    if (!(e instanceof FileError)) throw e;
    io.err(report(e));
    return 1;
  }
  if (args.untilIdle) {
    await engine.idle();
    await engine.close();
    return 0;
  }
  await (io.stopped ?? signalled());
  await engine.close();
  return 0;
}

async function runFile(engine: Engine, file: string, text: string, defines: Readonly<Record<string, string>>, depth: number): Promise<void> {
  let parsed: ParsedStatement[];
  try {
    parsed = engine.parse(text, defines);
  } catch (e) {
    throw new FileError(file, text, e instanceof KsqlError && e.loc ? e.loc : { line: 1, column: 1 }, messageOf(e));
  }
  for (const p of parsed) {
    const s = p.statement;
    // Positions are counted from the start of the file, which was parsed as one text.
    const fail = (message: string, loc?: Loc): FileError => new FileError(file, text, loc ?? p.loc, message);
    if (s.kind === 'QueryStatement' || s.kind === 'Print')
      throw fail(`A query file cannot run ${s.kind === 'Print' ? 'PRINT' : 'SELECT'}: its output would have nowhere to go. Use CREATE STREAM ... AS SELECT, or run it in the shell.`);
    if (s.kind === 'RunScript') {
      if (depth >= MAX_DEPTH) throw fail(`RUN SCRIPT nests deeper than ${MAX_DEPTH} files: does a script run itself?`);
      const included = resolve(dirname(file), s.path);
      let content: string;
      try {
        content = readFileSync(included, 'utf8');
      } catch (e) {
        throw fail(`Cannot read the script '${s.path}': ${messageOf(e)}`);
      }
      await runFile(engine, included, content, defines, depth + 1);
      continue;
    }
    try {
      await engine.executeStatement(p, { variables: defines });
    } catch (e) {
      throw fail(messageOf(e), e instanceof KsqlError ? e.loc : undefined);
    }
  }
}

/** `file:line:column: message`, then the line with a caret under the column. */
function report(e: FileError): string {
  // ksqlDB's messages repeat the position and the statement, which the report shows already.
  const message = e.message
    .replace(/^line \d+:\d+: /, '')
    .replace(/\nStatement: [\s\S]*$/, '')
    .replace(/^Syntax Error\n/, 'Syntax Error: ');
  const line = (e.text.split('\n')[e.loc.line - 1] ?? '').replace(/\t/g, ' ').replace(/\r$/, '');
  return `${e.file}:${e.loc.line}:${e.loc.column}: ${message}\n  ${line}\n  ${' '.repeat(Math.max(0, e.loc.column - 1))}^\n`;
}

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
