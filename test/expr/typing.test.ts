import { describe, expect, it } from 'vitest';
import { KsqlError } from '../../src/errors.js';
import { inferType, inferTypeOrNull } from '../../src/expr/index.js';
import { parseExpression } from '../../src/sql/parse.js';
import * as T from '../../src/types/sql-type.js';
import { fns, scopeOf, typeOf } from './helpers.js';

const cols = [
  { name: 'I', type: T.INTEGER },
  { name: 'L', type: T.BIGINT },
  { name: 'D', type: T.DOUBLE },
  { name: 'DEC', type: T.decimal(4, 2) },
  { name: 'DEC2', type: T.decimal(5, 3) },
  { name: 'S', type: T.STRING },
  { name: 'B', type: T.BOOLEAN },
  { name: 'TS', type: T.TIMESTAMP },
  { name: 'DT', type: T.DATE },
  { name: 'TM', type: T.TIME },
  { name: 'BY', type: T.BYTES },
  { name: 'XS', type: T.array(T.INTEGER) },
  { name: 'M', type: T.map(T.STRING, T.DOUBLE) },
  { name: 'ST', type: T.struct([{ name: 'A', type: T.STRING }, { name: 'N', type: T.struct([{ name: 'X', type: T.BIGINT }]) }]) },
];

function fmt(sql: string): string {
  return T.formatType(typeOf(sql, cols));
}

function typeErrorOf(sql: string): KsqlError {
  try {
    typeOf(sql, cols);
  } catch (e) {
    if (e instanceof KsqlError) return e;
    throw e;
  }
  throw new Error(`expected ${sql} to be rejected`);
}

describe('literal types', () => {
  it('types numbers as ksqlDB does: INTEGER, BIGINT past 32 bits, DECIMAL with a point, DOUBLE with an exponent', () => {
    expect(fmt('1')).toBe('INTEGER');
    expect(fmt('2147483648')).toBe('BIGINT');
    expect(fmt('1.50')).toBe('DECIMAL(3, 2)');
    expect(fmt('0.05')).toBe('DECIMAL(2, 2)');
    expect(fmt('5.0')).toBe('DECIMAL(2, 1)');
    expect(fmt('1e-1')).toBe('DOUBLE');
  });

  it('types date, time and timestamp literals', () => {
    expect(fmt("DATE '2020-01-01'")).toBe('DATE');
    expect(fmt("TIME '10:00:00'")).toBe('TIME');
    expect(fmt("TIMESTAMP '2020-01-01T10:00:00'")).toBe('TIMESTAMP');
  });

  it('rejects a date literal that is not a date', () => {
    expect(typeErrorOf("DATE '2020-13-01'").code).toBe('TYPE');
  });

  it("refuses to guess the type of a bare NULL, like ksqlDB", () => {
    expect(() => inferType(parseExpression('NULL'), scopeOf([]), fns)).toThrow(
      "Can't infer a type of null. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).",
    );
    expect(inferTypeOrNull(parseExpression('NULL'), scopeOf([]), fns)).toBeNull();
  });
});

describe('arithmetic types', () => {
  it('widens INTEGER to BIGINT to DECIMAL to DOUBLE', () => {
    expect(fmt('I + I')).toBe('INTEGER');
    expect(fmt('I + L')).toBe('BIGINT');
    expect(fmt('L * D')).toBe('DOUBLE');
    expect(fmt('DEC + D')).toBe('DOUBLE');
  });

  it('follows ksqlDB precision and scale rules for DECIMAL results', () => {
    expect(fmt('DEC + DEC')).toBe('DECIMAL(5, 2)');
    expect(fmt('DEC - DEC2')).toBe('DECIMAL(6, 3)');
    expect(fmt('DEC * DEC')).toBe('DECIMAL(9, 4)');
    expect(fmt('DEC / DEC')).toBe('DECIMAL(11, 7)');
    expect(fmt('DEC % DEC')).toBe('DECIMAL(4, 2)');
    expect(fmt('DEC + I')).toBe('DECIMAL(13, 2)');
    expect(fmt('DEC * L')).toBe('DECIMAL(24, 2)');
  });

  it('concatenates strings with +', () => {
    expect(fmt("S + 'x'")).toBe('STRING');
  });

  it('rejects arithmetic on unsupported types with the expression in the message', () => {
    expect(typeErrorOf('true + 1.5').message).toBe(
      'Error processing expression: (true + 1.5). Unsupported arithmetic types. BOOLEAN DECIMAL',
    );
  });

  it('rejects arithmetic with a NULL literal', () => {
    expect(typeErrorOf('1 + NULL').message).toBe('Error processing expression: (1 + null). Arithmetic on types INTEGER and null are not supported.');
    expect(typeErrorOf('5.0 / NULL').message).toContain('Arithmetic on types DECIMAL(2, 1) and null are not supported.');
    expect(typeErrorOf("MAP(1 := 'cat') + NULL").message).toContain('Arithmetic on types MAP<INTEGER, STRING> and null');
  });
});

describe('comparisons', () => {
  it('compares numbers of any kind, and dates, times and timestamps with strings', () => {
    expect(fmt('I < D')).toBe('BOOLEAN');
    expect(fmt("TS > '1970-01-01T00:00:00.010'")).toBe('BOOLEAN');
    expect(fmt("TM = '00:00:01'")).toBe('BOOLEAN');
    expect(fmt('DT < TS')).toBe('BOOLEAN');
  });

  it('names both sides, their types and the operator when they cannot be compared', () => {
    expect(typeErrorOf("I >= 'not an int'").message).toBe(
      "Cannot compare I (INTEGER) to 'not an int' (STRING) with GREATER_THAN_OR_EQUAL.",
    );
    expect(typeErrorOf('S = 11').message).toBe('Cannot compare S (STRING) to 11 (INTEGER) with EQUAL.');
  });

  it('rejects comparison with NULL and suggests IS NULL', () => {
    expect(typeErrorOf('I = NULL').message).toBe("Comparison with NULL not supported: INTEGER = NULL\nUse 'IS NULL' or 'IS NOT NULL' instead.");
    expect(typeErrorOf('NULL <> NULL').message).toContain('Comparison with NULL not supported: NULL <> NULL');
  });

  it('allows only equality between arrays, maps and structs', () => {
    expect(fmt('XS = ARRAY[1, 2]')).toBe('BOOLEAN');
    expect(typeErrorOf('XS < ARRAY[1, 2]').message).toContain('Cannot compare');
  });

  it('requires strings on both sides of LIKE', () => {
    expect(typeErrorOf("I LIKE '1%'").message).toBe('Like condition must be between strings');
  });
});

describe('constructors and CASE', () => {
  it('coerces array elements to a common type, parsing string literals', () => {
    expect(fmt("ARRAY[NULL, 10, '2e1', I, L]")).toBe('ARRAY<BIGINT>');
    expect(typeErrorOf("ARRAY[1, 'not a number']").message).toContain('invalid input syntax for type INTEGER: "not a number"');
  });

  it('merges struct element types field by field', () => {
    expect(fmt('ARRAY[NULL, STRUCT(X := I, Y := L), STRUCT(Y := I, Z := L)]')).toBe(
      'ARRAY<STRUCT<`X` INTEGER, `Y` BIGINT, `Z` BIGINT>>',
    );
  });

  it("rejects empty and all-NULL constructors with ksqlDB's messages", () => {
    expect(typeErrorOf('ARRAY[]').message).toContain('Array constructor cannot be empty');
    expect(typeErrorOf('ARRAY[NULL]').message).toContain('Cannot construct an array with all NULL elements');
    expect(typeErrorOf('MAP()').message).toContain('Map constructor cannot be empty');
    expect(typeErrorOf('MAP(NULL := I)').message).toBe('Cannot construct a map with all NULL keys');
    expect(typeErrorOf("MAP('a' := NULL)").message).toBe('Cannot construct a map with all NULL values');
    expect(typeErrorOf('STRUCT(A := I, A := S)').message).toBe('Duplicate field names found in STRUCT');
  });

  it('types map keys and values separately, turning literals into strings among strings', () => {
    expect(fmt("MAP(S := B, 'k' := 'true', 10 := 'no')")).toBe('MAP<STRING, BOOLEAN>');
    expect(typeErrorOf("MAP(S := I, 'k2' := 'hello')").message).toContain('invalid input syntax for type INTEGER: "hello"');
  });

  it('gives CASE the common type of its branches', () => {
    expect(fmt("CASE WHEN B THEN I WHEN D > 1 THEN L ELSE NULL END")).toBe('BIGINT');
    expect(typeErrorOf('CASE WHEN B THEN NULL ELSE NULL END').message).toBe('Invalid Case expression. All case branches have NULL type');
    expect(fmt("CASE I WHEN 1 THEN 'one' WHEN 2 THEN 'two' END")).toBe('STRING');
  });

  it('types struct fields, array items and map values', () => {
    expect(fmt('ST->N->X')).toBe('BIGINT');
    expect(fmt('XS[1]')).toBe('INTEGER');
    expect(fmt("M['k']")).toBe('DOUBLE');
    expect(typeErrorOf('ST->MISSING').message).toContain("Could not find field 'MISSING'");
    expect(typeErrorOf('I[1]').message).toContain('Subscripts apply to arrays and maps');
  });
});

describe('casts', () => {
  it('allows casts between primitives, and element-wise between collections', () => {
    expect(fmt('CAST(S AS INT)')).toBe('INTEGER');
    expect(fmt('CAST(XS AS ARRAY<STRING>)')).toBe('ARRAY<STRING>');
    expect(fmt('CAST(ST AS STRING)')).toBe('STRING');
    expect(fmt('CAST(NULL AS MAP<STRING, INT>)')).toBe('MAP<STRING, INTEGER>');
  });

  it('rejects unsupported casts with the types in the message', () => {
    expect(typeErrorOf('CAST(S AS ARRAY<INTEGER>)').message).toBe('Cast of STRING to ARRAY<INTEGER> is not supported');
    expect(typeErrorOf('CAST(S AS STRUCT<F0 VARCHAR, F1 INTEGER>)').message).toBe(
      'Cast of STRING to STRUCT<`F0` STRING, `F1` INTEGER> is not supported',
    );
  });

  it('resolves custom type names through the option', () => {
    const point = T.struct([{ name: 'X', type: T.INTEGER }]);
    const t = inferType(parseExpression('CAST(NULL AS POINT)'), scopeOf([]), fns, {
      resolveType: (n) => (n === 'POINT' ? point : undefined),
    });
    expect(t).toEqual(point);
  });
});

describe('functions', () => {
  it('picks the overload by argument types', () => {
    expect(fmt('ABS(I)')).toBe('INTEGER');
    expect(fmt('ABS(DEC)')).toBe('DECIMAL(4, 2)');
    expect(fmt('ROUND(D)')).toBe('BIGINT');
    expect(fmt('ROUND(D, 2)')).toBe('DOUBLE');
    expect(fmt('ROUND(DEC)')).toBe('DECIMAL(2, 0)');
    expect(fmt('SQRT(I)')).toBe('DOUBLE');
  });

  it('binds generic types, widening numbers', () => {
    expect(fmt('COALESCE(I, L)')).toBe('BIGINT');
    expect(fmt('ARRAY_MAX(XS)')).toBe('INTEGER');
    expect(fmt("MAP_KEYS(M)")).toBe('ARRAY<STRING>');
  });

  it('types lambdas from the other arguments', () => {
    expect(fmt('TRANSFORM(XS, x => CAST(x AS STRING))')).toBe('ARRAY<STRING>');
    expect(fmt('TRANSFORM(M, (k, v) => UCASE(k), (k, v) => v > 1)')).toBe('MAP<STRING, BOOLEAN>');
    expect(fmt('REDUCE(XS, 0, (s, x) => s + x)')).toBe('INTEGER');
    expect(fmt('FILTER(XS, x => x > 1)')).toBe('ARRAY<INTEGER>');
  });

  it('lets a lambda variable shadow a column of the same name', () => {
    expect(fmt("TRANSFORM(ARRAY['a'], I => UCASE(I))")).toBe('ARRAY<STRING>');
  });

  it('takes time units as arguments', () => {
    expect(fmt('TIMESTAMPADD(SECONDS, 5, TS)')).toBe('TIMESTAMP');
    expect(fmt('DATEADD(DAYS, 1, DT)')).toBe('DATE');
  });

  it('reports the argument types when no overload fits', () => {
    const e = typeErrorOf('DATEADD(DT, 5, DT)');
    expect(e.message).toContain("Function 'DATEADD' does not accept parameters (DATE, INTEGER, DATE).");
    expect(e.message).toContain('Valid alternatives are:\nDATEADD(INTERVALUNIT, INTEGER, DATE)');
    expect(typeErrorOf('COALESCE()').message).toContain("Function 'COALESCE' does not accept parameters ()");
  });

  it('reports unknown functions with their code and position', () => {
    const e = typeErrorOf('1 + WONT_FIND_ME(I)');
    expect(e.code).toBe('UNKNOWN_FUNCTION');
    expect(e.message).toBe("Can't find any functions with the name 'WONT_FIND_ME'");
    expect(e.loc).toEqual({ line: 1, column: 5 });
  });
});

describe('columns', () => {
  it('passes scope errors through with their code', () => {
    const e = typeErrorOf('NOPE + 1');
    expect(e.code).toBe('UNKNOWN_COLUMN');
    expect(e.loc).toEqual({ line: 1, column: 1 });
  });

  it('resolves qualified columns', () => {
    const scope = [
      { name: 'ID', type: T.INTEGER, source: 'L' },
      { name: 'ID', type: T.STRING, source: 'R' },
    ];
    expect(typeOf('R.ID', scope)).toEqual(T.STRING);
    expect(() => typeOf('ID', scope)).toThrow("Column 'ID' is ambiguous. Could be L.ID or R.ID.");
  });
});

describe('list coercion order', () => {
  it('turns earlier number literals into strings when a string column follows', () => {
    expect(fmt("MAP(10 := 'x', S := 'y')")).toBe('MAP<STRING, STRING>');
    expect(typeErrorOf('ARRAY[I, S]').message).toBe('Cannot coerce S (STRING) to the type of the other elements: INTEGER');
  });
});
