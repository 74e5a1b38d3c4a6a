// The grammar of ksqlDB's dialect as one chevrotain CstParser, one rule per production, built once
// and reused for every statement. This file holds the statements; queries and expressions are in
// query-rules.ts and expression-rules.ts, which this parser extends.

import { EOF } from './chevrotain.js';
import { QueryRules } from './query-rules.js';
import * as T from './tokens.js';

class KsqlParser extends QueryRules {
  /**
   * @param validate check the grammar for ambiguities and mistakes (slow: done by a test, not at
   * start-up). Two tokens of lookahead plus gates keep the lookahead tables small.
   */
  constructor(validate: boolean) {
    super({ maxLookahead: 2, skipValidations: !validate, nodeLocationTracking: 'full' });
    this.performSelfAnalysis();
  }

  // ---------------------------------------------------------------------------------------
  // Statements

  public readonly statements = this.RULE('statements', () => {
    this.MANY(() => this.SUBRULE(this.singleStatement));
  });

  public readonly singleStatement = this.RULE('singleStatement', () => {
    this.SUBRULE(this.statement);
    this.OPTION(() => this.CONSUME(T.Semicolon));
  });

  public readonly singleExpression = this.RULE('singleExpression', () => {
    this.SUBRULE(this.expression);
  });

  public readonly statement = this.RULE('statement', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.query) },
        { ALT: () => this.SUBRULE(this.createTypeStatement) },
        { ALT: () => this.SUBRULE(this.createSourceStatement) },
        { ALT: () => this.SUBRULE(this.insertStatement) },
        { ALT: () => this.SUBRULE(this.dropTypeStatement) },
        { ALT: () => this.SUBRULE(this.dropSourceStatement) },
        { ALT: () => this.SUBRULE(this.alterSystemStatement) },
        { ALT: () => this.SUBRULE(this.alterSourceStatement) },
        { ALT: () => this.SUBRULE(this.listStatement) },
        { ALT: () => this.SUBRULE(this.describeStatement) },
        { ALT: () => this.SUBRULE(this.explainStatement) },
        { ALT: () => this.SUBRULE(this.queryControlStatement) },
        { ALT: () => this.SUBRULE(this.printStatement) },
        { ALT: () => this.SUBRULE(this.setStatement) },
        { ALT: () => this.SUBRULE(this.unsetStatement) },
        { ALT: () => this.SUBRULE(this.defineStatement) },
        { ALT: () => this.SUBRULE(this.undefineStatement) },
        { ALT: () => this.SUBRULE(this.runScriptStatement) },
        { ALT: () => this.SUBRULE(this.assertStatement) },
      ],
    });
  });

  public readonly createTypeStatement = this.RULE('createTypeStatement', () => {
    this.CONSUME(T.Create);
    this.CONSUME(T.Type);
    this.SUBRULE(this.ifNotExists);
    this.SUBRULE(this.identifier);
    this.CONSUME(T.As);
    this.SUBRULE(this.type);
  });

  public readonly createSourceStatement = this.RULE('createSourceStatement', () => {
    this.CONSUME(T.Create);
    this.OPTION(() => {
      this.CONSUME(T.Or);
      this.CONSUME(T.Replace);
    });
    // CREATE SOURCE declares a read-only source: it has no AS SELECT form.
    const source = this.OPTION1(() => this.CONSUME(T.Source));
    this.OR([{ ALT: () => this.CONSUME(T.Stream) }, { ALT: () => this.CONSUME(T.Table) }]);
    this.SUBRULE(this.ifNotExists);
    this.SUBRULE(this.sourceName);
    this.OPTION2(() => {
      this.OR1([
        {
          ALT: () => {
            this.SUBRULE(this.tableElements);
            this.OPTION3(() => {
              this.CONSUME(T.With);
              this.SUBRULE(this.tableProperties);
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME1(T.With);
            this.SUBRULE1(this.tableProperties);
            this.OPTION4({
              GATE: () => source === undefined,
              DEF: () => {
                this.CONSUME(T.As);
                this.SUBRULE(this.query);
              },
            });
          },
        },
        {
          GATE: () => source === undefined,
          ALT: () => {
            this.CONSUME1(T.As);
            this.SUBRULE1(this.query);
          },
        },
      ]);
    });
  });

  public readonly ifNotExists = this.RULE('ifNotExists', () => {
    this.OPTION(() => {
      this.CONSUME(T.If);
      this.CONSUME(T.Not);
      this.CONSUME(T.Exists);
    });
  });

  public readonly ifExists = this.RULE('ifExists', () => {
    this.OPTION(() => {
      this.CONSUME(T.If);
      this.CONSUME(T.Exists);
    });
  });

  public readonly tableElements = this.RULE('tableElements', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.tableElement) });
    this.CONSUME(T.RParen);
  });

  public readonly tableElement = this.RULE('tableElement', () => {
    this.SUBRULE(this.identifier);
    this.SUBRULE(this.type);
    this.OPTION(() => this.SUBRULE(this.columnConstraint));
  });

  public readonly columnConstraint = this.RULE('columnConstraint', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Primary);
          this.CONSUME(T.Key);
        },
      },
      { ALT: () => this.CONSUME1(T.Key) },
      { ALT: () => this.CONSUME(T.Headers) },
      {
        ALT: () => {
          this.CONSUME(T.Header);
          this.CONSUME(T.LParen);
          this.CONSUME(T.StringLiteral);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  public readonly tableProperties = this.RULE('tableProperties', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.tableProperty) });
    this.CONSUME(T.RParen);
  });

  public readonly tableProperty = this.RULE('tableProperty', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.identifier) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
    this.CONSUME(T.Eq);
    this.SUBRULE(this.propertyValue);
  });

  public readonly propertyValue = this.RULE('propertyValue', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.SUBRULE(this.number) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Null) },
    ]);
  });

  public readonly insertStatement = this.RULE('insertStatement', () => {
    this.CONSUME(T.Insert);
    this.CONSUME(T.Into);
    this.SUBRULE(this.sourceName);
    this.OR([
      {
        ALT: () => {
          this.OPTION(() => {
            this.CONSUME(T.With);
            this.SUBRULE(this.tableProperties);
          });
          this.SUBRULE(this.query);
        },
      },
      {
        ALT: () => {
          this.OPTION1(() => this.SUBRULE(this.columnList));
          this.CONSUME(T.Values);
          this.SUBRULE(this.valuesList);
        },
      },
    ]);
  });

  public readonly columnList = this.RULE('columnList', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.identifier) });
    this.CONSUME(T.RParen);
  });

  public readonly valuesList = this.RULE('valuesList', () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RParen);
  });

  public readonly dropTypeStatement = this.RULE('dropTypeStatement', () => {
    this.CONSUME(T.Drop);
    this.CONSUME(T.Type);
    this.SUBRULE(this.ifExists);
    this.SUBRULE(this.identifier);
  });

  public readonly dropSourceStatement = this.RULE('dropSourceStatement', () => {
    this.CONSUME(T.Drop);
    this.OR([{ ALT: () => this.CONSUME(T.Stream) }, { ALT: () => this.CONSUME(T.Table) }]);
    this.SUBRULE(this.ifExists);
    this.SUBRULE(this.sourceName);
    this.OPTION(() => {
      this.CONSUME(T.Delete);
      this.CONSUME(T.Topic);
    });
  });

  public readonly alterSystemStatement = this.RULE('alterSystemStatement', () => {
    this.CONSUME(T.Alter);
    this.CONSUME(T.System);
    this.CONSUME(T.StringLiteral, { LABEL: 'name' });
    this.CONSUME(T.Eq);
    this.CONSUME1(T.StringLiteral, { LABEL: 'value' });
  });

  public readonly alterSourceStatement = this.RULE('alterSourceStatement', () => {
    this.CONSUME(T.Alter);
    this.OR([{ ALT: () => this.CONSUME(T.Stream) }, { ALT: () => this.CONSUME(T.Table) }]);
    this.SUBRULE(this.sourceName);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.alterOption) });
  });

  public readonly alterOption = this.RULE('alterOption', () => {
    this.CONSUME(T.Add);
    this.OPTION(() => this.CONSUME(T.Column));
    this.SUBRULE(this.identifier);
    this.SUBRULE(this.type);
  });

  public readonly listStatement = this.RULE('listStatement', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Show) }, { ALT: () => this.CONSUME(T.List) }]);
    this.OR1([
      { ALT: () => this.CONSUME(T.Properties) },
      {
        ALT: () => {
          this.OPTION(() => this.CONSUME(T.All));
          this.CONSUME(T.Topics, { LABEL: 'what' });
          this.OPTION1(() => this.CONSUME(T.Extended));
        },
      },
      {
        ALT: () => {
          this.OR2([
            { ALT: () => this.CONSUME(T.Streams, { LABEL: 'what' }) },
            { ALT: () => this.CONSUME(T.Tables, { LABEL: 'what' }) },
            { ALT: () => this.CONSUME(T.Queries, { LABEL: 'what' }) },
          ]);
          this.OPTION2(() => this.CONSUME1(T.Extended));
        },
      },
      { ALT: () => this.CONSUME(T.Functions, { LABEL: 'what' }) },
      { ALT: () => this.CONSUME(T.Connectors, { LABEL: 'what' }) },
      { ALT: () => this.CONSUME(T.Types, { LABEL: 'what' }) },
      { ALT: () => this.CONSUME(T.Variables, { LABEL: 'what' }) },
    ]);
  });

  public readonly describeStatement = this.RULE('describeStatement', () => {
    this.CONSUME(T.Describe);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.OR1([{ ALT: () => this.CONSUME(T.Streams) }, { ALT: () => this.CONSUME(T.Tables) }]);
            this.OPTION(() => this.CONSUME(T.Extended));
          },
        },
        {
          GATE: () => this.laIdentifier(2),
          ALT: () => {
            this.CONSUME(T.FunctionKw);
            this.SUBRULE(this.identifier);
          },
        },
        {
          ALT: () => {
            this.SUBRULE(this.sourceName);
            this.OPTION1(() => this.CONSUME1(T.Extended));
          },
        },
      ],
    });
  });

  public readonly explainStatement = this.RULE('explainStatement', () => {
    this.CONSUME(T.Explain);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { GATE: () => !this.la(2, T.Semicolon, EOF), ALT: () => this.SUBRULE(this.statement) },
        { ALT: () => this.SUBRULE(this.identifier) },
      ],
    });
  });

  public readonly queryControlStatement = this.RULE('queryControlStatement', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Terminate, { LABEL: 'action' }) },
      { ALT: () => this.CONSUME(T.Pause, { LABEL: 'action' }) },
      { ALT: () => this.CONSUME(T.Resume, { LABEL: 'action' }) },
    ]);
    this.OR1([{ ALT: () => this.CONSUME(T.All) }, { ALT: () => this.SUBRULE(this.identifier) }]);
  });

  public readonly printStatement = this.RULE('printStatement', () => {
    this.CONSUME(T.Print);
    this.OR([{ ALT: () => this.SUBRULE(this.identifier) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
    this.OPTION(() => {
      this.CONSUME(T.From);
      this.CONSUME(T.Beginning);
    });
    this.OPTION1(() => {
      this.OR1([{ ALT: () => this.CONSUME(T.Interval) }, { ALT: () => this.CONSUME(T.Sample) }]);
      this.SUBRULE(this.number, { LABEL: 'interval' });
    });
    this.OPTION2(() => {
      this.CONSUME(T.Limit);
      this.SUBRULE1(this.number, { LABEL: 'limit' });
    });
  });

  public readonly setStatement = this.RULE('setStatement', () => {
    this.CONSUME(T.SetKw);
    this.CONSUME(T.StringLiteral, { LABEL: 'name' });
    this.CONSUME(T.Eq);
    this.CONSUME1(T.StringLiteral, { LABEL: 'value' });
  });

  public readonly unsetStatement = this.RULE('unsetStatement', () => {
    this.CONSUME(T.Unset);
    this.CONSUME(T.StringLiteral);
  });

  public readonly defineStatement = this.RULE('defineStatement', () => {
    this.CONSUME(T.Define);
    this.SUBRULE(this.identifier);
    this.CONSUME(T.Eq);
    this.CONSUME(T.StringLiteral);
  });

  public readonly undefineStatement = this.RULE('undefineStatement', () => {
    this.CONSUME(T.Undefine);
    this.SUBRULE(this.identifier);
  });

  public readonly runScriptStatement = this.RULE('runScriptStatement', () => {
    this.CONSUME(T.Run);
    this.CONSUME(T.Script);
    this.CONSUME(T.StringLiteral);
  });

  public readonly assertStatement = this.RULE('assertStatement', () => {
    this.CONSUME(T.Assert);
    this.OPTION(() => {
      this.CONSUME(T.Not);
      this.CONSUME(T.Exists);
    });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Topic);
          this.SUBRULE(this.nameOrString, { LABEL: 'topic' });
          this.OPTION1(() => {
            this.CONSUME(T.With);
            this.SUBRULE(this.tableProperties);
          });
          this.OPTION2(() => this.SUBRULE(this.timeout));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Schema);
          this.OPTION3(() => {
            this.CONSUME(T.Subject);
            this.SUBRULE1(this.nameOrString, { LABEL: 'subject' });
          });
          this.OPTION4(() => {
            this.CONSUME(T.Id);
            this.SUBRULE(this.number);
          });
          this.OPTION5(() => this.SUBRULE1(this.timeout));
        },
      },
    ]);
  });

  public readonly nameOrString = this.RULE('nameOrString', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.identifier) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
  });

  public readonly timeout = this.RULE('timeout', () => {
    this.CONSUME(T.Timeout);
    this.SUBRULE(this.duration);
  });
}

/** A new parser; `validate` checks the grammar (for tests and tools). */
export function createParser(validate: boolean): KsqlParser {
  return new KsqlParser(validate);
}

/** The one parser instance: building a chevrotain parser is costly, parsing with it is cheap. */
export const parser = new KsqlParser(false);
export type { KsqlParser };
