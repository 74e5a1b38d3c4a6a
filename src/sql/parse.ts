// The SQL front end's public API: text in, AST out. A text holds any number of statements
// separated by `;`; each is parsed with the one shared parser, after `${var}` substitution with
// the variables in effect at that point (DEFINE/UNDEFINE earlier in the same text count).

import type { IToken } from 'chevrotain';
import type { SingleExpressionCstNode, SingleStatementCstNode } from '../../grammar/cst.js';
import { parser } from '../../grammar/parser.js';
import { Semicolon, sqlLexer, StringLiteral, Variable } from '../../grammar/tokens.js';
import { KsqlError } from '../errors.js';
import type { Expression, Loc, ParsedStatement, Statement } from './ast.js';
import { expressionFromSingleCst, statementFromCst } from './cst-to-ast.js';
import { only } from './cst-util.js';
import { lexingError, recognitionError, unknownStatementError } from './syntax-error.js';
import { mentionsVariable, substituteVariables } from './variables.js';

export interface ParseOptions {
  /** Variables defined before this text (names are case-insensitive). Not modified. */
  readonly variables?: Readonly<Record<string, string>>;
}

/**
 * Parses every statement of `text`. Throws KsqlError('SYNTAX') for the first statement that does
 * not parse, with ksqlDB's message and the position in `text`.
 */
export function parseStatements(text: string, options: ParseOptions = {}): ParsedStatement[] {
  const lexed = sqlLexer.tokenize(text);
  const lexError = lexed.errors[0];
  if (lexError !== undefined) throw lexingError(lexError, text, lexed.tokens);
  const vars: Record<string, string> = { ...options.variables };
  const result: ParsedStatement[] = [];
  const tokens = lexed.tokens;
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const atEnd = i === tokens.length;
    if (!atEnd && tokens[i]!.tokenType !== Semicolon) continue;
    const group = tokens.slice(start, atEnd ? i : i + 1);
    start = i + 1;
    // Empty statements (`;;`, or nothing after the last `;`) are skipped.
    if (group.length === 0 || group[0]!.tokenType === Semicolon) continue;
    const parsed = parseGroup(text, group, vars);
    trackVariables(parsed.statement, vars);
    result.push(parsed);
  }
  return result;
}

/** Parses one expression, such as `a + 1 > b`. */
export function parseExpression(text: string): Expression {
  const lexed = sqlLexer.tokenize(text);
  const lexError = lexed.errors[0];
  if (lexError !== undefined) throw lexingError(lexError, text, lexed.tokens);
  parser.input = lexed.tokens;
  const cst = parser.singleExpression() as SingleExpressionCstNode;
  const error = parser.errors[0];
  if (error !== undefined) throw recognitionError(error, lexed.tokens, text.trim(), 'singleExpression');
  return expressionFromSingleCst(cst);
}

/**
 * The error ksqlDB gives for a statement a context does not run, such as RUN SCRIPT sent to a
 * server: `line 1:1: Syntax Error\nUnknown statement 'RUN'`.
 */
export function unsupportedStatement(parsed: ParsedStatement): KsqlError {
  const firstWord = /^\S+/.exec(parsed.text)?.[0]?.toUpperCase() ?? '';
  return unknownStatementError(parsed.loc, firstWord, parsed.text);
}

function parseGroup(text: string, group: IToken[], vars: Readonly<Record<string, string>>): ParsedStatement {
  const first = group[0]!;
  const last = group[group.length - 1]!;
  const hasSemicolon = last.tokenType === Semicolon;
  const body = hasSemicolon ? group[group.length - 2] : last;
  const loc: Loc = { line: first.startLine ?? 1, column: first.startColumn ?? 1 };
  let statementText = text.slice(first.startOffset, (last.endOffset ?? last.startOffset) + 1);
  let tokens = group;
  if (group.some((t) => t.tokenType === Variable || (t.tokenType === StringLiteral && mentionsVariable(t.image)))) {
    // Substitute in this statement's text, padded so that positions stay those of `text`.
    statementText = substituteAt(statementText, vars, loc);
    const padded = '\n'.repeat(loc.line - 1) + ' '.repeat(loc.column - 1) + statementText;
    const relexed = sqlLexer.tokenize(padded);
    const lexError = relexed.errors[0];
    if (lexError !== undefined) throw lexingError(lexError, padded, relexed.tokens);
    tokens = relexed.tokens;
  }
  const statement = parseTokens(tokens, statementText);
  const withoutSemicolon =
    tokens === group
      ? text.slice(first.startOffset, (body?.endOffset ?? first.startOffset) + 1)
      : statementText.replace(/\s*;\s*$/, '');
  return { statement, text: withoutSemicolon, loc };
}

/** substituteVariables, with the position of an undefined variable made relative to the whole text. */
function substituteAt(statementText: string, vars: Readonly<Record<string, string>>, at: Loc): string {
  try {
    return substituteVariables(statementText, vars);
  } catch (e) {
    if (!(e instanceof KsqlError) || e.loc === undefined) throw e;
    const line = e.loc.line + at.line - 1;
    const column = e.loc.line === 1 ? e.loc.column + at.column - 1 : e.loc.column;
    throw new KsqlError(e.code, e.message, { line, column });
  }
}

function parseTokens(tokens: IToken[], statementText: string): Statement {
  parser.input = tokens;
  const cst = parser.singleStatement() as SingleStatementCstNode;
  const error = parser.errors[0];
  if (error !== undefined) throw recognitionError(error, tokens, statementText, 'singleStatement');
  return statementFromCst(only(cst.children.statement));
}

function trackVariables(statement: Statement, vars: Record<string, string>): void {
  if (statement.kind !== 'DefineVariable' && statement.kind !== 'UndefineVariable') return;
  for (const key of Object.keys(vars)) if (key.toUpperCase() === statement.name.toUpperCase()) delete vars[key];
  if (statement.kind === 'DefineVariable') vars[statement.name] = statement.value;
}
