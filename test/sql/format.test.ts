import { describe, expect, it } from 'vitest';
import { formatExpression, formatStatement, formatType } from '../../src/sql/format.js';
import { parseExpression, parseStatements } from '../../src/sql/parse.js';
import { expr, statement } from './ast-helpers.js';

describe('formatExpression, in ksqlDB style', () => {
  it('parenthesizes operations and writes literals like ksqlDB', () => {
    expect(formatExpression(parseExpression("a = 1 AND b <> 'x' OR NOT c IS NULL"))).toBe("(((A = 1) AND (B <> 'x')) OR (NOT (C IS NULL)))");
    expect(formatExpression(parseExpression('null * true'))).toBe('(null * true)');
    expect(formatExpression(parseExpression('CAST(l.foreign_key AS STRING)'))).toBe('CAST(L.FOREIGN_KEY AS STRING)');
  });

  it('quotes names that would not read back the same', () => {
    expect(formatExpression(parseExpression('`lower` + `SELECT` + `with space` + `a``b` + ok_1'))).toBe('((((`lower` + `SELECT`) + `with space`) + `a``b`) + OK_1)');
    expect(formatExpression(parseExpression('f(`SECONDS`)'))).toBe('F(`SECONDS`)');
  });

  it('keeps a space between two minus signs', () => {
    expect(formatExpression(parseExpression('- -1'))).toBe('- -1');
    expect(formatExpression(parseExpression('-(a + 1)'))).toBe('-(A + 1)');
  });

  it('writes lambdas, constructors and struct types', () => {
    expect(formatExpression(parseExpression('TRANSFORM(m, (k, v) => v * 2, x => MAP(x := ARRAY[STRUCT(f := 1)]))'))).toBe(
      'TRANSFORM(M, (K, V) => (V * 2), (X) => MAP(X:=ARRAY[STRUCT(F:=1)]))',
    );
    expect(formatType({ kind: 'STRUCT', fields: [{ name: 'a', type: { kind: 'ARRAY', item: { kind: 'DECIMAL', precision: 4, scale: 2 } } }] })).toBe(
      'STRUCT<`a` ARRAY<DECIMAL(4, 2)>>',
    );
  });
});

describe('formatStatement', () => {
  it('writes a query one clause per line', () => {
    expect(formatStatement(statement("CREATE STREAM out WITH (kafka_topic='o') AS SELECT a, b AS c FROM s x WHERE a > 1 EMIT CHANGES;"))).toBe(
      "CREATE STREAM OUT WITH (KAFKA_TOPIC='o') AS SELECT A, B AS C\nFROM S X\nWHERE (A > 1)\nEMIT CHANGES",
    );
  });

  const samples = [
    "CREATE OR REPLACE SOURCE TABLE IF NOT EXISTS t (id INT PRIMARY KEY, h BYTES HEADER('k'), hs ARRAY<STRUCT<key STRING, value BYTES>> HEADERS, d DECIMAL(10, 2), c my_type) WITH (kafka_topic='t', partitions=2, x=-1.5, y=null, z=true);",
    "CREATE TABLE agg WITH (kafka_topic='agg') AS SELECT id, COUNT(*) AS n, COLLECT_LIST(DISTINCT v) FROM s WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 10 SECONDS, RETENTION 1 DAY, GRACE PERIOD 0 SECONDS) WHERE v IS NOT NULL GROUP BY id HAVING COUNT(*) > 1 EMIT FINAL;",
    'SELECT * FROM a INNER JOIN b WITHIN 1 HOUR ON a.id = b.id LEFT JOIN c WITHIN (1 SECOND, 2 SECONDS) GRACE PERIOD 3 SECONDS ON a.id = c.id FULL OUTER JOIN d ON a.id = d.id EMIT CHANGES LIMIT 3;',
    "SELECT s.*, st->*, a[1], m['k']->f, CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END, CASE a WHEN 1 THEN 'x' END FROM s WINDOW SESSION (5 MINUTES) GROUP BY (a, b) PARTITION BY c;",
    "SELECT a NOT BETWEEN 1 AND 2, b IN (1, 2), c NOT LIKE 'x%' ESCAPE '\\', d IS DISTINCT FROM e, DATE '2020-01-01', -5, 1.5, 1e10 FROM s WINDOW TUMBLING (SIZE 1 SECOND) ORDER BY a DESC LIMIT 1 OFFSET 2;",
    "INSERT INTO out WITH (QUERY_ID='q1') SELECT * FROM s PARTITION BY ();",
    "INSERT INTO s (a, `b`) VALUES (1, 'x', ARRAY[1], MAP('k' := 2), STRUCT(f := 3));",
    'DROP STREAM IF EXISTS s DELETE TOPIC; DROP TABLE t; DROP TYPE IF EXISTS ty; CREATE TYPE ty AS STRUCT<`a` INT>;',
    'ALTER TABLE t ADD COLUMN a INT, ADD b STRING;',
    "SHOW ALL TOPICS EXTENDED; LIST STREAMS; SHOW QUERIES EXTENDED; SHOW PROPERTIES; DESCRIBE s EXTENDED; DESCRIBE TABLES; DESCRIBE FUNCTION f; EXPLAIN q1; EXPLAIN SELECT * FROM s;",
    "TERMINATE ALL; PAUSE q; RESUME q; PRINT 'Topic-1' FROM BEGINNING INTERVAL 2 LIMIT 3; SET 'a'='b'; UNSET 'a'; ALTER SYSTEM 'a'='b';",
    "DEFINE myVar = 'it''s'; UNDEFINE myVar; RUN SCRIPT 'x.sql'; ASSERT NOT EXISTS TOPIC 't' WITH (partitions=1) TIMEOUT 3 SECONDS; ASSERT SCHEMA SUBJECT 's' ID 3 TIMEOUT 1 MINUTE;",
  ];

  it('formats statements that parse back to the same AST', () => {
    for (const text of samples) {
      for (const parsed of parseStatements(text)) {
        const formatted = formatStatement(parsed.statement);
        const again = parseStatements(formatted);
        expect(again.length, formatted).toBe(1);
        expect(statement(formatted), formatted).toEqual(statement(parsed.text));
      }
    }
  });

  it('formats expressions that parse back to the same AST', () => {
    for (const text of ['a OR b AND NOT c', '-a * (b + c) % d', 'f(x, SECONDS, (a, b) => a)', 'x->y[1]']) {
      expect(expr(formatExpression(parseExpression(text)))).toEqual(expr(text));
    }
  });
});
