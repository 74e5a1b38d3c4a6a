// What the shell prints, as plain data: the transcript items the controller appends and the
// components draw. Also the pure formatting of errors (with a caret under the position),
// statement results, streamed rows and PRINT records.

import type { StatementResult } from '../../src/engine/results.js';
import { KsqlError } from '../../src/errors.js';
import type { PlanColumn } from '../../src/plan/logical-plan.js';
import type { Loc } from '../../src/sql/ast.js';
import { border, formatValue, headerLines, renderResult, renderResultJson, rowLines, streamWidths, typedJson } from '../render.js';

export type Tone = 'plain' | 'muted' | 'info' | 'success' | 'warning';
export type OutputFormat = 'TABULAR' | 'JSON';

export type OutputItem =
  | { readonly id: number; readonly kind: 'banner'; readonly version: string; readonly mode: 'embedded' | 'remote'; readonly location: string; readonly serverVersion?: string }
  /** A statement as it was submitted, shown after the prompt. */
  | { readonly id: number; readonly kind: 'echo'; readonly text: string }
  | { readonly id: number; readonly kind: 'text'; readonly text: string; readonly tone: Tone }
  | { readonly id: number; readonly kind: 'error'; readonly message: string; readonly source?: ErrorSource };

export type NewOutputItem = OutputItem extends infer T ? (T extends OutputItem ? Omit<T, 'id'> : never) : never;

/** The line an error points into, and the column of the caret under it. */
export interface ErrorSource {
  /** `file:line:column` for RUN SCRIPT files; absent for what was typed. */
  readonly label?: string;
  readonly line: string;
  readonly column: number;
}

/** The message of an error, without ksqlDB's trailing copy of the statement (the caret shows it). */
export function errorMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/\nStatement: [\s\S]*$/, '');
}

/** An error item pointing at `loc` (1-based, relative to `text`), or without a caret when there is no position. */
export function errorItem(e: unknown, text?: string, loc?: Loc, file?: string): NewOutputItem {
  const message = errorMessage(e);
  if (text === undefined || loc === undefined) return { kind: 'error', message: file ? `${file}: ${message}` : message };
  const line = text.split('\n')[loc.line - 1];
  if (line === undefined) return { kind: 'error', message };
  const source: ErrorSource = { line: line.replace(/\t/g, ' '), column: Math.max(1, Math.min(loc.column, line.length + 1)), ...(file ? { label: `${file}:${loc.line}:${loc.column}` } : {}) };
  return { kind: 'error', message, source };
}

/** Position of an error raised while running `statementText`, made relative to the text it came from. */
export function locIn(e: unknown, statementAt: Loc): Loc | undefined {
  if (!(e instanceof KsqlError) || e.loc === undefined) return undefined;
  const { line, column } = e.loc;
  return { line: statementAt.line + line - 1, column: line === 1 ? statementAt.column + column - 1 : column };
}

export function resultText(r: StatementResult, format: OutputFormat, width: number): string {
  return format === 'JSON' ? renderResultJson(r) : renderResult(r, width);
}

/** Formats the rows of a streamed query: a table fitted to the width, or one JSON object per row. */
export class RowFormatter {
  private readonly widths: number[];

  constructor(
    private readonly columns: readonly PlanColumn[],
    private readonly format: OutputFormat,
    width: number,
  ) {
    this.widths = streamWidths(
      columns.map((c) => c.name),
      width,
    );
  }

  header(): string[] {
    if (this.format === 'JSON') return [];
    return headerLines(
      this.columns.map((c) => c.name),
      this.widths,
    );
  }

  row(values: readonly unknown[]): string[] {
    if (this.format === 'JSON') {
      const o: Record<string, unknown> = {};
      this.columns.forEach((c, i) => {
        o[c.name] = typedJson(values[i], c.type);
      });
      return [JSON.stringify(o)];
    }
    return rowLines(
      this.columns.map((c, i) => formatValue(values[i], c.type)),
      this.widths,
    );
  }

  footer(): string[] {
    if (this.format === 'JSON') return [];
    return [border(this.widths)];
  }
}

/** An item as plain text, for the line prompt used when stdin is not a terminal. */
export function itemText(item: OutputItem, prompt = 'ksql> ', continuation = '   -> '): string {
  switch (item.kind) {
    case 'banner': {
      const where = item.mode === 'remote' ? `server: ${item.location}, server version: ${item.serverVersion ?? 'unknown'}` : `data: ${item.location}`;
      return `ksqlite ${item.version} (${item.mode}, ${where})\nStatements end with ';'. HELP for help, Ctrl-D exits.\n`;
    }
    case 'echo':
      return item.text
        .split('\n')
        .map((l, i) => (i === 0 ? prompt : continuation) + l)
        .join('\n');
    case 'text':
      return item.text;
    case 'error': {
      const s = item.source;
      const where = s ? `${s.label ? `${s.label}\n` : ''}  ${s.line}\n${' '.repeat(s.column + 1)}^\n` : '';
      return `${where}${item.message}`;
    }
    default: {
      const never: never = item;
      return never;
    }
  }
}
