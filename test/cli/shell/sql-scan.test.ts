// The forgiving scanner behind highlighting, "is the statement finished?" and statement splitting.

import { describe, expect, it } from 'vitest';
import { endsStatement, positionOf, scanSql, splitStatements } from '../../../cli/shell/sql-scan.js';

function kinds(text: string, isFunction?: (n: string) => boolean): string[] {
  return scanSql(text, isFunction)
    .filter((t) => t.kind !== 'space')
    .map((t) => `${t.kind}:${text.slice(t.start, t.end)}`);
}

describe('scanSql', () => {
  it('tells keywords, types, functions, names, strings and numbers apart', () => {
    expect(kinds("select ucase(name), 42 from `My Stream` where v = 'it''s' -- done", (n) => n === 'UCASE')).toEqual([
      'keyword:select',
      'function:ucase',
      'punctuation:(',
      'identifier:name',
      'punctuation:)',
      'punctuation:,',
      'number:42',
      'keyword:from',
      'quoted:`My Stream`',
      'keyword:where',
      'identifier:v',
      'punctuation:=',
      "string:'it''s'",
      'comment:-- done',
    ]);
    expect(kinds('CAST(x AS BIGINT) ${var}')).toEqual(['keyword:CAST', 'punctuation:(', 'identifier:x', 'keyword:AS', 'type:BIGINT', 'punctuation:)', 'variable:${var}']);
  });

  it('covers half-typed input without failing: an open quote runs to the end', () => {
    const tokens = scanSql("SELECT 'unfinished; still the string");
    const last = tokens[tokens.length - 1]!;
    expect(last).toMatchObject({ kind: 'string', open: true, end: 36 });
  });
});

describe('endsStatement', () => {
  it('is true only for a semicolon outside quotes and comments', () => {
    expect(endsStatement('SHOW STREAMS;')).toBe(true);
    expect(endsStatement('SHOW STREAMS;  -- listed\n')).toBe(true);
    expect(endsStatement("SELECT ';' FROM s")).toBe(false);
    expect(endsStatement("SELECT 'a;")).toBe(false);
    expect(endsStatement('SHOW STREAMS /* ; */')).toBe(false);
    expect(endsStatement('SHOW STREAMS; /* not closed ;')).toBe(false);
  });
});

describe('splitStatements', () => {
  it('splits at semicolons and keeps each statement offset for error positions', () => {
    const text = "SET 'a'='x;y';\n  -- comment\n  SHOW STREAMS;\nDESCRIBE s";
    expect(splitStatements(text)).toEqual([
      { text: "SET 'a'='x;y';", start: 0 },
      { text: 'SHOW STREAMS;', start: 30 },
      { text: 'DESCRIBE s', start: 44 },
    ]);
    expect(splitStatements(' ;; -- nothing\n')).toEqual([]);
  });

  it('gives line and column of an offset', () => {
    expect(positionOf('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
