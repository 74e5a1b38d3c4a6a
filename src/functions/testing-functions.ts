// The UDFs and UDAFs that ksqlDB's functional tests load from their own classpath (TEST_UDF,
// BAD_UDF, WHENCONDITION, WHENRESULT, TOSTRUCT; TEST_UDAF, MULTI_ARG, VAR_ARG, ...). Not built
// in: the QTT runner registers them with `registry.register(...)` so the conformance files run.

import * as T from '../types/sql-type.js';
import type { Struct } from '../types/values.js';
import { defineAggregate, type UdafCore } from './aggregates/define.js';
import { scalar } from './builtins/define.js';
import { sig, sigWith } from './signature.js';
import type { AggregateFunction, ScalarFunction } from './types.js';
import { EvaluationError } from './values/errors.js';
import { type Long, longAdd, longSub } from './values/long-math.js';

const STRUCT_A = T.struct([{ name: 'A', type: T.STRING }]);

function lazyCheck<V>(value: V, shouldBeEvaluated: boolean): V {
  if (!shouldBeEvaluated) throw new EvaluationError('This branch of the CASE should not have been evaluated');
  return value;
}

export function testingFunctions(): ScalarFunction[] {
  return [
    scalar('TEST_UDF', 'OTHER', 'ksqlDB test UDF: reports which overload was chosen.', [
      sig('a INTEGER, b STRING', 'STRING', () => 'doStuffIntString', { nulls: 'pass' }),
      sig('a BIGINT, b STRING', 'STRING', () => 'doStuffLongString', { nulls: 'pass' }),
      sig('a BIGINT, b BIGINT, c STRING', 'STRING', () => 'doStuffLongLongString', { nulls: 'pass' }),
      sig('...longs BIGINT', 'STRING', () => 'doStuffLongVarargs', { nulls: 'pass' }),
      sig('s STRUCT', 'STRING', (s: Struct) => (s.A as string | null) ?? null),
      sig('', () => STRUCT_A, () => ({ A: 'foo' })),
    ]),
    scalar('BAD_UDF', 'OTHER', 'ksqlDB test UDF that throws: always for INTEGER, every other call for STRING, when asked for BOOLEAN.', [
      sig('arg INTEGER', 'INTEGER', () => {
        throw new EvaluationError('boom!');
      }),
      sigWith('arg STRING', 'STRING', () => {
        let calls = 0;
        return (s: unknown) => {
          if (calls++ % 2 === 0) throw new EvaluationError('boom!');
          return s;
        };
      }),
      sig('shouldThrow BOOLEAN', 'INTEGER', (shouldThrow: boolean) => {
        if (shouldThrow) throw new EvaluationError('boom!');
        return 0;
      }),
    ]),
    scalar('WHENCONDITION', 'OTHER', 'ksqlDB test UDF: returns its value, failing if it should not have been evaluated.', [
      sig('retValue BOOLEAN, shouldBeEvaluated BOOLEAN', 'BOOLEAN', lazyCheck),
    ]),
    scalar('WHENRESULT', 'OTHER', 'ksqlDB test UDF: returns its value, failing if it should not have been evaluated.', [
      sig('retValue INTEGER, shouldBeEvaluated BOOLEAN', 'INTEGER', lazyCheck),
    ]),
    scalar('TOSTRUCT', 'OTHER', 'ksqlDB test UDF: wraps a string in STRUCT<A STRING>.', [
      sig('a STRING', () => STRUCT_A, (a: string) => ({ A: a })),
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Test UDAFs. Their results show which arguments reached them: the multi-argument ones add
// numbers and string lengths, starting from a value built from their literal initial arguments.

/** A running BIGINT total; `measure` turns one row's column values into the amount to add. */
function total(initial: Long, measure: (args: readonly unknown[]) => Long, undoable: boolean): UdafCore<Long> {
  const core: UdafCore<Long> = {
    init: () => initial,
    add: (s, args) => longAdd(s, measure(args)),
    merge: (a, b) => longAdd(a, b),
    result: (s) => s,
  };
  return undoable ? { ...core, undo: (s, args) => longSub(s, measure(args)) } : core;
}

const len = (v: unknown): number => (typeof v === 'string' ? v.length : 0);
const num = (v: unknown): Long => (typeof v === 'number' || typeof v === 'bigint' ? v : 0);
/** The sum of the lengths of every argument from `from` on. */
const lengthsFrom =
  (from: number) =>
  (args: readonly unknown[]): number => {
    let n = 0;
    for (let i = from; i < args.length; i++) n += len(args[i]);
    return n;
  };
/** Initial value of the multi-argument UDAFs: the integer plus the lengths of the strings. */
const initialFrom = (init: readonly unknown[]): number => (init[0] as number) + lengthsFrom(1)(init);

const STRUCT_AB = T.struct([
  { name: 'A', type: T.INTEGER },
  { name: 'B', type: T.INTEGER },
]);

const structSum: UdafCore<Struct> = {
  init: () => ({ A: 0, B: 0 }),
  add: (s, args) => {
    const v = args[0] as Struct | null;
    if (v === null) return s;
    return { A: ((s.A as number) + ((v.A as number | null) ?? 0)) | 0, B: ((s.B as number) + ((v.B as number | null) ?? 0)) | 0 };
  },
  merge: (a, b) => ({ A: ((a.A as number) + (b.A as number)) | 0, B: ((a.B as number) + (b.B as number)) | 0 }),
  result: (s) => ({ ...s }),
};

export function testingAggregates(): AggregateFunction[] {
  const first = (args: readonly unknown[]): Long => num(args[0]);
  return [
    defineAggregate({
      name: 'TEST_UDAF',
      description: 'ksqlDB test UDAF: sums numbers, string lengths, or the fields of STRUCT<A INT, B INT>.',
      overloads: [
        { cols: 'val BIGINT', returns: 'BIGINT', intermediate: 'BIGINT', make: () => total(0, first, true) },
        { cols: 'val INTEGER', returns: 'BIGINT', intermediate: 'BIGINT', make: () => total(0, first, true) },
        {
          cols: 'val DOUBLE',
          returns: 'DOUBLE',
          intermediate: 'DOUBLE',
          make: (): UdafCore<number> => ({
            init: () => 0,
            add: (s, args) => s + ((args[0] as number | null) ?? 0),
            merge: (a, b) => a + b,
            result: (s) => s,
          }),
        },
        {
          cols: 'val STRING',
          init: 'initial STRING',
          returns: 'BIGINT',
          intermediate: 'BIGINT',
          make: (ctx) => total(len(ctx.init[0]), (args) => len(args[0]), false),
        },
        {
          cols: [{ name: 'val', pattern: { p: 'type', type: STRUCT_AB } }],
          returns: () => STRUCT_AB,
          intermediate: () => STRUCT_AB,
          returnsText: 'STRUCT<A INTEGER, B INTEGER>',
          make: () => structSum,
        },
      ],
    }),
    multiArg('MULTI_ARG', 'first BIGINT, second STRING'),
    multiArg('FOUR_ARG', 'first BIGINT, second STRING, third STRING, fourth STRING'),
    multiArg('FIVE_ARG', 'first BIGINT, second STRING, third STRING, fourth STRING, fifth INTEGER'),
    defineAggregate({
      name: 'VAR_ARG',
      description: 'ksqlDB test UDAF: sums a BIGINT column and the lengths of any number of string columns.',
      overloads: [
        {
          cols: 'first BIGINT, ...rest STRING',
          returns: 'BIGINT',
          intermediate: 'BIGINT',
          make: () => total(0, (args) => longAdd(num(args[0]), lengthsFrom(1)(args)), false),
        },
      ],
    }),
    defineAggregate({
      name: 'MID_VAR_ARG',
      description: 'ksqlDB test UDAF: VAR_ARG followed by two literal integers that start the total.',
      overloads: [
        {
          cols: 'first BIGINT, ...rest STRING',
          init: 'a INTEGER, b INTEGER',
          returns: 'BIGINT',
          intermediate: 'BIGINT',
          make: (ctx) => total((ctx.init[0] as number) + (ctx.init[1] as number), (args) => longAdd(num(args[0]), lengthsFrom(1)(args)), false),
        },
      ],
    }),
    defineAggregate({
      name: 'OBJ_COL_ARG',
      description: 'ksqlDB test UDAF: collects the first column of the rows where no argument is null.',
      overloads: [
        {
          cols: 'first INTEGER, ...rest ANY',
          returns: 'ARRAY<INTEGER>',
          intermediate: 'ARRAY<INTEGER>',
          make: (): UdafCore<unknown[]> => ({
            init: () => [],
            add: (s, args) => {
              if (!args.includes(null)) s.push(args[0]);
              return s;
            },
            merge: (a, b) => [...a, ...b],
            result: (s) => s.slice(),
          }),
        },
      ],
    }),
  ];
}

/** A test UDAF over fixed columns, started by a literal integer plus literal strings. */
function multiArg(name: string, cols: string): AggregateFunction {
  return defineAggregate({
    name,
    description: 'ksqlDB test UDAF: sums its numeric columns and the lengths of its string columns.',
    overloads: [
      {
        cols,
        init: 'initial INTEGER, ...more STRING',
        returns: 'BIGINT',
        intermediate: 'BIGINT',
        make: (ctx) =>
          total(
            initialFrom(ctx.init),
            (args) => {
              let n: Long = 0;
              for (const v of args) n = longAdd(n, typeof v === 'string' ? v.length : num(v));
              return n;
            },
            false,
          ),
      },
    ],
  });
}
