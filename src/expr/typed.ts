// The typed expression tree: the AST after name resolution, overload resolution and implicit
// conversions. The code generator reads only this tree; every node knows its SQL type.

import type { ArithmeticOp, ComparisonOp, Expression } from '../sql/ast.js';
import type { ResolvedScalar } from '../functions/registry.js';
import type { Converter } from '../functions/values/cast.js';
import type { SqlType } from '../types/sql-type.js';

/** `type` is null only for an untyped NULL literal. */
interface Base {
  readonly type: SqlType | null;
  readonly node: Expression;
}

export type Typed =
  | (Base & { readonly k: 'const'; readonly value: unknown })
  | (Base & { readonly k: 'column'; readonly index: number })
  | (Base & { readonly k: 'var'; readonly js: string })
  | (Base & { readonly k: 'convert'; readonly from: SqlType; readonly expr: Typed; readonly convert: Converter })
  | (Base & { readonly k: 'deref'; readonly base: Typed; readonly field: string })
  | (Base & { readonly k: 'subscript'; readonly base: Typed; readonly index: Typed; readonly map: boolean })
  | (Base & { readonly k: 'call'; readonly fn: ResolvedScalar; readonly args: readonly Typed[] })
  | (Base & { readonly k: 'lambda'; readonly params: readonly string[]; readonly body: Typed })
  | (Base & { readonly k: 'arith'; readonly op: ArithmeticOp; readonly left: Typed; readonly right: Typed })
  | (Base & { readonly k: 'neg'; readonly operand: Typed })
  | (Base & { readonly k: 'compare'; readonly op: ComparisonOp; readonly cmpType: SqlType; readonly left: Typed; readonly right: Typed })
  | (Base & { readonly k: 'logical'; readonly op: 'AND' | 'OR'; readonly left: Typed; readonly right: Typed })
  | (Base & { readonly k: 'not'; readonly operand: Typed })
  | (Base & {
      readonly k: 'between';
      readonly cmpType: SqlType;
      readonly value: Typed;
      readonly low: Typed;
      readonly high: Typed;
      readonly negated: boolean;
    })
  | (Base & { readonly k: 'in'; readonly cmpType: SqlType; readonly value: Typed; readonly items: readonly Typed[]; readonly negated: boolean })
  | (Base & { readonly k: 'like'; readonly value: Typed; readonly pattern: Typed; readonly escape: string | undefined; readonly negated: boolean })
  | (Base & { readonly k: 'isNull'; readonly value: Typed; readonly negated: boolean })
  | (Base & { readonly k: 'case'; readonly whens: readonly { readonly cond: Typed; readonly result: Typed }[]; readonly otherwise: Typed | undefined })
  | (Base & {
      readonly k: 'simpleCase';
      readonly cmpType: SqlType;
      readonly operand: Typed;
      readonly whens: readonly { readonly value: Typed; readonly result: Typed }[];
      readonly otherwise: Typed | undefined;
    })
  | (Base & { readonly k: 'array'; readonly items: readonly Typed[] })
  | (Base & { readonly k: 'map'; readonly entries: readonly { readonly key: Typed; readonly value: Typed }[] })
  | (Base & { readonly k: 'struct'; readonly fields: readonly { readonly name: string; readonly value: Typed }[] })
  /** An aggregate or table function call: typed here, but replaced by the planner before compiling. */
  | (Base & { readonly k: 'notScalar'; readonly name: string; readonly kind: 'AGGREGATE' | 'TABLE' });

export type TypedKind = Typed['k'];
