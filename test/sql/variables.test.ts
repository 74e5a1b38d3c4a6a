import { describe, expect, it } from 'vitest';
import { parseStatements } from '../../src/sql/parse.js';
import { substituteVariables } from '../../src/sql/variables.js';
import { errorOf, withoutLoc } from './ast-helpers.js';

describe('substituteVariables', () => {
  it('replaces references in SQL and inside string literals, case-insensitively', () => {
    expect(substituteVariables("SELECT ${col} FROM ${Src} WHERE x = '${val}'", { COL: 'a', src: 's', val: 'v' })).toBe("SELECT a FROM s WHERE x = 'v'");
  });

  it('doubles quotes of values put inside string literals', () => {
    expect(substituteVariables("SELECT '${v}' FROM s", { v: "it's" })).toBe("SELECT 'it''s' FROM s");
  });

  it('leaves quoted identifiers and comments alone', () => {
    const text = 'SELECT `${a}`, "${a}" FROM s -- ${a}\n/* ${a} */';
    expect(substituteVariables(text, { a: 'x' })).toBe(text);
  });

  it('keeps an undefined reference inside a string, and rejects one in the SQL with its position', () => {
    expect(substituteVariables("SELECT '${nope}' FROM s", {})).toBe("SELECT '${nope}' FROM s");
    const e = errorOf(() => substituteVariables('SELECT a,\n  ${nope} FROM s', {}));
    expect(e.code).toBe('UNKNOWN_VARIABLE');
    expect(e.message).toContain("Variable 'nope' is not defined");
    expect(e.loc).toEqual({ line: 2, column: 3 });
  });
});

describe('parseStatements with variables', () => {
  it('applies DEFINE and UNDEFINE from earlier in the same text', () => {
    const parsed = parseStatements(
      "DEFINE topic = 'orders'; CREATE STREAM s (id INT KEY) WITH (kafka_topic='${topic}', value_format='JSON'); UNDEFINE topic; SELECT '${topic}' FROM s;",
    );
    expect(parsed[1]!.statement).toMatchObject({ properties: { KAFKA_TOPIC: 'orders' } });
    expect(parsed[1]!.text).toBe("CREATE STREAM s (id INT KEY) WITH (kafka_topic='orders', value_format='JSON')");
    expect(withoutLoc(parsed[3]!.statement)).toMatchObject({ query: { select: [{ expr: { kind: 'StringLiteral', value: '${topic}' } }] } });
  });

  it('uses the variables given by the caller without changing them', () => {
    const variables = { source: 'orders' };
    const [parsed] = parseStatements('SELECT * FROM ${source}; DEFINE source = \'x\';', { variables });
    expect(parsed!.statement).toMatchObject({ query: { from: { name: 'ORDERS' } } });
    expect(variables).toEqual({ source: 'orders' });
  });

  it('reports an undefined variable at its position in the whole text', () => {
    const e = errorOf(() => parseStatements('SHOW TOPICS;\nSELECT * FROM ${missing};'));
    expect(e.code).toBe('UNKNOWN_VARIABLE');
    expect(e.loc).toEqual({ line: 2, column: 15 });
  });

  it('keeps positions of substituted statements relative to the whole text', () => {
    const e = errorOf(() => parseStatements("DEFINE x = 'a';\nSELECT ${x} FROM FROM;"));
    expect(e.loc?.line).toBe(2);
  });
});
