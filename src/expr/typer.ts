// The type checker: turns an AST expression into a typed tree, resolving columns, lambda
// variables, function overloads and implicit conversions, and rejecting ill-typed expressions
// with ksqlDB's error messages and the expression's position.

import { KsqlError } from '../errors.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { ArgShape } from '../functions/signature.js';
import { castSupported, converter } from '../functions/values/cast.js';
import { literalDecimalType } from '../functions/values/decimal-math.js';
import { EvaluationError } from '../functions/values/errors.js';
import { parseDate, parseTime, parseTimestamp } from '../functions/values/time-values.js';
import type { Expression, FunctionCall, Lambda, TypeNode } from '../sql/ast.js';
import { formatExpression } from '../sql/format.js';
import * as T from '../types/sql-type.js';
import type { SqlType } from '../types/sql-type.js';
import { DecimalContext, normalizeLong } from '../types/values.js';
import { coerceList, convertTo, typeError } from './coercion.js';
import type { Scope } from './scope.js';
import type { Typed } from './typed.js';
import {
  arithmeticType,
  comparisonType,
  operandType,
  requireBoolean,
  requireString,
  typeComparison,
} from './typer-operators.js';

export interface TypeOptions {
  /** Resolves a custom type name (CREATE TYPE) used in a CAST. */
  readonly resolveType?: (name: string) => SqlType | undefined;
}

interface LambdaVar {
  readonly name: string;
  readonly type: SqlType;
  readonly js: string;
}

function withLoc(e: unknown, node: Expression): never {
  if (e instanceof KsqlError && e.loc === undefined) throw new KsqlError(e.code, e.message, node.loc);
  throw e;
}

export class Typer {
  private vars: LambdaVar[] = [];
  private varCount = 0;

  constructor(
    private readonly scope: Scope,
    private readonly fns: FunctionRegistry,
    private readonly options: TypeOptions = {},
  ) {}

  type(e: Expression): Typed {
    switch (e.kind) {
      case 'NullLiteral':
        return { k: 'const', type: null, value: null, node: e };
      case 'BooleanLiteral':
        return { k: 'const', type: T.BOOLEAN, value: e.value, node: e };
      case 'StringLiteral':
        return { k: 'const', type: T.STRING, value: e.value, node: e };
      case 'NumericLiteral':
        return this.numeric(e);
      case 'TypedLiteral':
        return this.typedLiteral(e);
      case 'ColumnRef': {
        if (e.source === undefined) {
          for (let i = this.vars.length - 1; i >= 0; i--) {
            const v = this.vars[i]!;
            if (v.name === e.name) return { k: 'var', type: v.type, js: v.js, node: e };
          }
        }
        try {
          const info = this.scope.resolve(e);
          return { k: 'column', type: info.type, index: info.index, node: e };
        } catch (err) {
          return withLoc(err, e);
        }
      }
      case 'Dereference': {
        const base = this.type(e.base);
        if (base.type === null || base.type.kind !== 'STRUCT') {
          throw typeError(`Expected STRUCT type for dereference of ${formatExpression(e.base)}, got ${base.type === null ? 'null' : T.formatType(base.type)}`, e);
        }
        const field = base.type.fields.find((f) => f.name === e.field);
        if (field === undefined) throw typeError(`Could not find field '${e.field}' in ${T.formatType(base.type)}.`, e);
        return { k: 'deref', type: field.type, base, field: e.field, node: e };
      }
      case 'Subscript':
        return this.subscript(e);
      case 'FunctionCall':
        return this.call(e);
      case 'Lambda':
        throw typeError(`A lambda can only be an argument of a function such as TRANSFORM: ${formatExpression(e)}`, e);
      case 'IntervalUnit':
        throw typeError(`A time unit can only be an argument of a function such as TIMESTAMPADD: ${e.unit}`, e);
      case 'Arithmetic': {
        const left = this.type(e.left);
        const right = this.type(e.right);
        const type = arithmeticType(e, e.op, left.type, right.type);
        return {
          k: 'arith',
          op: e.op,
          type,
          left: convertTo(left, operandType(type, left.type!)),
          right: convertTo(right, operandType(type, right.type!)),
          node: e,
        };
      }
      case 'Unary': {
        const operand = this.type(e.operand);
        if (operand.type === null || T.isNumeric(operand.type) === false) {
          throw typeError(`Error processing expression: ${formatExpression(e)}. Unsupported arithmetic types. ${operand.type === null ? 'null' : operand.type.kind}`, e);
        }
        return e.op === '+' ? operand : { k: 'neg', type: operand.type, operand, node: e };
      }
      case 'Comparison':
        return typeComparison(e, this.type(e.left), this.type(e.right));
      case 'Logical':
        return {
          k: 'logical',
          op: e.op,
          left: requireBoolean(this.type(e.left), `The operands of ${e.op}`),
          right: requireBoolean(this.type(e.right), `The operands of ${e.op}`),
          type: T.BOOLEAN,
          node: e,
        };
      case 'Not':
        return { k: 'not', operand: requireBoolean(this.type(e.operand), 'The operand of NOT'), type: T.BOOLEAN, node: e };
      case 'IsNull':
        return { k: 'isNull', value: this.type(e.value), negated: e.negated, type: T.BOOLEAN, node: e };
      case 'Like':
        return {
          k: 'like',
          value: requireString(this.type(e.value), e),
          pattern: requireString(this.type(e.pattern), e),
          escape: e.escape,
          negated: e.negated,
          type: T.BOOLEAN,
          node: e,
        };
      case 'Between':
        return this.between(e);
      case 'InList': {
        const c = coerceList([this.type(e.value), ...e.list.map((x) => this.type(x))]);
        const [value, ...items] = c.items;
        if (c.type === undefined) return { k: 'const', type: T.BOOLEAN, value: false, node: e };
        return { k: 'in', cmpType: c.type, value: value!, items, negated: e.negated, type: T.BOOLEAN, node: e };
      }
      case 'SearchedCase':
        return this.searchedCase(e);
      case 'SimpleCase':
        return this.simpleCase(e);
      case 'Cast':
        return this.cast(e);
      case 'ArrayConstructor': {
        if (e.items.length === 0) {
          throw typeError('Array constructor cannot be empty. Please supply at least one element (see https://github.com/confluentinc/ksql/issues/4239).', e);
        }
        const c = coerceList(e.items.map((x) => this.type(x)));
        if (c.type === undefined) {
          throw typeError(
            'Cannot construct an array with all NULL elements (see https://github.com/confluentinc/ksql/issues/4239). As a workaround, you may cast a NULL value to the desired type.',
            e,
          );
        }
        return { k: 'array', type: T.array(c.type), items: c.items, node: e };
      }
      case 'MapConstructor': {
        if (e.entries.length === 0) {
          throw typeError(
            'Map constructor cannot be empty. Please supply at least one key value pair (see https://github.com/confluentinc/ksql/issues/4239).',
            e,
          );
        }
        const keys = coerceList(e.entries.map((x) => this.type(x.key)));
        const values = coerceList(e.entries.map((x) => this.type(x.value)));
        if (keys.type === undefined) throw typeError('Cannot construct a map with all NULL keys', e);
        if (values.type === undefined) throw typeError('Cannot construct a map with all NULL values', e);
        const entries = keys.items.map((key, i) => ({ key, value: values.items[i]! }));
        return { k: 'map', type: T.map(keys.type, values.type), entries, node: e };
      }
      case 'StructConstructor': {
        const names = new Set<string>();
        const fields = e.fields.map((f) => {
          if (names.has(f.name)) throw typeError('Duplicate field names found in STRUCT', e);
          names.add(f.name);
          const value = this.type(f.value);
          if (value.type === null) {
            throw typeError(`Can't infer a type of null for field ${f.name}. Please explicitly cast it to a required type, e.g. CAST(null AS VARCHAR).`, f.value);
          }
          return { name: f.name, value };
        });
        const type = T.struct(fields.map((f) => ({ name: f.name, type: f.value.type! })));
        return { k: 'struct', type, fields, node: e };
      }
    }
  }

  private numeric(e: Expression & { kind: 'NumericLiteral' }): Typed {
    switch (e.type) {
      case 'INTEGER':
        return { k: 'const', type: T.INTEGER, value: Number(e.text) + 0, node: e };
      case 'BIGINT': {
        const n = BigInt(e.text);
        if (n > 9223372036854775807n || n < -9223372036854775808n) throw typeError(`Invalid numeric literal: ${e.text}`, e);
        return { k: 'const', type: T.BIGINT, value: normalizeLong(n), node: e };
      }
      case 'DOUBLE':
        return { k: 'const', type: T.DOUBLE, value: Number(e.text), node: e };
      case 'DECIMAL': {
        const { precision, scale } = literalDecimalType(e.text);
        return { k: 'const', type: T.decimal(precision, scale), value: new DecimalContext(e.text), node: e };
      }
    }
  }

  private typedLiteral(e: Expression & { kind: 'TypedLiteral' }): Typed {
    try {
      switch (e.type) {
        case 'DATE':
          return { k: 'const', type: T.DATE, value: parseDate(e.value), node: e };
        case 'TIME':
          return { k: 'const', type: T.TIME, value: parseTime(e.value), node: e };
        case 'TIMESTAMP':
          return { k: 'const', type: T.TIMESTAMP, value: parseTimestamp(e.value), node: e };
      }
    } catch (err) {
      if (err instanceof EvaluationError) throw typeError(err.message, e);
      throw err;
    }
  }

  private subscript(e: Expression & { kind: 'Subscript' }): Typed {
    const base = this.type(e.base);
    const index = this.type(e.index);
    const bt = base.type;
    if (bt !== null && bt.kind === 'ARRAY') {
      if (index.type !== null && index.type.kind !== 'INTEGER' && index.type.kind !== 'BIGINT') {
        throw typeError(`Array index must be INTEGER, but ${formatExpression(e.index)} is ${T.formatType(index.type)}.`, e.index);
      }
      return { k: 'subscript', type: bt.item, base, index: convertTo(index, T.INTEGER), map: false, node: e };
    }
    if (bt !== null && bt.kind === 'MAP') {
      if (index.type !== null && comparisonType(bt.key, index.type, '=') === undefined) {
        throw typeError(`Map key must be ${T.formatType(bt.key)}, but ${formatExpression(e.index)} is ${T.formatType(index.type)}.`, e.index);
      }
      let key: Typed;
      try {
        key = convertTo(index, bt.key);
      } catch (err) {
        return withLoc(err, e.index);
      }
      return { k: 'subscript', type: bt.value, base, index: key, map: true, node: e };
    }
    throw typeError(`Subscripts apply to arrays and maps, but ${formatExpression(e.base)} is ${bt === null ? 'null' : T.formatType(bt)}.`, e);
  }

  private between(e: Expression & { kind: 'Between' }): Typed {
    const value = this.type(e.value);
    const low = this.type(e.low);
    const high = this.type(e.high);
    const check = (other: Typed, op: '>=' | '<='): SqlType => {
      typeComparison({ kind: 'Comparison', op, left: e.value, right: other.node, loc: e.loc }, value, other);
      return comparisonType(value.type!, other.type!, op)!;
    };
    const t1 = check(low, '>=');
    const t2 = check(high, '<=');
    const cmp = T.typesEqual(t1, t2) ? t1 : (comparisonType(t1, t2, '=') ?? t1);
    return {
      k: 'between',
      cmpType: cmp,
      value: convertTo(value, cmp),
      low: convertTo(low, cmp),
      high: convertTo(high, cmp),
      negated: e.negated,
      type: T.BOOLEAN,
      node: e,
    };
  }

  private results(results: readonly Typed[], node: Expression): { type: SqlType; items: Typed[] } {
    const c = coerceList(results);
    if (c.type === undefined) throw typeError('Invalid Case expression. All case branches have NULL type', node);
    return { type: c.type, items: c.items };
  }

  private searchedCase(e: Expression & { kind: 'SearchedCase' }): Typed {
    const conds = e.whens.map((w) => requireBoolean(this.type(w.when), 'A WHEN condition'));
    const raw = [...e.whens.map((w) => this.type(w.then)), ...(e.else === undefined ? [] : [this.type(e.else)])];
    const { type, items } = this.results(raw, e);
    const whens = conds.map((cond, i) => ({ cond, result: items[i]! }));
    return { k: 'case', type, whens, otherwise: e.else === undefined ? undefined : items[items.length - 1], node: e };
  }

  private simpleCase(e: Expression & { kind: 'SimpleCase' }): Typed {
    const c = coerceList([this.type(e.operand), ...e.whens.map((w) => this.type(w.when))]);
    const [operand, ...values] = c.items;
    const raw = [...e.whens.map((w) => this.type(w.then)), ...(e.else === undefined ? [] : [this.type(e.else)])];
    const { type, items } = this.results(raw, e);
    const whens = values.map((value, i) => ({ value, result: items[i]! }));
    return {
      k: 'simpleCase',
      cmpType: c.type ?? T.BOOLEAN,
      operand: operand!,
      whens,
      otherwise: e.else === undefined ? undefined : items[items.length - 1],
      type,
      node: e,
    };
  }

  resolveTypeNode(t: TypeNode, node: Expression): SqlType {
    switch (t.kind) {
      case 'DECIMAL':
        return T.decimal(t.precision, t.scale);
      case 'ARRAY':
        return T.array(this.resolveTypeNode(t.item, node));
      case 'MAP':
        return T.map(this.resolveTypeNode(t.key, node), this.resolveTypeNode(t.value, node));
      case 'STRUCT':
        return T.struct(t.fields.map((f) => ({ name: f.name, type: this.resolveTypeNode(f.type, node) })));
      case 'NAMED': {
        const r = this.options.resolveType?.(t.name);
        if (r === undefined) throw new KsqlError('TYPE', `Unknown type: ${t.name}`, node.loc);
        return r;
      }
      default:
        return { kind: t.kind };
    }
  }

  private cast(e: Expression & { kind: 'Cast' }): Typed {
    const to = this.resolveTypeNode(e.type, e);
    const expr = this.type(e.expr);
    if (expr.type === null) return { k: 'const', type: to, value: null, node: e };
    if (T.typesEqual(expr.type, to)) return { ...expr, node: e };
    if (!castSupported(expr.type, to)) {
      throw typeError(`Cast of ${T.formatType(expr.type)} to ${T.formatType(to)} is not supported`, e);
    }
    const c = converter(expr.type, to);
    if (c === undefined) return { ...expr, type: to, node: e };
    return { k: 'convert', type: to, from: expr.type, expr, convert: c, node: e };
  }

  private withVars<R>(vars: readonly LambdaVar[], f: () => R): R {
    const saved = this.vars;
    this.vars = [...saved, ...vars];
    try {
      return f();
    } finally {
      this.vars = saved;
    }
  }

  private call(e: FunctionCall): Typed {
    const kind = this.fns.kindOf(e.name);
    if (kind === 'AGGREGATE' || kind === 'TABLE') {
      const f = kind === 'AGGREGATE' ? this.fns.aggregate(e.name)! : this.fns.table(e.name)!;
      const argTypes = e.args.map((a) => this.type(a).type);
      try {
        return { k: 'notScalar', name: e.name, kind, type: f.returnType(argTypes), node: e };
      } catch (err) {
        return withLoc(err, e);
      }
    }
    const lambdas = new Map<number, Map<string, { params: string[]; body: Typed }>>();
    const typedArgs: (Typed | undefined)[] = [];
    const shapes: ArgShape[] = e.args.map((a, i): ArgShape => {
      if (a.kind === 'IntervalUnit') return { kind: 'unit' };
      if (a.kind === 'Lambda') {
        const memo = new Map<string, { params: string[]; body: Typed }>();
        lambdas.set(i, memo);
        return { kind: 'lambda', arity: a.params.length, bodyType: (types) => this.lambdaBody(a, types, memo) };
      }
      const t = this.type(a);
      typedArgs[i] = t;
      return { kind: 'value', type: t.type };
    });
    let resolved;
    try {
      resolved = this.fns.lookupScalar(e.name, shapes);
    } catch (err) {
      // ksqlDB quotes the function name as the statement wrote it.
      if (err instanceof KsqlError && e.written !== undefined && err.code === 'TYPE')
        return withLoc(new KsqlError(err.code, err.message.replace(`Function '${e.name}'`, `Function '${e.written}'`), err.loc), e);
      return withLoc(err, e);
    }
    const args: Typed[] = e.args.map((a, i) => {
      if (a.kind === 'IntervalUnit') return { k: 'const', type: null, value: a.unit, node: a };
      if (a.kind === 'Lambda') {
        const params = resolved.lambdaParams[i]!;
        const entry = lambdas.get(i)!.get(params.map(T.formatType).join(','))!;
        const result = resolved.lambdaResults[i];
        const body = result === undefined ? entry.body : convertTo(entry.body, result);
        return { k: 'lambda', type: null, params: entry.params, body, node: a };
      }
      const t = typedArgs[i]!;
      const to = resolved.paramTypes[i];
      return to === undefined ? t : convertTo(t, to);
    });
    return { k: 'call', type: resolved.returnType, fn: resolved, args, node: e };
  }

  private lambdaBody(a: Lambda, types: readonly SqlType[], memo: Map<string, { params: string[]; body: Typed }>): SqlType {
    const key = types.map(T.formatType).join(',');
    let entry = memo.get(key);
    if (entry === undefined) {
      const vars = a.params.map((name, i) => ({ name, type: types[i]!, js: `v${this.varCount++}` }));
      const body = this.withVars(vars, () => this.type(a.body));
      entry = { params: vars.map((v) => v.js), body };
      memo.set(key, entry);
    }
    if (entry.body.type === null) {
      throw typeError(`Can't infer a type of null in lambda ${formatExpression(a)}. Please cast it to a type.`, a);
    }
    return entry.body.type;
  }
}
