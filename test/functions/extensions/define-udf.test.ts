import { describe, expect, it } from 'vitest';
import { KsqlError } from '../../../src/errors.js';
import { compileExpression, type EvaluationError } from '../../../src/expr/index.js';
import { defineUdf } from '../../../src/functions/extensions/define-udf.js';
import { FunctionRegistry } from '../../../src/functions/registry.js';
import { parseExpression } from '../../../src/sql/parse.js';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';
import { scopeOf, type Col } from '../../expr/helpers.js';

/** A registry holding the built-ins and the given UDF specs, as if loaded from 'my-udfs.mjs'. */
function registry(...specs: unknown[]): FunctionRegistry {
  const fns = FunctionRegistry.builtins();
  specs.forEach((s, i) => fns.register(defineUdf(s, i, '/ext/my-udfs.mjs')));
  return fns;
}

/** Evaluates `sql` over one row; errors of function calls are collected like the runtime does. */
function evaluate(fns: FunctionRegistry, sql: string, cols: readonly Col[] = [], errors: EvaluationError[] = []): unknown {
  const c = compileExpression(parseExpression(sql), scopeOf(cols), fns, { onError: (e) => errors.push(e) });
  return c.evaluate(cols.map((x) => x.value ?? null));
}

const typeOf = (fns: FunctionRegistry, sql: string, cols: readonly Col[] = []) => compileExpression(parseExpression(sql), scopeOf(cols), fns).type;

const REPEAT = {
  name: 'repeat_text',
  description: 'Repeats a text.',
  category: 'string',
  signatures: [
    { params: ['text STRING', 'times INT'], returns: 'STRING', fn: (s: string, n: number) => s.repeat(n) },
    { params: ['text STRING', 'times BIGINT'], returns: 'STRING', fn: () => 'the BIGINT overload' },
    { params: ['n DOUBLE'], returns: 'DOUBLE', fn: (n: number) => n * 2 },
  ],
};

describe('JavaScript UDFs', () => {
  it('are called by their SQL name in any case, with the declared result type', () => {
    const fns = registry(REPEAT);
    expect(evaluate(fns, "REPEAT_TEXT('ab', 3)")).toBe('ababab');
    expect(evaluate(fns, "repeat_text('ab', 2)")).toBe('abab');
    expect(typeOf(fns, "Repeat_Text('ab', 2)")).toEqual(T.STRING);
  });

  it('pick overloads like built-ins: exact match first, then the cheapest implicit widening', () => {
    const fns = registry(REPEAT);
    const cols = [
      { name: 'L', type: T.BIGINT, value: 2 },
      { name: 'I', type: T.INTEGER, value: 4 },
    ];
    expect(evaluate(fns, "REPEAT_TEXT('ab', L)", cols)).toBe('the BIGINT overload');
    // INT widens to DOUBLE for the one-argument overload.
    expect(evaluate(fns, 'REPEAT_TEXT(I)', cols)).toBe(8);
  });

  it('refuse arguments no signature accepts, listing the alternatives', () => {
    const fns = registry(REPEAT);
    expect(() => typeOf(fns, 'REPEAT_TEXT(TRUE)')).toThrow(
      "Function 'REPEAT_TEXT' does not accept parameters (BOOLEAN).\nValid alternatives are:\nREPEAT_TEXT(STRING, INTEGER)\nREPEAT_TEXT(STRING, BIGINT)\nREPEAT_TEXT(DOUBLE)",
    );
  });

  it('return null for a null argument without being called, unless the signature passes nulls', () => {
    let calls = 0;
    const fns = registry(
      { name: 'COUNTED', description: 'd', signatures: [{ params: ['s STRING'], returns: 'STRING', fn: (s: string) => (calls++, s) }] },
      { name: 'SEES_NULLS', description: 'd', nulls: 'pass', signatures: [{ params: ['s STRING'], returns: 'STRING', fn: (s: string | null) => (s === null ? 'got null' : s) }] },
    );
    expect(evaluate(fns, 'COUNTED(CAST(NULL AS STRING))')).toBeNull();
    expect(calls).toBe(0);
    expect(evaluate(fns, 'SEES_NULLS(CAST(NULL AS STRING))')).toBe('got null');
  });

  it('take repeating arguments as separate JavaScript arguments', () => {
    const fns = registry({
      name: 'JOIN_ALL',
      description: 'd',
      signatures: [{ params: ['sep STRING', '...parts STRING'], returns: 'STRING', fn: (sep: string, ...parts: string[]) => parts.join(sep) }],
    });
    expect(evaluate(fns, "JOIN_ALL('-', 'a', 'b', 'c')")).toBe('a-b-c');
    expect(evaluate(fns, "JOIN_ALL('-')")).toBe('');
  });

  it('bind generic types from the arguments, or compute the return type from the argument types', () => {
    const fns = registry(
      { name: 'LAST_OF', description: 'd', signatures: [{ params: ['xs ARRAY<T>'], returns: 'T', fn: (xs: unknown[]) => xs[xs.length - 1] }] },
      {
        name: 'WIDER',
        description: 'd',
        signatures: [{ params: ['d DECIMAL'], returns: ([t]: string[]) => t!.replace(/\((\d+), (\d+)\)/, (_m, p: string, s: string) => `(${Number(p) + 2}, ${s})`), fn: (d: unknown) => d }],
      },
    );
    expect(typeOf(fns, "LAST_OF(ARRAY['a', 'b'])")).toEqual(T.STRING);
    expect(evaluate(fns, 'LAST_OF(ARRAY[1, 2, 3])')).toBe(3);
    expect(typeOf(fns, 'WIDER(CAST(1.5 AS DECIMAL(4, 1)))')).toEqual(T.decimal(6, 1));
  });

  it('convert results to the declared type: numeric text or numbers to DECIMAL, Dates to TIMESTAMP, objects to MAP and STRUCT', () => {
    const fns = registry(
      { name: 'PRICE', description: 'd', signatures: [{ params: [], returns: 'DECIMAL(6, 2)', fn: () => '12.345' }] },
      { name: 'WHEN_', description: 'd', signatures: [{ params: [], returns: 'TIMESTAMP', fn: () => new Date(Date.UTC(2024, 0, 1)) }] },
      { name: 'COUNTS', description: 'd', signatures: [{ params: [], returns: 'MAP<STRING, BIGINT>', fn: () => ({ a: 1, b: 2n ** 60n }) }] },
      { name: 'POINT', description: 'd', signatures: [{ params: [], returns: 'STRUCT<X INT, Y INT, LABEL STRING>', fn: () => ({ x: 1, Y: 2 }) }] },
      { name: 'NOTHING', description: 'd', signatures: [{ params: [], returns: 'STRING', fn: () => undefined }] },
    );
    expect(evaluate(fns, 'PRICE()')).toEqual(new DecimalContext('12.35'));
    expect(evaluate(fns, 'WHEN_()')).toBe(1704067200000);
    expect(evaluate(fns, 'COUNTS()')).toEqual(new Map<string, unknown>([['a', 1], ['b', 2n ** 60n]]));
    expect(evaluate(fns, 'POINT()')).toEqual({ X: 1, Y: 2, LABEL: null });
    expect(evaluate(fns, 'NOTHING()')).toBeNull();
  });

  it('make a result that does not fit its type an error of that record only', () => {
    const fns = registry(
      { name: 'BAD_INT', description: 'd', signatures: [{ params: ['s STRING'], returns: 'INT', fn: (s: string) => (s === 'ok' ? 1 : s) }] },
      { name: 'TOO_BIG', description: 'd', signatures: [{ params: [], returns: 'DECIMAL(3, 1)', fn: () => 1234 }] },
    );
    const errors: EvaluationError[] = [];
    const cols = [{ name: 'S', type: T.STRING }];
    const c = compileExpression(parseExpression('BAD_INT(S)'), scopeOf(cols), fns, { onError: (e) => errors.push(e) });
    expect([c.evaluate(['ok']), c.evaluate(['nope']), c.evaluate(['ok'])]).toEqual([1, null, 1]);
    expect(errors.map((e) => e.message)).toEqual(['Error evaluating BAD_INT: BAD_INT returned the string "nope" where INTEGER was declared']);
    expect(evaluate(fns, 'TOO_BIG()', [], errors)).toBeNull();
    expect(errors[1]!.message).toContain('Numeric field overflow');
  });

  it('turn a throw into null for that record and an error naming the function', () => {
    const fns = registry({
      name: 'STRICT_UPPER',
      description: 'd',
      signatures: [
        {
          params: ['s STRING'],
          returns: 'STRING',
          fn: (s: string) => {
            if (s === '') throw new Error('empty text');
            return s.toUpperCase();
          },
        },
      ],
    });
    const errors: EvaluationError[] = [];
    expect(evaluate(fns, "COALESCE(STRICT_UPPER(''), 'fallback')", [], errors)).toBe('fallback');
    expect(errors.map((e) => e.message)).toEqual(['Error evaluating STRICT_UPPER: empty text']);
  });

  it('get one implementation per call site from create(), with the call site types', () => {
    const seen: unknown[] = [];
    const fns = registry({
      name: 'ROW_NUMBER_OF',
      description: 'd',
      signatures: [
        {
          params: ['x ANY'],
          returns: 'BIGINT',
          create: (call: unknown) => {
            seen.push(call);
            let n = 0;
            return () => ++n;
          },
        },
      ],
    });
    const cols = [{ name: 'D', type: T.decimal(20, 10) }];
    const a = compileExpression(parseExpression('ROW_NUMBER_OF(D)'), scopeOf(cols), fns);
    const b = compileExpression(parseExpression('ROW_NUMBER_OF(D)'), scopeOf(cols), fns);
    expect([a.evaluate([1]), a.evaluate([1]), b.evaluate([1])]).toEqual([1, 2, 1]);
    expect(seen[0]).toEqual({ argTypes: ['DECIMAL(20, 10)'], returnType: 'BIGINT' });
  });

  it('are described with their category, author, version, file and every signature', () => {
    const fns = registry({ ...REPEAT, author: 'me', version: '2.1' });
    const d = fns.describe('REPEAT_TEXT')!;
    expect(d).toMatchObject({ name: 'REPEAT_TEXT', kind: 'SCALAR', category: 'STRING', description: 'Repeats a text.', author: 'me', version: '2.1', path: '/ext/my-udfs.mjs' });
    expect(d.variations.map((v) => `${v.arguments.map((a) => `${a.name} ${a.type}`).join(', ')} -> ${v.returnType}`)).toEqual([
      'text STRING, times INTEGER -> STRING',
      'text STRING, times BIGINT -> STRING',
      'n DOUBLE -> DOUBLE',
    ]);
    expect(registry({ name: 'X', description: 'd', signatures: [{ params: ['STRING'], returns: 'STRING', fn: String }] }).describe('X')).toMatchObject({
      category: 'OTHER',
      author: '',
      variations: [{ arguments: [{ name: 'arg1', type: 'STRING' }] }],
    });
  });

  it.each([
    [{ description: 'd', signatures: [] }, "UDF 1 needs a 'name' made of letters, digits and underscores, not undefined"],
    [{ name: 'F', signatures: [] }, "UDF F needs a 'description' string"],
    [{ name: 'F', description: 'd', category: 'FUN', signatures: [{}] }, "UDF F has category 'FUN'; use one of MATHEMATICAL, STRING"],
    [{ name: 'F', description: 'd', signatures: [] }, "UDF F needs 'signatures': a non-empty array of { params, returns }"],
    [{ name: 'F', description: 'd', signatures: [{ params: ['STRNG'], returns: 'STRING', fn: String }] }, "UDF F signature 1: parameter 1 'STRNG': Bad type pattern 'STRNG': unknown type STRNG"],
    [{ name: 'F', description: 'd', signatures: [{ params: ['...a INT', 'b INT'], returns: 'INT', fn: String }] }, "UDF F signature 1: only the last parameter can repeat ('...')"],
    [{ name: 'F', description: 'd', signatures: [{ params: [], returns: 'DECIMAL(50, 2)', fn: String }] }, 'DECIMAL needs 1 <= precision <= 38'],
    [{ name: 'F', description: 'd', signatures: [{ params: [], returns: 'STRING' }] }, "UDF F signature 1: give the implementation as 'fn' (or 'create')"],
    [{ name: 'F', description: 'd', signatures: [{ params: [], returns: 'STRING', fn: 'x' }] }, "UDF F signature 1: 'fn' must be a function, not string"],
  ])('refuse a malformed definition with a message saying what to write: %#', (spec, message) => {
    expect(() => defineUdf(spec, 0, 'f.mjs')).toThrow(message);
  });

  it('refuse a name a built-in function has', () => {
    const fns = FunctionRegistry.builtins();
    const udf = defineUdf({ name: 'concat', description: 'd', signatures: [{ params: [], returns: 'STRING', fn: () => '' }] }, 0, 'f.mjs');
    expect(() => fns.register(udf)).toThrow(KsqlError);
  });
});
