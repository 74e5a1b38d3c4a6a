import { describe, expect, it } from 'vitest';
import { KsqlError } from '../../src/errors.js';
import { FunctionRegistry } from '../../src/functions/registry.js';
import { sig } from '../../src/functions/signature.js';
import * as T from '../../src/types/sql-type.js';

const v = (type: T.SqlType | null) => ({ kind: 'value' as const, type });

describe('FunctionRegistry', () => {
  it('holds every scalar function of the dialect', () => {
    const fns = FunctionRegistry.builtins();
    const names = [
      'ABS', 'ACOS', 'ASIN', 'ATAN', 'ATAN2', 'CBRT', 'CEIL', 'COS', 'COSH', 'COT', 'DEGREES', 'EXP', 'FLOOR', 'GEO_DISTANCE', 'GREATEST',
      'LEAST', 'LN', 'LOG', 'PI', 'POWER', 'RADIANS', 'RANDOM', 'ROUND', 'SIGN', 'SIN', 'SINH', 'SQRT', 'TAN', 'TANH', 'TRUNC', 'AS_VALUE',
      'ENTRIES', 'GENERATE_SERIES', 'ARRAY_CONCAT', 'ARRAY_CONTAINS', 'ARRAY_DISTINCT', 'ARRAY_EXCEPT', 'ARRAY_INTERSECT', 'ARRAY_JOIN',
      'ARRAY_LENGTH', 'ARRAY_MAX', 'ARRAY_MIN', 'ARRAY_REMOVE', 'ARRAY_SORT', 'ARRAY_UNION', 'AS_MAP', 'ELT', 'FIELD', 'JSON_ARRAY_CONTAINS',
      'MAP_KEYS', 'MAP_VALUES', 'MAP_UNION', 'SLICE', 'FILTER', 'REDUCE', 'TRANSFORM', 'CHR', 'CONCAT', 'CONCAT_WS', 'ENCODE',
      'EXTRACTJSONFIELD', 'FROM_BYTES', 'IS_JSON_STRING', 'JSON_ARRAY_LENGTH', 'JSON_CONCAT', 'JSON_KEYS', 'JSON_RECORDS', 'JSON_ITEMS',
      'TO_JSON_STRING', 'INITCAP', 'INSTR', 'LCASE', 'LEN', 'LPAD', 'MASK', 'MASK_KEEP_LEFT', 'MASK_KEEP_RIGHT', 'MASK_LEFT', 'MASK_RIGHT',
      'MD5', 'REPLACE', 'REGEXP_EXTRACT', 'REGEXP_EXTRACT_ALL', 'REGEXP_REPLACE', 'REGEXP_SPLIT_TO_ARRAY', 'RPAD', 'SPLIT', 'SPLIT_TO_MAP',
      'SUBSTRING', 'TO_BYTES', 'TRIM', 'UCASE', 'UUID', 'BIGINT_FROM_BYTES', 'DOUBLE_FROM_BYTES', 'INT_FROM_BYTES', 'COALESCE', 'IFNULL',
      'NULLIF', 'CONVERT_TZ', 'DATEADD', 'DATESUB', 'FORMAT_DATE', 'FORMAT_TIME', 'FORMAT_TIMESTAMP', 'FROM_DAYS', 'FROM_UNIXTIME',
      'PARSE_DATE', 'PARSE_TIME', 'PARSE_TIMESTAMP', 'TIMEADD', 'TIMESUB', 'TIMESTAMPADD', 'TIMESTAMPSUB', 'UNIX_DATE', 'UNIX_TIMESTAMP',
      'URL_DECODE_PARAM', 'URL_ENCODE_PARAM', 'URL_EXTRACT_FRAGMENT', 'URL_EXTRACT_HOST', 'URL_EXTRACT_PARAMETER', 'URL_EXTRACT_PATH',
      'URL_EXTRACT_PORT', 'URL_EXTRACT_PROTOCOL', 'URL_EXTRACT_QUERY', 'DATETOSTRING', 'STRINGTODATE', 'STRINGTOTIMESTAMP', 'TIMESTAMPTOSTRING',
    ];
    const missing = names.filter((n) => fns.kindOf(n) !== 'SCALAR');
    expect(missing).toEqual([]);
  });

  it('finds functions by name in any case', () => {
    const fns = FunctionRegistry.builtins();
    expect(fns.lookupScalar('abs', [v(T.INTEGER)]).returnType).toEqual(T.INTEGER);
  });

  it('prefers an exact match, then the cheapest widening', () => {
    const fns = FunctionRegistry.builtins();
    expect(fns.lookupScalar('ABS', [v(T.BIGINT)]).returnType).toEqual(T.BIGINT);
    expect(fns.lookupScalar('ROUND', [v(T.INTEGER)]).returnType).toEqual(T.BIGINT);
    expect(fns.lookupScalar('SQRT', [v(T.INTEGER)]).paramTypes).toEqual([T.DOUBLE]);
  });

  it('matches a NULL argument to any parameter', () => {
    const fns = FunctionRegistry.builtins();
    expect(fns.lookupScalar('SUBSTRING', [v(T.STRING), v(null)]).returnType).toEqual(T.STRING);
  });

  it('refuses arguments no overload accepts, listing the alternatives', () => {
    const fns = FunctionRegistry.builtins();
    try {
      fns.lookupScalar('LEN', [v(T.INTEGER)]);
      throw new Error('expected a type error');
    } catch (e) {
      expect(e).toBeInstanceOf(KsqlError);
      expect((e as KsqlError).code).toBe('TYPE');
      expect((e as KsqlError).message).toBe(
        "Function 'LEN' does not accept parameters (INTEGER).\nValid alternatives are:\nLEN(STRING)\nLEN(BYTES)",
      );
    }
  });

  it('registers user functions and rejects duplicate names unless replacing', () => {
    const fns = FunctionRegistry.builtins();
    const udf = { kind: 'SCALAR' as const, name: 'shout', category: 'STRING' as const, description: 'Upper-cases and adds !', signatures: [sig('s STRING', 'STRING', (s: string) => `${s.toUpperCase()}!`)] };
    fns.register(udf);
    expect(fns.kindOf('SHOUT')).toBe('SCALAR');
    expect(() => fns.register(udf)).toThrow("A function named 'SHOUT' already exists");
    fns.register(udf, { replace: true });
    expect(() => fns.register({ ...udf, name: 'ABS' })).toThrow(KsqlError);
  });

  it('describes functions for SHOW FUNCTIONS and DESCRIBE FUNCTION', () => {
    const fns = FunctionRegistry.builtins();
    const list = fns.list();
    expect(list.map((f) => f.name)).toEqual([...list.map((f) => f.name)].sort());
    const substring = fns.describe('substring')!;
    expect(substring).toMatchObject({ name: 'SUBSTRING', kind: 'SCALAR', category: 'STRING' });
    expect(substring.variations[0]).toEqual({
      arguments: [
        { name: 'str', type: 'STRING', description: '' },
        { name: 'pos', type: 'INTEGER', description: '' },
      ],
      returnType: 'STRING',
      description: '',
    });
    const concat = fns.describe('CONCAT')!;
    expect(concat.variations[0]!.arguments[0]!.type).toBe('STRING[]');
    expect(fns.describe('TRANSFORM')!.variations[0]!.arguments[1]!.type).toBe('LAMBDA<T => U>');
  });

  it('keeps the built-in table functions in their own slot', () => {
    const fns = FunctionRegistry.builtins();
    expect(fns.kindOf('explode')).toBe('TABLE');
    expect(fns.table('EXPLODE')?.returnType([T.array(T.INTEGER)])).toEqual(T.INTEGER);
    expect(fns.describe('EXPLODE')?.variations[0]?.arguments).toEqual([{ name: 'list', type: 'ARRAY<T>', description: '' }]);
    expect(() => fns.lookupScalar('EXPLODE', [])).toThrow("Function 'EXPLODE' is a table function, not a scalar function");
  });
});

describe('lookupScalar with plain types', () => {
  it('accepts SQL types and null for NULL literals', () => {
    const fns = FunctionRegistry.builtins();
    expect(fns.lookupScalar('CONCAT', [T.STRING, null]).returnType).toEqual(T.STRING);
    expect(fns.lookupScalar('ARRAY_MAX', [T.array(T.DOUBLE)]).returnType).toEqual(T.DOUBLE);
  });
});
