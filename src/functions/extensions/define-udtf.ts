// A JavaScript UDTF as a registry TableFunction: its function returns an array (or any iterable)
// per input row, each element one output row of the declared element type; null gives no rows.

import { KsqlError } from '../../errors.js';
import * as T from '../../types/sql-type.js';
import type { SqlType } from '../../types/sql-type.js';
import { chooseSignature, formatArgShape, formatPattern, formatSignature } from '../signature.js';
import type { ArgShape } from '../signature.js';
import type { ReturnContext, ScalarFunction, TableFunction, TypePattern } from '../types.js';
import { EvaluationError } from '../values/errors.js';
import { docOf } from './checks.js';
import { scalarSignatures } from './define-udf.js';
import { resultConverter, type ResultConverter } from './result-values.js';

/** The rows of one call: an array of converted elements, or null for none. */
function rowsConverter(returnType: SqlType, name: string): ResultConverter {
  const item = resultConverter(returnType.kind === 'ARRAY' ? returnType.item : returnType, name);
  return (v) => {
    if (v == null) return null;
    if (Array.isArray(v)) return v.map(item);
    if (typeof v === 'object' && typeof (v as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function') return Array.from(v as Iterable<unknown>, item);
    throw new EvaluationError(`${name} returned ${typeof v} where an array of rows was expected`);
  };
}

function rowsOf(r: TypePattern | ((ctx: ReturnContext) => SqlType)): TypePattern | ((ctx: ReturnContext) => SqlType) {
  return typeof r === 'function' ? (ctx) => T.array(r(ctx)) : { p: 'array', item: r };
}

/** The registry descriptor of the `index`-th UDTF of the extension file at `path`. */
export function defineUdtf(spec: unknown, index: number, path: string): TableFunction {
  const { doc, spec: s } = docOf(spec, 'UDTF', index, 'TABLE', path);
  const signatures = scalarSignatures(doc, s, 'UDTF', rowsConverter, rowsOf);
  const produces: ScalarFunction = { kind: 'SCALAR', ...doc, signatures };
  return {
    kind: 'TABLE',
    ...doc,
    produces,
    returnType: (argTypes) => {
      const args = argTypes.map((t): ArgShape => ({ kind: 'value', type: t }));
      const m = chooseSignature(signatures, args);
      if (m === undefined) {
        const alternatives = signatures.map((x) => formatSignature(doc.name, x)).join('\n');
        throw new KsqlError('TYPE', `Function '${doc.name}' does not accept parameters (${args.map(formatArgShape).join(', ')}).\nValid alternatives are:\n${alternatives}`);
      }
      const rows = m.returnType;
      return rows.kind === 'ARRAY' ? rows.item : rows;
    },
    variations: signatures.map((x) => {
      const args = x.params.map((p, i) => `${p.name} ${formatPattern(p.pattern)}${x.variadic && i === x.params.length - 1 ? '[]' : ''}`).join(', ');
      const returns = typeof x.returns === 'function' ? 'depends on the arguments' : formatPattern(x.returns.p === 'array' ? x.returns.item : x.returns);
      return { args, returns, ...(x.description === undefined ? {} : { description: x.description }) };
    }),
  };
}
