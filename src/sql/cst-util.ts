// Small helpers shared by the CST-to-AST converters: positions, identifier normalization
// (unquoted names upper-cased, quoted ones kept), string and number literals.

import type { CstNode, IToken } from 'chevrotain';
import type { IdentifierCstNode, NumberCstNode } from '../../grammar/cst.js';
import { KsqlError } from '../errors.js';
import type { Loc, NumericLiteral, TimeUnit } from './ast.js';

export function tokenLoc(t: IToken): Loc {
  return { line: t.startLine ?? 1, column: t.startColumn ?? 1 };
}

export function nodeLoc(n: CstNode): Loc {
  return { line: n.location?.startLine ?? 1, column: n.location?.startColumn ?? 1 };
}

/** An error found while building the AST: ksqlDB reports these as parse failures too. */
export function parseError(message: string, loc: Loc): KsqlError {
  return new KsqlError('SYNTAX', message, loc);
}

/** The single token of a child list that the grammar guarantees to be there. */
export function only<T>(items: readonly T[] | undefined): T {
  const item = items?.[0];
  if (item === undefined) throw new KsqlError('INTERNAL', 'parser produced an incomplete syntax tree');
  return item;
}

/** The text of a quoted token without its quotes, with doubled quotes made single. */
export function unquote(image: string): string {
  const q = image.charAt(0);
  return image.slice(1, -1).split(q + q).join(q);
}

export function stringValue(t: IToken): string {
  return unquote(t.image);
}

/** An identifier as ksqlDB normalizes it: upper-cased unless quoted with backticks or double quotes. */
export function identifierText(n: IdentifierCstNode): string {
  const c = n.children;
  const quoted = c.BackQuotedIdentifier?.[0] ?? c.QuotedIdentifier?.[0];
  if (quoted !== undefined) return unquote(quoted.image);
  return only(c.Identifier ?? c.DigitIdentifier).image.toUpperCase();
}

/** An identifier exactly as written, quotes removed (topic names, variable names). */
export function identifierRaw(n: IdentifierCstNode): string {
  const c = n.children;
  const quoted = c.BackQuotedIdentifier?.[0] ?? c.QuotedIdentifier?.[0];
  if (quoted !== undefined) return unquote(quoted.image);
  return only(c.Identifier ?? c.DigitIdentifier).image;
}

export function identifierToken(n: IdentifierCstNode): IToken {
  const c = n.children;
  return only(c.Identifier ?? c.BackQuotedIdentifier ?? c.QuotedIdentifier ?? c.DigitIdentifier);
}

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** A numeric literal typed like ksqlDB: INTEGER, else BIGINT, DECIMAL with a point, DOUBLE with an exponent. */
export function numericLiteral(token: IToken, negative: boolean, loc: Loc): NumericLiteral {
  const text = (negative ? '-' : '') + token.image;
  switch (token.tokenType.name) {
    case 'FloatingPointValue':
      return { kind: 'NumericLiteral', text, type: 'DOUBLE', loc };
    case 'DecimalValue':
      return { kind: 'NumericLiteral', text, type: 'DECIMAL', loc };
    default: {
      const v = BigInt(text);
      if (v >= INT_MIN && v <= INT_MAX) return { kind: 'NumericLiteral', text, type: 'INTEGER', loc };
      if (v >= LONG_MIN && v <= LONG_MAX) return { kind: 'NumericLiteral', text, type: 'BIGINT', loc };
      throw parseError(`Invalid numeric literal: ${text}`, loc);
    }
  }
}

/** The text of a `number` (optional minus sign and a numeric token). */
export function numberText(n: NumberCstNode): string {
  return (n.children.Minus !== undefined ? '-' : '') + only(n.children.NumberLiteral).image;
}

/** A `number` that must be a whole number, as for LIMIT: ksqlDB's "Value must be integer" check. */
export function integerValue(n: NumberCstNode, command: string): number {
  const token = only(n.children.NumberLiteral);
  if (token.tokenType.name !== 'IntegerValue') {
    throw parseError(`Failed to prepare statement: Value must be integer for command: ${command}`, nodeLoc(n));
  }
  const v = Number(numberText(n));
  if (!Number.isSafeInteger(v)) throw parseError(`Value is out of range for command: ${command}`, nodeLoc(n));
  return v;
}

const TIME_UNITS: Readonly<Record<string, TimeUnit>> = {
  MILLISECOND: 'MILLISECONDS',
  MILLISECONDS: 'MILLISECONDS',
  SECOND: 'SECONDS',
  SECONDS: 'SECONDS',
  MINUTE: 'MINUTES',
  MINUTES: 'MINUTES',
  HOUR: 'HOURS',
  HOURS: 'HOURS',
  DAY: 'DAYS',
  DAYS: 'DAYS',
};

/** SECOND and SECONDS alike become the plural unit. */
export function timeUnit(t: IToken): TimeUnit {
  const unit = TIME_UNITS[t.image.toUpperCase()];
  if (unit === undefined) throw parseError(`Unknown time unit: ${t.image}`, tokenLoc(t));
  return unit;
}
