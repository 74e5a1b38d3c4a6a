// The scalar UDFs that ksqlDB's functional tests load from their own classpath (TEST_UDF,
// BAD_UDF, WHENCONDITION, WHENRESULT, TOSTRUCT). Not built in: the QTT runner registers them
// with `registry.register(...)` so the conformance files that call them can run.

import * as T from '../types/sql-type.js';
import type { Struct } from '../types/values.js';
import { scalar } from './builtins/define.js';
import { sig, sigWith } from './signature.js';
import type { ScalarFunction } from './types.js';
import { EvaluationError } from './values/errors.js';

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
