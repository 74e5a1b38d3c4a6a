import { describe, expect, it } from 'vitest';
import { compileExpression, type EvaluationError } from '../../../src/expr/index.js';
import { defineUdtf } from '../../../src/functions/extensions/define-udtf.js';
import { FunctionRegistry } from '../../../src/functions/registry.js';
import { parseExpression } from '../../../src/sql/parse.js';
import * as T from '../../../src/types/sql-type.js';
import type { Decimal } from '../../../src/types/values.js';
import { scopeOf } from '../../expr/helpers.js';
import { registryWith, SAMPLES_EXT } from './helpers.js';

const samples = registryWith(SAMPLES_EXT);
const cols = [{ name: 'TITLE', type: T.STRING }];

/** The rows one call produces, as the FlatMap operator computes them. */
function rows(fns: FunctionRegistry, sql: string, row: unknown[], errors: EvaluationError[] = []): unknown {
  const c = compileExpression(parseExpression(sql), scopeOf(cols), fns.tableFunctionsAsScalars(), { onError: (e) => errors.push(e) });
  return c.evaluate(row);
}

describe('JavaScript UDTFs', () => {
  it('produce one row per element of the array the function returns', () => {
    expect(rows(samples, 'WORDS(TITLE)', ['Great little lamp'])).toEqual(['Great', 'little', 'lamp']);
    expect(rows(samples, 'WORDS(TITLE, 5)', ['Great little lamp'])).toEqual(['Great', 'little']);
  });

  it('type a call by the element type of the chosen signature', () => {
    const f = samples.table('WORDS')!;
    expect(f.returnType([T.STRING])).toEqual(T.STRING);
    expect(() => f.returnType([T.INTEGER])).toThrow("Function 'WORDS' does not accept parameters (INTEGER).");
  });

  it('accept any iterable and convert each element; null gives no rows', () => {
    const fns = FunctionRegistry.builtins();
    fns.register(
      defineUdtf(
        {
          name: 'DIGITS',
          description: 'd',
          signatures: [{ params: ['s STRING'], returns: 'DECIMAL(3, 1)', fn: (s: string) => (s === '' ? null : new Set(s.split(''))) }],
        },
        0,
        'f.mjs',
      ),
    );
    // A Set of the characters; each becomes a DECIMAL(3, 1).
    expect((rows(fns, 'DIGITS(TITLE)', ['121']) as Decimal[]).map((d) => d.toFixed(1))).toEqual(['1.0', '2.0']);
    expect(rows(fns, 'DIGITS(TITLE)', [''])).toBeNull();
  });

  it('turn a throw into no rows for that record and an error naming the function', () => {
    const fns = FunctionRegistry.builtins();
    fns.register(
      defineUdtf(
        {
          name: 'FUSSY',
          description: 'd',
          signatures: [
            {
              params: ['s STRING'],
              returns: 'STRING',
              fn: (s: string) => {
                if (s === 'bad') throw new Error('cannot split bad');
                return [s];
              },
            },
          ],
        },
        0,
        'f.mjs',
      ),
    );
    const errors: EvaluationError[] = [];
    expect(rows(fns, 'FUSSY(TITLE)', ['bad'], errors)).toBeNull();
    expect(rows(fns, 'FUSSY(TITLE)', ['ok'], errors)).toEqual(['ok']);
    expect(errors.map((e) => e.message)).toEqual(['Error evaluating FUSSY: cannot split bad']);
  });

  it('are described as table functions with the element type', () => {
    expect(samples.describe('WORDS')).toMatchObject({
      kind: 'TABLE',
      category: 'TABLE',
      variations: [
        { arguments: [{ name: 'text', type: 'STRING' }], returnType: 'STRING' },
        { arguments: [{ name: 'text', type: 'STRING' }, { name: 'minLength', type: 'INTEGER' }], returnType: 'STRING' },
      ],
    });
  });
});
