// The WHERE clause of a pull query on a table, read as ksqlDB's pull planner reads it: a
// disjunction of conjunctions, each naming the keys to fetch or conditions a scan can hand to SQL;
// and, with table scans disabled, ksqlDB's rules (and messages) for what a WHERE may say.

import type { DataSource } from '../catalog/types.js';
import { KsqlError } from '../errors.js';
import { compileExpression } from '../expr/index.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { PlanColumn } from '../plan/logical-plan.js';
import type { Comparison as SqlComparison, Predicate } from '../state/index.js';
import type { ComparisonOp, Expression, Loc } from '../sql/ast.js';
import { formatExpression } from '../sql/format.js';
import { formatType } from '../types/sql-type.js';
import { columnRefs } from './expr-walk.js';
import { SchemaScope } from './scope.js';
import { NO_MATCH, literalKeyValue, literalKindOf, toColumnValue } from './pull-literals.js';
import type { LiteralKind } from './pull-literals.js';

/** A literal of the statement whose value a cached plan takes from the next statement's text. */
export interface LiteralSlot {
  readonly line: number;
  readonly column: number;
  readonly kind: LiteralKind;
}

/** A candidate value of a key column: fixed, or read from a literal (`slot`). NO_MATCH: matches no row. */
export interface KeyOperand {
  readonly value: unknown;
  readonly slot?: LiteralSlot;
}

export interface LookupSpec {
  /** Per disjunct (there is one), per key column (in key order): the column's candidate values. */
  readonly disjuncts: readonly (readonly (readonly KeyOperand[])[])[];
}

export interface WhereAnalysis {
  /** Set when every disjunct names a value for every key column: the keys to fetch. */
  readonly lookup?: LookupSpec;
  /** Conditions SQL can check, implied by the WHERE, as one conjunction; undefined: none. */
  readonly pushdown?: readonly Predicate[];
  /**
   * The WHERE says nothing but `key = literal` / `key IN (...)`, once per key column: the rows the
   * lookup fetches are exactly the answer, for any values of the slot literals.
   */
  readonly exact: boolean;
}

export interface WhereContext {
  readonly source: DataSource;
  /** The layout of the rows the WHERE is evaluated on. */
  readonly schema: readonly PlanColumn[];
  readonly functions: FunctionRegistry;
  readonly tableScanEnabled: boolean;
  readonly rangeScanEnabled: boolean;
}

/** Key types whose SQL equality is exactly SQL's `=` on the stored column. */
const EXACT_KEY_TYPES = new Set(['INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'STRING', 'BOOLEAN']);
/** Types stored as JSON text: SQL cannot compare them. */
const JSON_TYPES = new Set(['ARRAY', 'MAP', 'STRUCT']);
const MAX_DISJUNCTS = 64;
const WINDOW_BOUNDS = new Set(['WINDOWSTART', 'WINDOWEND']);

type KeyConstraint =
  | { readonly kind: 'eq'; readonly key: number; readonly operands: readonly Expression[]; readonly expr: Expression }
  | { readonly kind: 'range' | 'ne'; readonly key: number; readonly expr: Expression };

/** A conjunction as a list of conjuncts. */
type Disjunct = readonly Expression[];

/** Disjunctive normal form, NOTs pushed inward; undefined when it would grow past MAX_DISJUNCTS. */
function dnf(e: Expression, negate = false): Disjunct[] | undefined {
  if (e.kind === 'Not') return dnf(e.operand, !negate);
  if (e.kind === 'Logical') {
    const and = (e.op === 'AND') !== negate;
    const left = dnf(e.left, negate);
    const right = dnf(e.right, negate);
    if (left === undefined || right === undefined) return undefined;
    if (!and) return left.length + right.length > MAX_DISJUNCTS ? undefined : [...left, ...right];
    if (left.length * right.length > MAX_DISJUNCTS) return undefined;
    return left.flatMap((l) => right.map((r) => [...l, ...r]));
  }
  return [[negate ? { kind: 'Not', operand: e, loc: e.loc } : e]];
}

function conjunction(d: Disjunct): Expression {
  return d.slice(1).reduce<Expression>((acc, c) => ({ kind: 'Logical', op: 'AND', left: acc, right: c }), d[0]!);
}

const FLIPPED: Readonly<Record<string, ComparisonOp>> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** `col op constant` with the column on the left (flipping `constant op col`), or undefined. */
function columnComparison(e: Expression): { column: string; op: ComparisonOp; operand: Expression } | undefined {
  if (e.kind !== 'Comparison' || FLIPPED[e.op] === undefined) return undefined;
  if (e.left.kind === 'ColumnRef' && isConstant(e.right)) return { column: e.left.name, op: e.op, operand: e.right };
  if (e.right.kind === 'ColumnRef' && isConstant(e.left)) return { column: e.right.name, op: FLIPPED[e.op]!, operand: e.left };
  return undefined;
}

function isConstant(e: Expression): boolean {
  return columnRefs(e).length === 0;
}

function keyColumnText(c: PlanColumn): string {
  return `${c.name} ${formatType(c.type)} KEY`;
}

/** Analyzes `where` (already typed, qualifiers stripped) over a table's rows. */
export function analyzeWhere(where: Expression | undefined, ctx: WhereContext): WhereAnalysis {
  const keys = ctx.schema.filter((c) => c.namespace === 'KEY');
  if (where === undefined) {
    if (!ctx.tableScanEnabled) throw new KsqlError('INVALID_STATEMENT', 'Query requires table scan to be enabled');
    return { exact: false };
  }
  const disjuncts = dnf(where) ?? [[where]];
  const keyIndex = new Map(keys.map((k, i) => [k.name, i]));
  const windowed = ctx.source.window !== undefined;
  const constraints = disjuncts.map((d) => d.map((c) => keyConstraint(c, keyIndex)));
  if (!ctx.tableScanEnabled) validateWithoutScan(disjuncts, constraints, keys, windowed, ctx);

  // Keys to fetch: one conjunction giving every key column values. Like ksqlDB, a disjunction of
  // key conditions is a scan (its rows come partition by partition, not in the order written).
  const lookupable = keys.length > 0 && disjuncts.length === 1 && keys.every((k) => !JSON_TYPES.has(k.type.kind));
  let lookup: LookupSpec | undefined;
  let exact = lookupable && keys.every((k) => EXACT_KEY_TYPES.has(k.type.kind));
  if (lookupable) {
    const perDisjunct: KeyOperand[][][] = [];
    for (let d = 0; d < disjuncts.length; d++) {
      const eqs = constraints[d]!.filter((c): c is Extract<KeyConstraint, { kind: 'eq' }> => c?.kind === 'eq');
      const columns: KeyOperand[][] = [];
      for (let k = 0; k < keys.length; k++) {
        const mine = eqs.filter((c) => c.key === k);
        if (mine.length === 0) break;
        if (mine.length > 1) exact = false;
        columns.push(intersect(mine.map((c) => c.operands.map((o) => keyOperand(o, keys[k]!, ctx)))));
      }
      if (columns.length < keys.length) {
        perDisjunct.length = 0;
        break;
      }
      // Anything besides one key constraint per key column must be checked row by row.
      if (disjuncts[d]!.length !== keys.length || eqs.length !== keys.length) exact = false;
      perDisjunct.push(columns);
    }
    if (perDisjunct.length > 0) lookup = { disjuncts: perDisjunct };
  }
  exact = exact && lookup !== undefined;
  if (exact) return { lookup, exact };
  return { lookup, pushdown: pushdownOf(disjuncts, ctx), exact: false };
}

function keyConstraint(e: Expression, keyIndex: ReadonlyMap<string, number>): KeyConstraint | undefined {
  if (e.kind === 'InList' && !e.negated && e.value.kind === 'ColumnRef') {
    const key = keyIndex.get(e.value.name);
    if (key !== undefined && e.list.every(isConstant)) return { kind: 'eq', key, operands: e.list, expr: e };
    return undefined;
  }
  const cmp = columnComparison(e);
  if (cmp === undefined) return undefined;
  const key = keyIndex.get(cmp.column);
  if (key === undefined) return undefined;
  if (cmp.op === '=') return { kind: 'eq', key, operands: [cmp.operand], expr: e };
  return { kind: cmp.op === '<>' ? 'ne' : 'range', key, expr: e };
}

/** The values the first list shares with every other list (a key named twice in one conjunction). */
function intersect(lists: KeyOperand[][]): KeyOperand[] {
  if (lists.length === 1) return lists[0]!;
  const keyOf = (o: KeyOperand): string => (o.value === NO_MATCH ? '\u0000' : JSON.stringify(o.value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));
  const rest = lists.slice(1).map((l) => new Set(l.map(keyOf)));
  return lists[0]!.filter((o) => o.value !== NO_MATCH && rest.every((s) => s.has(keyOf(o)))).map((o) => ({ value: o.value }));
}

/** A key operand's value in the key column's type; a bare literal also becomes a slot. */
function keyOperand(e: Expression, key: PlanColumn, ctx: WhereContext): KeyOperand {
  const kind = literalKindOf(e);
  let converted: unknown;
  if (kind !== undefined && (e.kind === 'NumericLiteral' || e.kind === 'StringLiteral')) {
    converted = literalKeyValue(kind, e.kind === 'NumericLiteral' ? e.text : e.value, key.type);
  } else {
    if (e.kind === 'NullLiteral') throw nullKey(key);
    const compiled = compileExpression(e, new SchemaScope([], new Set()), ctx.functions);
    const value = compiled.evaluate([]);
    if (value === null) throw nullKey(key);
    converted = toColumnValue(value, compiled.type, key.type);
  }
  if (converted === undefined)
    throw new KsqlError('INVALID_STATEMENT', `${formatExpression(e)} can not be converted to the type of the key column: ${keyColumnText(key)}`, e.loc);
  return kind !== undefined && e.loc !== undefined ? { value: converted, slot: slotOf(e.loc, kind) } : { value: converted };
}

function slotOf(loc: Loc, kind: LiteralKind): LiteralSlot {
  return { line: loc.line, column: loc.column, kind };
}

function nullKey(key: PlanColumn): KsqlError {
  return new KsqlError('INVALID_STATEMENT', `Primary key columns can not be NULL: (${key.name} = null)`);
}

/** ksqlDB's rules when `ksql.query.pull.table.scan.enabled` is false: every disjunct must name its keys. */
function validateWithoutScan(
  disjuncts: readonly Disjunct[],
  constraints: readonly (readonly (KeyConstraint | undefined)[])[],
  keys: readonly PlanColumn[],
  windowed: boolean,
  ctx: WhereContext,
): void {
  const needScan = (): KsqlError => new KsqlError('INVALID_STATEMENT', 'Query requires table scan to be enabled');
  let ranges = 0;
  disjuncts.forEach((d, i) => {
    const seen = new Set<number>();
    d.forEach((conjunct, j) => {
      const c = constraints[i]![j];
      if (conjunct.kind === 'Like' && conjunct.value.kind !== 'ColumnRef')
        throw new KsqlError('INVALID_STATEMENT', 'Like condition must be between strings', conjunct.loc);
      if (c === undefined) {
        checkUnresolvableKey(conjunct, keys);
        if (conjunct.kind === 'Comparison' && conjunct.left.kind !== 'ColumnRef' && conjunct.right.kind !== 'ColumnRef')
          throw new KsqlError('INVALID_STATEMENT', 'A comparison must directly reference a key column.', conjunct.loc);
        return;
      }
      if (c.kind === 'ne')
        throw new KsqlError('INVALID_STATEMENT', `Bound on key columns '[${keys.map((k) => `\`${k.name}\` ${formatType(k.type)} KEY`).join(', ')}]' must currently be '='. `, c.expr.loc);
      if (seen.has(c.key))
        throw new KsqlError('INVALID_STATEMENT', 'A comparison condition on the key column cannot be combined with other comparisons such as an IN predicate', c.expr.loc);
      seen.add(c.key);
      if (c.kind === 'range') ranges++;
    });
    if (seen.size === 0) {
      const text = formatExpression(conjunction(d));
      throw new KsqlError('INVALID_STATEMENT', `WHERE clause missing key column for disjunct: ${text}`);
    }
    if (seen.size < keys.length) throw new KsqlError('INVALID_STATEMENT', 'Multi-column sources must specify every key in the WHERE clause.');
  });
  if (ranges > 0) {
    // A range scan: one string key column, one bound, one disjunct, not windowed.
    const ok = ctx.rangeScanEnabled && !windowed && disjuncts.length === 1 && ranges === 1 && keys.length === 1 && keys[0]!.type.kind === 'STRING';
    if (!ok) throw needScan();
  }
}

/** A key column compared with something that depends on the row (`ID IN (2, COUNT + 1)`, `ID < COUNT`). */
function checkUnresolvableKey(e: Expression, keys: readonly PlanColumn[]): void {
  const isKey = (x: Expression): boolean => x.kind === 'ColumnRef' && keys.some((k) => k.name === x.name);
  const refsKey = (e.kind === 'InList' && isKey(e.value)) || (e.kind === 'Comparison' && (isKey(e.left) || isKey(e.right)));
  if (refsKey) throw new KsqlError('INVALID_STATEMENT', 'A comparison must be between a key column and a resolvable expression.', e.loc);
}

/** The conditions SQL can check: per disjunct, the conjuncts it can express; an OR of them. */
function pushdownOf(disjuncts: readonly Disjunct[], ctx: WhereContext): Predicate[] | undefined {
  const all: Predicate[][] = [];
  for (const d of disjuncts) {
    const preds = d.map((c) => toPredicate(c, ctx)).filter((p): p is Predicate => p !== undefined);
    if (preds.length === 0) return undefined;
    all.push(preds);
  }
  return all.length === 1 ? all[0]! : [{ op: 'OR', any: all }];
}

/** Columns SQL can compare: the table's (not JSON-encoded ones) and ROWTIME and window bounds. */
function sqlColumn(name: string, ctx: WhereContext): PlanColumn | undefined {
  const c = ctx.schema.find((x) => x.name === name);
  if (c === undefined || JSON_TYPES.has(c.type.kind) || c.type.kind === 'BYTES') return undefined;
  if (c.namespace === 'PSEUDO' && name !== 'ROWTIME' && !WINDOW_BOUNDS.has(name)) return undefined;
  return c;
}

/** A constant in the column's type, or undefined when SQL could not compare it exactly. */
function constantFor(e: Expression, column: PlanColumn, ctx: WhereContext): unknown {
  let compiled;
  try {
    compiled = compileExpression(e, new SchemaScope([], new Set()), ctx.functions);
    const v = compiled.evaluate([]);
    if (v === null) return undefined;
    return toColumnValue(v, compiled.type, column.type);
  } catch {
    return undefined;
  }
}

function toPredicate(e: Expression, ctx: WhereContext): Predicate | undefined {
  if (e.kind === 'InList' && !e.negated && e.value.kind === 'ColumnRef') {
    const column = sqlColumn(e.value.name, ctx);
    if (column === undefined || !e.list.every(isConstant)) return undefined;
    const values: unknown[] = [];
    for (const item of e.list) {
      const v = constantFor(item, column, ctx);
      if (v === undefined) return undefined;
      if (v !== NO_MATCH) values.push(v);
    }
    return { column: column.name, op: 'IN', values };
  }
  if (e.kind === 'Between' && !e.negated && e.value.kind === 'ColumnRef' && isConstant(e.low) && isConstant(e.high)) {
    const column = sqlColumn(e.value.name, ctx);
    if (column === undefined || column.type.kind === 'BOOLEAN') return undefined;
    const low = constantFor(e.low, column, ctx);
    const high = constantFor(e.high, column, ctx);
    if (low === undefined || high === undefined || low === NO_MATCH || high === NO_MATCH) return undefined;
    return { column: column.name, op: 'BETWEEN', low, high };
  }
  if (e.kind === 'IsNull' && e.value.kind === 'ColumnRef') {
    const c = ctx.schema.find((x) => x.name === (e.value as { name: string }).name);
    if (c === undefined || c.namespace === 'PSEUDO') return undefined;
    return { column: c.name, op: e.negated ? 'IS NOT NULL' : 'IS NULL' };
  }
  const cmp = columnComparison(e);
  if (cmp === undefined) return undefined;
  const column = sqlColumn(cmp.column, ctx);
  if (column === undefined) return undefined;
  if (column.type.kind === 'BOOLEAN' && cmp.op !== '=' && cmp.op !== '<>') return undefined;
  const v = constantFor(cmp.operand, column, ctx);
  if (v === undefined) return undefined;
  // A value the column cannot hold: nothing is equal to it; other comparisons are left to the row filter.
  if (v === NO_MATCH) return cmp.op === '=' ? { op: 'OR', any: [] } : undefined;
  return { column: column.name, op: cmp.op as SqlComparison, value: v };
}
