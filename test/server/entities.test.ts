import { describe, expect, test } from 'vitest';
import { compileRowEncoder, fieldInfos, formatColumns, queryStreamHeader, toEntity } from '../../src/server/entities.js';
import type { OutputColumn } from '../../src/server/entities.js';
import { splitStatements } from '../../src/server/split-statements.js';
import { BIGINT, BOOLEAN, BYTES, DATE, DOUBLE, INTEGER, STRING, TIMESTAMP, array, decimal, map, struct } from '../../src/types/sql-type.js';
import { Decimal } from '../../src/types/values.js';

const col = (name: string, type: OutputColumn['type'], namespace: OutputColumn['namespace'] = 'VALUE'): OutputColumn => ({ name, type, namespace });

describe('statement results as ksqlDB entities', () => {
  test('a currentStatus always has queryId (null when no query started) and the statement with its semicolon', () => {
    const e = toEntity({
      type: 'currentStatus',
      statementText: 'CREATE STREAM S (A INT) WITH (kafka_topic=\'s\')',
      commandId: 'stream/S/create',
      commandStatus: { status: 'SUCCESS', message: 'Stream created' },
      commandSequenceNumber: 4,
      warnings: [],
    });
    expect(e).toEqual({
      '@type': 'currentStatus',
      statementText: "CREATE STREAM S (A INT) WITH (kafka_topic='s');",
      commandId: 'stream/S/create',
      commandStatus: { status: 'SUCCESS', message: 'Stream created', queryId: null },
      commandSequenceNumber: 4,
      warnings: [],
    });
    expect(Object.keys(e)[0]).toBe('@type');
  });

  test('DESCRIBE FUNCTION writes its kind as ksqlDB\'s "type"', () => {
    const e = toEntity({
      type: 'describe_function',
      statementText: 'DESCRIBE FUNCTION ABS',
      name: 'ABS',
      description: 'absolute value',
      author: 'Confluent',
      version: '',
      path: 'internal',
      functions: [],
      type_: 'SCALAR',
    });
    expect(e['@type']).toBe('describe_function');
    expect(e['type']).toBe('SCALAR');
    expect(e).not.toHaveProperty('type_');
  });

  test('ASSERT TOPIC answers with ksqlDB\'s assert_topic entity', () => {
    const e = toEntity(
      { type: 'info', statementText: "ASSERT TOPIC 't'", message: 'Topic t exists.' },
      { kind: 'AssertTopic', topic: 't', exists: true, properties: {}, loc: { line: 1, column: 1 } },
    );
    expect(e).toEqual({ '@type': 'assert_topic', statementText: "ASSERT TOPIC 't';", topicName: 't', exists: true, warnings: [] });
  });

  test('list results keep their fields and gain warnings', () => {
    const e = toEntity({ type: 'streams', statementText: 'SHOW STREAMS;', streams: [{ type: 'STREAM', name: 'S', topic: 's', keyFormat: 'KAFKA', valueFormat: 'JSON', isWindowed: false }] });
    expect(e).toEqual({
      '@type': 'streams',
      statementText: 'SHOW STREAMS;',
      streams: [{ type: 'STREAM', name: 'S', topic: 's', keyFormat: 'KAFKA', valueFormat: 'JSON', isWindowed: false }],
      warnings: [],
    });
  });
});

describe('query rows as JSON', () => {
  test('keeps BIGINT beyond 2^53 exact, DECIMAL with its scale, BYTES as base64', () => {
    const encode = compileRowEncoder([col('ID', BIGINT, 'KEY'), col('P', decimal(6, 2)), col('B', BYTES), col('OK', BOOLEAN)]);
    expect(encode([9007199254740993n, new Decimal('10.5'), Buffer.from([1, 2, 3]), true])).toBe('[9007199254740993,10.50,"AQID",true]');
    expect(encode([-9223372036854775808n, new Decimal('0'), null, null])).toBe('[-9223372036854775808,0.00,null,null]');
  });

  test('writes MAP and STRUCT as objects, ARRAY with nulls, DOUBLE NaN as ksqlDB does', () => {
    const encode = compileRowEncoder([col('M', map(INTEGER, STRING)), col('S', struct([{ name: 'A', type: INTEGER }, { name: 'b', type: array(DOUBLE) }])), col('D', DOUBLE)]);
    expect(encode([new Map([[1, 'x']]), { A: null, b: [1.5, null] }, Number.NaN])).toBe('[{"1":"x"},{"A":null,"b":[1.5,null]},"NaN"]');
  });

  test('writes DATE and TIMESTAMP as ksqlDB\'s numbers', () => {
    expect(compileRowEncoder([col('D', DATE), col('T', TIMESTAMP)])([19000, 1700000000000])).toBe('[19000,1700000000000]');
  });
});

describe('query headers', () => {
  const columns = [col('ID', INTEGER, 'KEY'), col('P', decimal(6, 2)), col('TAGS', array(STRING)), col('S', struct([{ name: 'A', type: INTEGER }]))];

  test('the /query schema string marks keys and spells types as ksqlDB does', () => {
    expect(formatColumns(columns)).toBe('`ID` INTEGER KEY, `P` DECIMAL(6, 2), `TAGS` ARRAY<STRING>, `S` STRUCT<`A` INTEGER>');
  });

  test('the /query-stream header has column names and types', () => {
    expect(queryStreamHeader('q1', columns)).toEqual({
      queryId: 'q1',
      columnNames: ['ID', 'P', 'TAGS', 'S'],
      columnTypes: ['INTEGER', 'DECIMAL(6, 2)', 'ARRAY<STRING>', 'STRUCT<`A` INTEGER>'],
    });
  });

  test('the WebSocket schema is a list of FieldInfo with nested schemas', () => {
    expect(fieldInfos(columns.slice(2))).toEqual([
      { name: 'TAGS', schema: { type: 'ARRAY', fields: null, memberSchema: { type: 'STRING', fields: null, memberSchema: null } } },
      { name: 'S', schema: { type: 'STRUCT', fields: [{ name: 'A', schema: { type: 'INTEGER', fields: null, memberSchema: null } }], memberSchema: null } },
    ]);
  });
});

describe('splitting a request into statements', () => {
  test('splits at semicolons outside quotes and comments', () => {
    expect(splitStatements("DEFINE a = 'x;y'; SELECT `b;c` FROM T -- not; here\n; /* ; */ SHOW STREAMS")).toEqual([
      "DEFINE a = 'x;y';",
      ' SELECT `b;c` FROM T -- not; here\n;',
      ' /* ; */ SHOW STREAMS',
    ]);
  });

  test('keeps doubled quotes inside a string', () => {
    expect(splitStatements("INSERT INTO T VALUES ('it''s; fine'); SHOW TABLES;")).toEqual(["INSERT INTO T VALUES ('it''s; fine');", ' SHOW TABLES;']);
  });
});
