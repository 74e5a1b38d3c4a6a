// Runs what was submitted at the prompt: splits it into statements, answers the shell's own
// commands, streams push queries and PRINT, runs RUN SCRIPT files, sends the rest to the backend.
// It reports through a RunHost (the controller) and stops at the first error.

import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { KsqlError } from '../../src/errors.js';
import type { ParsedStatement, Print, Query } from '../../src/sql/ast.js';
import type { ShellBackend } from './backend.js';
import { HELP_TEXT, localCommand } from './local-commands.js';
import type { LocalCommand } from './local-commands.js';
import { errorItem, locIn, resultText, RowFormatter } from './output.js';
import type { NewOutputItem, OutputFormat } from './output.js';
import { splitStatements } from './sql-scan.js';

/** Where a live stream (push query or PRINT) sends its lines. */
export interface StreamSink {
  /** Lines to print; `rows` is how many records they stand for (for the counter). */
  lines(lines: readonly string[], rows: number): void;
  end(): void;
}

export interface RunHost {
  readonly backend: ShellBackend;
  readonly version: string;
  width(): number;
  outputFormat(): OutputFormat;
  setOutputFormat(format: OutputFormat): void;
  emit(item: NewOutputItem): void;
  /** Shows a spinner with this label while a statement runs (undefined: none). */
  busy(label: string | undefined): void;
  stream(kind: 'query' | 'print', name: string, cancel: () => void): StreamSink;
  /** True once Ctrl-C was pressed during this submission: nothing more runs. */
  interrupted(): boolean;
  exit(): void;
  historyEntries(): readonly string[];
}

const MAX_SCRIPT_DEPTH = 8;

/** Runs every statement of `text`; false if one failed (the rest are skipped). */
export async function runText(host: RunHost, text: string, file?: string, depth = 0): Promise<boolean> {
  for (const piece of splitStatements(text)) {
    if (stopped(host)) return false;
    const local = localCommand(piece.text);
    if (local !== undefined) {
      if (!runLocal(host, local)) return false;
      continue;
    }
    // Blank out what precedes the piece so parse positions are positions in `text`.
    const padding = text.slice(0, piece.start).replace(/[^\n]/g, ' ');
    let parsed: ParsedStatement[];
    try {
      parsed = host.backend.parse(padding + piece.text);
    } catch (e) {
      host.emit(errorItem(e, text, e instanceof KsqlError ? e.loc : undefined, file));
      return false;
    }
    for (const p of parsed) {
      // A turn of the event loop between statements: keys (Ctrl-C) and the spinner get their
      // chance during a long RUN SCRIPT, even when the engine answers without waiting.
      await new Promise((resolve) => setImmediate(resolve));
      if (stopped(host)) return false;
      if (!(await runStatement(host, p, text, file, depth))) return false;
    }
  }
  return true;
}

/** What the spinner says while a statement runs: its start, and the script it comes from. */
function busyLabel(statement: string, file: string | undefined): string {
  const flat = statement.replace(/\s+/g, ' ');
  // The spinner adds its own "…".
  const short = flat.slice(0, 50).trimEnd();
  return file === undefined ? short : `${basename(file)}: ${short}`;
}

/** True (and says so) when Ctrl-C was pressed and statements remain. */
function stopped(host: RunHost): boolean {
  if (!host.interrupted()) return false;
  host.emit({ kind: 'text', text: 'Interrupted: the statements after this point did not run.', tone: 'warning' });
  return true;
}

function runLocal(host: RunHost, c: LocalCommand): boolean {
  switch (c.kind) {
    case 'help':
      host.emit({ kind: 'text', text: HELP_TEXT, tone: 'plain' });
      return true;
    case 'exit':
      host.exit();
      return false;
    case 'history':
      host.emit({ kind: 'text', text: host.historyEntries().map((h, i) => `${String(i + 1).padStart(5)}  ${h.replace(/\n/g, '\n       ')}`).join('\n') || '(no history yet)', tone: 'plain' });
      return true;
    case 'version':
      host.emit({ kind: 'text', text: `ksqlite ${host.version}`, tone: 'plain' });
      return true;
    case 'output':
      if (c.format === undefined) {
        host.emit({ kind: 'text', text: `Output format: ${host.outputFormat()}`, tone: 'info' });
        return true;
      }
      if (c.format !== 'JSON' && c.format !== 'TABULAR') {
        host.emit({ kind: 'error', message: `Unknown output format '${c.format}': use OUTPUT JSON or OUTPUT TABULAR.` });
        return false;
      }
      host.setOutputFormat(c.format);
      host.emit({ kind: 'text', text: `Output format set to ${c.format}.`, tone: 'info' });
      return true;
    default: {
      const never: never = c;
      return never;
    }
  }
}

async function runStatement(host: RunHost, p: ParsedStatement, text: string, file: string | undefined, depth: number): Promise<boolean> {
  const s = p.statement;
  try {
    switch (s.kind) {
      case 'Print':
        await runPrint(host, s);
        return true;
      case 'RunScript':
        return await runScript(host, s.path, file, depth);
      case 'QueryStatement':
        await runQuery(host, p.text, s.query);
        return true;
      default: {
        // The label stays up between the statements of a script; the prompt's return clears it.
        host.busy(busyLabel(p.text, file));
        const results = await host.backend.execute(`${p.text};`);
        for (const r of results) {
          const text = resultText(r, host.outputFormat(), host.width());
          // INSERT VALUES answers with an empty message: ksqlDB's CLI prints nothing for it.
          if (text !== '') host.emit({ kind: 'text', text, tone: 'plain' });
        }
        return true;
      }
    }
  } catch (e) {
    host.busy(undefined);
    // An error without a position (a missing script file) points at the statement itself.
    host.emit(errorItem(e, text, locIn(e, p.loc) ?? (s.kind === 'RunScript' ? p.loc : undefined), file));
    return false;
  }
}

async function runQuery(host: RunHost, sql: string, query: Query): Promise<void> {
  host.busy('Starting the query');
  const q = await host.backend.query(`${sql};`);
  host.busy(undefined);
  const format = new RowFormatter(q.columns, host.outputFormat(), host.width());
  const sink = host.stream('query', q.queryId, () => q.cancel());
  let rows = 0;
  try {
    sink.lines(format.header(), 0);
    for await (const row of q) {
      rows++;
      sink.lines(format.row(row), 1);
    }
    sink.lines(format.footer(), 0);
  } finally {
    q.cancel();
    sink.end();
  }
  // As ksqlDB's CLI: a query that ran into its LIMIT says so; Ctrl-C, a pull query's last row or
  // the server ending it just end it.
  const limited = !host.interrupted() && query.limit !== undefined && rows >= query.limit;
  host.emit({ kind: 'text', text: limited ? 'Limit Reached\nQuery terminated' : 'Query terminated', tone: 'muted' });
}

async function runPrint(host: RunHost, s: Print): Promise<void> {
  host.busy(`PRINT ${s.topic}`);
  const records = await host.backend.print(s.topic, { fromBeginning: s.fromBeginning, interval: Math.max(1, s.interval ?? 1), ...(s.limit !== undefined ? { limit: s.limit } : {}) });
  host.busy(undefined);
  const sink = host.stream('print', records.topic, () => records.cancel());
  try {
    for await (const line of records) sink.lines([line.text], line.isRecord ? 1 : 0);
  } finally {
    records.cancel();
    sink.end();
  }
  host.emit({ kind: 'text', text: 'Topic printing ceased', tone: 'muted' });
}

async function runScript(host: RunHost, path: string, from: string | undefined, depth: number): Promise<boolean> {
  if (depth >= MAX_SCRIPT_DEPTH) throw new KsqlError('INVALID_STATEMENT', `RUN SCRIPT nests deeper than ${MAX_SCRIPT_DEPTH} files: does a script run itself?`);
  // A script's own RUN SCRIPT paths are relative to the script, like includes.
  const file = from === undefined ? resolve(path) : resolve(dirname(from), path);
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KsqlError('INVALID_STATEMENT', `Cannot read the script '${path}': ${e instanceof Error ? e.message : String(e)}`);
  }
  return runText(host, content, from === undefined ? path : file, depth + 1);
}

