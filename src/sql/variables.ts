// `${name}` substitution, done on the text of a statement before it is parsed (ksqlDB's DEFINE
// variables). A reference in the SQL itself is replaced by the raw value; one inside a string
// literal by the value with its quotes doubled; quoted identifiers and comments are left alone.

import { KsqlError } from '../errors.js';

const NAME = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/;

/** Variable names are case-insensitive: this finds `name` in `vars` whatever the case. */
export function lookupVariable(vars: Readonly<Record<string, string>>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
  const upper = name.toUpperCase();
  for (const key of Object.keys(vars)) if (key.toUpperCase() === upper) return vars[key];
  return undefined;
}

/** True when `text` may contain a variable reference (a cheap test before substituting). */
export function mentionsVariable(text: string): boolean {
  return text.includes('${');
}

/**
 * Replaces `${name}` references. An undefined variable in the SQL is an error; inside a string
 * literal it is left as written, since `${...}` may be meant literally there.
 */
export function substituteVariables(text: string, vars: Readonly<Record<string, string>>): string {
  if (!mentionsVariable(text)) return text;
  let out = '';
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      lineStart = i + 1;
    }
    if (ch === '$') {
      const m = NAME.exec(text.slice(i, i + 200));
      if (m !== null) {
        const value = lookupVariable(vars, m[1]!);
        if (value === undefined) {
          throw new KsqlError(
            'UNKNOWN_VARIABLE',
            `Variable '${m[1]}' is not defined. Define it first: DEFINE ${m[1]} = '...';`,
            { line, column: i - lineStart + 1 },
          );
        }
        out += value;
        i += m[0].length;
        continue;
      }
    }
    if (ch === "'") {
      const end = closingQuote(text, i, "'");
      out += substituteInString(text.slice(i, end), vars);
      ({ line, lineStart } = advanceLines(text, i, end, line, lineStart));
      i = end;
      continue;
    }
    if (ch === '`' || ch === '"') {
      const end = closingQuote(text, i, ch);
      out += text.slice(i, end);
      ({ line, lineStart } = advanceLines(text, i, end, line, lineStart));
      i = end;
      continue;
    }
    if (ch === '-' && text[i + 1] === '-') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      let end = text.indexOf('*/', i + 2);
      end = end < 0 ? n : end + 2;
      out += text.slice(i, end);
      ({ line, lineStart } = advanceLines(text, i, end, line, lineStart));
      i = end;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Index just past the quote closing the one at `start` (doubled quotes are escapes). */
function closingQuote(text: string, start: number, q: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === q) {
      if (text[i + 1] === q) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

function advanceLines(text: string, from: number, to: number, line: number, lineStart: number): { line: number; lineStart: number } {
  for (let i = from; i < to; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, lineStart };
}

function substituteInString(literal: string, vars: Readonly<Record<string, string>>): string {
  if (!mentionsVariable(literal)) return literal;
  return literal.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    const value = lookupVariable(vars, name);
    return value === undefined ? whole : value.split("'").join("''");
  });
}
