// Remembers planned table pull queries by the shape of their text, so a stream of key lookups
// that differ only in the key literals (`... WHERE ID = 17`, `... WHERE ID = 42`) is parsed and
// planned once: a light tokenizer finds the literals, the plan takes the new key values.

import { numericKind } from '../analyze/pull-literals.js';
import type { LiteralKind } from '../analyze/pull-literals.js';
import type { LiteralSlot } from '../analyze/pull-where.js';
import type { ExecContext } from './context.js';
import type { PreparedPull, PullQuery } from './pull-query.js';

interface LiteralToken {
  readonly kind: LiteralKind;
  /** Numbers as written; strings unescaped. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

interface Tokens {
  /** The statement with every literal replaced by a mark of its kind. */
  readonly shape: string;
  readonly literals: readonly LiteralToken[];
}

interface Remembered {
  readonly prepared: PreparedPull;
  /** Index in the statement's literals of each slot of the plan ("line:column"). */
  readonly slotIndex: ReadonlyMap<string, number>;
}

interface Shape {
  /** Which literals are key slots (read from each statement); the others are part of the key. */
  readonly mask: readonly boolean[];
  readonly plans: Map<string, Remembered>;
}

const MAX_SHAPES = 256;
const MAX_PLANS_PER_SHAPE = 256;

const slotKey = (line: number, column: number): string => `${line}:${column}`;

export class PullQueryCache {
  private readonly shapes = new Map<string, Shape>();

  /** Answers `sql` with a remembered plan when one fits it; undefined otherwise. */
  run(ctx: ExecContext, sql: string): PullQuery | undefined {
    const tokens = tokenize(sql);
    if (tokens === undefined) return undefined;
    const shape = this.shapes.get(shapeKey(ctx, tokens));
    if (shape === undefined || shape.mask.length !== tokens.literals.length) return undefined;
    const plan = shape.plans.get(fixedKey(tokens, shape.mask));
    if (plan === undefined) return undefined;
    if (!plan.prepared.valid(ctx)) {
      shape.plans.delete(fixedKey(tokens, shape.mask));
      return undefined;
    }
    const literals = tokens.literals;
    const slotText = (slot: LiteralSlot): string => literals[plan.slotIndex.get(slotKey(slot.line, slot.column))!]!.text;
    return plan.prepared.run(plan.prepared.keys(slotText));
  }

  /** Remembers the plan made for `sql`. */
  remember(ctx: ExecContext, sql: string, prepared: PreparedPull): void {
    const tokens = tokenize(sql);
    if (tokens === undefined) return;
    const slotIndex = new Map<string, number>();
    if (prepared.rebindable) {
      const byPosition = new Map(tokens.literals.map((l, i) => [slotKey(l.line, l.column), i]));
      for (const slot of prepared.slots()) {
        const i = byPosition.get(slotKey(slot.line, slot.column));
        // A slot literal the tokenizer did not see as such (a negative number) stays fixed.
        if (i !== undefined && tokens.literals[i]!.kind === slot.kind) slotIndex.set(slotKey(slot.line, slot.column), i);
      }
    }
    const slotted = new Set(slotIndex.values());
    const mask = tokens.literals.map((_l, i) => slotted.has(i));
    if (slotIndex.size < prepared.slots().length) {
      // Some slots stay fixed: remember the plan for exactly these literals.
      mask.fill(false);
      slotIndex.clear();
    }
    const key = shapeKey(ctx, tokens);
    let shape = this.shapes.get(key);
    if (shape === undefined || shape.mask.length !== mask.length || shape.mask.some((m, i) => m !== mask[i])) {
      if (this.shapes.size >= MAX_SHAPES) this.shapes.clear();
      shape = { mask, plans: new Map() };
      this.shapes.set(key, shape);
    }
    if (shape.plans.size >= MAX_PLANS_PER_SHAPE) shape.plans.clear();
    shape.plans.set(fixedKey(tokens, mask), { prepared, slotIndex });
  }
}

/** Plans depend on the properties in force (scan settings), so they are part of the shape. */
function shapeKey(ctx: ExecContext, tokens: Tokens): string {
  return `${JSON.stringify(ctx.properties)}\u0001${tokens.shape}`;
}

/** The literals that are not slots, which the plan has baked in. */
function fixedKey(tokens: Tokens, mask: readonly boolean[]): string {
  let s = '';
  tokens.literals.forEach((l, i) => {
    if (!mask[i]) s += `${l.kind}${l.text}\u0002`;
  });
  return s;
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isWordChar = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c === '_' || c === '@' || c === ':' || c === '$';

/**
 * Splits a statement into tokens, enough to tell literals from the rest; positions (1-based line
 * and column) are those the parser gives literal nodes. Undefined for text it does not handle
 * (variables, unterminated quotes).
 */
export function tokenize(sql: string): Tokens | undefined {
  const parts: string[] = [];
  const literals: LiteralToken[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === '\n' || (c === '\r' && sql[i + 1] !== '\n')) {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    const column = i - lineStart + 1;
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n' && sql[i] !== '\r') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      for (let j = i; j < end; j++) {
        if (sql[j] === '\n' || (sql[j] === '\r' && sql[j + 1] !== '\n')) {
          line++;
          lineStart = j + 1;
        }
      }
      i = end + 2;
      continue;
    }
    if (c === '$' && sql[i + 1] === '{') return undefined;
    if (c === "'" || c === '`' || c === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= n) return undefined;
        const d = sql[j]!;
        if (d === '\n' || d === '\r') return undefined;
        if (d === c) {
          if (sql[j + 1] === c) {
            text += c;
            j += 2;
            continue;
          }
          break;
        }
        text += d;
        j++;
      }
      if (c === "'") {
        literals.push({ kind: 'S', text, line, column });
        parts.push('\u0000S');
      } else parts.push(sql.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(sql[i + 1] ?? ''))) {
      let j = i;
      while (j < n && isDigit(sql[j]!)) j++;
      if (sql[j] === '.') {
        j++;
        while (j < n && isDigit(sql[j]!)) j++;
      }
      if ((sql[j] === 'e' || sql[j] === 'E') && (isDigit(sql[j + 1] ?? '') || ((sql[j + 1] === '+' || sql[j + 1] === '-') && isDigit(sql[j + 2] ?? '')))) {
        j += 2;
        while (j < n && isDigit(sql[j]!)) j++;
      }
      const text = sql.slice(i, j);
      const kind = numericKind(text);
      if (j < n && isWordChar(sql[j]!)) {
        // A word starting with digits is an identifier.
        while (j < n && isWordChar(sql[j]!)) j++;
        parts.push(sql.slice(i, j));
      } else if (kind === undefined) parts.push(text);
      else {
        literals.push({ kind, text, line, column });
        parts.push(`\u0000${kind}`);
      }
      i = j;
      continue;
    }
    if (isWordChar(c)) {
      let j = i;
      while (j < n && isWordChar(sql[j]!)) j++;
      parts.push(sql.slice(i, j));
      i = j;
      continue;
    }
    parts.push(c);
    i++;
  }
  return { shape: parts.join(' '), literals };
}
