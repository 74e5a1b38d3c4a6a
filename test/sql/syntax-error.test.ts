import { describe, expect, it } from 'vitest';
import { KsqlError } from '../../src/errors.js';
import { parseExpression, parseStatements, unsupportedStatement } from '../../src/sql/parse.js';
import { errorOf } from './ast-helpers.js';

function syntaxMessage(sql: string): string {
  const e = errorOf(() => parseStatements(sql));
  expect(e).toBeInstanceOf(KsqlError);
  expect(e.code).toBe('SYNTAX');
  return e.message;
}

describe('syntax errors, worded like ksqlDB', () => {
  it('names the position and the expected tokens, then the statement', () => {
    const sql = "CREATE STREAM INPUT (K STRING (KEY)) WITH (kafka_topic='input',value_format='JSON');";
    expect(syntaxMessage(sql)).toBe(`line 1:32: Syntax Error\nExpecting {'STRING', INTEGER_VALUE}\nStatement: ${sql}`);
    const sql2 = "CREATE STREAM INPUT (K VARCHAR(STRING) (KEY)) WITH (kafka_topic='input',value_format='JSON');";
    expect(syntaxMessage(sql2)).toBe(`line 1:40: Syntax Error\nExpecting {',', ')'}\nStatement: ${sql2}`);
  });

  it('says "Syntax error at or near" where no alternative fits', () => {
    expect(syntaxMessage('ASSERT VALUES foo (id INT) VALUES (123);')).toContain("Syntax error at or near 'VALUES' at line 1:8");
    expect(syntaxMessage("CREATE STREAM T (ID STRING KEY) WITH (kafka_topic='t');\nCREATE STREAM OUTPUT AS SELECT ID, cast(f0 as NULL) FROM TEST;")).toContain(
      "Syntax error at or near 'NULL' at line 2:47",
    );
  });

  it('reports a missing token the way ANTLR recovers from it', () => {
    const text = "CREATE STREAM TEST (ID INT KEY) WITH (kafka_topic='t');\nCREATE TABLE OUTPUT AS SELECT f1, f2, COUNT(*) FROM TEST GROUP BY f3, (f2, f1);";
    expect(syntaxMessage(text)).toMatch(/^line 2:74: Syntax Error\nmissing '\)' at ','/);
  });

  it('reports an extra token before the end of a statement', () => {
    expect(syntaxMessage('SELECT * FROM s foo bar;')).toMatch(/^line 1:21: Syntax Error\nextraneous input 'bar' expecting ';'/);
  });

  it('rejects GROUP BY and PARTITION BY on boolean expressions, as ksqlDB does', () => {
    expect(syntaxMessage('CREATE TABLE OUTPUT AS SELECT COUNT(*) FROM TEST GROUP BY DATA AND ID;')).toMatch(/^line 1:64: Syntax Error/);
    expect(syntaxMessage('CREATE STREAM OUTPUT AS select * from INPUT partition by NAME AND AGE;')).toContain('Syntax Error');
  });

  it('rejects a table function in FROM and NULL as a type', () => {
    expect(syntaxMessage('CREATE STREAM OUTPUT AS SELECT * FROM EXPLODE(MY_ARR);')).toContain('Syntax Error');
    expect(syntaxMessage("CREATE STREAM INPUT (ROWKEY INT KEY, COL0 ARRAY<NULL>) WITH (kafka_topic='t', value_format='JSON');")).toContain('Syntax Error');
  });

  it('points at the word that is not a number in LIMIT', () => {
    expect(syntaxMessage('SELECT * FROM riderLocations LIMIT heh;')).toMatch(/^line 1:36: Syntax Error\n/);
  });

  it('reports the end of input as <EOF> just after the last token', () => {
    const e = errorOf(() => parseStatements('SELECT * FROM'));
    expect(e.message).toBe("line 1:14: Syntax Error\nSyntax error at or near '<EOF>' at line 1:14\nStatement: SELECT * FROM");
    expect(e.loc).toEqual({ line: 1, column: 14 });
  });

  it('reports characters that start no token', () => {
    expect(syntaxMessage('SHOW STREAMS;\nSELECT # FROM s;')).toBe("line 2:8: Syntax Error\ntoken recognition error at: '#'\nStatement: SELECT # FROM s;");
  });

  it('reports errors in a lone expression', () => {
    expect(errorOf(() => parseExpression('a +')).message).toMatch(/^line 1:4: Syntax Error\n/);
    expect(errorOf(() => parseExpression('a b')).message).toContain("extraneous input 'b' expecting <EOF>");
  });

  it('builds the error ksqlDB gives for statements a context does not run', () => {
    const [parsed] = parseStatements("RUN SCRIPT 'foo';");
    expect(unsupportedStatement(parsed!).message).toBe("line 1:1: Syntax Error\nUnknown statement 'RUN'\nStatement: RUN SCRIPT 'foo'");
  });
});
