// Generic walks over expressions: visit every node, or rebuild a tree bottom-up with a mapper.

import type { Expression } from '../sql/ast.js';

/** Direct sub-expressions of a node, in source order. */
export function childrenOf(e: Expression): Expression[] {
  switch (e.kind) {
    case 'NullLiteral':
    case 'BooleanLiteral':
    case 'NumericLiteral':
    case 'StringLiteral':
    case 'TypedLiteral':
    case 'ColumnRef':
    case 'IntervalUnit':
      return [];
    case 'Dereference':
      return [e.base];
    case 'Subscript':
      return [e.base, e.index];
    case 'FunctionCall':
      return [...e.args];
    case 'Lambda':
      return [e.body];
    case 'Arithmetic':
    case 'Comparison':
    case 'Logical':
      return [e.left, e.right];
    case 'Unary':
    case 'Not':
      return [e.operand];
    case 'Between':
      return [e.value, e.low, e.high];
    case 'InList':
      return [e.value, ...e.list];
    case 'Like':
      return [e.value, e.pattern];
    case 'IsNull':
      return [e.value];
    case 'SearchedCase':
      return [...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])];
    case 'SimpleCase':
      return [e.operand, ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])];
    case 'Cast':
      return [e.expr];
    case 'ArrayConstructor':
      return [...e.items];
    case 'MapConstructor':
      return e.entries.flatMap((x) => [x.key, x.value]);
    case 'StructConstructor':
      return e.fields.map((f) => f.value);
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** Rebuilds `e` with `f` applied to each child (not to `e` itself). */
export function mapChildren(e: Expression, f: (c: Expression) => Expression): Expression {
  switch (e.kind) {
    case 'NullLiteral':
    case 'BooleanLiteral':
    case 'NumericLiteral':
    case 'StringLiteral':
    case 'TypedLiteral':
    case 'ColumnRef':
    case 'IntervalUnit':
      return e;
    case 'Dereference':
      return { ...e, base: f(e.base) };
    case 'Subscript':
      return { ...e, base: f(e.base), index: f(e.index) };
    case 'FunctionCall':
      return { ...e, args: e.args.map(f) };
    case 'Lambda':
      return { ...e, body: f(e.body) };
    case 'Arithmetic':
    case 'Comparison':
    case 'Logical':
      return { ...e, left: f(e.left), right: f(e.right) } as Expression;
    case 'Unary':
    case 'Not':
      return { ...e, operand: f(e.operand) } as Expression;
    case 'Between':
      return { ...e, value: f(e.value), low: f(e.low), high: f(e.high) };
    case 'InList':
      return { ...e, value: f(e.value), list: e.list.map(f) };
    case 'Like':
      return { ...e, value: f(e.value), pattern: f(e.pattern) };
    case 'IsNull':
      return { ...e, value: f(e.value) };
    case 'SearchedCase':
      return { ...e, whens: e.whens.map((w) => ({ when: f(w.when), then: f(w.then) })), else: e.else ? f(e.else) : undefined };
    case 'SimpleCase':
      return {
        ...e,
        operand: f(e.operand),
        whens: e.whens.map((w) => ({ when: f(w.when), then: f(w.then) })),
        else: e.else ? f(e.else) : undefined,
      };
    case 'Cast':
      return { ...e, expr: f(e.expr) };
    case 'ArrayConstructor':
      return { ...e, items: e.items.map(f) };
    case 'MapConstructor':
      return { ...e, entries: e.entries.map((x) => ({ key: f(x.key), value: f(x.value) })) };
    case 'StructConstructor':
      return { ...e, fields: e.fields.map((x) => ({ name: x.name, value: f(x.value) })) };
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** Every node of the tree, pre-order. */
export function* walk(e: Expression): Generator<Expression> {
  yield e;
  for (const c of childrenOf(e)) yield* walk(c);
}

/** Column references that are not lambda parameters. */
export function columnRefs(e: Expression, bound: ReadonlySet<string> = new Set()): Extract<Expression, { kind: 'ColumnRef' }>[] {
  if (e.kind === 'ColumnRef') return e.source === undefined && bound.has(e.name) ? [] : [e];
  if (e.kind === 'Lambda') {
    const inner = new Set(bound);
    for (const p of e.params) inner.add(p);
    return columnRefs(e.body, inner);
  }
  return childrenOf(e).flatMap((c) => columnRefs(c, bound));
}

/** Removes a qualifier from column references (after the analyzer checked it), leaving lambda parameters alone. */
export function stripQualifiers(e: Expression): Expression {
  if (e.kind === 'ColumnRef') return e.source === undefined ? e : { kind: 'ColumnRef', name: e.name, loc: e.loc };
  return mapChildren(e, stripQualifiers);
}

/**
 * Time-unit words passed to functions that take no time unit are column names (a column may be
 * called SECOND): turns them into column references.
 */
export function unitsToColumns(e: Expression, takesUnit: (fn: string) => boolean): Expression {
  if (e.kind === 'FunctionCall' && !takesUnit(e.name)) {
    return {
      ...e,
      args: e.args.map((a) =>
        a.kind === 'IntervalUnit' && a.written !== undefined ? { kind: 'ColumnRef', name: a.written, loc: a.loc } : unitsToColumns(a, takesUnit),
      ),
    };
  }
  return mapChildren(e, (c) => unitsToColumns(c, takesUnit));
}

/**
 * A text that two expressions share exactly when ksqlDB treats them as the same expression:
 * positions, qualifiers and the case a function name was written in do not count.
 */
export function expressionKey(e: Expression): string {
  return JSON.stringify(stripQualifiers(e), function (this: unknown, key: string, value: unknown): unknown {
    if (key === 'loc') return undefined;
    if (key === 'written' && (this as { kind?: string }).kind === 'FunctionCall') return undefined;
    return value;
  });
}

/** Visits every node pre-order with the lambda parameters in scope there; `visit` returns false to skip a node's children. */
export function visitWithLambdas(
  e: Expression,
  visit: (node: Expression, bound: ReadonlySet<string>) => boolean,
  bound: ReadonlySet<string> = new Set(),
): void {
  if (!visit(e, bound)) return;
  if (e.kind === 'Lambda') {
    const inner = new Set(bound);
    for (const p of e.params) inner.add(p);
    visitWithLambdas(e.body, visit, inner);
    return;
  }
  for (const c of childrenOf(e)) visitWithLambdas(c, visit, bound);
}
