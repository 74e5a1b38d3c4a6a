// When a name must be quoted to read back as the same name: lower-case letters, characters an
// unquoted identifier cannot hold, reserved words, and the few non-reserved keywords that would
// be read as keywords where names appear (time units as function arguments, `ARRAY[`...).

import { RESERVED_WORDS } from '../../grammar/tokens.js';

const PLAIN = /^[A-Z_][A-Z0-9_@]*$/;

/** Non-reserved keywords that would change meaning in some position if left unquoted. */
const AMBIGUOUS = new Set([
  'MILLISECOND',
  'MILLISECONDS',
  'SECOND',
  'SECONDS',
  'MINUTE',
  'MINUTES',
  'HOUR',
  'HOURS',
  'DAY',
  'DAYS',
  'ARRAY',
  'MAP',
  'STRUCT',
  'STREAMS',
  'TABLES',
  'FUNCTION',
  'IF',
  'EMIT',
  'PARTITION',
  'ORDER',
  'OFFSET',
]);

export function needsQuotes(name: string): boolean {
  return !PLAIN.test(name) || RESERVED_WORDS.has(name) || AMBIGUOUS.has(name);
}

/** A name as SQL: unchanged when it reads back the same, else in backticks (`` ` `` doubled). */
export function quoteIdentifier(name: string): string {
  return needsQuotes(name) ? '`' + name.split('`').join('``') + '`' : name;
}

/** A string literal: single quotes, inner quotes doubled. */
export function quoteString(value: string): string {
  return "'" + value.split("'").join("''") + "'";
}
