// Turns chevrotain's recognition errors into ksqlDB's syntax error messages:
//   line 1:32: Syntax Error
//   Expecting {'STRING', INTEGER_VALUE}           (or: missing ')' at ',' / extraneous input ... /
//   Statement: CREATE STREAM ...                    Syntax error at or near 'X' at line L:C)
// The expected sets are computed from the grammar (content assist) in ANTLR's style and order.

import type { ILexingError, IRecognitionException, IToken, TokenType } from 'chevrotain';
import { EOF } from '../../grammar/chevrotain.js';
import { parser } from '../../grammar/parser.js';
import { categoryMembers, Semicolon, tokenDisplayName, tokenDisplayOrder } from '../../grammar/tokens.js';
import { KsqlError } from '../errors.js';
import type { Loc } from './ast.js';

export type StartRule = 'singleStatement' | 'singleExpression';

/** ksqlDB's message layout: position line, detail, and the statement the error is in. */
export function syntaxError(loc: Loc, detail: string, statementText: string): KsqlError {
  const statement = statementText === '' ? '' : `\nStatement: ${statementText}`;
  return new KsqlError('SYNTAX', `line ${loc.line}:${loc.column}: Syntax Error\n${detail}${statement}`, loc);
}

/** The error for a statement the context does not allow (as ksqlDB reports RUN SCRIPT on a server). */
export function unknownStatementError(loc: Loc, firstWord: string, statementText: string): KsqlError {
  return syntaxError(loc, `Unknown statement '${firstWord}'`, statementText);
}

function quoteToken(t: IToken): string {
  return t.tokenType === EOF ? "'<EOF>'" : `'${t.image}'`;
}

function tokenPosition(t: IToken, tokens: readonly IToken[]): Loc {
  if (t.tokenType !== EOF && t.startLine !== undefined && !Number.isNaN(t.startLine)) {
    return { line: t.startLine, column: t.startColumn ?? 1 };
  }
  // End of input: just after the last token, as ANTLR reports <EOF>.
  const last = tokens[tokens.length - 1];
  if (last === undefined) return { line: 1, column: 1 };
  return { line: last.endLine ?? 1, column: (last.endColumn ?? 0) + 1 };
}

/** Message and position for the first error the parser recorded. */
export function recognitionError(e: IRecognitionException, tokens: readonly IToken[], statementText: string, startRule: StartRule): KsqlError {
  const offending = e.token;
  const loc = tokenPosition(offending, tokens);
  let index = tokens.indexOf(offending);
  if (index < 0) index = tokens.length;
  if (e.name === 'NoViableAltException') {
    return syntaxError(loc, `Syntax error at or near ${quoteToken(offending)} at line ${loc.line}:${loc.column}`, statementText);
  }
  const prefix = tokens.slice(0, index);
  const end = startRule === 'singleStatement' ? Semicolon : EOF;
  const expected = e.name === 'NotAllInputParsedException' ? [end] : expectedTokens(prefix, e.context?.ruleStack, startRule);
  const next = tokens[index + 1];
  // ANTLR's single-token deletion: the next token is one the parser wanted.
  const nextFits = next === undefined ? expected.includes(end) : expected.some((t) => tokenTypeMatches(next.tokenType, t));
  if (offending.tokenType !== EOF && nextFits) {
    return syntaxError(loc, `extraneous input ${quoteToken(offending)} expecting ${formatSet(expected)}`, statementText);
  }
  // ANTLR's single-token insertion: the offending token could follow the one expected.
  const wanted = expected.length === 1 ? expected[0] : undefined;
  if (wanted !== undefined && e.name === 'MismatchedTokenException' && couldFollow(prefix, wanted, offending, startRule)) {
    return syntaxError(loc, `missing ${formatSet(expected)} at ${quoteToken(offending)}`, statementText);
  }
  return syntaxError(loc, `Expecting ${formatSet(expected)}`, statementText);
}

/** A lexing error: a character no token starts with, or an unterminated quote. */
export function lexingError(e: ILexingError, text: string, tokens: readonly IToken[]): KsqlError {
  const loc = { line: e.line ?? 1, column: e.column ?? 1 };
  const bad = text.slice(e.offset, e.offset + Math.max(1, e.length));
  return syntaxError(loc, `token recognition error at: '${bad}'`, statementAround(text, tokens, e.offset));
}

/** The text of the statement containing `offset`: from the previous `;` to the next one. */
function statementAround(text: string, tokens: readonly IToken[], offset: number): string {
  let start = 0;
  let end = text.length;
  for (const t of tokens) {
    if (t.tokenType !== Semicolon) continue;
    if (t.startOffset < offset) start = t.startOffset + 1;
    else {
      end = t.startOffset + 1;
      break;
    }
  }
  return text.slice(start, end).trim();
}

function tokenTypeMatches(actual: TokenType, wanted: TokenType): boolean {
  return actual === wanted || (actual.CATEGORIES ?? []).includes(wanted);
}

/**
 * The tokens the grammar allows after `prefix`. Like ANTLR, when the failing rule is known only
 * the tokens of that rule count: a clause that was already complete (an optional column
 * constraint, an operator continuing an expression) is not listed.
 */
function expectedTokens(prefix: IToken[], ruleStack: readonly string[] | undefined, startRule: StartRule): TokenType[] {
  const paths = parser.computeContentAssist(startRule, prefix);
  let chosen = paths;
  if (ruleStack !== undefined) {
    const sameRule = paths.filter((p) => p.ruleStack.length === ruleStack.length && p.ruleStack.every((r, i) => r === ruleStack[i]));
    if (sameRule.length > 0) chosen = sameRule;
  }
  const types = new Set<TokenType>();
  for (const p of chosen) types.add(p.nextTokenType);
  return [...types];
}

function couldFollow(prefix: IToken[], wanted: TokenType, offending: IToken, startRule: StartRule): boolean {
  if (offending.tokenType === EOF) return false;
  const inserted: IToken = { image: '', startOffset: -1, tokenType: wanted, tokenTypeIdx: wanted.tokenTypeIdx ?? 0 };
  const paths = parser.computeContentAssist(startRule, [...prefix, inserted]);
  return paths.some((p) => tokenTypeMatches(offending.tokenType, p.nextTokenType));
}

/** `';'` for one token, `{',', ')'}` for several, in ANTLR's order. */
function formatSet(types: readonly TokenType[]): string {
  const concrete = new Set<TokenType>();
  for (const t of types) for (const m of categoryMembers(t)) concrete.add(m);
  const names = [...concrete]
    .sort((a, b) => tokenDisplayOrder(a) - tokenDisplayOrder(b))
    .map((t) => (t === EOF ? '<EOF>' : tokenDisplayName(t)));
  return names.length === 1 ? names[0]! : `{${names.join(', ')}}`;
}
