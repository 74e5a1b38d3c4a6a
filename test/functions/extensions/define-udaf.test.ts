import { describe, expect, it } from 'vitest';
import { defineUdaf } from '../../../src/functions/extensions/define-udaf.js';
import * as T from '../../../src/types/sql-type.js';
import { fold } from '../aggregates/helpers.js';
import { registryWith, SAMPLES_EXT } from './helpers.js';

const samples = registryWith(SAMPLES_EXT);

describe('JavaScript UDAFs', () => {
  it('fold each row with add, spread over the column values, and give result', () => {
    const u = samples.aggregate('WEIGHTED_AVG')!.resolve([T.DOUBLE, T.DOUBLE], []);
    expect(u.returnType).toEqual(T.DOUBLE);
    expect(u.intermediateType).toEqual(T.struct([{ name: 'SUM', type: T.DOUBLE }, { name: 'WEIGHT', type: T.DOUBLE }]));
    expect(fold(u, [[5, 11], [2, 2], [null, 4]]).results).toEqual([5, 59 / 13, 59 / 13]);
  });

  it('take a table row out with undo, and combine two states with merge', () => {
    const u = samples.aggregate('WEIGHTED_AVG')!.resolve([T.DOUBLE, T.DOUBLE], []);
    const { state } = fold(u, [[4, 1], [2, 1]]);
    expect(u.result(u.undo!(state, [2, 1]))).toBe(4);
    const other = fold(u, [[10, 2]]).state;
    expect(u.result(u.merge(u.init(), other))).toBe(10);
  });

  it('are type-checked like built-in aggregates: INT columns widen to the DOUBLE parameters', () => {
    const f = samples.aggregate('WEIGHTED_AVG')!;
    expect(f.returnType([T.INTEGER, T.INTEGER])).toEqual(T.DOUBLE);
    expect(fold(f.resolve([T.INTEGER, T.BIGINT], []), [[3, 2n ** 60n]]).results).toEqual([3]);
    expect(() => f.returnType([T.STRING, T.DOUBLE])).toThrow("Function 'WEIGHTED_AVG' does not accept parameters (STRING, DOUBLE).");
  });

  it('get their literal arguments in init, and refuse a column where a literal is due', () => {
    const f = defineUdaf(
      {
        name: 'SUM_FROM',
        description: 'Sums a column, starting from a literal.',
        signatures: [{ params: ['val BIGINT'], literals: ['start BIGINT'], returns: 'BIGINT' }],
        init: (start: number) => start,
        add: (s: number, v: number | null) => s + (v ?? 0),
      },
      0,
      'f.mjs',
    );
    const u = f.resolve([T.INTEGER, T.INTEGER], [undefined, 100]);
    expect(u.valueArgs).toEqual([0]);
    expect(fold(u, [[1], [2]]).results).toEqual([101, 103]);
    expect(() => f.resolve([T.INTEGER, T.INTEGER], [undefined, undefined], { argTexts: ['X', 'Y'] })).toThrow(
      "Parameter 2 passed to function SUM_FROM must be a literal constant, but was expression: 'Y'",
    );
  });

  it('give results converted to the declared type, fresh each time', () => {
    const f = defineUdaf(
      {
        name: 'LIST_OF',
        description: 'Collects the values.',
        signatures: [{ params: ['val T'], returns: 'ARRAY<T>' }],
        init: () => [],
        add: (s: unknown[], v: unknown) => (s.push(v), s),
      },
      0,
      'f.mjs',
    );
    const u = f.resolve([T.STRING], []);
    let s = u.add(u.init(), ['a']);
    const first = u.result(s);
    s = u.add(s, ['b']);
    expect([first, u.result(s)]).toEqual([['a'], ['a', 'b']]);
    expect(u.undo).toBeUndefined();
  });

  it('without a merge function, fail only when a merge is asked for', () => {
    const f = defineUdaf({ name: 'NO_MERGE', description: 'd', signatures: [{ params: ['v INT'], returns: 'INT' }], init: () => 0, add: (s: number) => s }, 0, 'f.mjs');
    const u = f.resolve([T.INTEGER], []);
    expect(() => u.merge(0, 0)).toThrow("NO_MERGE cannot merge two states (session windows need it): give it a 'merge' function");
  });

  it('refuse a definition without init or add', () => {
    expect(() => defineUdaf({ name: 'F', description: 'd', signatures: [{ params: ['v INT'], returns: 'INT' }], add: () => 0 }, 0, 'f.mjs')).toThrow(
      "UDAF F signature 1: give at least 'init' and 'add' (or 'create' returning them)",
    );
  });

  it('are described as aggregates with their file', () => {
    expect(samples.describe('WEIGHTED_AVG')).toMatchObject({
      kind: 'AGGREGATE',
      category: 'AGGREGATE',
      path: expect.stringMatching(/samples\/extensions\/weighted-avg\.cjs$/) as unknown,
      variations: [{ arguments: [{ name: 'value', type: 'DOUBLE' }, { name: 'weight', type: 'DOUBLE' }], returnType: 'DOUBLE' }],
    });
  });
});
