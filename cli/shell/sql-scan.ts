// A forgiving scanner of the SQL being typed: it never fails on half-written input, so the shell
// can colour it, tell whether a statement is finished (a `;` outside quotes and comments) and
// split a buffer into statements, each with its offset for error carets.

import { KEYWORDS } from '../../grammar/tokens.js';

export type ScanKind =
  | 'keyword'
  | 'type'
  | 'function'
  | 'identifier'
  | 'quoted'
  | 'string'
  | 'number'
  | 'comment'
  | 'variable'
  | 'punctuation'
  | 'space';

export interface ScanToken {
  readonly kind: ScanKind;
  readonly start: number;
  readonly end: number;
  /** A quote or block comment that the text ends inside of. */
  readonly open?: boolean;
}

/** Type names the grammar reads as identifiers, coloured and completed like keywords. */
export const TYPE_NAMES: ReadonlySet<string> = new Set(['BOOLEAN', 'INT', 'INTEGER', 'BIGINT', 'DOUBLE', 'VARCHAR', 'BYTES', 'STRING', 'DECIMAL', 'DATE', 'TIME', 'TIMESTAMP', 'ARRAY', 'MAP', 'STRUCT']);

const WORD = /[A-Za-z0-9_@$]/;

/**
 * Splits `text` into tokens covering every character. `isFunction` tells function names apart
 * from other identifiers (they are coloured when followed by `(` too).
 */
export function scanSql(text: string, isFunction: (upperName: string) => boolean = () => false): ScanToken[] {
  const out: ScanToken[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    const start = i;
    if (/\s/.test(ch)) {
      while (i < n && /\s/.test(text[i]!)) i++;
      out.push({ kind: 'space', start, end: i });
    } else if (ch === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
      out.push({ kind: 'comment', start, end: i });
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      out.push({ kind: 'comment', start, end: i, ...(close < 0 ? { open: true } : {}) });
    } else if (ch === "'" || ch === '"' || ch === '`') {
      const end = closingQuote(text, i, ch);
      i = end < 0 ? n : end + 1;
      out.push({ kind: ch === "'" ? 'string' : 'quoted', start, end: i, ...(end < 0 ? { open: true } : {}) });
    } else if (ch === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i);
      i = close < 0 ? n : close + 1;
      out.push({ kind: 'variable', start, end: i });
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      while (i < n && /[0-9.eE]/.test(text[i]!)) i++;
      if (i < n && WORD.test(text[i]!)) {
        while (i < n && WORD.test(text[i]!)) i++;
        out.push({ kind: 'identifier', start, end: i });
      } else out.push({ kind: 'number', start, end: i });
    } else if (WORD.test(ch)) {
      while (i < n && WORD.test(text[i]!)) i++;
      const upper = text.slice(start, i).toUpperCase();
      let kind: ScanKind = 'identifier';
      if (TYPE_NAMES.has(upper)) kind = 'type';
      else if (KEYWORDS.has(upper)) kind = 'keyword';
      else if (isFunction(upper)) kind = 'function';
      out.push({ kind, start, end: i });
    } else {
      i++;
      out.push({ kind: 'punctuation', start, end: i });
    }
  }
  return out;
}

/** Index of the quote closing the one at `from` (a doubled quote is an escaped one), or -1. */
function closingQuote(text: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i;
    } else i++;
  }
  return -1;
}

/** True when the text's last meaningful token is a `;` (so Enter runs it rather than adding a line). */
export function endsStatement(text: string): boolean {
  const tokens = scanSql(text);
  for (let k = tokens.length - 1; k >= 0; k--) {
    const t = tokens[k]!;
    if (t.kind === 'space' || (t.kind === 'comment' && !t.open)) continue;
    return t.kind === 'punctuation' && text[t.start] === ';';
  }
  return false;
}

export interface StatementPiece {
  /** The statement, `;` included when it has one. */
  readonly text: string;
  /** Offset of `text` in the whole buffer. */
  readonly start: number;
}

/** Splits a buffer at `;` outside quotes and comments; pieces holding only spaces/comments are dropped. */
export function splitStatements(text: string): StatementPiece[] {
  const pieces: StatementPiece[] = [];
  let start = 0;
  let meaningful = false;
  for (const t of scanSql(text)) {
    if (t.kind === 'punctuation' && text[t.start] === ';') {
      if (meaningful) pieces.push({ text: text.slice(start, t.end), start });
      start = t.end;
      meaningful = false;
    } else if (t.kind !== 'space' && t.kind !== 'comment') {
      if (!meaningful) start = t.start;
      meaningful = true;
    }
  }
  if (meaningful) pieces.push({ text: text.slice(start), start });
  return pieces;
}

/** Line and column (1-based) of an offset. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
