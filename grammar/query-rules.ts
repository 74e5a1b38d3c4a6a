// The query half of the grammar: SELECT with its select items, FROM relations and joins,
// windows, and the clauses that follow (WHERE, GROUP BY, PARTITION BY, HAVING, ORDER BY, EMIT,
// LIMIT, OFFSET).

import type { IParserConfig } from 'chevrotain';
import { ExpressionRules } from './expression-rules.js';
import * as T from './tokens.js';

export class QueryRules extends ExpressionRules {
  constructor(config: IParserConfig) {
    super(config);
  }

  /** An alias without AS must not swallow the clause keywords that are not reserved. */
  protected canStartAlias(): boolean {
    if (this.la(1, T.As)) return true;
    if (!this.laIdentifier(1)) return false;
    if (this.la(1, T.Emit) && this.la(2, T.Changes, T.Final)) return false;
    if (this.la(1, T.Partition, T.Order) && this.la(2, T.By)) return false;
    if (this.la(1, T.Offset) && this.la(2, T.NumberLiteral)) return false;
    return true;
  }

  // ---------------------------------------------------------------------------------------
  // Queries

  public readonly query = this.RULE('query', () => {
    this.CONSUME(T.Select);
    this.OPTION(() => this.CONSUME(T.Distinct));
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.selectItem) });
    this.CONSUME(T.From);
    this.SUBRULE(this.relation);
    this.OPTION1(() => {
      this.CONSUME(T.Window);
      this.SUBRULE(this.windowExpression);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Where);
      this.SUBRULE(this.expression, { LABEL: 'where' });
    });
    this.OPTION3(() => {
      this.CONSUME(T.Group);
      this.CONSUME(T.By);
      this.SUBRULE(this.groupBy);
    });
    this.OPTION4(() => {
      this.CONSUME(T.Partition);
      this.CONSUME1(T.By);
      this.SUBRULE(this.partitionBy);
    });
    this.OPTION5(() => {
      this.CONSUME(T.Having);
      this.SUBRULE1(this.expression, { LABEL: 'having' });
    });
    this.OPTION6(() => {
      this.CONSUME(T.Order);
      this.CONSUME2(T.By);
      this.AT_LEAST_ONE_SEP1({ SEP: T.Comma, DEF: () => this.SUBRULE(this.orderByItem) });
    });
    this.OPTION7(() => {
      this.CONSUME(T.Emit);
      this.OR([{ ALT: () => this.CONSUME(T.Changes) }, { ALT: () => this.CONSUME(T.Final) }]);
    });
    this.OPTION8(() => {
      this.CONSUME(T.Limit);
      this.SUBRULE(this.number, { LABEL: 'limit' });
    });
    this.OPTION9(() => {
      this.CONSUME(T.Offset);
      this.SUBRULE1(this.number, { LABEL: 'offset' });
    });
  });

  public readonly selectItem = this.RULE('selectItem', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(T.Star) },
        {
          GATE: () => this.laIdentifier(1) && this.la(2, T.Dot) && this.la(3, T.Star),
          ALT: () => {
            this.SUBRULE(this.identifier, { LABEL: 'source' });
            this.CONSUME(T.Dot);
            this.CONSUME1(T.Star);
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.expression);
            this.OR1([
              {
                ALT: () => {
                  this.CONSUME(T.Arrow);
                  this.CONSUME2(T.Star);
                },
              },
              {
                ALT: () => {
                  this.OPTION(() => {
                    this.OPTION1(() => this.CONSUME(T.As));
                    this.SUBRULE1(this.identifier, { LABEL: 'alias' });
                  });
                },
              },
            ]);
          },
        },
      ],
    });
  });

  public readonly relation = this.RULE('relation', () => {
    this.SUBRULE(this.aliasedRelation);
    this.MANY(() => this.SUBRULE(this.joinedSource));
  });

  public readonly aliasedRelation = this.RULE('aliasedRelation', () => {
    this.SUBRULE(this.sourceName);
    this.OPTION({
      GATE: () => this.canStartAlias(),
      DEF: () => {
        this.OPTION1(() => this.CONSUME(T.As));
        this.SUBRULE1(this.sourceName, { LABEL: 'alias' });
      },
    });
  });

  public readonly joinedSource = this.RULE('joinedSource', () => {
    this.SUBRULE(this.joinType);
    this.CONSUME(T.Join);
    this.SUBRULE(this.aliasedRelation);
    this.OPTION(() => this.SUBRULE(this.joinWindow));
    this.CONSUME(T.On);
    this.SUBRULE(this.expression);
  });

  public readonly joinType = this.RULE('joinType', () => {
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(T.Inner) },
        {
          ALT: () => {
            this.OR1([
              { ALT: () => this.CONSUME(T.Left) },
              { ALT: () => this.CONSUME(T.Right) },
              { ALT: () => this.CONSUME(T.Full) },
            ]);
            this.OPTION1(() => this.CONSUME(T.Outer));
          },
        },
      ]);
    });
  });

  public readonly joinWindow = this.RULE('joinWindow', () => {
    this.CONSUME(T.Within);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.duration, { LABEL: 'before' });
          this.CONSUME(T.Comma);
          this.SUBRULE1(this.duration, { LABEL: 'after' });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE2(this.duration, { LABEL: 'size' }) },
    ]);
    this.OPTION(() => this.SUBRULE(this.gracePeriod));
  });

  public readonly windowExpression = this.RULE('windowExpression', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Tumbling);
          this.CONSUME(T.LParen);
          this.CONSUME(T.Size);
          this.SUBRULE(this.duration, { LABEL: 'size' });
          this.SUBRULE(this.windowOptions);
          this.CONSUME(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Hopping);
          this.CONSUME1(T.LParen);
          this.CONSUME1(T.Size);
          this.SUBRULE1(this.duration, { LABEL: 'size' });
          this.CONSUME(T.Comma);
          this.CONSUME(T.Advance);
          this.CONSUME(T.By);
          this.SUBRULE2(this.duration, { LABEL: 'advance' });
          this.SUBRULE1(this.windowOptions);
          this.CONSUME1(T.RParen);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Session);
          this.CONSUME2(T.LParen);
          this.SUBRULE3(this.duration, { LABEL: 'gap' });
          this.SUBRULE2(this.windowOptions);
          this.CONSUME2(T.RParen);
        },
      },
    ]);
  });

  /** `, RETENTION n unit` and `, GRACE PERIOD n unit`, in that order. */
  public readonly windowOptions = this.RULE('windowOptions', () => {
    this.OPTION(() => {
      this.CONSUME(T.Comma);
      this.CONSUME(T.Retention);
      this.SUBRULE(this.duration, { LABEL: 'retention' });
    });
    this.OPTION1(() => {
      this.CONSUME1(T.Comma);
      this.SUBRULE(this.gracePeriod);
    });
  });

  public readonly gracePeriod = this.RULE('gracePeriod', () => {
    this.CONSUME(T.Grace);
    this.CONSUME(T.Period);
    this.SUBRULE(this.duration);
  });

  public readonly duration = this.RULE('duration', () => {
    this.SUBRULE(this.number);
    this.CONSUME(T.TimeUnitToken);
  });

  /** `GROUP BY a, b` or `GROUP BY (a, b)`; a lone `(a)` is a parenthesized expression. */
  public readonly groupBy = this.RULE('groupBy', () => {
    this.SUBRULE(this.expressionList);
  });

  public readonly partitionBy = this.RULE('partitionBy', () => {
    this.SUBRULE(this.expressionList);
  });

  public readonly expressionList = this.RULE('expressionList', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.parenthesizedListAhead(),
          ALT: () => {
            this.CONSUME(T.LParen);
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.valueExpression) });
            this.CONSUME(T.RParen);
          },
        },
        { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE1(this.valueExpression) }) },
      ],
    });
  });

  public readonly orderByItem = this.RULE('orderByItem', () => {
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Asc) }, { ALT: () => this.CONSUME(T.Desc) }]);
    });
  });
}
