import { describe, expect, it } from 'vitest';
import { createSqlLexer, sqlLexer } from '../../grammar/tokens.js';

function lex(text: string): string[] {
  const r = sqlLexer.tokenize(text);
  expect(r.errors).toEqual([]);
  return r.tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

describe('the lexer', () => {
  it('has valid token definitions', () => {
    expect(() => createSqlLexer(true)).not.toThrow();
  });

  it('reads keywords in any case, and longer words as identifiers', () => {
    expect(lex('select SELECT Select selected assert as asc')).toEqual([
      'Select:select',
      'Select:SELECT',
      'Select:Select',
      'Identifier:selected',
      'Assert:assert',
      'As:as',
      'Asc:asc',
    ]);
  });

  it('reads plural time units as one word', () => {
    expect(lex('SECONDS second MILLISECONDS')).toEqual(['Seconds:SECONDS', 'Second:second', 'Milliseconds:MILLISECONDS']);
  });

  it('reads quoted identifiers and strings with doubled quotes', () => {
    expect(lex("`a``b` \"c\"\"d\" 'it''s'")).toEqual(['BackQuotedIdentifier:`a``b`', 'QuotedIdentifier:"c""d"', "StringLiteral:'it''s'"]);
  });

  it('tells integers, decimals, doubles and digit-led identifiers apart', () => {
    expect(lex('12 1.5 .5 1. 1e5 1.5E-3 12abc 1e5x')).toEqual([
      'IntegerValue:12',
      'DecimalValue:1.5',
      'DecimalValue:.5',
      'DecimalValue:1.',
      'FloatingPointValue:1e5',
      'FloatingPointValue:1.5E-3',
      'DigitIdentifier:12abc',
      'DigitIdentifier:1e5x',
    ]);
  });

  it('skips both kinds of comments and reads operators', () => {
    expect(lex('a -- note\n/* block\n comment */ <> != <= >= => := -> ${v}')).toEqual([
      'Identifier:a',
      'Neq:<>',
      'Neq:!=',
      'Lte:<=',
      'Gte:>=',
      'Lambda:=>',
      'Assign::=',
      'Arrow:->',
      'Variable:${v}',
    ]);
  });

  it('reports an unterminated string', () => {
    expect(sqlLexer.tokenize("SELECT 'abc").errors).toHaveLength(1);
  });
});
