// Code generation: a typed expression becomes the source of one JavaScript function over a row
// (statements on temporaries, short-circuit and lazy branches kept), compiled once with
// `new Function`. Constants (functions, decimals, regexes) are bound as closure variables.

import { KsqlError } from '../errors.js';
import type { ScalarImpl } from '../functions/types.js';
import { type EvaluationError, toEvaluationError } from '../functions/values/errors.js';
import { valueKey } from '../functions/values/compare.js';
import type { SqlType } from '../types/sql-type.js';
import { likeToRegex, RUNTIME } from './runtime.js';
import type { Typed } from './typed.js';

export type ErrorSink = (error: EvaluationError) => void;

const PLAIN_EQ = new Set<SqlType['kind']>(['INTEGER', 'BIGINT', 'DOUBLE', 'STRING', 'BOOLEAN', 'DATE', 'TIME', 'TIMESTAMP']);
const PLAIN_KEYS = new Set<SqlType['kind']>(['INTEGER', 'BIGINT', 'DOUBLE', 'STRING', 'BOOLEAN', 'DATE', 'TIME', 'TIMESTAMP']);

class Block {
  readonly lines: string[] = [];
  push(line: string): void {
    this.lines.push(line);
  }
}

export class CodeGen {
  private readonly consts: unknown[] = [];
  private readonly decls: string[] = [];
  private temps: string[][] = [[]];
  private count = 0;

  constructor(private readonly onError: ErrorSink | undefined) {}

  constant(v: unknown): string {
    this.consts.push(v);
    return `k${this.consts.length - 1}`;
  }

  private temp(): string {
    const t = `t${this.count++}`;
    this.temps[this.temps.length - 1]!.push(t);
    return t;
  }

  private literal(v: unknown): string {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? String(v) : this.constant(v);
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'bigint') return `${v}n`;
    return this.constant(v);
  }

  /** Compiles the typed tree into a function of the row, returned with its source. */
  compile(root: Typed): { fn: (row: readonly unknown[]) => unknown; source: string } {
    const body = new Block();
    const result = this.emit(root, body);
    const source = this.functionSource('evaluate', [...body.lines, `return ${result};`]);
    return { fn: this.instantiate<(row: readonly unknown[]) => unknown>(source, []), source };
  }

  /**
   * Compiles several trees into one function of the row returning their values in an array (a
   * projection): one call per record instead of one per expression. An expression that throws
   * yields what `fail(i, error)` returns, and the others are still evaluated.
   */
  compileAll(
    roots: readonly Typed[],
    fail: (index: number, error: unknown) => unknown,
  ): { fn: (row: readonly unknown[]) => unknown[]; source: string } {
    const lines: string[] = [];
    const results = roots.map((_, i) => `r${i}`);
    if (results.length > 0) lines.push(`let ${results.join(', ')};`);
    roots.forEach((root, i) => {
      const body = new Block();
      const result = this.emit(root, body);
      lines.push('try {', ...body.lines, `r${i} = ${result};`, `} catch (e) { r${i} = fail(${i}, e); }`);
    });
    lines.push(`return [${results.join(', ')}];`);
    const source = this.functionSource('project', lines);
    return { fn: this.instantiate<(row: readonly unknown[]) => unknown[]>(source, [fail]), source };
  }

  /** The factory's source: constants and helpers bound once, then the per-row function. */
  private functionSource(name: string, body: readonly string[]): string {
    const temps = this.temps[0]!;
    return [
      '"use strict";',
      ...this.consts.map((_, i) => `const k${i} = K[${i}];`),
      `const { ${Object.keys(RUNTIME).join(', ')} } = H;`,
      'const fail = X[0];',
      ...this.decls,
      `return function ${name}(row) {`,
      temps.length > 0 ? `let ${temps.join(', ')};` : '',
      ...body,
      '};',
    ].join('\n');
  }

  private instantiate<F>(source: string, extra: readonly unknown[]): F {
    const factory = new Function('K', 'H', 'X', source) as (k: unknown[], h: typeof RUNTIME, x: readonly unknown[]) => F;
    return factory(this.consts, RUNTIME, extra);
  }

  private assign(b: Block, expr: string): string {
    const t = this.temp();
    b.push(`${t} = ${expr};`);
    return t;
  }

  private isNonNullLiteral(t: Typed): boolean {
    return t.k === 'const' && t.value !== null;
  }

  private nullTest(parts: readonly (readonly [string, Typed])[]): string {
    return parts.filter(([, t]) => !this.isNonNullLiteral(t)).map(([v]) => `${v} === null`).join(' || ');
  }

  emit(t: Typed, b: Block): string {
    switch (t.k) {
      case 'const':
        return this.literal(t.value);
      case 'column':
        return this.assign(b, `row[${t.index}] ?? null`);
      case 'var':
        return t.js;
      case 'convert': {
        const x = this.emit(t.expr, b);
        return this.assign(b, `${x} === null ? null : ${this.constant(t.convert)}(${x})`);
      }
      case 'deref': {
        const x = this.emit(t.base, b);
        return this.assign(b, `${x} === null ? null : (${x}[${JSON.stringify(t.field)}] ?? null)`);
      }
      case 'subscript': {
        const x = this.emit(t.base, b);
        const i = this.emit(t.index, b);
        const mapType = t.base.type;
        let access: string;
        if (!t.map) access = `arrayAt(${x}, ${i})`;
        else if (mapType !== null && mapType.kind === 'MAP' && !PLAIN_KEYS.has(mapType.key.kind)) {
          access = `mapGetByValue(${x}, ${i}, ${this.constant(mapType.key)})`;
        } else access = `mapGet(${x}, ${i})`;
        return this.assign(b, `(${x} === null || ${i} === null) ? null : ${access}`);
      }
      case 'call':
        return this.call(t, b);
      case 'lambda':
        return this.lambda(t);
      case 'arith':
        return this.arith(t, b);
      case 'neg': {
        const x = this.emit(t.operand, b);
        const type = t.type!;
        const neg =
          type.kind === 'INTEGER' ? `(-${x}) | 0` : type.kind === 'BIGINT' ? `longNeg(${x})` : type.kind === 'DECIMAL' ? `${x}.neg()` : `-${x}`;
        return this.assign(b, `${x} === null ? nullArith('-') : ${neg}`);
      }
      case 'compare':
        return this.compare(t, b);
      case 'logical':
        return this.logical(t, b);
      case 'not': {
        const x = this.emit(t.operand, b);
        return this.assign(b, `${x} === null ? null : !${x}`);
      }
      case 'isNull': {
        const x = this.emit(t.value, b);
        return `(${x} ${t.negated ? '!==' : '==='} null)`;
      }
      case 'between': {
        const v = this.emit(t.value, b);
        const lo = this.emit(t.low, b);
        const hi = this.emit(t.high, b);
        const test = this.nullTest([[v, t.value], [lo, t.low], [hi, t.high]]);
        const inside = `(${this.order('>=', t.cmpType, v, lo)} && ${this.order('<=', t.cmpType, v, hi)})`;
        const expr = test === '' ? inside : `(${test}) ? false : ${inside}`;
        return this.assign(b, t.negated ? `!(${expr})` : expr);
      }
      case 'in':
        return this.inList(t, b);
      case 'like': {
        const v = this.emit(t.value, b);
        let match: string;
        let test = this.nullTest([[v, t.value]]);
        if (t.pattern.k === 'const' && t.pattern.value !== null) {
          match = `${this.constant(likeToRegex(t.pattern.value as string, t.escape))}.test(${v})`;
        } else {
          const p = this.emit(t.pattern, b);
          match = `likeMatch(${v}, ${p}, ${this.literal(t.escape ?? null)} ?? undefined)`;
          test = this.nullTest([[v, t.value], [p, t.pattern]]);
        }
        const m = t.negated ? `!${match}` : match;
        return this.assign(b, test === '' ? m : `(${test}) ? null : ${m}`);
      }
      case 'case':
        return this.searchedCase(t, b);
      case 'simpleCase':
        return this.simpleCase(t, b);
      case 'array':
        return this.assign(b, `[${t.items.map((x) => this.emit(x, b)).join(', ')}]`);
      case 'map': {
        const parts = t.entries.map((e) => [this.emit(e.key, b), this.emit(e.value, b)] as const);
        const m = this.assign(b, 'new Map()');
        for (const [k, v] of parts) b.push(`${m}.set(${k}, ${v});`);
        return m;
      }
      case 'struct': {
        const parts = t.fields.map((f) => `[${JSON.stringify(f.name)}]: ${this.emit(f.value, b)}`);
        return this.assign(b, `{ ${parts.join(', ')} }`);
      }
      case 'notScalar':
        throw new KsqlError(
          'INVALID_STATEMENT',
          `${t.kind === 'AGGREGATE' ? 'Aggregate' : 'Table'} function ${t.name} cannot be evaluated here; the planner must compute it.`,
          t.node.loc,
        );
    }
  }

  private call(t: Typed & { k: 'call' }, b: Block): string {
    const { fn } = t;
    const impl: ScalarImpl = fn.signature.impl({ argTypes: fn.argTypes, paramTypes: fn.paramTypes, returnType: fn.returnType });
    const values = t.args.map((a) => this.emit(a, b));
    const params = values.map((_, i) => `a${i}`);
    const wrapper = `f${this.decls.length}`;
    const onError = this.onError;
    const name = fn.fn.name;
    const fail = this.constant((e: unknown): null => {
      onError?.(toEvaluationError(e, `Error evaluating ${name}`));
      return null;
    });
    this.decls.push(
      `function ${wrapper}(${params.join(', ')}) { try { return ${this.constant(impl)}(${params.join(', ')}); } catch (e) { return ${fail}(e); } }`,
    );
    const call = `${wrapper}(${values.join(', ')})`;
    if (fn.signature.nulls === 'pass') return this.assign(b, call);
    const checks = t.args
      .map((a, i) => [values[i]!, a, fn.argTypes[i]] as const)
      .filter(([, , type]) => type !== undefined)
      .map(([v, a]) => [v, a] as const);
    const test = this.nullTest(checks);
    return this.assign(b, test === '' ? call : `(${test}) ? null : ${call}`);
  }

  private lambda(t: Typed & { k: 'lambda' }): string {
    this.temps.push([]);
    const body = new Block();
    const result = this.emit(t.body, body);
    const temps = this.temps.pop()!;
    const decl = temps.length > 0 ? `let ${temps.join(', ')}; ` : '';
    return `((${t.params.join(', ')}) => { ${decl}${body.lines.join(' ')} return ${result}; })`;
  }

  private arith(t: Typed & { k: 'arith' }, b: Block): string {
    const l = this.emit(t.left, b);
    const r = this.emit(t.right, b);
    const type = t.type!;
    let expr: string;
    switch (type.kind) {
      case 'INTEGER':
        expr = { '+': `(${l} + ${r}) | 0`, '-': `(${l} - ${r}) | 0`, '*': `Math.imul(${l}, ${r})`, '/': `intDiv(${l}, ${r})`, '%': `intMod(${l}, ${r})` }[t.op];
        break;
      case 'BIGINT':
        expr = `${{ '+': 'longAdd', '-': 'longSub', '*': 'longMul', '/': 'longDiv', '%': 'longMod' }[t.op]}(${l}, ${r})`;
        break;
      case 'DECIMAL':
        expr =
          t.op === '/'
            ? `decimalDiv(${l}, ${r}, ${type.scale}, ${type.precision})`
            : `${{ '+': 'decimalAdd', '-': 'decimalSub', '*': 'decimalMul', '%': 'decimalMod' }[t.op]}(${l}, ${r}, ${type.scale})`;
        break;
      default:
        expr = `${l} ${t.op} ${r}`;
    }
    const test = this.nullTest([[l, t.left], [r, t.right]]);
    return this.assign(b, test === '' ? expr : `(${test}) ? nullArith(${JSON.stringify(t.op)}) : ${expr}`);
  }

  /** `l == r` for non-null values of `type`. */
  private equal(type: SqlType, l: string, r: string): string {
    if (PLAIN_EQ.has(type.kind)) return `${l} === ${r}`;
    if (type.kind === 'DECIMAL') return `${l}.eq(${r})`;
    if (type.kind === 'BYTES') return `compareBytes(${l}, ${r}) === 0`;
    return `valuesEqual(${l}, ${r}, ${this.constant(type)})`;
  }

  /** `l op r` for non-null values of `type`, op an ordering operator. */
  private order(op: string, type: SqlType, l: string, r: string): string {
    if (type.kind === 'DECIMAL') return `decCmp(${l}, ${r}) ${op} 0`;
    if (type.kind === 'BYTES') return `compareBytes(${l}, ${r}) ${op} 0`;
    return `${l} ${op} ${r}`;
  }

  private compare(t: Typed & { k: 'compare' }, b: Block): string {
    const l = this.emit(t.left, b);
    const r = this.emit(t.right, b);
    const type = t.cmpType;
    const eq = this.equal(type, l, r);
    switch (t.op) {
      case 'IS DISTINCT FROM':
        return this.assign(b, `${l} === null ? ${r} !== null : (${r} === null ? true : !(${eq}))`);
      case 'IS NOT DISTINCT FROM':
        return this.assign(b, `${l} === null ? ${r} === null : (${r} === null ? false : ${eq})`);
      default: {
        const cmp = t.op === '=' ? eq : t.op === '<>' ? `!(${eq})` : this.order(t.op, type, l, r);
        const test = this.nullTest([[l, t.left], [r, t.right]]);
        return this.assign(b, test === '' ? cmp : `(${test}) ? false : ${cmp}`);
      }
    }
  }

  private logical(t: Typed & { k: 'logical' }, b: Block): string {
    const l = this.emit(t.left, b);
    const out = this.temp();
    const inner = new Block();
    const r = this.emit(t.right, inner);
    if (t.op === 'AND') {
      b.push(`if (${l} === false) ${out} = false; else {`);
      b.lines.push(...inner.lines);
      b.push(`${out} = ${r} === false ? false : (${l} === null || ${r} === null ? null : true); }`);
    } else {
      b.push(`if (${l} === true) ${out} = true; else {`);
      b.lines.push(...inner.lines);
      b.push(`${out} = ${r} === true ? true : (${l} === null || ${r} === null ? null : false); }`);
    }
    return out;
  }

  private inList(t: Typed & { k: 'in' }, b: Block): string {
    const v = this.emit(t.value, b);
    const type = t.cmpType;
    const allConst = t.items.every((i) => i.k === 'const');
    let found: string;
    if (allConst && PLAIN_EQ.has(type.kind) && t.items.length > 4) {
      const set = new Set(t.items.map((i) => (i as Typed & { k: 'const' }).value).filter((x) => x !== null));
      found = `${this.constant(set)}.has(${v})`;
    } else if (allConst && t.items.length > 4) {
      const set = new Set(t.items.map((i) => (i as Typed & { k: 'const' }).value).filter((x) => x !== null).map((x) => valueKey(x, type)));
      found = `${this.constant(set)}.has(${this.constant((x: unknown) => valueKey(x, type))}(${v}))`;
    } else {
      const tests = t.items.map((item) => {
        const x = this.emit(item, b);
        return this.isNonNullLiteral(item) ? this.equal(type, v, x) : `(${x} !== null && ${this.equal(type, v, x)})`;
      });
      found = tests.length === 0 ? 'false' : tests.join(' || ');
    }
    const expr = `${v} === null ? false : (${found})`;
    return this.assign(b, t.negated ? `!(${expr})` : expr);
  }

  /** if (when_i) out = result_i; else ... nested, so conditions and results stay lazy. */
  private caseChain(
    whens: readonly { readonly result: Typed }[],
    i: number,
    out: string,
    b: Block,
    condition: (i: number, b: Block) => string,
    otherwise: Typed | undefined,
  ): void {
    if (i === whens.length) {
      b.push(`${out} = ${otherwise === undefined ? 'null' : this.emit(otherwise, b)};`);
      return;
    }
    const c = condition(i, b);
    const then = new Block();
    const r = this.emit(whens[i]!.result, then);
    b.push(`if (${c}) {`);
    b.lines.push(...then.lines);
    b.push(`${out} = ${r}; } else {`);
    const rest = new Block();
    this.caseChain(whens, i + 1, out, rest, condition, otherwise);
    b.lines.push(...rest.lines);
    b.push('}');
  }

  private searchedCase(t: Typed & { k: 'case' }, b: Block): string {
    const out = this.temp();
    this.caseChain(t.whens, 0, out, b, (i, blk) => `${this.emit(t.whens[i]!.cond, blk)} === true`, t.otherwise);
    return out;
  }

  private simpleCase(t: Typed & { k: 'simpleCase' }, b: Block): string {
    const op = this.emit(t.operand, b);
    const out = this.temp();
    this.caseChain(
      t.whens,
      0,
      out,
      b,
      (i, blk) => {
        const v = this.emit(t.whens[i]!.value, blk);
        return `${op} !== null && ${v} !== null && ${this.equal(t.cmpType, op, v)}`;
      },
      t.otherwise,
    );
    return out;
  }
}
