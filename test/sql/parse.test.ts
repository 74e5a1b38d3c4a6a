import { describe, expect, it } from 'vitest';
import { parseStatements } from '../../src/sql/parse.js';
import { col, errorOf, int, statement } from './ast-helpers.js';

describe('parseStatements: texts', () => {
  it('splits a text into statements with their exact text and position', () => {
    const text = "CREATE STREAM s (id INT KEY) WITH (kafka_topic='t', value_format='JSON');\n  -- a comment\n  SELECT * FROM s EMIT CHANGES ;";
    const parsed = parseStatements(text);
    expect(parsed.map((p) => p.text)).toEqual([
      "CREATE STREAM s (id INT KEY) WITH (kafka_topic='t', value_format='JSON')",
      'SELECT * FROM s EMIT CHANGES',
    ]);
    expect(parsed.map((p) => p.loc)).toEqual([
      { line: 1, column: 1 },
      { line: 3, column: 3 },
    ]);
  });

  it('accepts a last statement without a semicolon and skips empty statements', () => {
    expect(parseStatements(';; SHOW STREAMS;; LIST TABLES').map((p) => p.statement.kind)).toEqual(['Show', 'Show']);
    expect(parseStatements('  /* nothing */ ')).toEqual([]);
  });

  it('gives positions of nodes inside a statement relative to the whole text', () => {
    const [, second] = parseStatements('SHOW TOPICS;\nSELECT a,\n  b FROM s;');
    const q = second!.statement;
    if (q.kind !== 'QueryStatement') throw new Error(q.kind);
    expect(q.query.select[1]!.loc).toEqual({ line: 3, column: 3 });
  });
});

describe('parseStatements: identifiers', () => {
  it('upper-cases unquoted names and keeps quoted ones exactly', () => {
    expect(statement('SELECT a, `b`, "C d", `x``y`, "q""r", s.col FROM src;')).toMatchObject({
      query: {
        select: [
          { expr: col('A') },
          { expr: col('b') },
          { expr: col('C d') },
          { expr: col('x`y') },
          { expr: col('q"r') },
          { expr: col('COL', 'S') },
        ],
        from: { kind: 'Source', name: 'SRC' },
      },
    });
  });

  it('reads keywords case-insensitively', () => {
    expect(statement('select * from s emit changes;')).toEqual(statement('SELECT * FROM s EMIT CHANGES;'));
  });

  it('accepts non-reserved keywords as column and source names', () => {
    const s = statement('SELECT key, timestamp, date, time, value, size, topic, id, type, emit FROM window_src source;');
    expect(s).toMatchObject({
      query: {
        select: ['KEY', 'TIMESTAMP', 'DATE', 'TIME', 'VALUE', 'SIZE', 'TOPIC', 'ID', 'TYPE', 'EMIT'].map((n) => ({ expr: col(n) })),
        from: { name: 'WINDOW_SRC', alias: 'SOURCE' },
      },
    });
  });

  it('does not take a clause keyword for a source alias', () => {
    expect(statement('SELECT * FROM s EMIT CHANGES;')).toMatchObject({ query: { from: { name: 'S' }, emit: 'CHANGES' } });
    expect(statement('SELECT * FROM s PARTITION BY a;')).toMatchObject({ query: { partitionBy: [col('A')] } });
    expect(statement('SELECT * FROM s emit EMIT FINAL;')).toMatchObject({ query: { from: { alias: 'EMIT' }, emit: 'FINAL' } });
  });

  it('rejects a reserved word as a name unless quoted', () => {
    expect(errorOf(() => parseStatements('SELECT * FROM select;')).code).toBe('SYNTAX');
    expect(statement('SELECT * FROM `SELECT`;')).toMatchObject({ query: { from: { name: 'SELECT' } } });
  });

  it('reads identifiers that start with digits', () => {
    expect(statement('SELECT 1col FROM s;')).toMatchObject({ query: { select: [{ expr: col('1COL') }] } });
  });
});

describe('parseStatements: CREATE', () => {
  it('reads columns, constraints and WITH properties', () => {
    const s = statement(
      "CREATE OR REPLACE STREAM IF NOT EXISTS s (id INT KEY, h ARRAY<STRUCT<key STRING, value BYTES>> HEADERS, one BYTES HEADER('k'), d DECIMAL(10, 2), m MAP<STRING, ARRAY<BIGINT>>, t ADDRESS) WITH (kafka_topic='t', partitions=3, wrap_single_value=false, 'value_format'='JSON', x=-1.5, y=null);",
    );
    expect(s).toEqual({
      kind: 'CreateSource',
      sourceType: 'STREAM',
      name: 'S',
      orReplace: true,
      ifNotExists: true,
      isSource: false,
      elements: [
        { name: 'ID', type: { kind: 'INTEGER' }, constraint: { kind: 'KEY' } },
        {
          name: 'H',
          type: {
            kind: 'ARRAY',
            item: {
              kind: 'STRUCT',
              fields: [
                { name: 'KEY', type: { kind: 'STRING' } },
                { name: 'VALUE', type: { kind: 'BYTES' } },
              ],
            },
          },
          constraint: { kind: 'HEADERS' },
        },
        { name: 'ONE', type: { kind: 'BYTES' }, constraint: { kind: 'HEADER', key: 'k' } },
        { name: 'D', type: { kind: 'DECIMAL', precision: 10, scale: 2 } },
        { name: 'M', type: { kind: 'MAP', key: { kind: 'STRING' }, value: { kind: 'ARRAY', item: { kind: 'BIGINT' } } } },
        { name: 'T', type: { kind: 'NAMED', name: 'ADDRESS' } },
      ],
      properties: { KAFKA_TOPIC: 't', PARTITIONS: 3, WRAP_SINGLE_VALUE: false, VALUE_FORMAT: 'JSON', X: -1.5, Y: null },
    });
  });

  it('reads every built-in type name, VARCHAR and INT included', () => {
    const s = statement('CREATE TABLE t (a BOOLEAN PRIMARY KEY, b INT, c INTEGER, d BIGINT, e DOUBLE, f STRING, g VARCHAR, h BYTES, i DATE, j TIME, k TIMESTAMP);');
    if (s.kind !== 'CreateSource') throw new Error(s.kind);
    expect(s.elements.map((e) => e.type.kind)).toEqual(['BOOLEAN', 'INTEGER', 'INTEGER', 'BIGINT', 'DOUBLE', 'STRING', 'STRING', 'BYTES', 'DATE', 'TIME', 'TIMESTAMP']);
    expect(s.elements[0]!.constraint).toEqual({ kind: 'PRIMARY KEY' });
  });

  it('reads CREATE SOURCE TABLE as a read-only source', () => {
    expect(statement("CREATE SOURCE TABLE t (id INT PRIMARY KEY) WITH (kafka_topic='t');")).toMatchObject({ kind: 'CreateSource', isSource: true, sourceType: 'TABLE' });
  });

  it('reads CREATE ... AS SELECT with properties', () => {
    expect(statement("CREATE TABLE agg WITH (kafka_topic='agg') AS SELECT id, COUNT(*) AS n FROM s GROUP BY id EMIT CHANGES;")).toEqual({
      kind: 'CreateAsSelect',
      sourceType: 'TABLE',
      name: 'AGG',
      orReplace: false,
      ifNotExists: false,
      properties: { KAFKA_TOPIC: 'agg' },
      query: {
        kind: 'Query',
        select: [
          { kind: 'SingleColumn', expr: col('ID') },
          { kind: 'SingleColumn', expr: { kind: 'FunctionCall', name: 'COUNT', args: [], star: true }, alias: 'N' },
        ],
        from: { kind: 'Source', name: 'S' },
        groupBy: [col('ID')],
        emit: 'CHANGES',
      },
    });
  });

  it('rejects AS SELECT on CREATE SOURCE and after a column list', () => {
    expect(errorOf(() => parseStatements("CREATE SOURCE STREAM s WITH (kafka_topic='t') AS SELECT * FROM x;")).code).toBe('SYNTAX');
    expect(errorOf(() => parseStatements('CREATE STREAM s (a INT) AS SELECT * FROM x;')).code).toBe('SYNTAX');
  });

  it("rejects KEY on a table and PRIMARY KEY on a stream with ksqlDB's message", () => {
    expect(errorOf(() => parseStatements("CREATE TABLE INPUT (ID INT KEY, NAME STRING) WITH (kafka_topic='input',value_format='JSON');")).message).toBe(
      "Line: 1, Col: 21: Column `ID` is a 'KEY' column: please use 'PRIMARY KEY' for tables.",
    );
    expect(errorOf(() => parseStatements('CREATE STREAM INPUT (ID INT PRIMARY KEY) WITH (kafka_topic=\'i\');')).message).toBe(
      "Line: 1, Col: 22: Column `ID` is a 'PRIMARY KEY' column: please use 'KEY' for streams.",
    );
  });

  it('reads CREATE TYPE and DROP TYPE', () => {
    expect(statement('CREATE TYPE IF NOT EXISTS address AS STRUCT<street STRING, `zip` INT>;')).toEqual({
      kind: 'CreateType',
      name: 'ADDRESS',
      ifNotExists: true,
      type: {
        kind: 'STRUCT',
        fields: [
          { name: 'STREET', type: { kind: 'STRING' } },
          { name: 'zip', type: { kind: 'INTEGER' } },
        ],
      },
    });
    expect(statement('DROP TYPE IF EXISTS address;')).toEqual({ kind: 'DropType', name: 'ADDRESS', ifExists: true });
  });
});

describe('parseStatements: INSERT, DROP, ALTER', () => {
  it('reads INSERT INTO ... WITH (QUERY_ID) SELECT', () => {
    expect(statement("INSERT INTO out WITH (QUERY_ID='my_query') SELECT * FROM s;")).toEqual({
      kind: 'InsertInto',
      target: 'OUT',
      properties: { QUERY_ID: 'my_query' },
      query: { kind: 'Query', select: [{ kind: 'AllColumns' }], from: { kind: 'Source', name: 'S' } },
    });
  });

  it('reads INSERT VALUES with and without a column list', () => {
    expect(statement("INSERT INTO s (id, `name`) VALUES (1, 'a');")).toEqual({
      kind: 'InsertValues',
      target: 'S',
      columns: ['ID', 'name'],
      values: [int('1'), { kind: 'StringLiteral', value: 'a' }],
    });
    expect(statement('INSERT INTO s VALUES ();')).toEqual({ kind: 'InsertValues', target: 'S', values: [] });
  });

  it('reads DROP with IF EXISTS and DELETE TOPIC', () => {
    expect(statement('DROP TABLE IF EXISTS t DELETE TOPIC;')).toEqual({ kind: 'DropSource', sourceType: 'TABLE', name: 'T', ifExists: true, deleteTopic: true });
    expect(statement('DROP STREAM s;')).toEqual({ kind: 'DropSource', sourceType: 'STREAM', name: 'S', ifExists: false, deleteTopic: false });
  });

  it('reads ALTER ... ADD [COLUMN] and ALTER SYSTEM', () => {
    expect(statement('ALTER STREAM s ADD COLUMN a INT, ADD b ARRAY<STRING>;')).toEqual({
      kind: 'AlterSource',
      sourceType: 'STREAM',
      name: 'S',
      addColumns: [
        { name: 'A', type: { kind: 'INTEGER' } },
        { name: 'B', type: { kind: 'ARRAY', item: { kind: 'STRING' } } },
      ],
    });
    expect(statement("ALTER SYSTEM 'ksql.x'='y';")).toEqual({ kind: 'AlterSystem', name: 'ksql.x', value: 'y' });
  });
});

describe('parseStatements: administration', () => {
  it('reads SHOW and LIST of every kind', () => {
    const kinds = ['STREAMS', 'TABLES', 'QUERIES', 'TOPICS', 'FUNCTIONS', 'TYPES', 'PROPERTIES', 'VARIABLES', 'CONNECTORS'];
    for (const what of kinds) {
      expect(statement(`SHOW ${what};`)).toEqual({ kind: 'Show', what, extended: false, all: false });
      expect(statement(`list ${what.toLowerCase()};`)).toEqual({ kind: 'Show', what, extended: false, all: false });
    }
    expect(statement('SHOW ALL TOPICS EXTENDED;')).toEqual({ kind: 'Show', what: 'TOPICS', extended: true, all: true });
    expect(statement('SHOW QUERIES EXTENDED;')).toEqual({ kind: 'Show', what: 'QUERIES', extended: true, all: false });
  });

  it('reads DESCRIBE of a source, of all sources and of a function', () => {
    expect(statement('DESCRIBE s EXTENDED;')).toEqual({ kind: 'Describe', name: 'S', extended: true });
    expect(statement('DESCRIBE STREAMS EXTENDED;')).toEqual({ kind: 'DescribeSources', what: 'STREAMS', extended: true });
    expect(statement('DESCRIBE TABLES;')).toEqual({ kind: 'DescribeSources', what: 'TABLES', extended: false });
    expect(statement('DESCRIBE FUNCTION substring;')).toEqual({ kind: 'DescribeFunction', name: 'SUBSTRING' });
    expect(statement('DESCRIBE function;')).toEqual({ kind: 'Describe', name: 'FUNCTION', extended: false });
  });

  it('reads EXPLAIN of a query id and of a statement', () => {
    expect(statement('EXPLAIN CSAS_OUT_0;')).toEqual({ kind: 'Explain', queryId: 'CSAS_OUT_0' });
    expect(statement('EXPLAIN SELECT * FROM s;')).toMatchObject({ kind: 'Explain', statement: { kind: 'QueryStatement' } });
  });

  it('reads TERMINATE, PAUSE and RESUME of one query or ALL', () => {
    expect(statement('TERMINATE ctas_t_1;')).toEqual({ kind: 'Terminate', queryId: 'CTAS_T_1' });
    expect(statement('TERMINATE ALL;')).toEqual({ kind: 'Terminate' });
    expect(statement('PAUSE q;')).toEqual({ kind: 'Pause', queryId: 'Q' });
    expect(statement('RESUME ALL;')).toEqual({ kind: 'Resume' });
  });

  it('reads PRINT with the topic name as written', () => {
    expect(statement('PRINT my_topic FROM BEGINNING INTERVAL 2 LIMIT 10;')).toEqual({ kind: 'Print', topic: 'my_topic', fromBeginning: true, interval: 2, limit: 10 });
    expect(statement("PRINT 'my-topic';")).toEqual({ kind: 'Print', topic: 'my-topic', fromBeginning: false });
  });

  it('reads SET, UNSET, DEFINE, UNDEFINE and RUN SCRIPT', () => {
    expect(statement("SET 'auto.offset.reset'='earliest';")).toEqual({ kind: 'SetProperty', name: 'auto.offset.reset', value: 'earliest' });
    expect(statement("UNSET 'auto.offset.reset';")).toEqual({ kind: 'UnsetProperty', name: 'auto.offset.reset' });
    expect(statement("DEFINE topicName = 'it''s';")).toEqual({ kind: 'DefineVariable', name: 'topicName', value: "it's" });
    expect(statement('UNDEFINE topicName;')).toEqual({ kind: 'UndefineVariable', name: 'topicName' });
    expect(statement("RUN SCRIPT '/tmp/x.sql';")).toEqual({ kind: 'RunScript', path: '/tmp/x.sql' });
  });

  it('reads ASSERT TOPIC and ASSERT SCHEMA', () => {
    expect(statement('ASSERT NOT EXISTS TOPIC orders WITH (partitions=3) TIMEOUT 10 SECONDS;')).toEqual({
      kind: 'AssertTopic',
      topic: 'orders',
      exists: false,
      properties: { PARTITIONS: 3 },
      timeout: { value: 10, unit: 'SECONDS' },
    });
    expect(statement("ASSERT SCHEMA SUBJECT 'orders-value' ID 42;")).toEqual({ kind: 'AssertSchema', subject: 'orders-value', id: 42, exists: true });
    expect(errorOf(() => parseStatements('ASSERT SCHEMA TIMEOUT 1 SECOND;')).message).toContain('subject name or an id');
  });
});
