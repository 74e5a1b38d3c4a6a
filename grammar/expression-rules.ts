// The expression half of the grammar: boolean logic, predicates, arithmetic, literals, function
// calls and lambdas, plus types and names. Precedence, from loosest: OR, AND, NOT, predicates
// (comparison, BETWEEN, IN, LIKE, IS), + -, * / %, unary sign, postfix ([i], ->field).

import type { IParserConfig, TokenType } from 'chevrotain';
import { CstParser, EOF, tokenMatcher } from './chevrotain.js';
import * as T from './tokens.js';

export class ExpressionRules extends CstParser {
  constructor(config: IParserConfig) {
    super(T.allTokens, config);
  }

  // ---------------------------------------------------------------------------------------
  // Lookahead helpers for the places where ksqlDB's ANTLR grammar relies on unbounded lookahead.

  protected la(k: number, ...types: TokenType[]): boolean {
    const tok = this.LA(k);
    return types.some((t) => tokenMatcher(tok, t));
  }

  /** A token that can be an identifier (plain, quoted, or a non-reserved keyword). */
  protected laIdentifier(k: number): boolean {
    return this.la(k, T.Identifier, T.QuotedIdentifier, T.BackQuotedIdentifier, T.DigitIdentifier);
  }

  /** `(a, b)` or `()` ahead: a parenthesized list rather than a parenthesized expression. */
  protected parenthesizedListAhead(): boolean {
    if (!this.la(1, T.LParen)) return false;
    if (this.la(2, T.RParen)) return true;
    let depth = 0;
    for (let k = 1; ; k++) {
      const tok = this.LA(k);
      if (tok.tokenType === EOF) return false;
      if (tokenMatcher(tok, T.LParen) || tokenMatcher(tok, T.LBracket)) depth++;
      else if (tokenMatcher(tok, T.RParen) || tokenMatcher(tok, T.RBracket)) {
        depth--;
        if (depth === 0) return false;
      } else if (depth === 1 && tokenMatcher(tok, T.Comma)) return true;
    }
  }

  /** `x => ...` or `(x, y) => ...` ahead. */
  protected lambdaAhead(): boolean {
    if (this.laIdentifier(1)) return this.la(2, T.Lambda);
    if (!this.la(1, T.LParen)) return false;
    let k = 2;
    for (;;) {
      if (!this.laIdentifier(k)) return false;
      if (this.la(k + 1, T.RParen)) return this.la(k + 2, T.Lambda);
      if (!this.la(k + 1, T.Comma)) return false;
      k += 2;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Expressions (the rules of the loosest operators first)

  public readonly expression = this.RULE('expression', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.Or, DEF: () => this.SUBRULE(this.andExpression) });
  });

  public readonly andExpression = this.RULE('andExpression', () => {
    this.AT_LEAST_ONE_SEP({ SEP: T.And, DEF: () => this.SUBRULE(this.notExpression) });
  });

  public readonly notExpression = this.RULE('notExpression', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.predicated) },
    ]);
  });

  public readonly predicated = this.RULE('predicated', () => {
    this.SUBRULE(this.valueExpression);
    this.OPTION(() => this.SUBRULE(this.predicate));
  });

  public readonly predicate = this.RULE('predicate', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.ComparisonOperator);
          this.SUBRULE(this.valueExpression, { LABEL: 'right' });
        },
      },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.Not));
          this.OR1([
            {
              ALT: () => {
                this.CONSUME(T.Between);
                this.SUBRULE1(this.valueExpression, { LABEL: 'low' });
                this.CONSUME(T.And);
                this.SUBRULE2(this.valueExpression, { LABEL: 'high' });
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.In);
                this.CONSUME(T.LParen);
                this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'list' }) });
                this.CONSUME(T.RParen);
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.Like);
                this.SUBRULE3(this.valueExpression, { LABEL: 'pattern' });
                this.OPTION1(() => {
                  this.CONSUME(T.Escape);
                  this.CONSUME(T.StringLiteral, { LABEL: 'escape' });
                });
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Is);
          this.OPTION2(() => this.CONSUME1(T.Not));
          this.OR2([
            { ALT: () => this.CONSUME(T.Null) },
            {
              ALT: () => {
                this.CONSUME(T.Distinct);
                this.CONSUME(T.From);
                this.SUBRULE4(this.valueExpression, { LABEL: 'right' });
              },
            },
          ]);
        },
      },
    ]);
  });

  public readonly valueExpression = this.RULE('valueExpression', () => {
    this.SUBRULE(this.multiplicativeExpression);
    this.MANY(() => {
      this.CONSUME(T.AdditiveOperator);
      this.SUBRULE1(this.multiplicativeExpression);
    });
  });

  public readonly multiplicativeExpression = this.RULE('multiplicativeExpression', () => {
    this.SUBRULE(this.unaryExpression);
    this.MANY(() => {
      this.CONSUME(T.MultiplicativeOperator);
      this.SUBRULE1(this.unaryExpression);
    });
  });

  public readonly unaryExpression = this.RULE('unaryExpression', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.AdditiveOperator);
          this.SUBRULE(this.unaryExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.postfixExpression) },
    ]);
  });

  public readonly postfixExpression = this.RULE('postfixExpression', () => {
    this.SUBRULE(this.primaryExpression);
    this.MANY({
      // `struct->*` is a select item, not a dereference.
      GATE: () => !(this.la(1, T.Arrow) && this.la(2, T.Star)),
      DEF: () => {
        this.OR([{ ALT: () => this.SUBRULE(this.subscript) }, { ALT: () => this.SUBRULE(this.dereference) }]);
      },
    });
  });

  public readonly subscript = this.RULE('subscript', () => {
    this.CONSUME(T.LBracket);
    this.SUBRULE(this.valueExpression);
    this.CONSUME(T.RBracket);
  });

  public readonly dereference = this.RULE('dereference', () => {
    this.CONSUME(T.Arrow);
    this.SUBRULE(this.identifier);
  });

  public readonly primaryExpression = this.RULE('primaryExpression', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.literal) },
        { ALT: () => this.SUBRULE(this.typedLiteral) },
        { ALT: () => this.SUBRULE(this.caseExpression) },
        { ALT: () => this.SUBRULE(this.castExpression) },
        { ALT: () => this.SUBRULE(this.arrayConstructor) },
        { ALT: () => this.SUBRULE(this.mapConstructor) },
        { ALT: () => this.SUBRULE(this.structConstructor) },
        { ALT: () => this.SUBRULE(this.functionCall) },
        { ALT: () => this.SUBRULE(this.columnReference) },
        { ALT: () => this.SUBRULE(this.parenthesizedExpression) },
      ],
    });
  });

  public readonly literal = this.RULE('literal', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Null) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
    ]);
  });

  public readonly typedLiteral = this.RULE('typedLiteral', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.DateKw) },
      { ALT: () => this.CONSUME(T.Time) },
      { ALT: () => this.CONSUME(T.Timestamp) },
    ]);
    this.CONSUME(T.StringLiteral);
  });

  public readonly caseExpression = this.RULE('caseExpression', () => {
    this.CONSUME(T.Case);
    this.OPTION(() => this.SUBRULE(this.valueExpression, { LABEL: 'operand' }));
    this.AT_LEAST_ONE(() => this.SUBRULE(this.whenClause));
    this.OPTION1(() => {
      this.CONSUME(T.Else);
      this.SUBRULE(this.expression, { LABEL: 'else' });
    });
    this.CONSUME(T.End);
  });

  public readonly whenClause = this.RULE('whenClause', () => {
    this.CONSUME(T.When);
    this.SUBRULE(this.expression, { LABEL: 'when' });
    this.CONSUME(T.Then);
    this.SUBRULE1(this.expression, { LABEL: 'then' });
  });

  public readonly castExpression = this.RULE('castExpression', () => {
    this.CONSUME(T.Cast);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.As);
    this.SUBRULE(this.type);
    this.CONSUME(T.RParen);
  });

  public readonly arrayConstructor = this.RULE('arrayConstructor', () => {
    this.CONSUME(T.ArrayKw);
    this.CONSUME(T.LBracket);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RBracket);
  });

  public readonly mapConstructor = this.RULE('mapConstructor', () => {
    this.CONSUME(T.MapKw);
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.SUBRULE(this.expression, { LABEL: 'key' });
        this.CONSUME(T.Assign);
        this.SUBRULE1(this.expression, { LABEL: 'value' });
      },
    });
    this.CONSUME(T.RParen);
  });

  public readonly structConstructor = this.RULE('structConstructor', () => {
    this.CONSUME(T.Struct);
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.SUBRULE(this.identifier);
        this.CONSUME(T.Assign);
        this.SUBRULE(this.expression);
      },
    });
    this.CONSUME(T.RParen);
  });

  public readonly functionCall = this.RULE('functionCall', () => {
    this.SUBRULE(this.identifier);
    this.CONSUME(T.LParen);
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Star) },
        {
          ALT: () => {
            this.OPTION1(() => this.CONSUME(T.Distinct));
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.functionArgument) });
          },
        },
      ]);
    });
    this.CONSUME(T.RParen);
  });

  public readonly functionArgument = this.RULE('functionArgument', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => this.lambdaAhead(), ALT: () => this.SUBRULE(this.lambdaExpression) },
        { GATE: () => this.la(2, T.Comma, T.RParen), ALT: () => this.CONSUME(T.TimeUnitToken) },
        { ALT: () => this.SUBRULE(this.expression) },
      ],
    });
  });

  public readonly lambdaExpression = this.RULE('lambdaExpression', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.identifier, { LABEL: 'params' }) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE1(this.identifier, { LABEL: 'params' }) });
          this.CONSUME(T.RParen);
        },
      },
    ]);
    this.CONSUME(T.Lambda);
    this.SUBRULE(this.expression);
  });

  public readonly columnReference = this.RULE('columnReference', () => {
    this.SUBRULE(this.identifier);
    this.OPTION(() => {
      this.CONSUME(T.Dot);
      this.SUBRULE1(this.identifier, { LABEL: 'column' });
    });
  });

  public readonly parenthesizedExpression = this.RULE('parenthesizedExpression', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  // ---------------------------------------------------------------------------------------
  // Types, names and numbers

  public readonly type = this.RULE('type', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.ArrayKw);
            this.CONSUME(T.Lt);
            this.SUBRULE(this.type, { LABEL: 'item' });
            this.CONSUME(T.Gt);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.MapKw);
            this.CONSUME1(T.Lt);
            this.SUBRULE1(this.type, { LABEL: 'key' });
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.type, { LABEL: 'value' });
            this.CONSUME1(T.Gt);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Struct);
            this.OR1([
              { ALT: () => this.CONSUME(T.Neq) },
              {
                ALT: () => {
                  this.CONSUME2(T.Lt);
                  this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.structField) });
                  this.CONSUME2(T.Gt);
                },
              },
            ]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Decimal);
            this.CONSUME(T.LParen);
            this.CONSUME(T.IntegerValue, { LABEL: 'precision' });
            this.CONSUME1(T.Comma);
            this.CONSUME1(T.IntegerValue, { LABEL: 'scale' });
            this.CONSUME(T.RParen);
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.identifier, { LABEL: 'baseType' });
            this.OPTION(() => {
              this.CONSUME1(T.LParen);
              this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.TypeParameter) });
              this.CONSUME1(T.RParen);
            });
          },
        },
      ],
    });
  });

  public readonly structField = this.RULE('structField', () => {
    this.SUBRULE(this.identifier);
    this.SUBRULE(this.type);
  });

  public readonly sourceName = this.RULE('sourceName', () => {
    this.SUBRULE(this.identifier);
  });

  public readonly identifier = this.RULE('identifier', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.BackQuotedIdentifier) },
      { ALT: () => this.CONSUME(T.QuotedIdentifier) },
      { ALT: () => this.CONSUME(T.DigitIdentifier) },
    ]);
  });

  public readonly number = this.RULE('number', () => {
    this.OPTION(() => this.CONSUME(T.Minus));
    this.CONSUME(T.NumberLiteral);
  });
}
